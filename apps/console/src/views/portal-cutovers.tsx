import { type FormEvent, useEffect, useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { ErrorNote, Field, Section, useAction } from '../components';
import { useI18n } from '../i18n';

type Cutover = Schemas['CutoverView'];
type AnswerKind = Schemas['CutoverAnswerBody']['answer'];

/** A datetime-local value (the browser's time zone) as an instant. */
const instant = (local: string) => new Date(local).toISOString();

/**
 * The customer's cutover notices (割接通知服务, DOMAIN.md §3): the planned window and its own affected circuits, the
 * notice it was given, and its answer in the current round — agree, refuse with a reason, or propose another window.
 * The last answer of a round counts; once every customer has agreed the cutover is agreed and no longer asks.
 */
export function PortalCutovers() {
  const { t, e, time, lang } = useI18n();
  const [colon, comma] = lang === 'zh' ? ['：', '、'] : [': ', ', '];
  const [cutovers, setCutovers] = useState<Cutover[]>([]);
  const loading = useAction();
  const load = async () => setCutovers((await must(api.GET('/api/v1/cutovers', { params: { query: { limit: 50 } } }))).items);
  useEffect(() => {
    // The rest of the portal stays usable while after-sales (visits) is unavailable: the section says so.
    void loading.run(load);
  }, []);
  return (
    <Section title={t('cutovers')}>
      <ErrorNote error={loading.error} />
      {!loading.error && cutovers.length === 0 && <p className="empty">{t('noCutovers')}</p>}
      {cutovers.map((c) => {
        const notice = c.notices.filter((n) => n.round === c.round).at(-1);
        const mine = c.answers.filter((a) => a.round === c.round).at(-1);
        return (
          <article key={c.id} className="cutover" data-cutover={c.title} data-status={c.status}>
            <h3>
              {c.title} <span className={`status cutover-${c.status}`}>{e('cutover', c.status)}</span>
            </h3>
            <dl className="facts">
              <dt>{t('cutoverWindow')}</dt>
              <dd>
                {time(c.windowStart)} — {time(c.windowEnd)}
              </dd>
              <dt>{t('affectedCircuits')}</dt>
              <dd>{c.circuitCodes.join(comma)}</dd>
              <dt>{t('noticeDue')}</dt>
              <dd>{notice ? time(notice.dueAt) : t('notAvailable')}</dd>
              <dt>{t('noticeSent')}</dt>
              <dd>{notice?.sentAt ? time(notice.sentAt) : t('notAvailable')}</dd>
              <dt>{t('myAnswer')}</dt>
              <dd data-testid="my-answer" data-answer={mine?.answer ?? ''}>
                {mine ? `${e('answer', mine.answer)}${mine.reason ? `${colon}${mine.reason}` : ''}${mine.proposedStart ? ` (${time(mine.proposedStart)} — ${time(mine.proposedEnd)})` : ''} · ${time(mine.answeredAt)}` : t('notAnswered')}
              </dd>
            </dl>
            <p className="sub">{c.description}</p>
            {c.status === 'awaiting-answers' && <AnswerForm cutover={c} onAnswered={load} />}
          </article>
        );
      })}
    </Section>
  );
}

function AnswerForm({ cutover, onAnswered }: { cutover: Cutover; onAnswered: () => Promise<void> }) {
  const { t, e } = useI18n();
  const [answer, setAnswer] = useState<AnswerKind>('agree');
  const [reason, setReason] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [saved, setSaved] = useState(false);
  const submit = useAction();
  const send = async (ev: FormEvent) => {
    ev.preventDefault();
    setSaved(false);
    const body: Schemas['CutoverAnswerBody'] = {
      answer,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(answer === 'propose' ? { proposedStart: instant(start), proposedEnd: instant(end) } : {}),
    };
    const ok = await submit.run(async () => {
      await must(api.POST('/api/v1/cutovers/{id}/answers', { params: { path: { id: cutover.id } }, body }));
      await onAnswered();
    });
    setSaved(ok);
  };
  return (
    <form className="answer-form" aria-label={`${t('answerCutover')} ${cutover.title}`} onSubmit={send}>
      <div className="inline">
        {(['agree', 'refuse', 'propose'] as const).map((kind) => (
          <label key={kind} className="choice">
            <input type="radio" name={`answer-${cutover.id}`} value={kind} checked={answer === kind} onChange={() => setAnswer(kind)} /> {e('answer', kind)}
          </label>
        ))}
      </div>
      {answer === 'propose' && (
        <div className="grid-form">
          <Field label={t('proposedStart')}>
            <input type="datetime-local" name="proposedStart" value={start} onChange={(ev) => setStart(ev.target.value)} required />
          </Field>
          <Field label={t('proposedEnd')}>
            <input type="datetime-local" name="proposedEnd" value={end} onChange={(ev) => setEnd(ev.target.value)} required />
          </Field>
        </div>
      )}
      <Field label={t('reason')} wide>
        <textarea name="reason" rows={2} maxLength={2000} value={reason} onChange={(ev) => setReason(ev.target.value)} required={answer === 'refuse'} />
      </Field>
      <ErrorNote error={submit.error} />
      {saved && <p className="note">{t('answerSaved')}</p>}
      <div className="actions">
        <button type="submit" disabled={submit.busy}>
          {t('answerCutover')}
        </button>
      </div>
    </form>
  );
}
