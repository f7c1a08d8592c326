import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQuery, PutFaultSettingsBody, PutNotifierSettingsBody, PutProvisioningSettingsBody, PutQualitySettingsBody, PutReportingSettingsBody, PutVisitsSettingsBody, SettingsHistoryEntry, SettingsService, settingsRpc, SettingsView } from '@app/shared';
import { ApiProblems } from '../http/api-errors';
import { ApiPage } from '../http/api-page';
import { NatsLink } from '../http/nats-link';
import { Allow, Staff } from '../identity/access';

const PUT_DESCRIPTION =
  'Send only the limits to change; the others keep their value. Each change is a new version, kept with who made it, ' +
  'when and why. It applies to clocks started after it: running clocks keep the limits they started with (the answer says so).';

/**
 * Every time limit of DOMAIN.md is a default an admin may change, one route per service. The owning service
 * validates, versions and records each change; the gateway only checks the body's shape.
 */
@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly nats: NatsLink) {}

  private get(service: SettingsService) {
    return this.nats.send(settingsRpc(service).get, {});
  }

  private put(service: SettingsService, body: { expectedVersion?: number; reason?: string } & object) {
    const { expectedVersion, reason, ...values } = body;
    return this.nats.send(settingsRpc(service).put, { values, expectedVersion, reason });
  }

  private history(service: SettingsService, query: PageQuery) {
    return this.nats.send(settingsRpc(service).history, query);
  }

  @Get('fault')
  @Staff()
  @ApiOperation({ summary: 'The limits of fault handling and complaints in force, with their defaults and version' })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems()
  getFault() {
    return this.get('fault');
  }

  @Put('fault')
  @Allow()
  @ApiOperation({ summary: 'Change limits of fault handling and complaints (admin)', description: PUT_DESCRIPTION })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems(400, 412)
  putFault(@Body() body: PutFaultSettingsBody) {
    return this.put('fault', body);
  }

  @Get('fault/history')
  @Allow()
  @ApiPage(SettingsHistoryEntry)
  @ApiOperation({ summary: 'Every change of the fault limits: version, who, when, why, field from → to (admin)' })
  @ApiProblems(400)
  faultHistory(@Query() query: PageQuery) {
    return this.history('fault', query);
  }

  @Get('provisioning')
  @Staff()
  @ApiOperation({ summary: 'The limits of pre-sale and the seven steps in force, with their defaults and version' })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems()
  getProvisioning() {
    return this.get('provisioning');
  }

  @Put('provisioning')
  @Allow()
  @ApiOperation({ summary: 'Change limits of pre-sale and the seven steps (admin)', description: PUT_DESCRIPTION })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems(400, 412)
  putProvisioning(@Body() body: PutProvisioningSettingsBody) {
    return this.put('provisioning', body);
  }

  @Get('provisioning/history')
  @Allow()
  @ApiPage(SettingsHistoryEntry)
  @ApiOperation({ summary: 'Every change of the provisioning limits: version, who, when, why, field from → to (admin)' })
  @ApiProblems(400)
  provisioningHistory(@Query() query: PageQuery) {
    return this.history('provisioning', query);
  }

  @Get('visits')
  @Staff()
  @ApiOperation({ summary: 'The limits of after-sales service in force (visit frequency per tier, crisis visits, follow-ups, rectifications, cutover notices)' })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems()
  getVisits() {
    return this.get('visits');
  }

  @Put('visits')
  @Allow()
  @ApiOperation({ summary: 'Change limits of after-sales service (admin)', description: PUT_DESCRIPTION })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems(400, 412)
  putVisits(@Body() body: PutVisitsSettingsBody) {
    return this.put('visits', body);
  }

  @Get('visits/history')
  @Allow()
  @ApiPage(SettingsHistoryEntry)
  @ApiOperation({ summary: 'Every change of the after-sales limits: version, who, when, why, field from → to (admin)' })
  @ApiProblems(400)
  visitsHistory(@Query() query: PageQuery) {
    return this.history('visits', query);
  }

  @Get('notifier')
  @Staff()
  @ApiOperation({ summary: 'The limits of notification delivery in force (attempts and back-off, quiet hours and the SMS rate limit, the send lease)' })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems()
  getNotifier() {
    return this.get('notifier');
  }

  @Put('notifier')
  @Allow()
  @ApiOperation({
    summary: 'Change limits of notification delivery (admin)',
    description: 'Send only the limits to change; the others keep their value. Each change is a new version, kept with who made it, when and why. It applies from the next attempt of every delivery.',
  })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems(400, 412)
  putNotifier(@Body() body: PutNotifierSettingsBody) {
    return this.put('notifier', body);
  }

  @Get('notifier/history')
  @Allow()
  @ApiPage(SettingsHistoryEntry)
  @ApiOperation({ summary: 'Every change of the notification limits: version, who, when, why, field from → to (admin)' })
  @ApiProblems(400)
  notifierHistory(@Query() query: PageQuery) {
    return this.history('notifier', query);
  }

  @Get('reporting')
  @Staff()
  @ApiOperation({ summary: "The limits of reporting in force (the case library's search coverage, candidates, and the weights of suggestions)" })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems()
  getReporting() {
    return this.get('reporting');
  }

  @Put('reporting')
  @Allow()
  @ApiOperation({
    summary: 'Change limits of reporting (admin)',
    description: 'Send only the limits to change; the others keep their value. Each change is a new version, kept with who made it, when and why. It applies to every search and suggestion from then on.',
  })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems(400, 412)
  putReporting(@Body() body: PutReportingSettingsBody) {
    return this.put('reporting', body);
  }

  @Get('reporting/history')
  @Allow()
  @ApiPage(SettingsHistoryEntry)
  @ApiOperation({ summary: 'Every change of the reporting limits: version, who, when, why, field from → to (admin)' })
  @ApiProblems(400)
  reportingHistory(@Query() query: PageQuery) {
    return this.history('reporting', query);
  }

  @Get('quality')
  @Staff()
  @ApiOperation({ summary: 'The limits of quality monitoring in force (retention per granularity, batch size, trend points, warning runs and the latency baseline)' })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems()
  getQuality() {
    return this.get('quality');
  }

  @Put('quality')
  @Allow()
  @ApiOperation({
    summary: 'Change limits of quality monitoring (admin)',
    description: 'Send only the limits to change; the others keep their value. Each change is a new version, kept with who made it, when and why. It applies to every batch and retention run from then on.',
  })
  @ApiOkResponse({ type: SettingsView })
  @ApiProblems(400, 412)
  putQuality(@Body() body: PutQualitySettingsBody) {
    return this.put('quality', body);
  }

  @Get('quality/history')
  @Allow()
  @ApiPage(SettingsHistoryEntry)
  @ApiOperation({ summary: 'Every change of the quality monitoring limits: version, who, when, why, field from → to (admin)' })
  @ApiProblems(400)
  qualityHistory(@Query() query: PageQuery) {
    return this.history('quality', query);
  }
}
