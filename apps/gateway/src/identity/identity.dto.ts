import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { CursorPageQuery, PageQuery, QueryBoolean, Role, ROLES } from '@app/shared';

const USERNAME = /^[\p{L}\p{N}._@-]+$/u;
/** A mainland mobile number, where the operator's SMS gateway delivers: 11 digits from 13… to 19…, optionally after +86. */
const MOBILE = /^(\+86)?1[3-9]\d{9}$/;

const UNIT_DOC = { example: '广州本地网传输中心', description: "The handling unit (处理工位) a handling_unit user works for, as dispatch legs name it; a unit's notifications reach its users" };
const PHONE_DOC = { example: '13800138000', description: 'Mobile number for SMS notifications (11 digits, optionally after +86)' };
const EMAIL_DOC = { example: 'zhang.wei@example.com', description: 'For notifications by e-mail' };
const PHONE_MESSAGE = 'phone must be a mobile number: 11 digits starting with 13 to 19, optionally after +86';

export class LoginRequest {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(1, 60)
  username!: string;

  @ApiProperty({ example: 'admin-dev-password', format: 'password' })
  @IsString()
  @Length(1, 200)
  password!: string;
}

/** OAuth 2.0 resource-owner password grant (RFC 6749 §4.3), form-encoded: what Swagger UI's Authorize button sends. */
export class TokenRequest {
  @ApiProperty({ enum: ['password', 'refresh_token', 'client_credentials'] })
  @IsIn(['password', 'refresh_token', 'client_credentials'])
  grant_type!: 'password' | 'refresh_token' | 'client_credentials';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 60)
  username?: string;

  @ApiPropertyOptional({ format: 'password' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  password?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  refresh_token?: string;

  /** Sent by OAuth clients; the platform's scopes are its roles, so it is ignored. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  scope?: string;

  @ApiPropertyOptional({ description: 'client_credentials: the system client (or HTTP Basic authentication)' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  client_id?: string;

  @ApiPropertyOptional({ description: 'client_credentials: its secret (or HTTP Basic authentication)' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  client_secret?: string;
}

export class RefreshRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  refreshToken!: string;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) customerId!: string | null;
  @ApiPropertyOptional({ ...UNIT_DOC, type: String, nullable: true }) unit!: string | null;
  @ApiPropertyOptional({ ...PHONE_DOC, type: String, nullable: true }) phone!: string | null;
  @ApiPropertyOptional({ ...EMAIL_DOC, type: String, nullable: true }) email!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class SessionView {
  @ApiProperty({ description: 'Bearer token for the Authorization header' }) accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds the access token is valid' }) expiresIn!: number;
  @ApiProperty({ description: 'Single-use: exchange it at /auth/refresh for a new pair' }) refreshToken!: string;
  @ApiProperty({ description: 'Seconds the refresh token is valid' }) refreshExpiresIn!: number;
  @ApiProperty({ type: UserView }) user!: UserView;
}

export class MeView {
  @ApiProperty() sub!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiPropertyOptional({ format: 'uuid' }) customerId?: string;
}

export class CreateUserRequest {
  @ApiProperty({ example: 'noc-zhang' })
  @IsString()
  @Length(2, 60)
  @Matches(USERNAME, { message: 'username may hold letters, digits and . _ @ - only' })
  username!: string;

  @ApiProperty({ example: '张伟（网管中心）' })
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty({ format: 'password', minLength: 10 })
  @IsString()
  @Length(10, 200)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['noc'] })
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for customer_user, forbidden otherwise' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional(UNIT_DOC)
  @IsOptional()
  @IsString()
  @Length(1, 100)
  unit?: string;

  @ApiPropertyOptional(PHONE_DOC)
  @IsOptional()
  @Matches(MOBILE, { message: PHONE_MESSAGE })
  phone?: string;

  @ApiPropertyOptional(EMAIL_DOC)
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(200)
  email?: string;
}

export class UpdateUserRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @ApiPropertyOptional({ format: 'password', minLength: 10 })
  @IsOptional()
  @IsString()
  @Length(10, 200)
  password?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  customerId?: string | null;

  @ApiPropertyOptional({ ...UNIT_DOC, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  unit?: string | null;

  @ApiPropertyOptional({ ...PHONE_DOC, type: String, nullable: true })
  @IsOptional()
  @Matches(MOBILE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @ApiPropertyOptional({ ...EMAIL_DOC, type: String, nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(200)
  email?: string | null;

  @ApiPropertyOptional({ description: 'false signs the user out everywhere and refuses new sign-ins' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ description: 'The users of this handling unit', example: '广州本地网传输中心' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  unit?: string;

  @QueryBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Part of the username or display name' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  q?: string;
}

export class ListAuditQuery extends CursorPageQuery {
  @ApiPropertyOptional({ description: 'User id (or single-sign-on subject)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  userId?: string;

  @ApiPropertyOptional({ enum: ['POST', 'PUT', 'PATCH', 'DELETE'] })
  @IsOptional()
  @IsIn(['POST', 'PUT', 'PATCH', 'DELETE'])
  method?: string;

  @ApiPropertyOptional({ description: 'Paths starting with this, e.g. /api/v1/faults/<id>' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  pathPrefix?: string;

  @QueryBoolean('Only refused requests (status 400 and above), or only accepted ones')
  failed?: boolean;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditEntryView {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ nullable: true }) userId!: string | null;
  @ApiPropertyOptional({ nullable: true }) username!: string | null;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiPropertyOptional({ nullable: true }) customerId!: string | null;
  @ApiProperty() method!: string;
  @ApiProperty() path!: string;
  @ApiProperty() route!: string;
  @ApiProperty({ nullable: true, description: 'null: the change was logged before it ran and its answer was not recorded' }) status!: number | null;
  @ApiProperty() requestId!: string;
  @ApiProperty() ip!: string;
  @ApiPropertyOptional({ nullable: true }) userAgent!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The request body, secrets replaced by "***"' }) body!: unknown;
}
