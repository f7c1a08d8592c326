import { Identity1764500000000 } from '../migrations/1764500000000-identity';
import { AuditBeforeChange1765100000000 } from '../migrations/1765100000000-audit-before-change';
import { UserContacts1765670000000 } from '../migrations/1765670000000-user-contacts';
import { GatewayOutbox1765670000001 } from '../migrations/1765670000001-gateway-outbox';
import { SystemClients1765700000001 } from '../migrations/1765700000001-system-clients';
import { SystemClientRoles1766300000001 } from '../migrations/1766300000001-system-client-roles';
import { SystemClient } from '../tmf/system-client.entity';
import { AuditEntry, RefreshToken, User } from './identity.entities';

/** The gateway's own schema: users, refresh tokens, the audit log, the TMF API's system clients, and the outbox of its users' events. */
export const GATEWAY_ENTITIES = [User, RefreshToken, AuditEntry, SystemClient];
export const GATEWAY_MIGRATIONS = [Identity1764500000000, AuditBeforeChange1765100000000, UserContacts1765670000000, GatewayOutbox1765670000001, SystemClients1765700000001, SystemClientRoles1766300000001];
