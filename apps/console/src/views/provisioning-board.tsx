import { useEffect, useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { Section } from '../components';
import { formatLeft } from '../clock.rules';
import { useI18n } from '../i18n';
import { useLive, useNow } from '../live';
import { Link } from '../router';

type Order = Schemas['OrderView'];
const STEPS = ['review', 'survey', 'plan', 'construction', 'testing', 'completion', 'handover'] as const;

/**
 * 售中七步法: the orders in progress by step, each with its due date (on the working-day calendar, as provisioning
 * computed it), its next running limit, the warning pool and violations; reloaded on `order.changed`.
 */
export function ProvisioningBoard() {
  const { t, s, time, lang, clockName } = useI18nOrders();
  const now = useNow();
  const [orders, setOrders] = useState<Order[]>([]);
  const [pool, setPool] = useState(false);
  const load = async () =>
    setOrders((await must(api.GET('/api/v1/orders', { params: { query: { limit: 200, ...(pool ? { inWarningPool: true } : {}) } } }))).items);
  useEffect(() => {
    void load();
  }, [pool]);
  useLive((e) => e.event === 'order.changed' || (e.event.startsWith('clock.') && e.data.type.startsWith('evt.provisioning.')), () => void load());
  return (
    <Section
      title={t('provisioning')}
      actions={
        <label>
          <input type="checkbox" checked={pool} onChange={(e) => setPool(e.target.checked)} /> {t('warningPool')}
        </label>
      }
    >
      <div className="steps">
        {STEPS.map((step) => (
          <div className="step-col" key={step} data-step={step}>
            <h3>{s(step)}</h3>
            {orders
              .filter((o) => o.step === step)
              .map((o) => {
                const next = (o.deadlines ?? []).find((d) => d.status === 'running');
                const due = next?.dueAt as unknown as string | null;
                const left = due ? Date.parse(due) - now : undefined;
                return (
                  <article key={o.id} className={`order ${o.inWarningPool ? 'in-pool' : ''}`} data-order={o.number}>
                    <Link to={`/orders/${o.id}`}>
                      <strong>{o.number}</strong>
                    </Link>{' '}
                    {o.urgent && <span className="tag warn">{t('urgent')}</span>}
                    <div className="sub">{o.circuitCode ?? o.serviceType}</div>
                    <div className="sub">
                      {t('dueAt')}: {time(o.dueAt)}
                    </div>
                    {next && left !== undefined && (
                      <span className={`clock clock-${next.breachedAt || left < 0 ? 'breached' : 'ok'}`} data-kind={next.kind}>
                        <span className="clock-name">{clockName(next.kind)}</span>
                        <span className="clock-left">{formatLeft(left, lang)}</span>
                      </span>
                    )}
                    {o.inWarningPool && <span className="tag warn">{t('warningPool')}</span>}
                    {o.violations.length > 0 && <span className="tag bad">{`${t('violations')} ${o.violations.length}`}</span>}
                  </article>
                );
              })}
          </div>
        ))}
      </div>
    </Section>
  );
}

const words = {
  zh: {
    provisioning: '开通看板（售中七步法）', warningPool: '预警池', violations: '违规', urgent: '紧急', dueAt: '要求完成',
    review: '订单审核', survey: '资源勘察', plan: '实施方案', construction: '工程施工', testing: '业务测试', completion: '竣工', handover: '交接',
  },
  en: {
    provisioning: 'Provisioning (seven steps)', warningPool: 'Warning pool', violations: 'Violations', urgent: 'Urgent', dueAt: 'Due',
    review: 'Review', survey: 'Survey', plan: 'Plan', construction: 'Construction', testing: 'Testing', completion: 'Completion', handover: 'Handover',
  },
};

function useI18nOrders() {
  const { lang, time, clockName } = useI18n();
  const w = words[lang] as Record<string, string>;
  return { lang, time, clockName, t: (k: keyof (typeof words)['zh']) => w[k], s: (step: string) => w[step] ?? step };
}
