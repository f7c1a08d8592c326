import { useEffect, useState } from 'react';
import { api, must, type Schemas, type User } from '../api/client';
import { ErrorNote, Section, useAction } from '../components';
import { useI18n } from '../i18n';

type Delivery = Schemas['DeliveryView'];

/** Administration: users and their roles, the fault limits in force (with their defaults), and dead letters to send again. */
export function Admin() {
  const { lang, time } = useI18n();
  const zh = lang === 'zh';
  const [users, setUsers] = useState<User[]>([]);
  const [settings, setSettings] = useState<Schemas['SettingsView']>();
  const [dead, setDead] = useState<Delivery[]>([]);
  const retry = useAction();
  const loadDead = async () => setDead((await must(api.GET('/api/v1/notifications/dead-letters', { params: { query: { limit: 50 } } }))).items);
  useEffect(() => {
    void must(api.GET('/api/v1/users', { params: { query: { limit: 200 } } })).then((p) => setUsers(p.items));
    void must(api.GET('/api/v1/settings/fault')).then(setSettings);
    void loadDead().catch(() => undefined);
  }, []);
  return (
    <div>
      <Section title={zh ? '用户与角色' : 'Users and roles'}>
        <table className="board">
          <thead>
            <tr>
              <th>{zh ? '用户名' : 'Username'}</th>
              <th>{zh ? '姓名' : 'Name'}</th>
              <th>{zh ? '角色' : 'Roles'}</th>
              <th>{zh ? '处理工位 / 客户' : 'Unit / customer'}</th>
              <th>{zh ? '状态' : 'Active'}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{u.roles.join(', ')}</td>
                <td>{u.unit ?? u.customerId ?? ''}</td>
                <td>{u.active ? (zh ? '启用' : 'active') : zh ? '停用' : 'disabled'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <div className="two">
        <Section title={zh ? `故障处理时限（版本 ${settings?.version ?? ''}）` : `Fault limits (version ${settings?.version ?? ''})`}>
          <table className="board">
            <tbody>
              {Object.entries(settings?.values ?? {}).map(([k, v]) => (
                <tr key={k}>
                  <td>{k}</td>
                  <td>{v}</td>
                  <td className="sub">{settings?.defaults?.[k] !== v ? `(${zh ? '默认' : 'default'} ${settings?.defaults?.[k]})` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <Section title={zh ? '死信（发送失败）' : 'Dead letters'}>
          {dead.length === 0 && <p className="empty">{zh ? '没有死信' : 'None'}</p>}
          <ul className="reports">
            {dead.map((d) => (
              <li key={d.id}>
                <span>
                  {d.channel} · {d.recipientName ?? d.address} · {d.title ?? d.eventType}
                  <div className="sub">
                    {time(d.createdAt)} {d.lastError}
                  </div>
                </span>
                <button
                  type="button"
                  className="link"
                  onClick={() => void retry.run(async () => (await must(api.POST('/api/v1/notifications/{id}/retry', { params: { path: { id: d.id } } })), await loadDead()))}
                >
                  {zh ? '重发' : 'Retry'}
                </button>
              </li>
            ))}
          </ul>
          <ErrorNote error={retry.error} />
        </Section>
      </div>
    </div>
  );
}
