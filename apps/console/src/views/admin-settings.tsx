import { type FormEvent, useEffect, useState } from 'react';
import { api, must, problemOf, type Schemas } from '../api/client';
import { ErrorNote, Section, useAction } from '../components';
import { useI18n } from '../i18n';

type Settings = Schemas['SettingsView'];
type Service = Settings['service'];
type HistoryEntry = Schemas['SettingsHistoryEntry'];
const SERVICES: Service[] = ['fault', 'provisioning', 'visits', 'notifier', 'reporting', 'quality'];

/** The fault limits by their Chinese names (DOMAIN.md §1); other fields show their names as the API spells them. */
const FAULT_LABELS: Record<string, string> = {
  dispatchMinutes: '审核派单时限（分钟）',
  acceptMinutes: '接单确认时限（分钟）',
  progressEveryMinutes: '进展上报间隔（分钟，带宽/MPLS VPN等）',
  progressEveryMinutesVoice: '进展上报间隔（分钟，交换/语音）',
  answerMinutes: '调度答复时限（分钟）',
  firstFeedbackMinutes: '首次反馈客户时限（分钟）',
  firstFeedbackWarnMinutes: '首次反馈提前预警（分钟）',
  feedbackEveryMinutes: '后续反馈客户间隔（分钟）',
  feedbackWarnMinutes: '后续反馈提前预警（分钟）',
  resolutionWarnMinutes: '故障历时提前预警（分钟）',
  jointHandlingImportantMinutes: '重要客户启动联合处理（分钟）',
  jointHandlingOtherMinutes: '其他客户启动联合处理（分钟）',
  onSiteImportantMinutes: '重要客户到达现场时限（分钟）',
  broadcastEveryMinutes: '联合处理期间通报间隔（分钟）',
  hotlineAnswerSeconds: '客服热线接听时限（秒）',
  maxBackdateMinutes: '补录时间最长可追溯（分钟）',
  complaintSortingImportantHours: '投诉分拣，重要（工作小时）',
  complaintSortingGeneralWorkingDays: '投诉分拣，一般（工作日）',
  complaintAnalysisImportantWorkingDays: '投诉分析定位，重要（工作日）',
  complaintAnalysisGeneralWorkingDays: '投诉分析定位，一般（工作日）',
  complaintHandlingImportantWorkingDays: '投诉处理，重要（工作日）',
  complaintHandlingGeneralWorkingDays: '投诉处理，一般（工作日）',
  complaintPlanImportantWorkingDays: '跨部门处理方案，重要（工作日）',
  complaintPlanGeneralWorkingDays: '跨部门处理方案，一般（工作日）',
};

/** The typed client knows each service's path; the form is the same for all, generated from the values. */
const pathOf = (service: Service) => `/api/v1/settings/${service}` as '/api/v1/settings/fault';

/** A typed value as sent: a number when it reads as one, else as typed (the service's 400 then names the field). */
const valueOf = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/**
 * Every service's time limits (each configurable, with DOMAIN.md's default): a form generated from the values in
 * force, the change sent with the version it was made against and a reason, a refused value's reason shown beside
 * its field, and the history of changes.
 */
export function AdminSettings() {
  const { t, e, lang, time } = useI18n();
  const [service, setService] = useState<Service>('fault');
  const [settings, setSettings] = useState<Settings>();
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [saved, setSaved] = useState<number>();
  const [unchanged, setUnchanged] = useState(false);
  const save = useAction();
  const loading = useAction();
  const load = async (s: Service) => {
    const current = await must(api.GET(pathOf(s)));
    setSettings(current);
    setDraft(Object.fromEntries(Object.entries(current.values).map(([k, v]) => [k, String(v)])));
    setHistory((await must(api.GET(`${pathOf(s)}/history` as '/api/v1/settings/fault/history', { params: { query: { limit: 20 } } }))).items);
  };
  useEffect(() => {
    // The previous service's values go at once: a service that does not answer leaves an empty form, not another's.
    setSaved(undefined);
    setSettings(undefined);
    setDraft({});
    setHistory([]);
    void loading.run(() => load(service));
  }, [service]);
  const fieldErrors = new Map((problemOf(save.error)?.errors ?? []).map((f) => [f.field, f.reason]));
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!settings) return;
    setSaved(undefined);
    const changed = Object.fromEntries(Object.entries(draft).filter(([k, v]) => valueOf(v) !== settings.values[k]).map(([k, v]) => [k, valueOf(v)]));
    setUnchanged(Object.keys(changed).length === 0);
    if (Object.keys(changed).length === 0) return;
    const body = { ...changed, expectedVersion: settings.version, ...(reason.trim() ? { reason: reason.trim() } : {}) } as Schemas['PutFaultSettingsBody'];
    await save.run(async () => {
      const next = await must(api.PUT(pathOf(service), { body }));
      setSaved(next.version);
      setReason('');
      await load(service);
    });
  };
  const label = (k: string) => (lang === 'zh' && service === 'fault' ? (FAULT_LABELS[k] ?? k) : k);
  const others = (problemOf(save.error)?.errors ?? []).filter((f) => !(f.field in draft));
  return (
    <>
      <Section
        title={`${t('settings')} · ${e('settings', service)} (${t('version')} ${settings?.version ?? ''})`}
        actions={
          <label className="inline">
            {t('service')}
            <select name="service" value={service} onChange={(ev) => setService(ev.target.value as Service)}>
              {SERVICES.map((s) => (
                <option key={s} value={s}>
                  {e('settings', s)}
                </option>
              ))}
            </select>
          </label>
        }
      >
        <ErrorNote error={loading.error} />
        {settings && <p className="sub">{settings.appliesTo}</p>}
        <form className="grid-form settings-form" aria-label={t('settings')} onSubmit={submit} noValidate>
          {Object.keys(draft).map((k) => {
            const problem = fieldErrors.get(k);
            const changed = settings && settings.values[k] !== settings.defaults[k];
            return (
              <label key={k} className={problem ? 'field invalid' : 'field'} data-field={k}>
                <span>
                  {label(k)} {changed && <span className="changed-mark">({t('defaultValue')} {settings.defaults[k]})</span>}
                </span>
                <input name={k} type="number" step="any" value={draft[k]} onChange={(ev) => setDraft({ ...draft, [k]: ev.target.value })} aria-invalid={problem !== undefined} />
                {lang === 'zh' && service === 'fault' && <span className="sub">{k}</span>}
                {problem && (
                  <span className="field-error" role="alert" data-testid={`error-${k}`}>
                    {problem}
                  </span>
                )}
              </label>
            );
          })}
          <label className="field wide">
            <span>{t('changeReason')}</span>
            <input name="reason" maxLength={500} value={reason} onChange={(ev) => setReason(ev.target.value)} />
          </label>
          <div className="wide">
            {fieldErrors.size === 0 && <ErrorNote error={save.error} />}
            {others.length > 0 && <ErrorNote error={{ message: others.map((f) => `${f.field}: ${f.reason}`).join('; ') }} />}
            {saved !== undefined && (
              <p className="note" data-testid="settings-saved">
                {t('saved')} · {t('version')} {saved}
              </p>
            )}
            {unchanged && <p className="sub">{t('noChange')}</p>}
            <button type="submit" disabled={save.busy}>
              {t('save')}
            </button>
          </div>
        </form>
      </Section>
      <Section title={t('history')}>
        <table className="board settings-history">
          <thead>
            <tr>
              <th>{t('version')}</th>
              <th>{t('at')}</th>
              <th>{t('changedBy')}</th>
              <th>{t('reason')}</th>
              <th>{t('changes')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.version} data-version={h.version}>
                <td>{h.version}</td>
                <td>{time(h.changedAt)}</td>
                <td>{h.changedBy}</td>
                <td>{h.reason ?? ''}</td>
                <td>
                  {h.changes.map((c) => (
                    <div key={c.field}>
                      {label(c.field)}: {c.from} → {c.to}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  );
}
