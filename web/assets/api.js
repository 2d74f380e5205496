// Talks to the TicketWar API: JSON in and out, the session cookie, CSRF header, and errors as
// ApiError carrying the server's {"error":{"code","message"}}.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export const session = { user: null, csrfToken: null };
const listeners = new Set();
// Server clock minus ours, from the Date header: countdowns follow the server's time.
let clockOffsetMs = 0;

export function serverNow() {
  return Date.now() + clockOffsetMs;
}

// A sale's waiting-room pass (docs/waiting-room.md), kept per sale for this tab and sent with its
// holds and checkouts; read again from the room after a reload.
export function keepQueuePass(slug, pass) {
  if (pass) sessionStorage.setItem(`tw.pass.${slug}`, pass);
  else sessionStorage.removeItem(`tw.pass.${slug}`);
}

export function queuePassHeaders(slug) {
  const pass = sessionStorage.getItem(`tw.pass.${slug}`);
  return pass ? { 'X-Queue-Pass': pass } : {};
}

export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function setSession(user, csrfToken) {
  session.user = user;
  session.csrfToken = csrfToken;
  for (const fn of listeners) fn(session);
}

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (session.csrfToken && method !== 'GET') h['X-CSRF-Token'] = session.csrfToken;
  let res;
  try {
    res = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach TicketWar. Check your connection and try again.');
  }
  const date = Date.parse(res.headers.get('Date') || '');
  if (!Number.isNaN(date) && Math.abs(date - Date.now()) > 2000) clockOffsetMs = date - Date.now();
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = data && data.error ? data.error : { code: 'http_' + res.status, message: 'Unexpected answer (' + res.status + ')' };
    if (res.status === 401 && session.user && path !== '/api/auth/signin') setSession(null, null);
    throw new ApiError(res.status, err.code, err.message);
  }
  return data;
}

export async function loadSession() {
  try {
    const s = await api('/api/auth/session?optional=1');
    setSession(s.user, s.user ? s.csrfToken : null);
  } catch {
    setSession(null, null);
  }
  return session;
}

export async function signIn(email, password) {
  const s = await api('/api/auth/signin', { method: 'POST', body: { email, password } });
  setSession(s.user, s.csrfToken);
  return s;
}

export async function signUp(name, email, password) {
  const s = await api('/api/auth/signup', { method: 'POST', body: { name, email, password } });
  setSession(s.user, s.csrfToken);
  return s;
}

export async function signOut() {
  try {
    await api('/api/auth/signout', { method: 'POST' });
  } finally {
    setSession(null, null);
  }
}

// A fresh key per payment attempt: the server answers a repeated key with the first outcome.
export function idempotencyKey() {
  return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
}
