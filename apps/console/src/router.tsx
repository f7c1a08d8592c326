import { type MouseEvent, type ReactNode, useSyncExternalStore } from 'react';

export const BASE = '/console';

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
};

/** The path inside the console ("/noc", "/tickets/…"), from the address bar. */
export function usePath(): string {
  const full = useSyncExternalStore(subscribe, () => location.pathname);
  const path = full.startsWith(BASE) ? full.slice(BASE.length) : full;
  return path === '' ? '/' : path;
}

export function navigate(path: string): void {
  history.pushState(null, '', `${BASE}${path}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** A link inside the console; `current` marks the page the user is on (aria-current="page", styled as active). */
export function Link({ to, children, className, current }: { to: string; children: ReactNode; className?: string; current?: boolean }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={`${BASE}${to}`} onClick={onClick} className={current ? `${className ?? ''} active`.trim() : className} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
