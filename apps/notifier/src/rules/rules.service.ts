import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AppError, Caller, Clock, NotificationRuleView, PutNotificationRuleRequest, UnitOfWork } from '@app/shared';
import { DEFAULT_RULES, defaultRule, NotificationRule, RuleOverride, unknownPlaceholders, withOverride } from './notification.rules';
import { placeholdersOf } from './rule-events';
import { NotificationRuleOverride } from './notification-rule.entity';

function overrideOf(row: NotificationRuleOverride | undefined): RuleOverride | undefined {
  if (!row) return undefined;
  return {
    ...(row.recipients ? { recipients: row.recipients } : {}),
    ...(row.titleTemplate !== null ? { titleTemplate: row.titleTemplate } : {}),
    ...(row.bodyTemplate !== null ? { bodyTemplate: row.bodyTemplate } : {}),
    ...(row.urgent !== null ? { urgent: row.urgent } : {}),
    ...(row.enabled !== null ? { enabled: row.enabled } : {}),
  };
}

function toView(rule: NotificationRule, row: NotificationRuleOverride | undefined): NotificationRuleView {
  return {
    key: rule.key,
    eventType: rule.eventType,
    description: rule.description,
    recipients: rule.recipients,
    titleTemplate: rule.titleTemplate,
    bodyTemplate: rule.bodyTemplate,
    urgent: rule.urgent,
    enabled: rule.enabled,
    version: row?.version ?? 0,
    ...(row ? { updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy } : {}),
  };
}

/** The rules in force: the defaults of the rules module, with the admins' overrides over them. */
@Injectable()
export class RulesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** These default rules as in force in this transaction (with their overrides), the enabled ones only. */
  async enabled(m: EntityManager, defaults: NotificationRule[]): Promise<NotificationRule[]> {
    if (defaults.length === 0) return [];
    const rows = await m.findBy(NotificationRuleOverride, { key: In(defaults.map((r) => r.key)) });
    return defaults.map((r) => withOverride(r, overrideOf(rows.find((o) => o.key === r.key)))).filter((r) => r.enabled);
  }

  async list(): Promise<NotificationRuleView[]> {
    const rows = await this.dataSource.manager.find(NotificationRuleOverride);
    return DEFAULT_RULES.map((r) => {
      const row = rows.find((o) => o.key === r.key);
      return toView(withOverride(r, overrideOf(row)), row);
    });
  }

  async get(key: string): Promise<NotificationRuleView> {
    const rule = this.known(key);
    const row = (await this.dataSource.manager.findOneBy(NotificationRuleOverride, { key })) ?? undefined;
    return toView(withOverride(rule, overrideOf(row)), row);
  }

  /** An admin changes a rule (who: the caller); templates may use only the placeholders the rule's event fills. */
  put(req: PutNotificationRuleRequest, caller: Caller): Promise<NotificationRuleView> {
    if (!caller.roles.includes('admin')) throw new AppError('FORBIDDEN', 'Only an administrator changes notification rules');
    const rule = this.known(req.key);
    const fields = [
      ...(['titleTemplate', 'bodyTemplate'] as const).flatMap((field) => {
        // null is no change, as for every field of the request (optional fields accept it).
        const template = req[field];
        const unknown = template == null ? [] : unknownPlaceholders(template, rule.eventType);
        return unknown.length ? [{ field, reason: `unknown placeholder(s) ${unknown.map((p) => `{{${p}}}`).join(', ')}; this rule's event fills ${this.placeholders(rule)}` }] : [];
      }),
      ...(req.recipients ?? []).flatMap((r, i) => (r.kind === 'role' && !r.role ? [{ field: `recipients.${i}.role`, reason: 'required for the kind role' }] : [])),
    ];
    if (fields.length) throw new AppError('VALIDATION_FAILED', `The rule ${rule.key} cannot be changed so`, { fields });
    return this.uow.run(async (m) => {
      const row = await m.findOne(NotificationRuleOverride, { where: { key: rule.key }, lock: { mode: 'pessimistic_write' } });
      const version = row?.version ?? 0;
      if (req.expectedVersion !== undefined && req.expectedVersion !== version) {
        throw new AppError('STALE_VERSION', `The rule ${rule.key} changed since version ${req.expectedVersion} (now ${version}): reload it`, { currentVersion: version });
      }
      const next: NotificationRuleOverride = {
        key: rule.key,
        recipients: req.recipients ?? row?.recipients ?? null,
        titleTemplate: req.titleTemplate ?? row?.titleTemplate ?? null,
        bodyTemplate: req.bodyTemplate ?? row?.bodyTemplate ?? null,
        urgent: req.urgent ?? row?.urgent ?? null,
        enabled: req.enabled ?? row?.enabled ?? null,
        version: version + 1,
        updatedAt: this.clock.now(),
        updatedBy: caller.username,
      };
      await m.upsert(NotificationRuleOverride, next, ['key']);
      return toView(withOverride(rule, overrideOf(next)), next);
    });
  }

  private placeholders(rule: NotificationRule): string {
    return placeholdersOf(rule.eventType)
      .map((p) => `{{${p}}}`)
      .join(', ');
  }

  private known(key: string): NotificationRule {
    const rule = defaultRule(key);
    if (!rule) throw new AppError('NOT_FOUND', `No notification rule ${key}`);
    return rule;
  }
}
