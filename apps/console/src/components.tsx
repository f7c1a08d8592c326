import { type ReactNode, useState } from 'react';
import { problemOf } from './api/client';
import { ClockRow, clockState, formatLeft, WarnLeads, warnLeadMs } from './clock.rules';
import { useI18n } from './i18n';

/** One time limit counting down: green, amber inside its warning lead, red once breached. */
export function ClockChip({ clock, now, leads, warned, label }: { clock: ClockRow; now: number; leads: WarnLeads; warned: boolean; label?: string }) {
  const { t, lang, clockName } = useI18n();
  const state = clockState(clock, now, warnLeadMs(clock, leads), warned);
  const left = clock.dueAt ? Date.parse(clock.dueAt) - now : undefined;
  const name = label ?? clockName(clock.kind);
  const text = state === 'paused' ? t('clockPaused') : left === undefined ? t('notAvailable') : formatLeft(left, lang);
  return (
    <span className={`clock clock-${state}`} data-kind={clock.kind} data-state={state} title={clock.dueAt ?? ''}>
      <span className="clock-name">{name}</span>
      <span className="clock-left">{text}</span>
      {(state === 'warn' || state === 'breached') && <span className="sr-only">{t(state === 'warn' ? 'clockWarn' : 'clockBreached')}</span>}
    </span>
  );
}

export function Field({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <label className={wide ? 'field wide' : 'field'}>
      <span>{label}</span>
      {children}
    </label>
  );
}

/** What the platform refused, with each field and reason of a 400. */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const p = problemOf(error);
  return (
    <div className="error" role="alert">
      {p ? `${p.status} ${p.code ?? ''}: ${p.detail ?? ''}` : String((error as Error).message ?? error)}
      {p?.errors && (
        <ul>
          {p.errors.map((f) => (
            <li key={f.field}>
              {f.field}: {f.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Runs an action once at a time and keeps what it threw for the form to show. */
export function useAction(): { busy: boolean; error: unknown; run: (action: () => Promise<unknown>) => Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="panel">
      <header className="panel-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}
