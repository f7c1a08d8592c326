import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class CreateSystemClientRequest {
  @ApiProperty({ description: 'Whose system it is', example: 'Partner carrier X — trouble ticket gateway' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ format: 'uuid', description: "A customer's own system (a partner carrier): it sees and opens that customer's tickets only. Absent: the operator's own OSS/BSS" })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}

export class SystemClientView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The OAuth client_id' }) clientId!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ format: 'uuid' }) customerId?: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedSystemClientView extends SystemClientView {
  @ApiProperty({ description: 'The client secret: shown this once, kept only as a hash' }) clientSecret!: string;
}
