import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { event, rpc } from '../contract';
import { Page, PageQuery } from '../paging';

export const INDUSTRIES = ['government', 'finance', 'large_enterprise', 'carrier', 'other'] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** 钻石 diamond, 金 gold, 银 silver, 普通 standard. Diamond and gold are important customers (重要客户). */
export const TIERS = ['diamond', 'gold', 'silver', 'standard'] as const;
export type Tier = (typeof TIERS)[number];

export function isImportantTier(tier: Tier): boolean {
  return tier === 'diamond' || tier === 'gold';
}

export class CreateCustomerRequest {
  @ApiProperty({ description: 'Customer id code (客户标识码), unique', example: 'GZ-BANK-0001' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, { message: 'code must be 2-40 letters, digits, "-" or "_"' })
  code!: string;

  @ApiProperty({ example: '某银行广州分行' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: INDUSTRIES, description: '党政军 government, 金融 finance, 大企业 large enterprise, 运营商 carrier' })
  @IsIn(INDUSTRIES)
  industry!: Industry;

  @ApiProperty({ enum: TIERS })
  @IsIn(TIERS)
  tier!: Tier;
}

export class CustomerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: INDUSTRIES }) industry!: Industry;
  @ApiProperty({ enum: TIERS }) tier!: Tier;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class GetCustomerRequest {
  @IsUUID()
  id!: string;
}

export class ListCustomersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TIERS })
  @IsOptional()
  @IsIn(TIERS)
  tier?: Tier;

  @ApiPropertyOptional({ enum: INDUSTRIES })
  @IsOptional()
  @IsIn(INDUSTRIES)
  industry?: Industry;

  @ApiPropertyOptional({ description: 'Matches the start of the code or any part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export const ProvisioningRpc = {
  createCustomer: rpc<CreateCustomerRequest, CustomerView>('rpc.provisioning.customers.create', CreateCustomerRequest),
  getCustomer: rpc<GetCustomerRequest, CustomerView>('rpc.provisioning.customers.get', GetCustomerRequest),
  listCustomers: rpc<ListCustomersQuery, Page<CustomerView>>('rpc.provisioning.customers.list', ListCustomersQuery),
};

export class CustomerCreatedData {
  @IsUUID() id!: string;
  @IsString() code!: string;
  @IsString() name!: string;
  @IsIn(INDUSTRIES) industry!: Industry;
  @IsIn(TIERS) tier!: Tier;
}

export const ProvisioningEvents = {
  customerCreated: event<CustomerCreatedData>('evt.provisioning.customer.created.v1', CustomerCreatedData),
};
