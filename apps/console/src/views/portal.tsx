import { useEffect, useState } from 'react';
import { api, download, must, type Schemas, type Ticket } from '../api/client';
import { ErrorNote, Section, useAction } from '../components';
import { useI18n } from '../i18n';
import { isFaultEvent, useLive } from '../live';
import { Link } from '../router';

type Circuit = Schemas['CircuitView'];
type Report = Schemas['FaultReportView'];

/**
 * The customer portal: its circuits, its tickets followed live (the customer's view the fault service projects: the
 * cause it was told, no legs or escalations), and the fault reports submitted to it, as PDF.
 */
export function Portal({ customerId }: { customerId: string }) {
  const { t, e, time } = useI18n();
  const [circuits, setCircuits] = useState<Circuit[]>([]);
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const [reports, setReports] = useState<Report[]>([]);
  const [customer, setCustomer] = useState<Schemas['CustomerView']>();
  const fetching = useAction();
  const loadTickets = async () => setTickets((await must(api.GET('/api/v1/faults', { params: { query: { limit: 100 } } }))).items);
  useEffect(() => {
    void loadTickets();
    void must(api.GET('/api/v1/circuits', { params: { query: { limit: 200 } } })).then((p) => setCircuits(p.items));
    void must(api.GET('/api/v1/reports/faults', { params: { query: { limit: 50 } } })).then((p) => setReports(p.items));
    if (customerId) void must(api.GET('/api/v1/customers/{id}', { params: { path: { id: customerId } } })).then(setCustomer);
  }, [customerId]);
  useLive(isFaultEvent, () => void loadTickets());
  return (
    <div className="portal">
      {customer && (
        <p className="welcome">
          {customer.name} <span className={`tier tier-${customer.tier}`}>{e('tier', customer.tier)}</span>
        </p>
      )}
      <Section
        title={t('myTickets')}
        actions={
          <Link to="/portal/report" className="button">
            + {t('reportFault')}
          </Link>
        }
      >
        <table className="board">
          <thead>
            <tr>
              <th>{t('number')}</th>
              <th>{t('circuit')}</th>
              <th>{t('status')}</th>
              <th>{t('symptom')}</th>
              <th>{t('reportedAt')}</th>
              <th>{t('restoredAt')}</th>
              <th>{t('cause')}</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((tk) => (
              <tr key={tk.id} data-ticket={tk.number}>
                <td>
                  <Link to={`/tickets/${tk.id}`}>{tk.number}</Link>
                </td>
                <td>{tk.circuitCode}</td>
                <td>
                  <span className={`status status-${tk.status}`}>{e('status', tk.status)}</span>
                </td>
                <td className="symptom">{tk.symptom}</td>
                <td>{time(tk.reportedAt)}</td>
                <td>{time(tk.restoredAt)}</td>
                <td data-testid="cause">{tk.causeDescription ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {tickets.length === 0 && <p className="empty">{t('noTickets')}</p>}
      </Section>
      <div className="two">
        <Section title={t('myCircuits')}>
          <table className="board">
            <thead>
              <tr>
                <th>{t('circuit')}</th>
                <th>{t('serviceType')}</th>
                <th>{t('bandwidth')}</th>
                <th>{t('business')}</th>
              </tr>
            </thead>
            <tbody>
              {circuits.map((c) => (
                <tr key={c.id}>
                  <td>
                    {c.code}
                    <div className="sub">
                      {c.aEnd.city}—{c.zEnd.city}
                    </div>
                  </td>
                  <td>{e('service', c.serviceType)}</td>
                  <td>{c.bandwidthMbps} Mbps</td>
                  <td>{c.business}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <Section title={t('reports')}>
          {reports.length === 0 && <p className="empty">{t('noReports')}</p>}
          <ul className="reports">
            {reports.map((r) => (
              <li key={r.ticketId}>
                {(r.number ?? r.ticketId)}
                <button type="button" className="link" onClick={() => void fetching.run(() => download(`/api/v1/reports/faults/${r.ticketId}`, `${(r.number ?? r.ticketId)}.pdf`))}>
                  {t('download')}
                </button>
              </li>
            ))}
          </ul>
          <ErrorNote error={fetching.error} />
        </Section>
      </div>
    </div>
  );
}
