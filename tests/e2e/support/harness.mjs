// Starts a real TicketWar server (the binary under test, fresh data directory, free port) and a
// headless Debian chromium driven by playwright-core; collects console errors so tests can
// assert a page produced none; and audits every page a test shows with axe (WCAG 2.2 A and AA):
// each time the app shows a page, and every open page at the end of each test, which fails on
// any violation.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';

export const BINARY = process.env.TICKETWAR_BIN || new URL('../../../build/test/ticketwar', import.meta.url).pathname;
export const OUT_DIR = process.env.TICKETWAR_E2E_OUT || join(tmpdir(), 'ticketwar-e2e');
mkdirSync(OUT_DIR, { recursive: true });

export const DEV_ADMIN = { email: 'admin@ticketwar.local', password: 'ticketwar-dev-admin' };

export async function startServer(extraArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tw-e2e-'));
  // Fans in these tests buy as soon as they sign up, unless a test asks for confirmed addresses.
  const confirm = extraArgs.includes('--confirmed-email-to-buy') ? [] : ['--confirmed-email-to-buy', 'false'];
  const child = spawn(BINARY, ['serve', '--port', '0', '--data-dir', dataDir, '--dev', '--access-log', 'off', ...confirm, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.includes('"listening"')) return;
      clearTimeout(timer);
      resolve(JSON.parse(line).port);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// One server and one browser for a test file: started before its tests, stopped after them.
// The fields are filled once `before` has run. After each test, every page it opened is audited
// (its state now, and every page the app showed on the way): no WCAG 2.2 A/AA violation passes.
export function serverAndBrowser(extraArgs = []) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer(extraArgs);
    env.browser = await launchBrowser();
  });
  afterEach(async () => {
    const found = [];
    for (const page of openedPages.splice(0)) {
      if (!page.isClosed()) await auditPage(page).catch(() => {});
      found.push(...page.violations);
    }
    assert.deepEqual(found, [], 'accessibility violations (axe, WCAG 2.2 A/AA)');
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export const PHONE = { width: 390, height: 844 };

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const openedPages = [];

// Runs axe on the page as it is now; each violation is kept on the page as one line (rule, the
// page's path, the elements).
export async function auditPage(page) {
  if (!page.url().startsWith('http')) return;  // never opened a page of the app
  const path = new URL(page.url()).pathname;
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  for (const v of result.violations) {
    const line = `${v.id} on ${path} (${page.viewportSize().width} px): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`;
    if (!page.violations.includes(line)) page.violations.push(line);
  }
}

// A browser context (its own cookies) with a page that records console errors and is audited
// with axe each time the app shows a page (its 'tw:page-shown' event). `touch`: a phone's touch
// screen (coarse pointer, taps), as a fan's phone has.
export async function newPage(browser, baseURL, viewport = { width: 1280, height: 800 }, { touch = false } = {}) {
  const context = await browser.newContext({ baseURL, viewport, hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  page.baseURL = baseURL;
  page.errors = [];
  page.violations = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.exposeBinding('__twPageShown', () => auditPage(page).catch(() => {}));
  await page.addInitScript(() => document.addEventListener('tw:page-shown', () => window.__twPageShown()));
  openedPages.push(page);
  return page;
}

let people = 0;
// Signs a new account up through the API, in the page's context (so the page gets the cookie).
export async function signUpViaApi(page, name = 'Fan') {
  const email = `fan${Date.now()}${people++}@example.com`;
  const res = await page.context().request.post('/api/auth/signup', {
    data: { email, password: 'correct horse battery', name },
  });
  if (res.status() !== 201) throw new Error(`sign-up failed: ${res.status()} ${await res.text()}`);
  return email;
}

export async function signInViaApi(page, { email, password }) {
  const res = await page.context().request.post('/api/auth/signin', { data: { email, password } });
  if (res.status() !== 200) throw new Error(`sign-in failed: ${res.status()} ${await res.text()}`);
}

export const APPROVED_CARD = '4242 4242 4242 4242';

// The path and query of the link to `page` (e.g. '/claim') in the newest email the server wrote
// to `email` in DATA_DIR/mail whose file name starts with `prefix`; waits up to 5 s for it.
export async function emailedLink(dataDir, prefix, email, page) {
  const dir = join(dataDir, 'mail');
  for (let i = 0; i < 50; i++) {
    const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(prefix)).reverse() : [];
    for (const name of names) {
      const eml = readFileSync(join(dir, name), 'latin1');
      if (!eml.includes(`<${email}>`)) continue;
      // The text part: base64 after its headers, up to the next MIME boundary.
      const start = eml.indexOf('Content-Transfer-Encoding: base64\r\n\r\n') + 37;
      const text = Buffer.from(eml.slice(start, eml.indexOf('\r\n--', start)).replace(/\s+/g, ''), 'base64').toString('utf8');
      const found = text.match(new RegExp(`https?://\\S+${page}\\?token=[A-Za-z0-9_-]+`));
      if (found) return new URL(found[0]).pathname + new URL(found[0]).search;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${prefix} email to ${email}`);
}

// Holds one seat and pays for it through the API as the page's signed-in account (a cookie
// request that changes state proves its origin, as the pages do); the checkout's response.
export async function buyViaApi(page, slug, seatId, card = APPROVED_CARD) {
  const request = page.context().request;
  const origin = { Origin: page.baseURL };
  const hold = await (await request.post(`/api/events/${slug}/holds`, { headers: origin, data: { seats: [seatId] } })).json();
  return request.post('/api/checkout', {
    headers: { ...origin, 'Idempotency-Key': `e2e-${slug}-${seatId}` },
    data: { holdId: hold.holdId, card: { number: card, expiry: '12/39', cvc: '123', name: 'Fan' } },
  });
}

// Opens an event page and waits until the seat map shows live states.
export async function openEvent(page, slug) {
  await page.goto(`/events/${slug}`);
  await page.locator('#live-status', { hasText: 'Live' }).waitFor();
}

// Brings a seat into view as a fan reaches it: on a venue drawn as sections, its section opened
// around it (the view a tap there gives); else the view moved to it if it is out of sight.
export async function showSeat(page, seatId) {
  await page.evaluate((id) => {
    const m = window.ticketwar.seatMap;
    const i = window.ticketwar.seatIndex.get(id);
    if (m.inSections) m.openSection(m.seats.section[i], m.seats.at(i));
    else m.ensureVisible(i);
  }, seatId);
}

// The seat map's drawing: 'sections' (a large venue's overview) or 'seats'.
export function mapDrawing(page) {
  return page.evaluate(() => (document.querySelector('svg.seatmap').classList.contains('sections') ? 'sections' : 'seats'));
}

export function seatIndex(page, seatId) {
  return page.evaluate((id) => window.ticketwar.seatIndex.get(id), seatId);
}

// The circle of the seat with this index: its section's seats are drawn first if they were not yet
// (a large venue draws a section's seats when it first comes into view).
export async function seatAt(page, index) {
  const [section, k] = await page.evaluate((i) => {
    const m = window.ticketwar.seatMap;
    m.circleOf(i);
    const s = m.seats.at(i);
    return [s.section, i - m.map.sections[s.section].firstIndex];
  }, index);
  return page.locator(`.seatmap g.sec[data-section="${section}"] > circle`).nth(k);
}

export async function seat(page, seatId) {
  return seatAt(page, await seatIndex(page, seatId));
}

// The seat's drawn state: '' available, 'h' held by others, 'x' sold, 'sel' picked, 'm' mine.
export async function seatClass(page, seatId) {
  return (await (await seat(page, seatId)).getAttribute('class')) || '';
}

export async function waitForSeatClass(page, seatId, cls, timeout = 5000) {
  const i = await seatIndex(page, seatId);
  await page.waitForFunction(([n, c]) => (window.ticketwar.seatMap.circleOf(n).getAttribute('class') || '') === c,
    [i, cls], { timeout, polling: 50 });
}

// Console errors other than the browser's own note about an answer with an expected status
// (a declined card is a 402 by design).
export function unexpectedErrors(page, ...expectedStatuses) {
  return page.errors.filter((e) => !expectedStatuses.some((s) => e.includes(`status of ${s} `)));
}
