import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { SYSTEM_CLIENT_ROLES, SystemClientRole } from '@app/shared';

export class CreateSystemClientRequest {
  @ApiProperty({ description: 'Whose system it is', example: 'Partner carrier X — trouble ticket gateway' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A customer's own system (a partner carrier): it sees and opens that customer's tickets only. Absent: the operator's own OSS/BSS" })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({
    enum: SYSTEM_CLIENT_ROLES,
    default: 'tmf_client',
    description: "tmf_client: the TMF621 routes; feed_client: a network management or probe system of the operator's that posts KPI samples and dial test results only (no customerId)",
  })
  @IsOptional()
  @IsIn(SYSTEM_CLIENT_ROLES)
  role?: SystemClientRole;
}

export class SystemClientView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The OAuth client_id' }) clientId!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ format: 'uuid' }) customerId?: string;
  @ApiProperty({ enum: SYSTEM_CLIENT_ROLES }) role!: SystemClientRole;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedSystemClientView extends SystemClientView {
  @ApiProperty({ description: 'The client secret: shown this once, kept only as a hash' }) clientSecret!: string;
}
