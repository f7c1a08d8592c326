import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsArray, IsInt, IsObject, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { EmptyRequest, event, rpc } from '../contract';
import { Page, PageQuery } from '../paging';
import { FAULT_SETTINGS_DEFAULTS, FaultSettings } from './fault';
import { NOTIFIER_SETTINGS_DEFAULTS, NotifierSettings } from './notifier';
import { PROVISIONING_SETTINGS_DEFAULTS, ProvisioningSettings } from './provisioning';
import { REPORTING_SETTINGS_DEFAULTS, ReportingSettings } from './reporting';
import { QUALITY_SETTINGS_DEFAULTS, QualitySettings } from './quality';
import { VISITS_SETTINGS_DEFAULTS, VisitsSettings } from './visits';

/** The services whose limits an admin may change, each with its settings class and defaults. */
export const SETTINGS_SCHEMAS = {
  fault: { type: FaultSettings, defaults: FAULT_SETTINGS_DEFAULTS },
  provisioning: { type: ProvisioningSettings, defaults: PROVISIONING_SETTINGS_DEFAULTS },
  visits: { type: VisitsSettings, defaults: VISITS_SETTINGS_DEFAULTS },
  notifier: { type: NotifierSettings, defaults: NOTIFIER_SETTINGS_DEFAULTS, appliesTo: 'Every delivery from its next attempt on, from this version on' },
  reporting: { type: ReportingSettings, defaults: REPORTING_SETTINGS_DEFAULTS, appliesTo: 'Every search and suggestion from this version on' },
  quality: { type: QualitySettings, defaults: QUALITY_SETTINGS_DEFAULTS, appliesTo: 'Every batch of samples and every retention run from this version on' },
} as const;
export type SettingsService = keyof typeof SETTINGS_SCHEMAS;
export const SETTINGS_SERVICES = Object.keys(SETTINGS_SCHEMAS) as SettingsService[];

/** A settings class and its defaults: what `ServiceSettings` validates against and falls back to. */
export interface SettingsSchema<T extends object> {
  type: new () => T;
  defaults: T;
  /** What a change applies to, when it is not the clocks started after it. */
  appliesTo?: string;
}

/** What travels over NATS to change a service's settings; the values are validated by the owning service. */
export class PutSettingsRequest {
  @IsObject() values!: Record<string, unknown>;
  @IsOptional() @IsInt() @Min(0) @Max(2_147_483_647) expectedVersion?: number;
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

/** Why a change is made and against which version; the HTTP bodies add any of the service's limits to it. */
export class SettingsChangeMeta {
  @ApiPropertyOptional({ description: 'The settings version this change was made against; a later one gets 412 STALE_VERSION' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  expectedVersion?: number;

  @ApiPropertyOptional({ description: 'Why the limits change (kept in the settings history)', maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

/** Any of the limits (those left out keep their value). */
export class PutFaultSettingsBody extends IntersectionType(PartialType(FaultSettings), SettingsChangeMeta) {}
export class PutProvisioningSettingsBody extends IntersectionType(PartialType(ProvisioningSettings), SettingsChangeMeta) {}
export class PutVisitsSettingsBody extends IntersectionType(PartialType(VisitsSettings), SettingsChangeMeta) {}
export class PutNotifierSettingsBody extends IntersectionType(PartialType(NotifierSettings), SettingsChangeMeta) {}
export class PutReportingSettingsBody extends IntersectionType(PartialType(ReportingSettings), SettingsChangeMeta) {}
export class PutQualitySettingsBody extends IntersectionType(PartialType(QualitySettings), SettingsChangeMeta) {}

export class SettingsChange {
  @ApiProperty() field!: string;
  @ApiProperty({ type: 'number' }) from!: number;
  @ApiProperty({ type: 'number' }) to!: number;
}

export class SettingsView {
  @ApiProperty({ enum: SETTINGS_SERVICES }) service!: string;
  @ApiProperty({ description: '0 while the defaults are in force; +1 at every change' }) version!: number;
  @ApiProperty({ description: 'The limits in force, field by field', type: 'object', additionalProperties: { type: 'number' } })
  values!: Record<string, number>;
  @ApiProperty({ description: "DOMAIN.md's defaults", type: 'object', additionalProperties: { type: 'number' } })
  defaults!: Record<string, number>;
  @ApiPropertyOptional() changedAt?: string;
  @ApiPropertyOptional() changedBy?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ type: [SettingsChange], description: 'What the last change changed' }) changes!: SettingsChange[];
  @ApiProperty({ description: 'Which clocks the limits apply to' }) appliesTo!: string;
}

export class SettingsHistoryEntry {
  @ApiProperty() version!: number;
  @ApiProperty() changedAt!: string;
  @ApiProperty() changedBy!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ type: [SettingsChange] }) changes!: SettingsChange[];
}

export class SettingsChangedData {
  @IsString() service!: string;
  @IsInt() version!: number;
  @IsString() changedBy!: string;
  @IsArray() @IsObject({ each: true }) changes!: SettingsChange[];
  /** Every limit in force after the change (absent on events from before it was sent), for services that keep a copy. */
  @IsOptional() @IsObject() values?: Record<string, number>;
}

export function settingsRpc(service: SettingsService) {
  return {
    get: rpc<EmptyRequest, SettingsView>(`rpc.${service}.settings.get`, EmptyRequest),
    put: rpc<PutSettingsRequest, SettingsView>(`rpc.${service}.settings.put`, PutSettingsRequest),
    history: rpc<PageQuery, Page<SettingsHistoryEntry>>(`rpc.${service}.settings.history`, PageQuery),
  };
}

export function settingsEvents(service: SettingsService) {
  return { changed: event<SettingsChangedData>(`evt.${service}.settings.changed.v1`, SettingsChangedData) };
}
