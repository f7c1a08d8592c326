import { AppError, FieldProblem, TicketStatus, TicketView, TmfTicket, TmfVersion } from '@app/shared';

/**
 * TMF621 Trouble Ticket mapped onto fault handling: what an outside party may send (create and merge-patch bodies of
 * v4 and v5), how our ticket statuses read as TMF's status machine, the status history from the ticket's records,
 * and the resource as rendered for each version. No framework and no database: the service orchestrates.
 */

export const TMF_STATUSES = ['acknowledged', 'rejected', 'pending', 'held', 'inProgress', 'cancelled', 'closed', 'resolved'] as const;
export type TmfStatus = (typeof TMF_STATUSES)[number];

/** Our status → TMF's: a ticket taken is acknowledged, dispatched is in progress, suspended is held, restored is resolved. */
export const TMF_STATUS_OF: Record<TicketStatus, TmfStatus> = {
  open: 'acknowledged',
  dispatched: 'inProgress',
  suspended: 'held',
  restored: 'resolved',
  closed: 'closed',
  cancelled: 'cancelled',
};

/** Our statuses a TMF status stands for (a status filter). */
export function ticketStatusesOf(tmf: string): TicketStatus[] {
  return (Object.entries(TMF_STATUS_OF) as [TicketStatus, TmfStatus][]).filter(([, t]) => t === tmf).map(([s]) => s);
}

/** The ticket records that change its status, and the status each leaves it in. */
export const STATUS_AFTER_RECORD: Readonly<Record<string, TicketStatus>> = {
  intake: 'open',
  dispatch: 'dispatched',
  suspend: 'suspended',
  resume: 'dispatched',
  restore: 'restored',
  close: 'closed',
  cancel: 'cancelled',
  reopen: 'open',
};

export interface StatusRecord {
  type: string;
  at: Date;
  detail: Record<string, unknown>;
}

export interface StatusChange {
  status: TmfStatus;
  at: Date;
  reason?: string;
}

/** The server-kept status history: each change of TMF status, in order (a second dispatch changes nothing). */
export function statusHistory(records: StatusRecord[]): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const r of records) {
    const ours = STATUS_AFTER_RECORD[r.type];
    if (!ours) continue;
    const status = TMF_STATUS_OF[ours];
    if (changes.at(-1)?.status === status) continue;
    const reason = typeof r.detail.reason === 'string' ? r.detail.reason : undefined;
    changes.push({ status, at: r.at, ...(reason ? { reason } : {}) });
  }
  return changes;
}

export interface TmfNote {
  id: string;
  author: string;
  date: string;
  text: string;
}

export interface TmfAttachment {
  id: string;
  name?: string;
  description?: string;
  url?: string;
  content?: string;
  mimeType?: string;
  attachmentType?: string;
}

/** A party or entity reference, the same for v4 (flat) and v5 (nested under partyOrPartyRole / entity). */
export interface TmfRef {
  /** Absent for a related party stated by its role alone (v5: partyOrPartyRole is optional). */
  id?: string;
  name?: string;
  role?: string;
  referredType?: string;
}

/** A characteristic as stated: its value of any JSON type, with the client's valueType and @type when it gave them. */
export interface TmfCharacteristic {
  name: string;
  value: string | number | boolean | object;
  valueType?: string;
  type?: string;
}

/** What the outside party states of its ticket (create), before the server adds its own. */
export interface TmfDraft {
  name?: string;
  description: string;
  severity: string;
  ticketType: string;
  priority?: string;
  externalId?: string;
  requestedResolutionDate?: string;
  notes: string[];
  attachments: Omit<TmfAttachment, 'id'>[];
  relatedParty: TmfRef[];
  relatedEntity: TmfRef[];
  characteristics: TmfCharacteristic[];
  /** Links to other tickets (troubleTicketRelationship) and the specification the client names: kept as stated. */
  relationships: object[];
  specification?: object;
}

/** Bounds of what the outside party sends. */
export const TMF_LIMITS = { text: 2000, short: 100, note: 4000, items: 50 } as const;

/** Characteristics the platform sets itself; a client may not send them. */
export const SERVER_CHARACTERISTICS = ['faultTicketNumber', 'closureCause', 'closedWithoutRestoration', 'channel'] as const;

const META = ['@type', '@baseType', '@schemaLocation'];
/** Set by the server: ignored in a create body (the specification lists them there), refused in a patch. */
const SERVER_SET = ['id', 'href', 'creationDate', 'lastUpdate', 'status', 'statusChangeDate', 'statusChangeReason', 'statusChange', 'statusChangeHistory', 'resolutionDate', 'expectedResolutionDate', 'channel'];
const STATED = ['name', 'description', 'severity', 'ticketType', 'priority', 'requestedResolutionDate', 'note', 'attachment', 'troubleTicketCharacteristic', 'troubleTicketRelationship'];
/** Attributes only one version has. */
const OWN: Record<TmfVersion, string[]> = { v4: ['externalId'], v5: ['externalIdentifier', 'troubleTicketSpecification'] };
const EXTERNAL_ID: Record<TmfVersion, string> = { v4: 'externalId', v5: 'externalIdentifier' };
/** Longest JSON an attribute kept as stated (a relationship, the specification, a characteristic's value) may take. */
const STATED_JSON_MAX = 4000;
/** The customer and circuit a ticket is about are fixed once it is open. */
const FIXED = ['relatedParty', 'relatedEntity'];

class Problems {
  readonly list: FieldProblem[] = [];
  add(field: string, reason: string): undefined {
    this.list.push({ field, reason });
    return undefined;
  }
  throwIfAny(what: string): void {
    if (this.list.length > 0) throw new AppError('VALIDATION_FAILED', `Invalid ${what}: ${this.list.map((p) => `${p.field} ${p.reason}`).join('; ')}`, { fields: this.list });
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(p: Problems, body: Record<string, unknown>, key: string, max: number, field = key): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim().length === 0) return p.add(field, 'must be a non-empty string');
  if (v.length > max) return p.add(field, `must be at most ${max} characters`);
  return v;
}

function required(p: Problems, body: Record<string, unknown>, key: string, max: number): string {
  if (body[key] === undefined || body[key] === null) p.add(key, 'is required');
  return text(p, body, key, max) ?? '';
}

function dateTime(p: Problems, body: Record<string, unknown>, key: string): string | undefined {
  const v = text(p, body, key, 40);
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) || Number.isNaN(Date.parse(v))) return p.add(key, 'must be an ISO 8601 date-time with its offset');
  return new Date(v).toISOString();
}

function list(p: Problems, body: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const v = body[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) return p.add(key, 'must be an array') ?? [];
  if (v.length > TMF_LIMITS.items) return p.add(key, `must have at most ${TMF_LIMITS.items} items`) ?? [];
  return v.flatMap((item, i) => (isObject(item) ? [item] : (p.add(`${key}[${i}]`, 'must be an object') ?? [])));
}

function notes(p: Problems, body: Record<string, unknown>): Array<{ id?: string; text: string }> {
  return list(p, body, 'note').flatMap((n, i) => {
    const id = text(p, n, 'id', TMF_LIMITS.short, `note[${i}].id`);
    // The specification requires no text (a note may say nothing beyond its author and date); when given it is text.
    const t = n.text === '' ? '' : text(p, n, 'text', TMF_LIMITS.note, `note[${i}].text`);
    return [{ ...(id ? { id } : {}), text: t ?? '' }];
  });
}

function attachments(p: Problems, body: Record<string, unknown>): Array<Omit<TmfAttachment, 'id'> & { id?: string }> {
  return list(p, body, 'attachment').flatMap((a, i) => {
    const at = (k: string, max: number) => text(p, a, k, max, `attachment[${i}].${k}`);
    const id = at('id', TMF_LIMITS.short);
    const url = at('url', TMF_LIMITS.text);
    const content = at('content', 200_000);
    // An Attachment needs only its type and MIME type (the file may follow); a reference (AttachmentRef) its id.
    const fields = { name: at('name', 200), description: at('description', TMF_LIMITS.text), url, content, mimeType: at('mimeType', TMF_LIMITS.short), attachmentType: at('attachmentType', TMF_LIMITS.short) };
    return [{ ...(id ? { id } : {}), ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) }];
  });
}

/** v4 references are flat ({ id, name, role, @referredType }); v5 nest the reference under partyOrPartyRole / entity. */
function refs(p: Problems, body: Record<string, unknown>, key: 'relatedParty' | 'relatedEntity'): TmfRef[] {
  const nested = key === 'relatedParty' ? 'partyOrPartyRole' : 'entity';
  return list(p, body, key).flatMap((r, i) => {
    const inner = isObject(r[nested]) ? r[nested] : r;
    const field = isObject(r[nested]) ? `${key}[${i}].${nested}` : `${key}[${i}]`;
    const id = text(p, inner, 'id', TMF_LIMITS.short, `${field}.id`);
    const roleOnly = key === 'relatedParty' && r[nested] === undefined && r.id === undefined && typeof r.role === 'string';
    if (id === undefined && !roleOnly) return p.add(`${field}.id`, 'is required') ?? [];
    const name = text(p, inner, 'name', 200, `${field}.name`);
    const role = text(p, r, 'role', TMF_LIMITS.short, `${key}[${i}].role`);
    const referredType = text(p, inner, '@referredType', TMF_LIMITS.short, `${field}.@referredType`);
    return [{ ...(id ? { id } : {}), ...(name ? { name } : {}), ...(role ? { role } : {}), ...(referredType ? { referredType } : {}) }];
  });
}

function characteristics(p: Problems, body: Record<string, unknown>): TmfCharacteristic[] {
  return list(p, body, 'troubleTicketCharacteristic').flatMap((c, i) => {
    const name = text(p, c, 'name', TMF_LIMITS.short, `troubleTicketCharacteristic[${i}].name`);
    if (name === undefined) return p.add(`troubleTicketCharacteristic[${i}].name`, 'is required') ?? [];
    if ((SERVER_CHARACTERISTICS as readonly string[]).includes(name)) return p.add(`troubleTicketCharacteristic[${i}].name`, 'is set by the platform') ?? [];
    if (c.value === undefined || c.value === null) return p.add(`troubleTicketCharacteristic[${i}].value`, 'is required') ?? [];
    if (JSON.stringify(c.value).length > STATED_JSON_MAX) return p.add(`troubleTicketCharacteristic[${i}].value`, `must be at most ${STATED_JSON_MAX} characters as JSON`) ?? [];
    const valueType = text(p, c, 'valueType', TMF_LIMITS.short, `troubleTicketCharacteristic[${i}].valueType`);
    const type = text(p, c, '@type', TMF_LIMITS.short, `troubleTicketCharacteristic[${i}].@type`);
    return [{ name, value: c.value as TmfCharacteristic['value'], ...(valueType ? { valueType } : {}), ...(type ? { type } : {}) }];
  });
}

function externalId(p: Problems, version: TmfVersion, body: Record<string, unknown>): string | undefined {
  if (version === 'v4') return text(p, body, 'externalId', TMF_LIMITS.short);
  const ids = list(p, body, 'externalIdentifier');
  return ids.length > 0 ? text(p, ids[0], 'id', TMF_LIMITS.short, 'externalIdentifier[0].id') : undefined;
}

function unknownKeys(p: Problems, body: Record<string, unknown>, known: string[]): void {
  for (const key of Object.keys(body)) if (!known.includes(key)) p.add(key, 'is not a TroubleTicket attribute this API accepts');
}

/** The JSON type of each meta and server-set attribute: ignored in a create body (or refused in a patch), but typed. */
const SHAPES: Record<string, 'string' | 'object' | 'array'> = {
  ...Object.fromEntries(['@type', '@baseType', '@schemaLocation', 'id', 'href', 'creationDate', 'lastUpdate', 'status', 'statusChangeDate', 'statusChangeReason', 'resolutionDate', 'expectedResolutionDate'].map((k) => [k, 'string' as const])),
  channel: 'object',
  statusChange: 'array',
  statusChangeHistory: 'array',
};

const SERVER_DATES = ['creationDate', 'lastUpdate', 'statusChangeDate', 'resolutionDate', 'expectedResolutionDate'];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function shapes(p: Problems, version: TmfVersion, body: Record<string, unknown>): void {
  for (const [key, shape] of Object.entries(SHAPES)) {
    if (!(key in body)) continue;
    const v = body[key];
    const ok = shape === 'string' ? typeof v === 'string' : shape === 'array' ? Array.isArray(v) : isObject(v);
    if (!ok) p.add(key, `must be ${shape === 'array' ? 'an array' : `a${shape === 'object' ? 'n' : ''} ${shape}`}`);
    else if (SERVER_DATES.includes(key) && !DATE_TIME.test(v as string)) p.add(key, 'must be an ISO 8601 date-time with its offset');
    // v5 types the status by its enumeration (TM Forum's v4 kit sends a status of its own, which is ignored).
    else if (version === 'v5' && key === 'status' && !(TMF_STATUSES as readonly string[]).includes(v as string)) p.add(key, `must be one of ${TMF_STATUSES.join(', ')}`);
  }
  if (isObject(body.channel)) kind(p, version, body.channel, 'channel', ['ChannelRef']);
}

/** v5's discriminator of each kind of object in a TroubleTicket: `@type`, when sent, one of these. */
const CHARACTERISTIC_TYPES = ['BooleanArrayCharacteristic', 'BooleanCharacteristic', 'Characteristic', 'FloatCharacteristic', 'IntegerArrayCharacteristic', 'IntegerCharacteristic', 'NumberArrayCharacteristic', 'NumberCharacteristic', 'ObjectArrayCharacteristic', 'ObjectCharacteristic', 'StringArrayCharacteristic', 'StringCharacteristic'];

/** `@type` of a nested object: a string, and in v5 one of the types the specification names there. */
function kind(p: Problems, version: TmfVersion, o: Record<string, unknown>, field: string, types: string[] | 'any'): void {
  const t = o['@type'];
  if (t === undefined) return;
  if (typeof t !== 'string') p.add(`${field}.@type`, 'must be a string');
  else if (version === 'v5' && types !== 'any' && !types.includes(t)) p.add(`${field}.@type`, `must be ${types.join(' or ')}`);
}

/** v5 names the resource's type in `@type` (its discriminator): when sent it must be TroubleTicket. */
function resourceType(p: Problems, version: TmfVersion, body: Record<string, unknown>): void {
  if (version === 'v5' && typeof body['@type'] === 'string' && body['@type'] !== 'TroubleTicket') p.add('@type', 'must be TroubleTicket');
}

/** Checks the `@type` of every nested object of a create or patch body. */
function kinds(p: Problems, version: TmfVersion, body: Record<string, unknown>): void {
  const each = (key: string, types: string[] | 'any', inner?: [string, string[] | 'any']) => {
    const v = body[key];
    if (!Array.isArray(v)) return;
    v.forEach((o, i) => {
      if (!isObject(o)) return;
      kind(p, version, o, `${key}[${i}]`, types);
      if (inner && isObject(o[inner[0]])) kind(p, version, o[inner[0]] as Record<string, unknown>, `${key}[${i}].${inner[0]}`, inner[1]);
    });
  };
  each('note', ['Note']);
  each('attachment', ['Attachment', 'AttachmentRef']);
  each('externalIdentifier', ['ExternalIdentifier']);
  each('relatedParty', ['RelatedPartyRefOrPartyRoleRef'], ['partyOrPartyRole', ['PartyRef', 'PartyRoleRef']]);
  each('relatedEntity', ['RelatedEntity'], ['entity', 'any']);
  each('troubleTicketCharacteristic', CHARACTERISTIC_TYPES);
  each('troubleTicketRelationship', ['TroubleTicketRelationship']);
  if (isObject(body.troubleTicketSpecification)) kind(p, version, body.troubleTicketSpecification, 'troubleTicketSpecification', ['TroubleTicketSpecificationRef']);
}

/** Kept as stated, bounded: each an object of at most STATED_JSON_MAX characters as JSON. */
function statedObject(p: Problems, value: unknown, field: string): Record<string, unknown> | undefined {
  if (!isObject(value)) return p.add(field, 'must be an object');
  if (JSON.stringify(value).length > STATED_JSON_MAX) return p.add(field, `must be at most ${STATED_JSON_MAX} characters as JSON`);
  return value;
}

function relationships(p: Problems, body: Record<string, unknown>): Record<string, unknown>[] {
  return list(p, body, 'troubleTicketRelationship').flatMap((r, i) => {
    const kept = statedObject(p, r, `troubleTicketRelationship[${i}]`);
    for (const key of ['id', 'relationshipType']) if (kept && typeof kept[key] !== 'string') return p.add(`troubleTicketRelationship[${i}].${key}`, 'is required, a string') ?? [];
    return kept ? [kept] : [];
  });
}

function specification(p: Problems, version: TmfVersion, body: Record<string, unknown>): Record<string, unknown> | undefined {
  if (version !== 'v5' || body.troubleTicketSpecification === undefined) return undefined;
  const kept = statedObject(p, body.troubleTicketSpecification, 'troubleTicketSpecification');
  // A reference names its specification by id.
  if (kept && typeof kept.id !== 'string') return p.add('troubleTicketSpecification.id', 'is required, a string');
  return kept;
}

/** A TroubleTicket_Create (v4) / TroubleTicket_FVO (v5): description, severity and ticketType are required. */
export function parseCreate(version: TmfVersion, body: Record<string, unknown>): TmfDraft {
  const p = new Problems();
  unknownKeys(p, body, [...META, ...SERVER_SET, ...STATED, ...FIXED, ...OWN[version]]);
  shapes(p, version, body);
  kinds(p, version, body);
  resourceType(p, version, body);
  const draft: TmfDraft = {
    description: required(p, body, 'description', TMF_LIMITS.text),
    severity: required(p, body, 'severity', TMF_LIMITS.short),
    ticketType: required(p, body, 'ticketType', TMF_LIMITS.short),
    notes: notes(p, body).map((n) => n.text),
    attachments: attachments(p, body).map(({ id: _id, ...a }) => a),
    relatedParty: refs(p, body, 'relatedParty'),
    relatedEntity: refs(p, body, 'relatedEntity'),
    characteristics: characteristics(p, body),
    relationships: relationships(p, body),
  };
  const optional = { specification: specification(p, version, body), name: text(p, body, 'name', 200), priority: text(p, body, 'priority', TMF_LIMITS.short), externalId: externalId(p, version, body), requestedResolutionDate: dateTime(p, body, 'requestedResolutionDate') };
  p.throwIfAny('TroubleTicket');
  return { ...draft, ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<TmfDraft>) };
}

/** What a merge patch changes: a value sets, null removes an optional attribute, notes and attachments are appended. */
export interface TmfPatch {
  set: Partial<Pick<TmfDraft, 'name' | 'description' | 'severity' | 'ticketType' | 'priority' | 'externalId' | 'requestedResolutionDate' | 'characteristics' | 'relationships' | 'specification'>>;
  remove: Array<'name' | 'priority' | 'externalId' | 'requestedResolutionDate' | 'specification'>;
  newNotes: string[];
  newAttachments: Omit<TmfAttachment, 'id'>[];
}

/**
 * A TroubleTicket_Update (v4) / TroubleTicket_MVO (v5) as a JSON merge patch (RFC 7396). Server-set attributes
 * (status and its history, dates, channel, id, href) and the ticket's customer and circuit are refused: the status
 * follows the operator's fault handling. Notes and attachments are never removed: entries naming an existing id are
 * left as they are, the others are added (with the platform's id).
 */
export function parsePatch(version: TmfVersion, body: Record<string, unknown>, existing: { noteIds: string[]; attachmentIds: string[] }): TmfPatch {
  const p = new Problems();
  for (const key of [...SERVER_SET, ...FIXED]) if (key in body) p.add(key, key === 'status' ? 'follows the operator’s fault handling and cannot be set' : 'is set by the platform and cannot be changed');
  unknownKeys(p, body, [...META, ...SERVER_SET, ...FIXED, ...STATED, ...OWN[version]]);
  for (const key of META) if (key in body && typeof body[key] !== 'string') p.add(key, 'must be a string');
  kinds(p, version, body);
  resourceType(p, version, body);
  const patch: TmfPatch = { set: {}, remove: [], newNotes: [], newAttachments: [] };
  for (const key of ['description', 'severity', 'ticketType'] as const) {
    if (body[key] === null) p.add(key, 'is required and cannot be removed');
    else {
      const v = text(p, body, key, key === 'description' ? TMF_LIMITS.text : TMF_LIMITS.short);
      if (v !== undefined) patch.set[key] = v;
    }
  }
  const optional: Record<'name' | 'priority' | 'externalId' | 'requestedResolutionDate', string> = { name: 'name', priority: 'priority', externalId: EXTERNAL_ID[version], requestedResolutionDate: 'requestedResolutionDate' };
  for (const [attr, key] of Object.entries(optional) as [keyof typeof optional, string][]) {
    if (!(key in body)) continue;
    if (body[key] === null) {
      patch.remove.push(attr);
      continue;
    }
    const v = attr === 'requestedResolutionDate' ? dateTime(p, body, key) : attr === 'externalId' ? externalId(p, version, body) : text(p, body, key, attr === 'name' ? 200 : TMF_LIMITS.short);
    if (v !== undefined) patch.set[attr] = v;
  }
  // The platform names notes and attachments: an entry with an id the ticket has is left as it is, any other is new.
  for (const n of notes(p, body)) if (n.id === undefined || !existing.noteIds.includes(n.id)) patch.newNotes.push(n.text);
  for (const { id, ...a } of attachments(p, body)) if (id === undefined || !existing.attachmentIds.includes(id)) patch.newAttachments.push(a);
  if ('troubleTicketCharacteristic' in body) patch.set.characteristics = body.troubleTicketCharacteristic === null ? [] : characteristics(p, body);
  if ('troubleTicketRelationship' in body) patch.set.relationships = body.troubleTicketRelationship === null ? [] : relationships(p, body);
  if (version === 'v5' && 'troubleTicketSpecification' in body) {
    if (body.troubleTicketSpecification === null) patch.remove.push('specification');
    else patch.set.specification = specification(p, version, body);
  }
  p.throwIfAny('patch');
  return patch;
}

/** The attribute filters of a list, and the TMF attribute each stands for. */
export const TMF_FILTERS = ['id', 'severity', 'ticketType', 'priority', 'name', 'externalId', 'status'] as const;
export type TmfFilter = (typeof TMF_FILTERS)[number];

/** Query-string filters: known attributes only (a comma means any of the values); status in TMF's terms. */
export function parseFilters(query: Record<string, string>): Partial<Record<TmfFilter, string[]>> {
  const p = new Problems();
  const filters: Partial<Record<TmfFilter, string[]>> = {};
  for (const [key, value] of Object.entries(query)) {
    if (!(TMF_FILTERS as readonly string[]).includes(key)) {
      p.add(key, `is not a filter of this list (filters: ${TMF_FILTERS.join(', ')})`);
      continue;
    }
    const values = String(value).split(',').filter(Boolean);
    if (key === 'status') for (const s of values) if (!(TMF_STATUSES as readonly string[]).includes(s)) p.add('status', `${s} is not a TMF status (${TMF_STATUSES.join(', ')})`);
    filters[key as TmfFilter] = values;
  }
  p.throwIfAny('filter');
  return filters;
}

/** Among the customer's circuits, the one a ticket is about: the one named, else its only live circuit. */
export function chooseCircuit<C extends { id: string; code: string; state: string }>(circuits: C[], named: { id: string; name?: string } | undefined): C {
  if (named) {
    const found = circuits.find((c) => c.id === named.id || c.code === named.id || (named.name !== undefined && c.code === named.name));
    if (!found) throw new AppError('CIRCUIT_UNKNOWN', `The customer has no circuit ${named.name ?? named.id}`, { fields: [{ field: 'relatedEntity', reason: 'names no circuit of this customer' }] });
    return found;
  }
  const live = circuits.filter((c) => c.state === 'live');
  if (live.length === 1) return live[0];
  throw new AppError('VALIDATION_FAILED', `Name the circuit in relatedEntity (role "circuit", id or name its code): the customer has ${live.length} live circuits`, {
    fields: [{ field: 'relatedEntity', reason: 'must name the circuit (role "circuit")' }],
  });
}

/** The reference with this role (or referred type), case-insensitive; a party stated by its role alone names nobody. */
export function refWithRole(refs: TmfRef[], role: string): (TmfRef & { id: string }) | undefined {
  const r = role.toLowerCase();
  const named = refs.filter((x): x is TmfRef & { id: string } => x.id !== undefined);
  return named.find((x) => x.role?.toLowerCase() === r) ?? named.find((x) => x.referredType?.toLowerCase() === r);
}

/** A TMF ticket as stored (the outside party's report) with its link to the fault ticket. */
export interface TmfTicketRow {
  id: string;
  channel: string;
  name: string | null;
  description: string;
  severity: string;
  ticketType: string;
  priority: string | null;
  externalId: string | null;
  requestedResolutionDate: Date | null;
  notes: TmfNote[];
  attachments: TmfAttachment[];
  relatedParty: TmfRef[];
  relatedEntity: TmfRef[];
  characteristics: TmfCharacteristic[];
  relationships: object[];
  specification: object | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Every fault ticket is a TroubleTicket. One opened outside TMF621 (through /api/v1/faults: hotline, portal,
 * monitoring…) has no TMF report: it reads as the NOC's own report, with the fault ticket's id, its direction as
 * `name`, its symptom as `description`, type `fault`, severity `Critical` for an outage of the customer's HQ business
 * (stated at intake) and `Major` otherwise, and the channel it came through also as the characteristic `channel`.
 * A TMF report keeps its own id, also when it opened the ticket (the ticket then has no TroubleTicket of its own).
 */
export const NATIVE_TICKET_TYPE = 'fault';
export const NATIVE_SEVERITY = { hqOutage: 'Critical', other: 'Major' } as const;

/** What a fault ticket opened outside TMF621 shows as its report. */
export interface NativeTicket {
  id: string;
  direction: string;
  symptom: string;
  channel: string;
  hqOutage: boolean;
  openedAt: Date;
}

/** Notes and attachments clients added to a ticket the operator opened. */
export interface NativeAdditions {
  notes: TmfNote[];
  attachments: TmfAttachment[];
  updatedAt: Date;
}

export function nativeReport(t: NativeTicket, added?: NativeAdditions): TmfTicketRow {
  return {
    id: t.id,
    channel: t.channel,
    name: t.direction,
    description: t.symptom,
    severity: t.hqOutage ? NATIVE_SEVERITY.hqOutage : NATIVE_SEVERITY.other,
    ticketType: NATIVE_TICKET_TYPE,
    priority: null,
    externalId: null,
    requestedResolutionDate: null,
    notes: added?.notes ?? [],
    attachments: added?.attachments ?? [],
    relatedParty: [],
    relatedEntity: [],
    characteristics: [{ name: 'channel', value: t.channel }],
    relationships: [],
    specification: null,
    createdAt: t.openedAt,
    updatedAt: added?.updatedAt ?? t.openedAt,
  };
}

/** Patch keys of the attributes it sets or removes (what a patch of a ticket the operator opened may not touch). */
const PATCH_KEYS: Record<keyof TmfPatch['set'], string> = {
  name: 'name',
  description: 'description',
  severity: 'severity',
  ticketType: 'ticketType',
  priority: 'priority',
  externalId: 'externalId',
  requestedResolutionDate: 'requestedResolutionDate',
  characteristics: 'troubleTicketCharacteristic',
  relationships: 'troubleTicketRelationship',
  specification: 'troubleTicketSpecification',
};

/**
 * What a patch of a ticket the operator opened would change besides notes and attachments: its description,
 * severity, type and the rest are what the NOC recorded at intake, so a client adds notes and attachments only.
 */
export function nativeAttributes(version: TmfVersion, patch: TmfPatch): string[] {
  const keys = [...Object.keys(patch.set), ...patch.remove] as (keyof TmfPatch['set'])[];
  return [...new Set(keys)].map((k) => (k === 'externalId' ? EXTERNAL_ID[version] : PATCH_KEYS[k]));
}

/**
 * Why a client may not withdraw the report that opened a fault ticket (undefined: it may, and the ticket is
 * cancelled): once the NOC has dispatched it, or when others reported the same fault, it is not the client's alone.
 */
export function withdrawalRefusal(status: TicketStatus, otherReports: number): string | undefined {
  if (status !== 'open') return `fault handling has moved it on (${TMF_STATUS_OF[status]}): ask the NOC to cancel it`;
  if (otherReports > 0) return `${otherReports} other report${otherReports > 1 ? 's' : ''} of the same fault joined it`;
  return undefined;
}

export function tmfHref(version: TmfVersion, id: string): string {
  return `/tmf-api/troubleTicket/${version}/troubleTicket/${id}`;
}

const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

function refOut(version: TmfVersion, key: 'relatedParty' | 'relatedEntity', r: TmfRef): Record<string, unknown> {
  if (r.id === undefined) return defined({ role: r.role, '@type': version === 'v5' ? 'RelatedPartyRefOrPartyRoleRef' : 'RelatedParty' });
  const ref = defined({ id: r.id, name: r.name, '@referredType': r.referredType });
  if (version === 'v4') return defined({ ...ref, role: r.role, '@type': key === 'relatedParty' ? 'RelatedParty' : 'RelatedEntity' });
  return key === 'relatedParty'
    ? defined({ role: r.role, partyOrPartyRole: { ...ref, '@type': 'PartyRef' }, '@type': 'RelatedPartyRefOrPartyRoleRef' })
    : defined({ role: r.role, entity: { ...ref, '@type': 'EntityRef' }, '@type': 'RelatedEntity' });
}

/** A characteristic as stated: a plain string value without a stated type reads as a StringCharacteristic. */
function characteristicOut(c: TmfCharacteristic): Record<string, unknown> {
  const string = typeof c.value === 'string';
  const valueType = c.valueType ?? (string ? 'string' : undefined);
  const type = c.type ?? (string ? 'StringCharacteristic' : 'Characteristic');
  return defined({ name: c.name, value: c.value, valueType, '@type': type });
}

/**
 * The resource an outside party reads: its own report (description, severity, type, notes, attachments, its other
 * parties and entities) with the fault ticket's state in TMF's terms. The ticket is the customer's view (the cause it
 * was told, never the true one where the closure marked a customer-facing cause); restoration is resolution.
 */
export function renderTicket(version: TmfVersion, row: TmfTicketRow, ticket: TicketView, history: StatusChange[]): TmfTicket {
  const last = history.at(-1);
  const expected = new Date(Date.parse(ticket.reportedAt) + ticket.resolutionLimitMinutes * 60_000).toISOString();
  const lastUpdate = new Date(Math.max(row.updatedAt.getTime(), last?.at.getTime() ?? 0)).toISOString();
  const closed = ticket.status === 'closed';
  const ours: TmfCharacteristic[] = [
    { name: 'faultTicketNumber', value: ticket.number },
    ...(closed && ticket.causeDescription ? [{ name: 'closureCause', value: ticket.causeDescription }] : []),
    ...(closed ? [{ name: 'closedWithoutRestoration', value: String(ticket.closedWithoutRestoration) }] : []),
  ];
  const parties: TmfRef[] = [
    { id: ticket.customerId, name: ticket.customerName, role: 'customer', referredType: 'Organization' },
    ...row.relatedParty.filter((r) => r.role?.toLowerCase() !== 'customer'),
  ];
  const entities: TmfRef[] = [
    { id: ticket.circuitId, name: ticket.circuitCode, role: 'circuit', referredType: 'Circuit' },
    ...row.relatedEntity.filter((r) => r.role?.toLowerCase() !== 'circuit' && r.referredType?.toLowerCase() !== 'circuit'),
  ];
  const status = TMF_STATUS_OF[ticket.status];
  return defined({
    id: row.id,
    href: tmfHref(version, row.id),
    '@type': 'TroubleTicket',
    name: row.name,
    description: row.description,
    severity: row.severity,
    ticketType: row.ticketType,
    priority: row.priority,
    ...(version === 'v4' ? { externalId: row.externalId } : { externalIdentifier: row.externalId ? [{ id: row.externalId, '@type': 'ExternalIdentifier' }] : undefined }),
    status,
    statusChangeDate: last?.at.toISOString(),
    statusChangeReason: last?.reason,
    creationDate: row.createdAt.toISOString(),
    lastUpdate,
    requestedResolutionDate: row.requestedResolutionDate?.toISOString(),
    expectedResolutionDate: expected,
    resolutionDate: ticket.restoredAt,
    channel: defined({ id: row.channel, name: row.channel, '@type': version === 'v5' ? 'ChannelRef' : undefined }),
    note: row.notes.map((n) => ({ ...n, '@type': 'Note' })),
    // An Attachment states its type and MIME type (its content or url beside); anything else reads as a reference.
    attachment: row.attachments.map((a) => ({ ...a, '@type': a.attachmentType !== undefined && a.mimeType !== undefined ? 'Attachment' : 'AttachmentRef' })),
    relatedParty: parties.map((r) => refOut(version, 'relatedParty', r)),
    relatedEntity: entities.map((r) => refOut(version, 'relatedEntity', r)),
    [version === 'v4' ? 'statusChange' : 'statusChangeHistory']: history.map((h) =>
      version === 'v4'
        ? defined({ status: h.status, changeDate: h.at.toISOString(), changeReason: h.reason, '@type': 'StatusChange' })
        : defined({ status: h.status, statusChangeDate: h.at.toISOString(), statusChangeReason: h.reason, '@type': 'StatusChange' }),
    ),
    troubleTicketCharacteristic: [...ours, ...row.characteristics].map(characteristicOut),
    troubleTicketRelationship: row.relationships.length > 0 ? row.relationships : undefined,
    ...(version === 'v5' && row.specification ? { troubleTicketSpecification: row.specification } : {}),
  });
}
