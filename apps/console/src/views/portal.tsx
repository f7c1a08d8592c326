import { useEffect, useState } from 'react';
import { api, download, must, type Schemas, type Ticket } from '../api/client';
import { ErrorNote, Field, Section, useAction } from '../components';
import { useI18n } from '../i18n';
import { isFaultEvent, useLive } from '../live';
import { Link } from '../router';
import { PortalCutovers } from './portal-cutovers';
import { RatingForm, Stars } from './rating';

type Circuit = Schemas['CircuitView'];
type Report = Schemas['FaultReportView'];

/** The previous full month in Beijing dates, the analysis report's default period. */
function previousMonth(): { from: string; to: string } {
  const today = new Date(Date.now() + 8 * 3600_000);
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/**
 * The customer portal: its circuits, its tickets followed live (the customer's view the fault service projects: the
 * cause it was told, no legs or escalations) with the rating of each closed one, its cutover notices to answer, and
 * its documents: the fault reports submitted to it and its network operation analysis report, as PDF.
 */
export function Portal({ customerId }: { customerId: string }) {
  const { t, e, time } = useI18n();
  const [circuits, setCircuits] = useState<Circuit[]>([]);
  const [tickets, setTickets] = useState<Ticket[]>();
  const [reports, setReports] = useState<Report[]>();
  const [customer, setCustomer] = useState<Schemas['CustomerView']>();
  const [rating, setRating] = useState<Ticket>();
  const [thanks, setThanks] = useState(false);
  const [period, setPeriod] = useState(previousMonth);
  const fetching = useAction();
  const analysis = useAction();
  // Each section says when its list could not be read (a service down), rather than showing it empty.
  const ticketsLoad = useAction();
  const circuitsLoad = useAction();
  const reportsLoad = useAction();
  const loadTickets = () => ticketsLoad.run(async () => setTickets((await must(api.GET('/api/v1/faults', { params: { query: { limit: 100 } } }))).items));
  useEffect(() => {
    void loadTickets();
    void circuitsLoad.run(() =>
      Promise.all([
        must(api.GET('/api/v1/circuits', { params: { query: { limit: 200 } } })).then((p) => setCircuits(p.items)),
        customerId ? must(api.GET('/api/v1/customers/{id}', { params: { path: { id: customerId } } })).then(setCustomer) : undefined,
      ]),
    );
    void reportsLoad.run(async () => setReports((await must(api.GET('/api/v1/reports/faults', { params: { query: { limit: 50 } } }))).items));
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
              <th>{t('rating')}</th>
            </tr>
          </thead>
          <tbody>
            {(tickets ?? []).map((tk) => (
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
                <td data-testid="rating">
                  {tk.rating ? (
                    <Stars score={tk.rating.score} />
                  ) : (
                    tk.status === 'closed' && (
                      <button type="button" className="link" onClick={() => (setThanks(false), setRating(tk))}>
                        {t('rate')}
                      </button>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ErrorNote error={ticketsLoad.error} />
        {tickets?.length === 0 && <p className="empty">{t('noTickets')}</p>}
        {thanks && <p className="note">{t('ratingSaved')}</p>}
      </Section>
      {rating && (
        <RatingForm
          key={rating.id}
          ticket={rating}
          onCancel={() => setRating(undefined)}
          onRated={(rated) => {
            setRating(undefined);
            setThanks(true);
            setTickets((all) => all?.map((tk) => (tk.id === rated.id ? rated : tk)));
          }}
        />
      )}
      <PortalCutovers />
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
          <ErrorNote error={circuitsLoad.error} />
        </Section>
        <Section title={t('reports')}>
          <ErrorNote error={reportsLoad.error} />
          {reports?.length === 0 && <p className="empty">{t('noReports')}</p>}
          <ul className="reports">
            {(reports ?? []).map((r) => (
              <li key={r.ticketId}>
                {(r.number ?? r.ticketId)}
                <button type="button" className="link" onClick={() => void fetching.run(() => download(`/api/v1/reports/faults/${r.ticketId}`, `${(r.number ?? r.ticketId)}.pdf`))}>
                  {t('download')}
                </button>
              </li>
            ))}
          </ul>
          <ErrorNote error={fetching.error} />
          {customerId && (
            <form
              className="analysis"
              aria-label={t('analysisReport')}
              onSubmit={(ev) => {
                ev.preventDefault();
                const query = new URLSearchParams(period).toString();
                void analysis.run(() => download(`/api/v1/reports/analysis/${customerId}?${query}`, `analysis-${period.from}-${period.to}.pdf`));
              }}
            >
              <h3>{t('analysisReport')}</h3>
              <div className="inline">
                <Field label={t('periodFrom')}>
                  <input type="date" name="from" value={period.from} onChange={(ev) => setPeriod({ ...period, from: ev.target.value })} required />
                </Field>
                <Field label={t('periodTo')}>
                  <input type="date" name="to" value={period.to} onChange={(ev) => setPeriod({ ...period, to: ev.target.value })} required />
                </Field>
                <button type="submit" disabled={analysis.busy}>
                  {t('downloadPdf')}
                </button>
              </div>
              <ErrorNote error={analysis.error} />
            </form>
          )}
        </Section>
      </div>
    </div>
  );
}
