/**
 * Who is asking. The gateway authenticates the user and puts the caller in the NATS headers of every request;
 * services read it there and scope what a customer's own users may see and change.
 */
export const ROLES = [
  'admin',
  'noc',
  'handling_unit',
  'customer_engineer',
  'customer_manager',
  'project_manager',
  'customer_user',
  'tmf_client',
  'feed_client',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Administrator: users, configuration, and every operation',
  noc: 'NOC duty desk: fault acceptance (受理) and dispatch (调度), incidents, complaints',
  handling_unit: 'A handling unit (处理单位): accepts its dispatch legs and reports progress and results',
  customer_engineer: 'Customer engineer (客户工程师): reports faults for customers and informs them',
  customer_manager: 'Customer manager (客户经理): customer records, complaints, pre-sale and orders',
  project_manager: 'Project manager (项目经理): carries provisioning orders through the seven steps',
  customer_user: "A customer's own portal user: its own customer's tickets, circuits and orders only",
  tmf_client: "A system client (OAuth 2.0 client_credentials): the TMF621 routes only; a customer's system sees its customer's tickets only",
  feed_client: 'A network management or probe system (OAuth 2.0 client_credentials): posts KPI samples and dial test results only, reads nothing',
};

/** The roles of system clients (client_credentials), never of people. */
export const SYSTEM_CLIENT_ROLES = ['tmf_client', 'feed_client'] as const satisfies readonly Role[];
export type SystemClientRole = (typeof SYSTEM_CLIENT_ROLES)[number];

/** Every role of people on the operator's side: not the customer's own users, not system clients. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'customer_user' && !(SYSTEM_CLIENT_ROLES as readonly Role[]).includes(r));

export interface Caller {
  /** User id (or the external subject for single-sign-on tokens; `system` for the platform itself). */
  sub: string;
  username: string;
  roles: Role[];
  /** Set for a customer's own users: everything they see and change is that customer's. */
  customerId?: string;
  /** A handling unit's user: the unit (处理单位) it works for, as dispatch legs name it; it acts on that unit's legs only. */
  unit?: string;
}

export const CALLER_HEADER = 'x-caller';

/** The platform itself (health checks): never a customer. */
export const SYSTEM_CALLER: Caller = { sub: 'system', username: 'system', roles: ['admin'] };

export function encodeCaller(caller: Caller): string {
  return Buffer.from(JSON.stringify(caller), 'utf8').toString('base64url');
}

export function decodeCaller(header: string | undefined): Caller | undefined {
  if (!header) return undefined;
  try {
    const value = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Partial<Caller>;
    if (typeof value.sub !== 'string' || typeof value.username !== 'string' || !Array.isArray(value.roles)) return undefined;
    const roles = value.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string));
    const customerId = typeof value.customerId === 'string' && value.customerId ? value.customerId : undefined;
    const unit = typeof value.unit === 'string' && value.unit ? value.unit : undefined;
    return { sub: value.sub, username: value.username, roles, ...(customerId ? { customerId } : {}), ...(unit ? { unit } : {}) };
  } catch {
    return undefined;
  }
}
