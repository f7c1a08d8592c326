import { useEffect, useState } from 'react';
import { api, must, type Schemas, type Ticket } from '../api/client';
import { Section } from '../components';
import { enumValues, useI18n } from '../i18n';
import { isFaultEvent, useFaultClocks, useLive, useNow } from '../live';
import { Link } from '../router';
import { TicketClocks } from './ticket-clocks';

type Status = NonNullable<Ticket['status']>;
type Customer = Schemas['CustomerView'];

interface Filters {
  /** '' : every ticket not closed or cancelled. */
  status: Status | '';
  tier: NonNullable<Ticket['customerTier']> | '';
  customerId: string;
  escalated: '' | 'true' | 'false';
  overdue: '' | 'true' | 'false';
}

const DONE: Status[] = ['closed', 'cancelled'];
const bool = (v: '' | 'true' | 'false') => (v === '' ? undefined : v === 'true');

/** 故障受理工位: the open tickets with their clocks, filtered, kept current by the live stream. */
export function NocBoard() {
  const { t, e, time } = useI18n();
  const now = useNow();
  const [filters, setFilters] = useState<Filters>({ status: '', tier: '', customerId: '', escalated: '', overdue: '' });
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [customers, setCustomers] = useState<Customer[]>([]);
  const { clocks, leads, warned } = useFaultClocks(true);
  const load = async () => {
    const page = await must(
      api.GET('/api/v1/faults', {
        params: {
          query: {
            limit: 200,
            ...(filters.status ? { status: filters.status } : {}),
            ...(filters.tier ? { tier: filters.tier } : {}),
            ...(filters.customerId ? { customerId: filters.customerId } : {}),
            ...(bool(filters.escalated) !== undefined ? { escalated: bool(filters.escalated) } : {}),
            ...(bool(filters.overdue) !== undefined ? { overdue: bool(filters.overdue) } : {}),
          },
        },
      }),
    );
    setTickets(page.items);
  };
  useEffect(() => {
    void load();
  }, [filters]);
  useEffect(() => {
    void must(api.GET('/api/v1/customers', { params: { query: { limit: 200 } } })).then((p) => setCustomers(p.items));
  }, []);
  useLive(isFaultEvent, () => void load());
  const shown = tickets.filter((tk) => filters.status || !DONE.includes(tk.status));
  const set = <K extends keyof Filters>(key: K) => (ev: { target: { value: string } }) => setFilters({ ...filters, [key]: ev.target.value as Filters[K] });
  return (
    <Section
      title={t('nocBoard')}
      actions={
        <Link to="/tickets/new" className="button">
          + {t('newTicket')}
        </Link>
      }
    >
      <form className="filters" aria-label={t('filters')} onSubmit={(ev) => ev.preventDefault()}>
        <label>
          {t('status')}
          <select name="status" value={filters.status} onChange={set('status')}>
            <option value="">{t('notClosed')}</option>
            {enumValues('status').map((s) => (
              <option key={s} value={s}>
                {e('status', s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('tier')}
          <select name="tier" value={filters.tier} onChange={set('tier')}>
            <option value="">{t('all')}</option>
            {enumValues('tier').map((s) => (
              <option key={s} value={s}>
                {e('tier', s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('customer')}
          <select name="customerId" value={filters.customerId} onChange={set('customerId')}>
            <option value="">{t('all')}</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {(['escalated', 'overdue'] as const).map((k) => (
          <label key={k}>
            {t(k)}
            <select name={k} value={filters[k]} onChange={set(k)}>
              <option value="">{t('any')}</option>
              <option value="true">{t('yes')}</option>
              <option value="false">{t('no')}</option>
            </select>
          </label>
        ))}
      </form>
      <table className="board">
        <thead>
          <tr>
            <th>{t('number')}</th>
            <th>{t('customer')}</th>
            <th>{t('circuit')}</th>
            <th>{t('status')}</th>
            <th>{t('symptom')}</th>
            <th>{t('legs')}</th>
            <th>{t('clocks')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((tk) => (
            <tr key={tk.id} data-ticket={tk.number} className={tk.breaches.length > 0 ? 'breached-row' : ''}>
              <td>
                <Link to={`/tickets/${tk.id}`}>{tk.number}</Link>
                <div className="sub">{time(tk.reportedAt)}</div>
              </td>
              <td>
                {tk.customerName}
                <div className="sub">
                  <span className={`tier tier-${tk.customerTier}`}>{e('tier', tk.customerTier)}</span>
                  {tk.escalationLevel && <span className="tag warn">{t('escalated')}</span>}
                </div>
              </td>
              <td>
                {tk.circuitCode}
                <div className="sub">{e('service', tk.serviceType)}</div>
              </td>
              <td>
                <span className={`status status-${tk.status}`}>{e('status', tk.status)}</span>
              </td>
              <td className="symptom">{tk.symptom}</td>
              <td className="legs-cell">
                {(tk.legs ?? []).map((l) => (
                  <div key={l.id} data-leg={l.unit} data-leg-status={l.status}>
                    {l.unit} <span className={`leg leg-${l.status}`}>{e('leg', l.status)}</span>
                  </div>
                ))}
              </td>
              <td>
                <TicketClocks ticket={tk} clocks={clocks} now={now} leads={leads} warned={warned} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="empty">{t('noTickets')}</p>}
    </Section>
  );
}
