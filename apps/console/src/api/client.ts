import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/** Types of the platform's public API, generated from the committed openapi/openapi.json (npm run console:types). */
export type Schemas = components['schemas'];
export type Ticket = Schemas['TicketView'];
export type Leg = Schemas['LegView'];
export type User = Schemas['UserView'];

/** The platform's problem+json answer (RFC 9457). */
export interface Problem {
  status: number;
  code?: string;
  detail?: string;
  errors?: { field: string; reason: string }[];
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: User;
}

const STORAGE_KEY = 'gem.console.session';

/** The session lives in sessionStorage: a closed tab signs out, a reload does not. */
export const session = {
  current(): Session | undefined {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  },
  save(s: Session | undefined): void {
    if (s) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(STORAGE_KEY);
    listeners.forEach((l) => l(s));
  },
};
const listeners = new Set<(s: Session | undefined) => void>();
export function onSessionChange(listener: (s: Session | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const api = createClient<paths>({ baseUrl: '' });

let refreshing: Promise<boolean> | undefined;

/** Exchanges the single-use refresh token once, however many requests met a 401 at the same time. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = session.current();
    if (!current) return false;
    const res = await fetch('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: current.refreshToken }),
    });
    if (!res.ok) {
      session.save(undefined);
      return false;
    }
    const next = (await res.json()) as Session;
    session.save({ accessToken: next.accessToken, refreshToken: next.refreshToken, user: next.user ?? current.user });
    return true;
  })().finally(() => (refreshing = undefined));
  return refreshing;
}

/** A copy of each request before it is sent, to send again after a refresh (a sent body cannot be read twice). */
const copies = new WeakMap<Request, Request>();
const auth: Middleware = {
  onRequest({ request }) {
    const s = session.current();
    if (s && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${s.accessToken}`);
    copies.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || request.url.includes('/auth/')) return response;
    if (!(await refreshSession())) return response;
    const again = copies.get(request);
    if (!again) return response;
    again.headers.set('authorization', `Bearer ${session.current()!.accessToken}`);
    return fetch(again);
  },
};
api.use(auth);

/**
 * The data of an answer, or the problem thrown (so a form can show the field and reason). Lists may also answer CSV
 * (text/csv, when asked for); the console always reads JSON, so the string of that alternative is not among the types.
 */
export async function must<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Exclude<T, string>> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const p = (error ?? {}) as Partial<Problem>;
    throw Object.assign(new Error(p.detail ?? response.statusText), { problem: { status: response.status, ...p } as Problem });
  }
  return data as Exclude<T, string>;
}

export function problemOf(err: unknown): Problem | undefined {
  return (err as { problem?: Problem } | undefined)?.problem;
}

/** A document (a report as PDF, a test report file) fetched with the token and handed to the browser as a download. */
export async function download(path: string, filename: string, accept = 'application/pdf'): Promise<void> {
  const res = await fetch(path, { headers: { accept, authorization: `Bearer ${session.current()?.accessToken ?? ''}` } });
  if (!res.ok) {
    const p = (await res.json().catch(() => ({}))) as Partial<Problem>;
    throw Object.assign(new Error(p.detail ?? `${res.status} ${res.statusText}`), { problem: { status: res.status, ...p } as Problem });
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
