import { type FormEvent, lazy, type MouseEvent, Suspense, useEffect, useMemo, useState } from 'react';
import { api, onSessionChange, type Session, session } from './api/client';
import { liveEvents } from './events';
import { I18nContext, type Lang, makeI18n, useI18n } from './i18n';
import { useLiveStatus } from './live';
import { Link, navigate, usePath } from './router';
import { NewTicket } from './views/new-ticket';
import { NocBoard } from './views/noc-board';
import { Portal } from './views/portal';
import { ProvisioningBoard } from './views/provisioning-board';
import { TicketPage } from './views/ticket-page';
import { UnitDesk } from './views/unit-desk';

const OrderPage = lazy(() => import('./views/order-page'));

const LANG_KEY = 'gem.console.lang';

/** Administration is for a few users: its code loads when first opened, outside the first load's budget. */
const Admin = lazy(() => import('./views/admin').then((m) => ({ default: m.Admin })));

export const isCustomer = (s: Session) => s.user.roles.includes('customer_user');
const isNoc = (s: Session) => s.user.roles.some((r) => r === 'admin' || r === 'noc' || r === 'customer_manager' || r === 'customer_engineer');
const isProvisioning = (s: Session) => s.user.roles.some((r) => r === 'admin' || r === 'project_manager' || r === 'customer_manager');
const isAdmin = (s: Session) => s.user.roles.includes('admin');
const isUnit = (s: Session) => s.user.roles.some((r) => r === 'admin' || r === 'handling_unit');

/** Where a user lands: the customer portal, the handling unit's desk, or the NOC board. */
function home(s: Session): string {
  if (isCustomer(s)) return '/portal';
  if (!isNoc(s) && isUnit(s)) return '/unit';
  if (!isNoc(s) && isProvisioning(s)) return '/orders';
  return '/noc';
}

export function App() {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'));
  const [current, setCurrent] = useState(session.current);
  const i18n = useMemo(
    () =>
      makeI18n(lang, (next) => {
        localStorage.setItem(LANG_KEY, next);
        setLangState(next);
      }),
    [lang],
  );
  useEffect(() => onSessionChange(setCurrent), []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = i18n.t('appTitle');
  }, [lang, i18n]);
  const signedIn = current !== undefined;
  useEffect(() => {
    if (!signedIn) return;
    liveEvents.start();
    return () => liveEvents.stop();
  }, [signedIn]);
  return <I18nContext.Provider value={i18n}>{current ? <Shell session={current} /> : <SignIn />}</I18nContext.Provider>;
}

function Shell({ session: s }: { session: Session }) {
  const { t, lang, setLang } = useI18n();
  const path = usePath();
  const live = useLiveStatus();
  useEffect(() => {
    if (path === '/') navigate(home(s));
  }, [path, s]);
  const signOut = () => {
    void fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: s.refreshToken }) });
    session.save(undefined);
    history.replaceState(null, '', '/console/');
  };
  const customer = isCustomer(s);
  const ticket = /^\/tickets\/([0-9a-f-]{36})$/.exec(path);
  const order = /^\/orders\/([0-9a-f-]{36})$/.exec(path);
  return (
    <div className="shell">
      <a className="skip" href="#main" onClick={skipToMain}>
        {t('skipToMain')}
      </a>
      <header className="top">
        <h1 className="brand">{t('appTitle')}</h1>
        <nav aria-label={t('mainNav')}>
          {!customer && isNoc(s) && <Link to="/noc" current={path.startsWith('/noc')}>{t('nocBoard')}</Link>}
          {!customer && isNoc(s) && <Link to="/tickets/new" current={path === '/tickets/new'}>{t('newTicket')}</Link>}
          {!customer && isUnit(s) && <Link to="/unit" current={path.startsWith('/unit')}>{t('unitDesk')}</Link>}
          {!customer && isProvisioning(s) && <Link to="/orders" current={path.startsWith('/orders')}>{t('provisioning')}</Link>}
          {isAdmin(s) && <Link to="/admin" current={path.startsWith('/admin')}>{t('admin')}</Link>}
          {customer && <Link to="/portal" current={path === '/portal'}>{t('portal')}</Link>}
          {customer && <Link to="/portal/report" current={path === '/portal/report'}>{t('reportFault')}</Link>}
        </nav>
        {/* The connection, the user and its buttons stay together: on a narrow screen they wrap as one group. */}
        <div className="top-end">
          <span className={live ? 'live on' : 'live off'} data-testid="live" data-connected={live} role="status">
            {live ? t('live') : t('offline')}
          </span>
          <span className="who">{s.user.displayName}</span>
          <button type="button" className="link" lang={lang === 'zh' ? 'en' : 'zh-CN'} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('language')}
          </button>
          <button type="button" className="link" onClick={signOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {path === '/noc' && <NocBoard />}
        {path === '/tickets/new' && <NewTicket />}
        {path === '/portal/report' && <NewTicket customerId={s.user.customerId ?? undefined} />}
        {ticket && <TicketPage id={ticket[1]} customerView={customer} user={s.user} />}
        {path === '/unit' && <UnitDesk user={s.user} />}
        {path === '/orders' && <ProvisioningBoard />}
        {order && (
          <Suspense fallback={null}>
            <OrderPage id={order[1]} />
          </Suspense>
        )}
        {path === '/admin' && (
          <Suspense fallback={<p className="empty">…</p>}>
            <Admin />
          </Suspense>
        )}
        {path === '/portal' && <Portal customerId={s.user.customerId ?? ''} />}
      </main>
    </div>
  );
}

/** The skip link moves focus past the header and its navigation to the page's content (WCAG 2.4.1). */
function skipToMain(e: MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

function SignIn() {
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailed(false);
    const { data } = await api.POST('/api/v1/auth/login', { body: { username, password } });
    if (!data) {
      setFailed(true);
      return;
    }
    session.save({ accessToken: data.accessToken, refreshToken: data.refreshToken, user: data.user });
  };
  return (
    <main className="signin">
      <form onSubmit={submit} className="panel">
        <h1>{t('appTitle')}</h1>
        <label className="field">
          <span>{t('username')}</span>
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label className="field">
          <span>{t('password')}</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {failed && (
          <div className="error" role="alert">
            {t('signInFailed')}
          </div>
        )}
        <div className="actions">
          <button type="submit">{t('signIn')}</button>
          <button type="button" className="link" lang={lang === 'zh' ? 'en' : 'zh-CN'} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('language')}
          </button>
        </div>
      </form>
    </main>
  );
}
