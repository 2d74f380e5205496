// Issue 15 (2): a large venue opens on its sections, drawn as shapes coloured by price and shaded
// by what is left; a section opens onto seats big enough to pick (a fingertip's 24 px on a
// phone), and "All sections" goes back. The phone acceptance: find the arena, pick a section and
// two seats by finger, see the total at the bottom, hold, pay, and scan the ticket off the screen.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  OUT_DIR, PHONE, buyViaApi, mapDrawing, newPage, openEvent, seatAt, seatIndex, signUpViaApi, waitForSeatClass,
  serverAndBrowser,
} from './support/harness.mjs';

const env = serverAndBrowser();
const ARENA = 'imagine-dragons-loom-arena';
const section = (page, id) => page.locator(`.seatmap polygon[data-section-id="${id}"]`);

// Screen distance between two seats' centres, and whether a point 0.45 of it from the first
// seat's centre still lands on that seat (its target is its whole pitch, not only its dot).
function pitchAndTarget(page, a, b) {
  return page.evaluate(([i, j]) => {
    const m = window.ticketwar.seatMap;
    const p = m.screenPoint(i);
    const q = m.screenPoint(j);
    const pitch = Math.hypot(p.x - q.x, p.y - q.y);
    const hit = document.elementFromPoint(p.x + (q.x - p.x) * 0.45, p.y + (q.y - p.y) * 0.45);
    return { pitch, hitsOwnSeat: hit === m.circleOf(i) };
  }, [a, b]);
}

test('the arena opens on its sections; a section opens onto its seats and "All sections" goes back', async () => {
  const page = await newPage(env.browser, env.server.url);
  await openEvent(page, ARENA);
  assert.equal(await mapDrawing(page), 'sections');
  assert.equal(await page.locator('.seatmap polygon').count(), 26);
  assert.match(await section(page, 'L3').getAttribute('aria-label'), /^Lower Bowl 3, £[\d.,]+–£[\d.,]+, 750 of 750 seats left$/);
  assert.match(await page.getByTestId('map-hint').innerText(), /Pick a section/);
  assert.equal(await page.getByTestId('all-sections').isVisible(), false);
  await page.screenshot({ path: join(OUT_DIR, 'sections-desktop.png') });

  await section(page, 'L3').click();
  assert.equal(await mapDrawing(page), 'seats');
  const [a, b] = [await seatIndex(page, 'L3-M-15'), await seatIndex(page, 'L3-M-16')];
  const { pitch, hitsOwnSeat } = await pitchAndTarget(page, a, b);
  assert.ok(pitch >= 10, `seats are drawn big enough to pick under a mouse (${pitch.toFixed(1)} px apart)`);
  assert.ok(hitsOwnSeat, 'a point between the dot and its neighbour still picks the seat');
  await (await seatAt(page, a)).click();
  await waitForSeatClass(page, 'L3-M-15', 'sel');
  assert.match(await page.getByTestId('picked').innerText(), /Lower Bowl 3 · Row M · Seat 15/);

  await page.getByTestId('all-sections').click();
  assert.equal(await mapDrawing(page), 'sections');
  assert.match(await page.getByTestId('picked').innerText(), /Row M · Seat 15/, 'the pick stays');
  assert.deepEqual(page.errors, []);
});

test('a section\'s seats left follow the sale live', async () => {
  const page = await newPage(env.browser, env.server.url);
  await openEvent(page, ARENA);
  assert.match(await section(page, 'F2').getAttribute('aria-label'), /500 of 500 seats left/);
  const buyer = await newPage(env.browser, env.server.url);
  await signUpViaApi(buyer, 'Quick Buyer');
  assert.equal((await buyViaApi(buyer, ARENA, 'F2-A-1')).status(), 201);
  await page.waitForFunction(() => /499 of 500 seats left/.test(
    document.querySelector('.seatmap polygon[data-section-id="F2"]').getAttribute('aria-label')), null, { timeout: 5000 });
  assert.match(await page.locator('.seatmap .ov-left').nth(1).textContent(), /^499( left)?$/, 'F2 is labelled with its seats left');
  assert.deepEqual(page.errors, []);
});

test('the keyboard moves between sections, Enter opens one onto its seats and Escape goes back', async () => {
  const page = await newPage(env.browser, env.server.url);
  await openEvent(page, ARENA);
  await section(page, 'F1').focus();  // where Tab lands: the map's one focusable section
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.sectionId), 'F3');
  await page.keyboard.press('Enter');
  assert.equal(await mapDrawing(page), 'seats');
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^Floor 3, row A, seat 1, /);
  await page.keyboard.press('ArrowRight');
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^Floor 3, row A, seat 2, /);
  await page.keyboard.press('Escape');
  assert.equal(await mapDrawing(page), 'sections');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.sectionId), 'F3');
  assert.deepEqual(page.errors, []);
});

test('on a phone a fan picks a section, two seats by finger, holds, pays and scans the ticket', async () => {
  const page = await newPage(env.browser, env.server.url, PHONE, { touch: true });
  await signUpViaApi(page, 'Phone Fan');
  await page.goto('/');
  await page.getByTestId('event-card').filter({ hasText: 'Imagine Dragons' }).tap();
  await page.locator('#live-status', { hasText: 'Live' }).waitFor();
  assert.equal(await mapDrawing(page), 'sections');
  await page.screenshot({ path: join(OUT_DIR, 'sections-phone.png') });
  await section(page, 'L5').tap();
  assert.equal(await mapDrawing(page), 'seats');
  await page.getByTestId('all-sections').waitFor();

  // Two seats side by side, on sale, well inside the map's view.
  const pair = await page.evaluate(() => {
    const m = window.ticketwar.seatMap;
    const box = m.svg.getBoundingClientRect();
    const inside = (i) => {
      const p = m.screenPoint(i);
      return p.x > box.left + 40 && p.x < box.right - 60 && p.y > box.top + 60 && p.y < box.bottom - 40;
    };
    for (let i = 0; i + 1 < m.seats.length; i++) {
      const [s, t] = [m.seats.at(i), m.seats.at(i + 1)];
      if (s.sectionName === 'Lower Bowl 5' && t.row === s.row && t.section === s.section
          && m.states[i] === 0 && m.states[i + 1] === 0 && inside(i) && inside(i + 1)) return [i, i + 1];
    }
    return null;
  });
  assert.ok(pair, 'two free seats side by side are on screen');
  const { pitch, hitsOwnSeat } = await pitchAndTarget(page, pair[0], pair[1]);
  assert.ok(pitch >= 24, `seats are a fingertip apart on a phone (${pitch.toFixed(1)} CSS px)`);
  assert.ok(hitsOwnSeat, 'the seat\'s touch target is its whole pitch');
  for (const i of pair) await (await seatAt(page, i)).tap();
  const ids = await page.evaluate((p) => p.map((i) => window.ticketwar.seatMap.seats.at(i).id), pair);
  for (const id of ids) await waitForSeatClass(page, id, 'sel');

  const bar = page.getByTestId('bottom-bar');
  await bar.waitFor({ state: 'visible' });
  assert.match(await bar.innerText(), /2 seats/);
  assert.match(await page.getByTestId('bar-total').innerText(), /^£\d/);
  await page.screenshot({ path: join(OUT_DIR, 'sections-phone-picked.png') });
  await bar.getByRole('button', { name: 'Hold seats' }).tap();
  await bar.getByRole('link', { name: 'Check out' }).tap();
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  assert.match(await page.getByTestId('show-line').innerText(), /Imagine Dragons|Loom/);
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: /^Pay/ }).tap();
  await page.getByRole('heading', { name: "You're going!" }).waitFor();
  await page.getByRole('link', { name: 'See all my tickets' }).tap();
  await page.getByTestId('my-tickets').locator('a').first().tap();
  const qr = page.getByTestId('ticket-qr');
  await qr.waitFor();
  await page.waitForFunction(() => document.querySelector('.ticket-qr img').naturalWidth > 0);
  await qr.scrollIntoViewIfNeeded();
  const shot = join(OUT_DIR, 'sections-phone-ticket.png');
  await page.screenshot({ path: shot });
  assert.match(execFileSync('zbarimg', ['--quiet', '--raw', shot]).toString().trim(), /^TW1\./);
  assert.deepEqual(page.errors, []);
});

// Issue 30, item 17: on a phone with its CPU slowed 4x the arena took 5.0 s to become live, its
// main thread frozen for 3.3 s in all (22,107 seat circles were built while the overview showed
// none): now a section's seats are made when it is opened. Long tasks (over 50 ms) are recorded
// from the navigation until a second after the map is live and reported, not asserted: this
// machine is shared and its timings are noise; what is asserted is the cause of the freeze.
test('the arena page makes no seat until a section is opened, on a slowed-down phone', async (t) => {
  const context = await env.browser.newContext({ baseURL: env.server.url, viewport: PHONE, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const started = Date.now();
  await page.goto(`/events/${ARENA}`);
  await page.locator('#live-status', { hasText: 'Live' }).waitFor({ timeout: 60_000 });
  const live = Date.now() - started;
  await page.waitForTimeout(1000);
  const tasks = await page.evaluate(() => window.__longTasks);
  const longest = Math.max(0, ...tasks);
  const blocking = tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
  t.diagnostic(`live after ${live} ms; longest task ${Math.round(longest)} ms; blocking ${Math.round(blocking)} ms in all`);
  assert.equal(await page.locator('.seatmap g.sec circle').count(), 0, 'no seat circle is made while the sections show');
  await section(page, 'F2').tap();
  assert.ok(await page.locator('.seatmap g.sec[data-section="1"] > circle').count() > 0, 'an opened section has its seats');
  await context.close();
});
