import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEmail, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { event, rpc } from '../contract';
import { CursorPageQuery, Page } from '../paging';

export const INDUSTRIES = ['government', 'finance', 'large_enterprise', 'carrier', 'other'] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** 钻石 diamond, 金 gold, 银 silver, 普通 standard. Diamond and gold are important customers (重要客户). */
export const TIERS = ['diamond', 'gold', 'silver', 'standard'] as const;
export type Tier = (typeof TIERS)[number];

export function isImportantTier(tier: Tier): boolean {
  return tier === 'diamond' || tier === 'gold';
}

export class ContactDto {
  @ApiProperty({ example: '张工' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ example: '网络管理员' }) @IsString() @Length(1, 100) role!: string;
  @ApiProperty({ example: '13800000000' }) @IsString() @Length(1, 100) phone!: string;
  @ApiPropertyOptional({ example: 'zhang@example.com', description: 'For notices by e-mail' }) @IsOptional() @IsEmail() @MaxLength(200) email?: string;
}

/** One rung of the escalation list (升级列表) the operator gives the customer. */
export class EscalationContactDto extends ContactDto {
  @ApiProperty({ example: 1, description: 'Level: 1 is the first to call' }) @IsInt() @Min(1) @Max(10) level!: number;
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

  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  @ArrayMaxSize(50)
  contacts?: ContactDto[];

  @ApiPropertyOptional({ example: '王经理' }) @IsOptional() @IsString() @Length(1, 100) customerManager?: string;
  @ApiPropertyOptional({ example: '赵工' }) @IsOptional() @IsString() @Length(1, 100) customerEngineer?: string;
  @ApiPropertyOptional({ example: '广东', description: 'The region (province) the customer is served in: campaigns and statistics select by it' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  region?: string;

  @ApiPropertyOptional({ type: [EscalationContactDto] })
  @IsOptional()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EscalationContactDto)
  @ArrayMaxSize(20)
  escalationList?: EscalationContactDto[];

  @ApiPropertyOptional({ description: 'Technical background (技术背景): network, systems, who runs them' })
  @IsOptional()
  @IsString()
  @Length(1, 8000)
  technicalBackground?: string;
}

export class CustomerView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: INDUSTRIES }) industry!: Industry;
  @ApiProperty({ enum: TIERS }) tier!: Tier;
  @ApiProperty({ type: [ContactDto] }) contacts!: ContactDto[];
  @ApiPropertyOptional() customerManager?: string;
  @ApiPropertyOptional() customerEngineer?: string;
  @ApiPropertyOptional() region?: string;
  @ApiProperty({ type: [EscalationContactDto] }) escalationList!: EscalationContactDto[];
  @ApiPropertyOptional() technicalBackground?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class GetCustomerRequest {
  @IsUUID()
  id!: string;
}

export class ListCustomersQuery extends CursorPageQuery {
  @ApiPropertyOptional({ enum: TIERS })
  @IsOptional()
  @IsIn(TIERS)
  tier?: Tier;

  @ApiPropertyOptional({ enum: INDUSTRIES })
  @IsOptional()
  @IsIn(INDUSTRIES)
  industry?: Industry;

  @ApiPropertyOptional({ example: '广东' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  region?: string;

  @ApiPropertyOptional({ description: 'Matches the start of the code or any part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: "These customers only, by id (repeat the parameter or separate with commas; at most 200, a page's worth): the customers another page's rows name",
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value))
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  ids?: string[];
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
  @IsOptional() @IsString() customerManager?: string;
  @IsOptional() @IsString() customerEngineer?: string;
  @IsOptional() @IsString() region?: string;
  /** Added for the notifier (absent on events written before): whom to tell, and the escalation list's leaders. */
  @IsOptional() @ValidateNested({ each: true }) @Type(() => ContactDto) contacts?: ContactDto[];
  @IsOptional() @ValidateNested({ each: true }) @Type(() => EscalationContactDto) escalationList?: EscalationContactDto[];
}

export const ProvisioningEvents = {
  customerCreated: event<CustomerCreatedData>('evt.provisioning.customer.created.v1', CustomerCreatedData),
};
