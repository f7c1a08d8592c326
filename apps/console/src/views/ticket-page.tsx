import { type FormEvent, lazy, Suspense, useEffect, useId, useState } from 'react';
import { api, download, type Leg, must, type Schemas, type Ticket } from '../api/client';
import { ErrorNote, Field, Section, useAction } from '../components';
import { enumValues, useI18n } from '../i18n';
import { type LegActor, mayActOnLeg } from '../legs.rules';
import { useFaultClocks, useLive, useNow } from '../live';
import { Stars } from './rating';
import { TicketClocks } from './ticket-clocks';
import { LegActions } from './unit-desk';

const LoopbackPanel = lazy(() => import('./loopback-panel'));

type Segment = Schemas['DispatchLegDto']['segment'];
type Close = Schemas['CloseBody'];
type Timeline = Schemas['TimelineEntryView'];

/**
 * A ticket: its facts and clocks, the customer's rating once closed, dispatch legs (with actions on the legs the user
 * may act on), feedback, restoration and closing, and its timeline (staff).
 */
export function TicketPage({ id, customerView, user }: { id: string; customerView: boolean; user: LegActor }) {
  const { t, e, time, lang, clockName } = useI18n();
  const { roles } = user;
  const now = useNow();
  const [ticket, setTicket] = useState<Ticket>();
  const [timeline, setTimeline] = useState<Timeline[]>([]);
  const [missing, setMissing] = useState<unknown>();
  const { clocks, leads, warned } = useFaultClocks(!customerView);
  const noc = roles.some((r) => r === 'admin' || r === 'noc');
  const unit = roles.some((r) => r === 'admin' || r === 'noc' || r === 'handling_unit');
  const load = async () => {
    try {
      setTicket(await must(api.GET('/api/v1/faults/{id}', { params: { path: { id } } })));
      if (!customerView) setTimeline(await must(api.GET('/api/v1/faults/{id}/timeline', { params: { path: { id } } })));
    } catch (err) {
      setMissing(err);
    }
  };
  useEffect(() => {
    void load();
    // Reloaded when the ticket changes (below).
  }, [id]);
  useLive((ev) => ev.data.subjectId === id || ev.data.data?.ticketId === id, () => void load());
  if (missing) return <ErrorNote error={missing} />;
  if (!ticket) return null;
  const open = ticket.status !== 'closed' && ticket.status !== 'cancelled';
  return (
    <div className="ticket-page" data-ticket={ticket.number}>
      <Section title={`${t('ticket')} ${ticket.number}`} actions={<span className={`status status-${ticket.status}`}>{e('status', ticket.status)}</span>}>
        <dl className="facts">
          <dt>{t('customer')}</dt>
          <dd>
            {ticket.customerName} <span className={`tier tier-${ticket.customerTier}`}>{e('tier', ticket.customerTier)}</span>
          </dd>
          <dt>{t('circuit')}</dt>
          <dd>
            {ticket.circuitCode} · {e('service', ticket.serviceType)}
          </dd>
          <dt>{t('direction')}</dt>
          <dd>{ticket.direction}</dd>
          <dt>{t('symptom')}</dt>
          <dd>{ticket.symptom}</dd>
          <dt>{t('faultAt')}</dt>
          <dd>{time(ticket.faultAt)}</dd>
          <dt>{t('reportedAt')}</dt>
          <dd>{time(ticket.reportedAt)}</dd>
          <dt>{t('restoredAt')}</dt>
          <dd>{time(ticket.restoredAt)}</dd>
          <dt>{t('reporterName')}</dt>
          <dd>
            {ticket.reporterName} {ticket.reporterContact}
          </dd>
          {ticket.causeDescription && (
            <>
              <dt>{customerView ? t('cause') : t('trueCause')}</dt>
              <dd data-testid="cause">
                {!customerView && ticket.causeCategory && `${e('cause', ticket.causeCategory)} · ${e('segment', ticket.causeSegment)} · `}
                {ticket.causeDescription}
              </dd>
            </>
          )}
          {!customerView && ticket.customerFacingCause && (
            <>
              <dt>{t('customerCause')}</dt>
              <dd data-testid="customer-facing-cause">
                {ticket.customerFacingCause} {ticket.causeDiffersFromCustomerReply && <span className="tag warn">{t('differs')}</span>}
              </dd>
            </>
          )}
        </dl>
        {!customerView && (
          <div className="clock-row" data-testid="ticket-clocks">
            <TicketClocks ticket={ticket} clocks={clocks} now={now} leads={leads} warned={warned} />
          </div>
        )}
        {ticket.breaches.length > 0 && (
          <p className="breaches">
            {t('breaches')}: {ticket.breaches.map((b) => `${clockName(b.kind)} (${time(b.dueAt)})`).join(lang === 'zh' ? '，' : ', ')}
          </p>
        )}
      </Section>

      {(ticket.rating || (!customerView && ticket.status === 'closed')) && <RatingView rating={ticket.rating} />}

      {!customerView && (
        <Section title={t('legs')}>
          <table className="legs">
            <thead>
              <tr>
                <th>{t('unit')}</th>
                <th>{t('segment')}</th>
                <th>{t('status')}</th>
                <th>{t('result')}</th>
                <th>
                  <span className="sr-only">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(ticket.legs ?? []).map((l) => (
                <tr key={l.id} data-leg={l.unit} data-leg-status={l.status}>
                  <td>{l.unit}</td>
                  <td>{e('segment', l.segment)}</td>
                  <td>
                    <span className={`leg leg-${l.status}`}>{e('leg', l.status)}</span>
                    <div className="sub">{time(l.acceptedAt ?? l.dispatchedAt)}</div>
                  </td>
                  <td>
                    <LegResult leg={l} ticketId={ticket.id} />
                  </td>
                  <td>{open && mayActOnLeg(user, l.unit) && <LegActions ticketId={ticket.id} leg={l} onDone={load} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {noc && open && <DispatchForm ticketId={ticket.id} onDone={load} />}
        </Section>
      )}

      {!customerView && unit && open && (
        <Suspense fallback={null}>
          <LoopbackPanel ticketId={ticket.id} timeline={timeline} onDone={load} />
        </Suspense>
      )}

      {!customerView && noc && open && (
        <div className="two">
          <FeedbackForm ticket={ticket} onDone={load} />
          <RestoreForm ticket={ticket} onDone={load} />
        </div>
      )}
      {!customerView && open && (noc || roles.includes('customer_manager')) && <MoreActions ticket={ticket} noc={noc} onDone={load} />}
      {!customerView && noc && ticket.status === 'restored' && <CloseForm ticket={ticket} onDone={load} />}

      {!customerView && (
        <Section title={t('timeline')}>
          <ol className="timeline">
            {timeline.map((entry, i) => (
              <li key={i}>
                <time>{time(entry.at)}</time> <strong>{entry.type}</strong> <span className="sub">{entry.by}</span>
                <span className="detail">{summary(entry.detail)}</span>
              </li>
            ))}
          </ol>
        </Section>
      )}
    </div>
  );
}

/** The customer's rating of the closed ticket (满意度评价): its score as stars, its comment, who rated it and when. */
function RatingView({ rating }: { rating: Ticket['rating'] }) {
  const { t, e, time } = useI18n();
  return (
    <Section title={t('customerRating')}>
      {rating ? (
        <dl className="facts" data-testid="rating" data-score={rating.score}>
          <dt>{t('score')}</dt>
          <dd>
            <Stars score={rating.score} /> {e('score', String(rating.score))}
          </dd>
          <dt>{t('ratedBy')}</dt>
          <dd data-testid="rated-by">{rating.ratedBy}</dd>
          <dt>{t('ratedAt')}</dt>
          <dd>{time(rating.ratedAt)}</dd>
          {rating.comment && (
            <>
              <dt>{t('ratingComment')}</dt>
              <dd data-testid="rating-comment">{rating.comment}</dd>
            </>
          )}
        </dl>
      ) : (
        <p className="empty" data-testid="not-rated">
          {t('notRated')}
        </p>
      )}
    </Section>
  );
}

/** A leg's result: its findings, the test report as text and the uploaded file (downloaded with the token). */
function LegResult({ leg, ticketId }: { leg: Leg; ticketId: string }) {
  const { t, e } = useI18n();
  const [error, setError] = useState<unknown>();
  if (!leg.result) return null;
  const file = leg.testReportFile;
  const fetchFile = () => download(`/api/v1/faults/${ticketId}/legs/${leg.id}/test-report-file`, file!.name, file!.mimeType).catch(setError);
  return (
    <div data-testid="leg-result">
      {`${e('result', leg.result)}：${leg.findings ?? ''}`}
      {leg.testReport && <div className="sub">{`${t('testReport')}：${leg.testReport}`}</div>}
      {file && (
        <div>
          <button type="button" className="link" data-testid="test-report-file" onClick={() => void fetchFile()}>
            📎 {file.name}
          </button>
          <span className="sub">{` ${(file.sizeBytes / 1024).toFixed(1)} KB`}</span>
        </div>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

/** A timeline entry's detail in one line: its plain values. */
function summary(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}

function DispatchForm({ ticketId, onDone }: { ticketId: string; onDone: () => Promise<void> }) {
  const { t, e } = useI18n();
  // Both access ends are dispatched together (the fault service refuses a first dispatch without either).
  const both = (): { unit: string; segment: Segment }[] => [
    { unit: '', segment: 'a_access' },
    { unit: '', segment: 'z_access' },
  ];
  const [legs, setLegs] = useState(both);
  const action = useAction();
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void action.run(async () => {
      await must(api.POST('/api/v1/faults/{id}/dispatch', { params: { path: { id: ticketId } }, body: { legs } }));
      setLegs(both());
      await onDone();
    });
  };
  return (
    <form className="dispatch" onSubmit={submit} aria-label={t('dispatch')}>
      {legs.map((leg, i) => (
        <span className="inline" key={i}>
          <input
            name={`unit-${i}`}
            aria-label={t('unit')}
            placeholder={t('unit')}
            value={leg.unit}
            required
            onChange={(ev) => setLegs(legs.map((l, j) => (j === i ? { ...l, unit: ev.target.value } : l)))}
          />
          <select
            name={`segment-${i}`}
            aria-label={t('segment')}
            value={leg.segment}
            onChange={(ev) => setLegs(legs.map((l, j) => (j === i ? { ...l, segment: ev.target.value as Segment } : l)))}
          >
            {enumValues('segment').map((s) => (
              <option key={s} value={s}>
                {e('segment', s)}
              </option>
            ))}
          </select>
        </span>
      ))}
      <button type="button" className="link" onClick={() => setLegs([...legs, { unit: '', segment: 'backbone' }])}>
        + {t('addLeg')}
      </button>
      <button type="submit" disabled={action.busy}>
        {t('dispatch')}
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

function FeedbackForm({ ticket, onDone }: { ticket: Ticket; onDone: () => Promise<void> }) {
  const { t, e } = useI18n();
  const [content, setContent] = useState('');
  const [contact, setContact] = useState(`${ticket.reporterName} ${ticket.reporterContact}`);
  const [channel, setChannel] = useState<Schemas['FeedbackBody']['channel']>('phone');
  const action = useAction();
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void action.run(async () => {
      await must(api.POST('/api/v1/faults/{id}/feedback', { params: { path: { id: ticket.id } }, body: { content, customerContact: contact, channel } }));
      setContent('');
      await onDone();
    });
  };
  return (
    <Section title={t('feedback')}>
      <form onSubmit={submit} aria-label={t('feedback')}>
        <Field label={t('feedbackContent')}>
          <textarea name="content" value={content} onChange={(ev) => setContent(ev.target.value)} required rows={2} />
        </Field>
        <Field label={t('customerContact')}>
          <input name="customerContact" value={contact} onChange={(ev) => setContact(ev.target.value)} required />
        </Field>
        <Field label={t('channel')}>
          <select name="feedbackChannel" value={channel} onChange={(ev) => setChannel(ev.target.value as typeof channel)}>
            {enumValues('via').map((s) => (
              <option key={s} value={s}>
                {e('via', s)}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" disabled={action.busy}>
          {t('submit')}
        </button>
        <ErrorNote error={action.error} />
      </form>
    </Section>
  );
}

function RestoreForm({ ticket, onDone }: { ticket: Ticket; onDone: () => Promise<void> }) {
  const { t, time } = useI18n();
  const action = useAction();
  const restore = () =>
    void action.run(async () => {
      await must(api.POST('/api/v1/faults/{id}/restore', { params: { path: { id: ticket.id } }, body: {} }));
      await onDone();
    });
  return (
    <Section title={t('restore')}>
      <p className="sub">{ticket.restoredAt ? `${t('restoredAt')}: ${time(ticket.restoredAt)}` : ''}</p>
      <button type="button" onClick={restore} disabled={action.busy || !['open', 'dispatched', 'suspended'].includes(ticket.status)}>
        {t('restore')}
      </button>
      <ErrorNote error={action.error} />
    </Section>
  );
}

/** 结单: the true cause and the cause told to the customer side by side, so a difference is marked on purpose. */
function CloseForm({ ticket, onDone }: { ticket: Ticket; onDone: () => Promise<void> }) {
  const { t, e } = useI18n();
  const [body, setBody] = useState<Close>({ causeCategory: 'operator_equipment', causeSegment: 'a_access', causeDescription: '', customerConfirmedBy: ticket.reporterName });
  const action = useAction();
  const set = (key: keyof Close) => (ev: { target: { value: string } }) => setBody({ ...body, [key]: ev.target.value });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void action.run(async () => {
      const sent = { ...body };
      if (!sent.customerFacingCause) delete sent.customerFacingCause;
      await must(api.POST('/api/v1/faults/{id}/close', { params: { path: { id: ticket.id } }, body: sent }));
      await onDone();
    });
  };
  return (
    <Section title={t('close')}>
      <form onSubmit={submit} aria-label={t('close')}>
        <div className="two">
          <fieldset>
            <legend>{t('trueCause')}</legend>
            <Field label={t('causeCategory')}>
              <select name="causeCategory" value={body.causeCategory} onChange={set('causeCategory')}>
                {enumValues('cause').map((s) => (
                  <option key={s} value={s}>
                    {e('cause', s)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('causeSegment')}>
              <select name="causeSegment" value={body.causeSegment} onChange={set('causeSegment')}>
                {enumValues('segment').map((s) => (
                  <option key={s} value={s}>
                    {e('segment', s)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('causeDescription')}>
              <textarea name="causeDescription" value={body.causeDescription} onChange={set('causeDescription')} required rows={2} />
            </Field>
          </fieldset>
          <fieldset>
            <legend>{t('customerCause')}</legend>
            <Field label={t('customerFacingCause')}>
              <textarea name="customerFacingCause" value={body.customerFacingCause ?? ''} onChange={set('customerFacingCause')} rows={2} />
            </Field>
            <Field label={t('customerConfirmedBy')}>
              <input name="customerConfirmedBy" value={body.customerConfirmedBy} onChange={set('customerConfirmedBy')} required />
            </Field>
            {body.customerFacingCause && body.customerFacingCause !== body.causeDescription && <p className="tag warn">{t('differs')}</p>}
          </fieldset>
        </div>
        <button type="submit" disabled={action.busy}>
          {t('close')}
        </button>
        <ErrorNote error={action.error} />
      </form>
    </Section>
  );
}

type Escalate = Schemas['EscalateBody'];

/** Escalation step by step, suspension (挂起) and resumption, and the repair of the root fault after restoration. */
function MoreActions({ ticket, noc, onDone }: { ticket: Ticket; noc: boolean; onDone: () => Promise<void> }) {
  const { t, e } = useI18n();
  const action = useAction();
  const [level, setLevel] = useState<Escalate['level']>('supervisor');
  const [text, setText] = useState('');
  const path = { params: { path: { id: ticket.id } } };
  const hint = useId();
  const run = (call: () => Promise<unknown>) =>
    void action.run(async () => {
      await call();
      setText('');
      await onDone();
    });
  return (
    <Section title={t('moreActions')}>
      <div className="dispatch more-actions">
        <Field label={t('escalationLevel')}>
          <select name="escalationLevel" value={level} onChange={(ev) => setLevel(ev.target.value as Escalate['level'])}>
            {(['supervisor', 'department', 'company'] as const).map((l) => (
              <option key={l} value={l}>
                {e('level', l)}
              </option>
            ))}
          </select>
        </Field>
        <label className="field action-note">
          <span>{t('actionNote')}</span>
          <input name="actionNote" aria-describedby={hint} value={text} onChange={(ev) => setText(ev.target.value)} />
        </label>
        <button type="button" disabled={action.busy || !text} onClick={() => run(() => must(api.POST('/api/v1/faults/{id}/escalations', { ...path, body: { level, reason: text } })))}>
          {t('escalate')}
        </button>
        {noc && ticket.status === 'dispatched' && (
          <button type="button" disabled={action.busy || !text} onClick={() => run(() => must(api.POST('/api/v1/faults/{id}/suspend', { ...path, body: { customerConfirmedBy: text } })))}>
            {t('suspend')}
          </button>
        )}
        {noc && ticket.status === 'suspended' && (
          <button type="button" disabled={action.busy || !text} onClick={() => run(() => must(api.POST('/api/v1/faults/{id}/resume', { ...path, body: { reason: text } })))}>
            {t('resume')}
          </button>
        )}
        {noc && !ticket.repairedAt && ticket.status !== 'open' && (
          <button type="button" disabled={action.busy} onClick={() => run(() => must(api.POST('/api/v1/faults/{id}/repair', { ...path, body: {} })))}>
            {t('repair')}
          </button>
        )}
      </div>
      <p className="sub" id={hint}>
        {t('actionNoteHint')}
      </p>
      <ErrorNote error={action.error} />
    </Section>
  );
}
