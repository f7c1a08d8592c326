import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { api, type Leg, must, type Schemas, type Ticket } from '../api/client';
import { ErrorNote, Section, useAction } from '../components';
import { enumValues, useI18n } from '../i18n';
import { type LegActor, mayActOnLeg } from '../legs.rules';
import { useOpsI18n } from '../ops-i18n';
import { isFaultEvent, useFaultClocks, useLive, useNow } from '../live';
import { Link } from '../router';
import { TicketClocks } from './ticket-clocks';

type Result = Schemas['LegResultBody']['result'];
type ReportFile = NonNullable<Schemas['LegResultBody']['testReportFile']>;
type Segment = NonNullable<Schemas['ProgressBody']['faultySegment']>;

const FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'];
const MAX_FILE_BYTES = 512 * 1024;

/** A chosen file as the API takes it: name, type and base64 content (the fault service checks the bytes against the type). */
async function asReportFile(file: File): Promise<ReportFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const mimeType = (FILE_TYPES.includes(file.type) ? file.type : file.name.endsWith('.txt') ? 'text/plain' : file.type) as ReportFile['mimeType'];
  return { name: file.name, mimeType, content: btoa(binary) };
}

/**
 * 处理工位: the legs dispatched to the user's unit, to accept, report progress on and return a result for. The list
 * route's `unit` filter brings the dispatched tickets with a leg to the unit; of each, the unit's own legs are shown
 * (a ticket's other legs are other units'). A user of no unit (the NOC, an administrator) sees every unit's legs. A
 * leg has its actions only if the user may act on it (a handling unit's user: its own unit's).
 */
export function UnitDesk({ user }: { user: LegActor }) {
  const { t, e } = useI18n();
  const now = useNow();
  const unit = user.unit ?? undefined;
  const [tickets, setTickets] = useState<Ticket[]>([]);
  const { clocks, leads, warned } = useFaultClocks(true);
  const load = async () =>
    setTickets((await must(api.GET('/api/v1/faults', { params: { query: { status: 'dispatched', limit: 200, ...(unit ? { unit } : {}) } } }))).items);
  useEffect(() => {
    void load();
  }, []);
  useLive(isFaultEvent, () => void load());
  const rows = tickets.flatMap((tk) => (tk.legs ?? []).filter((l) => l.status !== 'resulted' && (!unit || l.unit === unit)).map((l) => ({ tk, l })));
  return (
    <Section title={unit ? `${t('myLegs')} · ${unit}` : t('myLegs')}>
      <table className="board">
        <thead>
          <tr>
            <th>{t('number')}</th>
            <th>{t('customer')}</th>
            <th>{t('circuit')}</th>
            <th>{t('segment')}</th>
            <th>{t('symptom')}</th>
            <th>{t('clocks')}</th>
            <th>
              <span className="sr-only">{t('actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ tk, l }) => (
            <tr key={l.id} data-ticket={tk.number} data-leg={l.unit} data-leg-status={l.status}>
              <td>
                <Link to={`/tickets/${tk.id}`}>{tk.number}</Link>
              </td>
              <td>
                {tk.customerName} <span className={`tier tier-${tk.customerTier}`}>{e('tier', tk.customerTier)}</span>
              </td>
              <td>
                {tk.circuitCode}
                <div className="sub">{tk.direction}</div>
              </td>
              <td>
                {e('segment', l.segment)}
                <div className="sub">{l.unit}</div>
              </td>
              <td className="symptom">{tk.symptom}</td>
              <td>
                <TicketClocks ticket={{ ...tk, legs: [l] }} clocks={clocks.filter((c) => c.subjectId === l.id)} now={now} leads={leads} warned={warned} />
              </td>
              <td>
                {mayActOnLeg(user, l.unit) && <LegActions ticketId={tk.id} leg={l} onDone={load} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty">{t('noLegs')}</p>}
    </Section>
  );
}

/** Accept (接单确认), then progress reports and the result; a "no fault" result needs its test report. */
export function LegActions({ ticketId, leg, onDone }: { ticketId: string; leg: Leg; onDone: () => Promise<unknown> }) {
  const { t, e } = useI18n();
  const { o } = useOpsI18n();
  const [segment, setSegment] = useState<Segment | ''>('');
  const [judgement, setJudgement] = useState('');
  const [file, setFile] = useState<File>();
  const action = useAction();
  const [open, setOpen] = useState<'progress' | 'result' | undefined>();
  const [text, setText] = useState('');
  const [source, setSource] = useState('');
  const [result, setResult] = useState<Result>('fixed');
  const [report, setReport] = useState('');
  const toggles = useRef<Partial<Record<'progress' | 'result', HTMLButtonElement | null>>>({});
  const path = { id: ticketId, legId: leg.id };
  // Escape closes the open form and gives focus back to the button that opened it.
  const onKeyDown = (ev: KeyboardEvent) => {
    if (ev.key !== 'Escape' || !open) return;
    ev.preventDefault();
    setOpen(undefined);
    toggles.current[open]?.focus();
  };
  const done = async () => {
    setOpen(undefined);
    setText('');
    setJudgement('');
    setFile(undefined);
    await onDone();
  };
  if (leg.status === 'resulted') return null;
  if (leg.status === 'dispatched') {
    return (
      <span>
        <button type="button" onClick={() => void action.run(async () => (await must(api.POST('/api/v1/faults/{id}/legs/{legId}/accept', { params: { path } })), await done()))} disabled={action.busy}>
          {t('accept')}
        </button>
        <ErrorNote error={action.error} />
      </span>
    );
  }
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    void action.run(async () => {
      if (open === 'progress') {
        const body = { source, progress: text, ...(segment ? { faultySegment: segment } : {}), ...(judgement ? { judgement } : {}) };
        await must(api.POST('/api/v1/faults/{id}/legs/{legId}/progress', { params: { path }, body }));
      } else {
        if (file && file.size > MAX_FILE_BYTES) throw new Error(o('fileTooLarge'));
        const testReportFile = file ? await asReportFile(file) : undefined;
        const body = { result, findings: text, ...(report ? { testReport: report } : {}), ...(testReportFile ? { testReportFile } : {}) };
        await must(api.POST('/api/v1/faults/{id}/legs/{legId}/result', { params: { path }, body }));
      }
      await done();
    });
  };
  return (
    <span className="leg-actions">
      <button type="button" className="link" aria-expanded={open === 'progress'} ref={(b) => void (toggles.current.progress = b)} onClick={() => setOpen(open === 'progress' ? undefined : 'progress')}>
        {t('progress')}
      </button>
      <button type="button" className="link" aria-expanded={open === 'result'} ref={(b) => void (toggles.current.result = b)} onClick={() => setOpen(open === 'result' ? undefined : 'result')}>
        {t('result')}
      </button>
      {open && (
        <form onSubmit={submit} onKeyDown={onKeyDown} className="mini" aria-label={t(open)}>
          {open === 'progress' ? (
            <input aria-label={t('source')} placeholder={t('source')} value={source} onChange={(ev) => setSource(ev.target.value)} required autoFocus />
          ) : (
            <select aria-label={t('result')} value={result} onChange={(ev) => setResult(ev.target.value as Result)} autoFocus>
              {enumValues('result').map((r) => (
                <option key={r} value={r}>
                  {e('result', r)}
                </option>
              ))}
            </select>
          )}
          <textarea aria-label={open === 'progress' ? t('progress') : t('findings')} value={text} onChange={(ev) => setText(ev.target.value)} required rows={2} />
          {open === 'progress' && (
            <>
              <select aria-label={o('faultySegment')} value={segment} onChange={(ev) => setSegment(ev.target.value as Segment | '')}>
                <option value="">{`${o('faultySegment')}：${o('none')}`}</option>
                {enumValues('segment').map((s) => (
                  <option key={s} value={s}>
                    {e('segment', s)}
                  </option>
                ))}
              </select>
              <input aria-label={o('judgement')} placeholder={o('judgement')} value={judgement} onChange={(ev) => setJudgement(ev.target.value)} />
            </>
          )}
          {open === 'result' && (
            <>
              <textarea aria-label={t('testReport')} placeholder={t('testReport')} value={report} onChange={(ev) => setReport(ev.target.value)} required={result === 'no_fault' && !file} rows={2} />
              <label className="file">
                <span>{o('testReportFile')}</span>
                <input type="file" name="testReportFile" accept=".pdf,.png,.jpg,.jpeg,.txt,application/pdf,image/png,image/jpeg,text/plain" onChange={(ev) => setFile(ev.target.files?.[0])} />
                <span className="sub">{o('testReportFileHint')}</span>
              </label>
            </>
          )}
          <button type="submit" disabled={action.busy}>
            {t('submit')}
          </button>
        </form>
      )}
      <ErrorNote error={action.error} />
    </span>
  );
}
