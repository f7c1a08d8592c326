import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { ErrorNote, Field, Section, useAction } from '../components';
import { useLive } from '../live';
import { opsValues, useOpsI18n } from '../ops-i18n';
import { Link } from '../router';

type Order = Schemas['OrderView'];
/** OrderDeadlineView as answered (the generated type loses its nullable strings and boolean). */
interface Deadline {
  kind: string;
  dueAt: string | null;
  status: string;
  breachedAt: string | null;
  met: boolean | null;
  provisional: boolean;
}
type Record_ = Schemas['OrderRecordView'];
type Step = Order['step'];

const STEPS = ['review', 'survey', 'plan', 'construction', 'testing', 'completion', 'handover'] as const;

/** The limits each step is measured by (the due date belongs to testing: it is measured at the whole-route completion). */
const STEP_DEADLINES: Record<(typeof STEPS)[number], (kind: string) => boolean> = {
  review: () => false,
  survey: (k) => k === 'survey',
  plan: (k) => k === 'plan',
  construction: (k) => k === 'weekly-report' || k.startsWith('segment:'),
  testing: (k) => k === 'due',
  completion: (k) => k === 'completion-record',
  handover: (k) => k === 'handover-form',
};

const isLate = (d: Deadline) => d.breachedAt !== null || d.met === false;

/**
 * 售中七步法 for one order: where it stands in the seven steps, each step's limits on the working-day calendar (as the
 * provisioning service computed them, provisional ones marked), its violations and warnings, the form of its current
 * step, and its timeline. Reloaded on `order.changed`.
 */
export default function OrderPage({ id }: { id: string }) {
  const { o, oe, time, clockName } = useOpsI18n();
  const [order, setOrder] = useState<Order>();
  const [timeline, setTimeline] = useState<Record_[]>([]);
  const [missing, setMissing] = useState<unknown>();
  const load = async () => {
    try {
      setOrder(await must(api.GET('/api/v1/orders/{id}', { params: { path: { id } } })));
      setTimeline(await must(api.GET('/api/v1/orders/{id}/timeline', { params: { path: { id } } })));
    } catch (err) {
      setMissing(err);
    }
  };
  useEffect(() => {
    void load();
  }, [id]);
  useLive((ev) => ev.event === 'order.changed' && ev.data.subjectId === id, () => void load());
  if (missing) return <ErrorNote error={missing} />;
  if (!order) return null;
  const at = STEPS.indexOf(order.step as (typeof STEPS)[number]);
  const finished = order.step === 'done';
  const deadlines = order.deadlines as unknown as Deadline[];
  return (
    <div className="order-page" data-order={order.number} data-step={order.step}>
      <Section
        title={`${o('order')} ${order.number}`}
        actions={
          <span>
            <Link to="/orders">← {o('orderSteps')}</Link> <span className={`status ${finished ? 'status-restored' : 'status-dispatched'}`}>{oe('step', order.step)}</span>
          </span>
        }
      >
        <dl className="facts">
          <dt>{o('orderType')}</dt>
          <dd>
            {oe('orderType', order.type)} · {order.circuitCode} · {order.serviceType}
            {order.urgent && <span className="tag warn">{o('urgent')}</span>}
            {order.crossDomain && <span className="tag">{o('crossDomain')}</span>}
          </dd>
          <dt>{o('requiredBy')}</dt>
          <dd>
            {order.requiredBy} <span className="sub">({o('dueAt')} {time(order.dueAt)})</span>
          </dd>
          <dt>{o('leadingBureau')}</dt>
          <dd>{order.leadingBureau ? `${order.leadingBureau.bureau}（${order.leadingBureau.rule}）` : '—'}</dd>
          <dt>{o('projectManager')}</dt>
          <dd>{order.projectManager ?? '—'}</dd>
          <dt>{o('managers')}</dt>
          <dd>{`${order.customerManager} / ${order.businessManager} / ${order.networkSupportManager}`}</dd>
          <dt>{o('requiredTest')}</dt>
          <dd>
            {oe('testType', order.requiredTest)}
            {order.inWarningPool && <span className="tag warn">{o('inWarningPool')}</span>}
          </dd>
          {order.serviceStartAt && (
            <>
              <dt>{o('serviceStartAt')}</dt>
              <dd>{time(order.serviceStartAt)}</dd>
            </>
          )}
        </dl>

        <ol className="stepper" data-testid="order-steps">
          {STEPS.map((step, i) => {
            const state = order.step === 'returned' ? 'pending' : finished || i < at ? 'done' : i === at ? 'current' : 'pending';
            const limits = deadlines.filter((d) => STEP_DEADLINES[step](d.kind));
            const late = limits.some(isLate);
            return (
              <li key={step} className={`stepper-step ${state}${late ? ' late' : ''}`} data-step={step} data-state={state} data-late={late}>
                <span className="stepper-no">{i + 1}</span>
                <strong>{oe('step', step)}</strong>
                {limits.map((d, j) => (
                  <span key={j} className={`sub due ${isLate(d) ? 'bad' : ''}`} data-kind={d.kind}>
                    {`${clockName(d.kind)} ${time(d.dueAt ?? undefined)}`}
                    {d.provisional && ' *'}
                  </span>
                ))}
              </li>
            );
          })}
        </ol>
        {deadlines.some((d) => d.provisional) && <p className="sub">* {o('provisional')}</p>}
      </Section>

      {order.violations.length > 0 ? (
        <section className="panel violations" data-testid="order-violations">
          <h2>{o('violations')}</h2>
          <ul>
            {order.violations.map((v, i) => (
              <li key={i} data-kind={v.kind}>
                <strong>{oe('violation', v.kind)}</strong> <span className="sub">{`${time(v.at)} · ${v.detail}`}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {!finished && order.step !== 'returned' && <StepForm order={order} onDone={load} />}

      <div className="two">
        <Section title={o('deadlines')}>
          <table data-testid="order-deadlines">
            <thead>
              <tr>
                <th>{o('deadline')}</th>
                <th>{o('dueAt')}</th>
                <th>{o('state')}</th>
              </tr>
            </thead>
            <tbody>
              {deadlines.map((d, i) => (
                <tr key={i} className={isLate(d) ? 'breached-row' : ''} data-kind={d.kind} data-late={isLate(d)}>
                  <td>{clockName(d.kind)}</td>
                  <td>
                    {time(d.dueAt ?? undefined)}
                    {d.provisional && <span className="tag warn">{o('provisional')}</span>}
                  </td>
                  <td>
                    {oe('deadlineStatus', d.status)}
                    {d.met === true && <span className="tag">{o('met')}</span>}
                    {isLate(d) && <span className="tag bad">{`${o('late')} ${d.breachedAt ? time(d.breachedAt) : ''}`}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <WarningsPanel order={order} onDone={load} />
      </div>

      <Section title={o('timeline')}>
        <ol className="timeline">
          {timeline.map((r, i) => (
            <li key={i}>
              <time>{time(r.occurredAt)}</time> <strong>{r.type}</strong> <span className="sub">{r.by}</span>
              <span className="detail">
                {Object.entries(r.detail)
                  .filter(([, v]) => v !== null && typeof v !== 'object')
                  .map(([k, v]) => `${k}: ${String(v)}`)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ol>
      </Section>
    </div>
  );
}

/** Posts one step action of the order with its version (If-Match), then reloads. */
function useStep(order: Order, onDone: () => Promise<void>) {
  const action = useAction();
  const post = (path: string, body: object) =>
    action.run(async () => {
      await must(fetchStep(order, path, body));
      await onDone();
    });
  return { ...action, post };
}

type StepPath =
  | '/api/v1/orders/{id}/review'
  | '/api/v1/orders/{id}/survey'
  | '/api/v1/orders/{id}/plan'
  | '/api/v1/orders/{id}/progress'
  | '/api/v1/orders/{id}/construction-done'
  | '/api/v1/orders/{id}/segments'
  | '/api/v1/orders/{id}/whole-route'
  | '/api/v1/orders/{id}/completion'
  | '/api/v1/orders/{id}/handover'
  | '/api/v1/orders/{id}/warnings'
  | '/api/v1/orders/{id}/extensions';

function fetchStep(order: Order, path: string, body: object): Promise<{ data?: unknown; error?: unknown; response: Response }> {
  const params = { path: { id: order.id }, header: { 'If-Match': `"${order.version}"` } };
  // The body of each route is checked by the gateway; the forms build them field by field.
  return api.POST(path as StepPath, { params, body: body as never } as never);
}

function StepForm({ order, onDone }: { order: Order; onDone: () => Promise<void> }) {
  const { o, oe, t } = useOpsI18n();
  const step = useStep(order, onDone);
  const [f, setF] = useState<Record<string, string>>({});
  const [segments, setSegments] = useState([{ name: '', from: '', to: '' }]);
  const set = (k: string) => (ev: { target: { value: string } }) => setF({ ...f, [k]: ev.target.value });
  const val = (k: string, d = '') => f[k] ?? d;
  const done = () => setF({});
  const submit = (path: string, body: object) => (ev: FormEvent) => {
    ev.preventDefault();
    void step.post(path, body).then((ok) => ok && done());
  };
  const text = (k: string, label: string, required = true, rows = 2): ReactNode => (
    <Field label={label}>
      <textarea name={k} value={val(k)} onChange={set(k)} required={required} rows={rows} />
    </Field>
  );
  let form: ReactNode = null;
  switch (order.step as Step) {
    case 'review': {
      const decision = val('decision', 'approve');
      form = (
        <form onSubmit={submit('/api/v1/orders/{id}/review', decision === 'approve' ? { decision, projectManager: val('projectManager') } : { decision, reason: val('reason') })} aria-label={oe('step', 'review')}>
          <Field label={o('decision')}>
            <select name="decision" value={decision} onChange={set('decision')}>
              <option value="approve">{o('approve')}</option>
              <option value="return">{o('returnOrder')}</option>
            </select>
          </Field>
          {decision === 'approve' ? (
            <Field label={o('projectManager')}>
              <input name="projectManager" value={val('projectManager')} onChange={set('projectManager')} required />
            </Field>
          ) : (
            text('reason', o('reason'))
          )}
          <button type="submit" disabled={step.busy}>
            {t('submit')}
          </button>
        </form>
      );
      break;
    }
    case 'survey':
      form = (
        <form onSubmit={submit('/api/v1/orders/{id}/survey', { findings: val('findings'), ...(val('propertyIssues') ? { propertyIssues: val('propertyIssues') } : {}) })} aria-label={oe('step', 'survey')}>
          {text('findings', o('findings'))}
          {text('propertyIssues', o('propertyIssues'), false, 1)}
          <button type="submit" disabled={step.busy}>
            {t('submit')}
          </button>
        </form>
      );
      break;
    case 'plan':
      form = (
        <form onSubmit={submit('/api/v1/orders/{id}/plan', { summary: val('summary'), segments })} aria-label={oe('step', 'plan')}>
          {text('summary', o('summary'))}
          {segments.map((s, i) => (
            <div className="inline" key={i} data-plan-segment={i}>
              {(['name', 'from', 'to'] as const).map((k) => (
                <input
                  key={k}
                  name={`segment-${i}-${k}`}
                  aria-label={o(k === 'name' ? 'segmentName' : k)}
                  placeholder={o(k === 'name' ? 'segmentName' : k)}
                  type={k === 'name' ? 'text' : 'date'}
                  value={s[k]}
                  required
                  onChange={(ev) => setSegments(segments.map((x, j) => (j === i ? { ...x, [k]: ev.target.value } : x)))}
                />
              ))}
            </div>
          ))}
          <button type="button" className="link" onClick={() => setSegments([...segments, { name: '', from: '', to: '' }])}>
            + {o('addSegment')}
          </button>
          <button type="submit" disabled={step.busy}>
            {t('submit')}
          </button>
        </form>
      );
      break;
    case 'construction':
      form = (
        <>
          <form
            onSubmit={submit('/api/v1/orders/{id}/progress', { thisWeek: val('thisWeek'), nextWeek: val('nextWeek'), ...(val('warnItems') ? { warnItems: val('warnItems') } : {}) })}
            aria-label={o('weeklyReport')}
          >
            <div className="two">
              {text('thisWeek', o('thisWeek'))}
              {text('nextWeek', o('nextWeek'))}
            </div>
            {text('warnItems', o('warnItems'), false, 1)}
            <button type="submit" disabled={step.busy}>
              {o('weeklyReport')}
            </button>
          </form>
          <p>
            <button type="button" disabled={step.busy} onClick={() => void step.post('/api/v1/orders/{id}/construction-done', {})}>
              {o('constructionDone')}
            </button>
          </p>
        </>
      );
      break;
    case 'testing':
      form = (
        <>
          <ul className="segments" data-testid="order-segments">
            {order.segments.map((s) => (
              <li key={s.name} data-segment={s.name} data-done={Boolean(s.completedAt)}>
                <strong>{s.name}</strong> <span className="sub">{`${s.from} → ${s.to}`}</span>{' '}
                {s.completedAt ? (
                  <span className="tag">{`${o('completedAt')} ${s.completedAt.slice(0, 10)}`}</span>
                ) : (
                  <button type="button" disabled={step.busy} onClick={() => void step.post('/api/v1/orders/{id}/segments', { segment: s.name })}>
                    {o('segmentDone')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <form
            onSubmit={submit('/api/v1/orders/{id}/whole-route', {
              testType: val('testType', order.requiredTest),
              testReport: val('testReport'),
              reportingBureau: val('reportingBureau', order.leadingBureau?.bureau ?? ''),
              ...(val('overrideReason') ? { overrideReason: val('overrideReason') } : {}),
            })}
            aria-label={o('wholeRoute')}
          >
            <div className="grid-form">
              <Field label={o('testType')}>
                <select name="testType" value={val('testType', order.requiredTest)} onChange={set('testType')}>
                  {opsValues('testType').map((v) => (
                    <option key={v} value={v}>
                      {oe('testType', v)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={o('reportingBureau')}>
                <input name="reportingBureau" value={val('reportingBureau', order.leadingBureau?.bureau ?? '')} onChange={set('reportingBureau')} required />
              </Field>
              <Field label={o('overrideReason')}>
                <input name="overrideReason" value={val('overrideReason')} onChange={set('overrideReason')} />
              </Field>
            </div>
            {text('testReport', o('testReport'))}
            <button type="submit" disabled={step.busy}>
              {o('wholeRoute')}
            </button>
          </form>
        </>
      );
      break;
    case 'completion':
      form = (
        <button type="button" disabled={step.busy} onClick={() => void step.post('/api/v1/orders/{id}/completion', {})}>
          {o('recordCompletion')}
        </button>
      );
      break;
    case 'handover':
      form = (
        <form
          onSubmit={submit('/api/v1/orders/{id}/handover', { signature: val('signature', 'customer_signed'), ...(val('signedBy') ? { signedBy: val('signedBy') } : {}) })}
          aria-label={o('handover')}
        >
          <Field label={o('signature')}>
            <select name="signature" value={val('signature', 'customer_signed')} onChange={set('signature')}>
              {opsValues('signature').map((v) => (
                <option key={v} value={v}>
                  {oe('signature', v)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={o('signedBy')}>
            <input name="signedBy" value={val('signedBy')} onChange={set('signedBy')} />
          </Field>
          <button type="submit" disabled={step.busy}>
            {o('handover')}
          </button>
        </form>
      );
      break;
  }
  return (
    <Section title={`${o('step')}：${oe('step', order.step)}`}>
      <div data-testid="step-form" data-step={order.step}>
        {form}
      </div>
      <ErrorNote error={step.error} />
    </Section>
  );
}

/** 预警 and 延期: a warning with its reason (timely or not), and an extension for a customer reason. */
function WarningsPanel({ order, onDone }: { order: Order; onDone: () => Promise<void> }) {
  const { o, oe, time } = useOpsI18n();
  const step = useStep(order, onDone);
  const [kind, setKind] = useState<'warning' | 'extension'>('warning');
  const [reason, setReason] = useState('customer');
  const [description, setDescription] = useState('');
  const [requiredBy, setRequiredBy] = useState('');
  const open = order.step !== 'done' && order.step !== 'returned';
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const body = kind === 'warning' ? { reason, description } : { reason, description, requiredBy };
    void step.post(kind === 'warning' ? '/api/v1/orders/{id}/warnings' : '/api/v1/orders/{id}/extensions', body).then((ok) => ok && setDescription(''));
  };
  return (
    <Section title={o('warnings')}>
      <ul className="warnings" data-testid="order-warnings">
        {order.warnings.map((w, i) => (
          <li key={i}>
            {`${time(w.at)} ${oe('warningReason', w.reason)}：${w.description}`} <span className={w.timely ? 'tag' : 'tag bad'}>{w.timely ? o('timely') : o('notTimely')}</span>
          </li>
        ))}
      </ul>
      {open && (
        <form onSubmit={submit} aria-label={o('warnings')}>
          <div className="inline">
            <select aria-label={o('warnings')} value={kind} onChange={(ev) => setKind(ev.target.value as 'warning' | 'extension')}>
              <option value="warning">{o('addWarning')}</option>
              <option value="extension">{o('extend')}</option>
            </select>
            <select aria-label={o('reason')} name="warningReason" value={reason} onChange={(ev) => setReason(ev.target.value)}>
              {opsValues('warningReason').map((v) => (
                <option key={v} value={v}>
                  {oe('warningReason', v)}
                </option>
              ))}
            </select>
            {kind === 'extension' && <input type="date" aria-label={o('requiredBy')} value={requiredBy} onChange={(ev) => setRequiredBy(ev.target.value)} required />}
          </div>
          <Field label={o('description')}>
            <textarea name="warningDescription" value={description} onChange={(ev) => setDescription(ev.target.value)} required rows={2} />
          </Field>
          <button type="submit" disabled={step.busy}>
            {kind === 'warning' ? o('addWarning') : o('extend')}
          </button>
          <ErrorNote error={step.error} />
        </form>
      )}
    </Section>
  );
}
