import { useEffect, useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { ErrorNote, Section, useAction } from '../components';
import { type Key, useI18n } from '../i18n';
import { AdminCalendar } from './admin-calendar';
import { AdminSettings } from './admin-settings';
import { AdminUsers } from './admin-users';

type Delivery = Schemas['DeliveryView'];
type Tab = 'users' | 'calendar' | 'settings' | 'dead';
const TABS: [Tab, Key][] = [
  ['users', 'users'],
  ['calendar', 'calendar'],
  ['settings', 'settings'],
  ['dead', 'deadLetters'],
];

/** Administration (DOMAIN.md: calendars, time limits, users): users and roles, the working-day calendar, every service's limits, dead letters. */
export function Admin() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('users');
  return (
    <div className="admin">
      <nav className="tabs" aria-label={t('admin')}>
        {TABS.map(([id, label]) => (
          <button key={id} type="button" className={tab === id ? 'active' : ''} aria-pressed={tab === id} onClick={() => setTab(id)}>
            {t(label)}
          </button>
        ))}
      </nav>
      {tab === 'users' && <AdminUsers />}
      {tab === 'calendar' && <AdminCalendar />}
      {tab === 'settings' && <AdminSettings />}
      {tab === 'dead' && <DeadLetters />}
    </div>
  );
}

/**
 * Deliveries every attempt of which failed: sent again on request, their attempts kept. A list that could not be read
 * (the notifier down) says so: "none" only when the notifier answered none.
 */
function DeadLetters() {
  const { t, time } = useI18n();
  const [dead, setDead] = useState<Delivery[]>();
  const loading = useAction();
  const retry = useAction();
  const load = async () => setDead((await must(api.GET('/api/v1/notifications/dead-letters', { params: { query: { limit: 50 } } }))).items);
  useEffect(() => {
    void loading.run(load);
  }, []);
  return (
    <Section title={t('deadLetters')}>
      <ErrorNote error={loading.error} />
      {dead?.length === 0 && (
        <p className="empty" data-testid="no-dead-letters">
          {t('noDeadLetters')}
        </p>
      )}
      <ul className="reports">
        {(dead ?? []).map((d) => (
          <li key={d.id}>
            <span>
              {d.channel} · {d.recipientName ?? d.address} · {d.title ?? d.eventType}
              <div className="sub">
                {time(d.createdAt)} {d.lastError}
              </div>
            </span>
            <button
              type="button"
              className="link"
              onClick={() => void retry.run(async () => (await must(api.POST('/api/v1/notifications/{id}/retry', { params: { path: { id: d.id } } })), await load()))}
            >
              {t('retry')}
            </button>
          </li>
        ))}
      </ul>
      <ErrorNote error={retry.error} />
    </Section>
  );
}
