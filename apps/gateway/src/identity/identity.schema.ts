import { Identity1764500000000 } from '../migrations/1764500000000-identity';
import { AuditEntry, RefreshToken, User } from './identity.entities';

/** The gateway's own schema: users, refresh tokens and the audit log. */
export const GATEWAY_ENTITIES = [User, RefreshToken, AuditEntry];
export const GATEWAY_MIGRATIONS = [Identity1764500000000];
