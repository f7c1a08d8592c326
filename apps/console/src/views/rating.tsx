import { type FormEvent, useState } from 'react';
import { api, must, problemOf, type Ticket } from '../api/client';
import { ErrorNote, Field, useAction } from '../components';
import { useI18n } from '../i18n';

const SCORES = [5, 4, 3, 2, 1] as const;
const COMMENT_MAX = 1000;

/** A rating as stars: ★★★★☆. */
export function Stars({ score }: { score: number }) {
  const { e } = useI18n();
  return (
    <span className="stars" title={e('score', String(score))} data-score={score}>
      {'★'.repeat(score)}
      <span className="stars-off">{'★'.repeat(5 - score)}</span>
    </span>
  );
}

/** The customer's rating of its closed ticket (满意度评价): a score of 1 to 5 and a comment, given once. */
export function RatingForm({ ticket, onRated, onCancel }: { ticket: Ticket; onRated: (rated: Ticket) => void; onCancel: () => void }) {
  const { t, e } = useI18n();
  const [score, setScore] = useState<number>();
  const [comment, setComment] = useState('');
  const submit = useAction();
  const send = async (ev: FormEvent) => {
    ev.preventDefault();
    if (score === undefined) return;
    await submit.run(async () =>
      onRated(await must(api.POST('/api/v1/faults/{id}/rating', { params: { path: { id: ticket.id } }, body: { score, ...(comment.trim() ? { comment: comment.trim() } : {}) } }))),
    );
  };
  const code = problemOf(submit.error)?.code;
  return (
    <form className="panel rating-form" aria-label={t('rateTicket')} onSubmit={send} data-ticket={ticket.number}>
      <header className="panel-head">
        <h2>
          {t('rateTicket')} {ticket.number}
        </h2>
      </header>
      <fieldset>
        <legend>{t('score')}</legend>
        <div className="scores">
          {SCORES.map((s) => (
            <label key={s} className={score === s ? 'score chosen' : 'score'}>
              <input type="radio" name="score" value={s} checked={score === s} onChange={() => setScore(s)} required />
              <Stars score={s} /> {e('score', String(s))}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label={`${t('comment')} (≤ ${COMMENT_MAX})`} wide>
        <textarea name="comment" rows={3} maxLength={COMMENT_MAX} value={comment} onChange={(ev) => setComment(ev.target.value)} />
      </Field>
      {code === 'TICKET_ALREADY_RATED' && (
        <div className="error" role="alert" data-code={code}>
          {t('alreadyRated')}
        </div>
      )}
      {code === 'TICKET_NOT_CLOSED' && (
        <div className="error" role="alert" data-code={code}>
          {t('notClosedYet')}
        </div>
      )}
      {code !== 'TICKET_ALREADY_RATED' && code !== 'TICKET_NOT_CLOSED' && <ErrorNote error={submit.error} />}
      <div className="actions">
        <button type="submit" disabled={submit.busy || score === undefined}>
          {t('submit')}
        </button>
        <button type="button" className="link" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
