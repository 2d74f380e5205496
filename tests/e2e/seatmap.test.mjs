// The seat map picks the seat a fan points at: on the 22,100-seat arena, whose sections used to
// be drawn over each other (a click on the centre of L1-A-25 picked L2-A-7), the element at the
// centre of a sample of seats spread over every section is that seat's own circle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, openEvent, serverAndBrowser } from './support/harness.mjs';

const env = serverAndBrowser();

test('a click at a seat centre hits that seat, all over the arena', async () => {
  const page = await newPage(env.browser, env.server.url, { width: 1280, height: 800 });
  await openEvent(page, 'imagine-dragons-loom-arena');
  const misses = await page.evaluate(() => {
    const m = window.ticketwar.seatMap;
    const wrong = [];
    let checked = 0;
    // Zoom in around each sampled seat so its circle is several pixels wide, as a fan would.
    for (let i = 0; i < m.seats.length; i += 97) {
      const c = m.circleOf(i);
      const cx = Number(c.getAttribute('cx')), cy = Number(c.getAttribute('cy'));
      m.view = { x: cx - 15, y: cy - 10, w: 30, h: 20 };
      m.applyView();
      const box = c.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      checked++;
      if (hit !== c) wrong.push(i);
    }
    return { checked, wrong: wrong.slice(0, 10), count: wrong.length };
  });
  assert.ok(misses.checked > 200, `sampled ${misses.checked} seats`);
  assert.equal(misses.count, 0, `seats whose centre hits another seat: ${misses.wrong.join(', ')}`);
  assert.deepEqual(page.errors, []);
});

// Issue 15 (6, 8): the keyboard zooms around the focused seat, the tooltip stays by its seat and
// says its state now, and a page change takes the old page's toast with it and focuses the new
// page's heading.
test('keyboard zoom keeps the focused seat in view and the tooltip follows it', async () => {
  const page = await newPage(env.browser, env.server.url, { width: 1280, height: 800 });
  await openEvent(page, 'taylor-swift-eras');
  const i = await page.evaluate(() => window.ticketwar.seatIndex.get('ECO-H-30'));
  await page.evaluate((n) => window.ticketwar.seatMap.focusSeat(n), i);
  for (let k = 0; k < 5; k++) await page.keyboard.press('+');
  const where = await page.evaluate((n) => {
    const m = window.ticketwar.seatMap;
    m.view = { ...m.view, y: m.view.y + m.view.h * 0.2 };  // and the view moves up a little, as a drag would
    m.applyView();
    const p = m.screenPoint(n);
    const box = m.svg.getBoundingClientRect();
    const tip = m.tip.getBoundingClientRect();
    return { inView: p.x >= box.left && p.x <= box.right && p.y >= box.top && p.y <= box.bottom,
             tipHidden: m.tip.hidden, dx: tip.left - p.x, dy: tip.top - p.y, text: m.tip.textContent };
  }, i);
  assert.ok(where.inView, 'the focused seat is still on screen after zooming in');
  assert.equal(where.tipHidden, false);
  assert.ok(Math.abs(where.dx) < 200 && Math.abs(where.dy) < 40, `the tooltip is by its seat (${where.dx}, ${where.dy})`);
  assert.match(where.text, /Row H · Seat 30/);
  assert.deepEqual(page.errors, []);
});

test('ArrowDown at a section\'s last row goes on into the next section', async () => {
  const page = await newPage(env.browser, env.server.url, { width: 1280, height: 800 });
  await openEvent(page, 'taylor-swift-eras');
  const focused = () => page.evaluate(() => window.ticketwar.seatMap.seats.at(window.ticketwar.seatMap.active).id);
  await page.evaluate(() => window.ticketwar.seatMap.focusSeat(window.ticketwar.seatIndex.get('VIP-C-10')));
  await page.keyboard.press('ArrowDown');
  assert.match(await focused(), /^PREM-A-/, 'from the VIP floor\'s last row to Premium\'s first');
  await page.keyboard.press('ArrowUp');
  assert.match(await focused(), /^VIP-C-/, 'and back up');
  assert.match(await page.locator('.map-bar').innerText(), /\[ and \] between sections/);
  assert.deepEqual(page.errors, []);
});

test('a toast goes with its page and the new page starts at its heading', async () => {
  const page = await newPage(env.browser, env.server.url, { width: 1280, height: 800 });
  await openEvent(page, 'taylor-swift-eras');
  // Picking one seat more than the limit says so in a toast.
  await page.evaluate(() => { for (let k = 0; k <= 12; k++) window.ticketwar.seatMap.options.onToggle(k); });
  await page.locator('#toast', { hasText: 'You can pick up to' }).waitFor();
  await page.waitForTimeout(1100);
  await page.getByRole('link', { name: 'Events' }).first().click();
  await page.getByTestId('event-card').first().waitFor();
  assert.equal(await page.locator('#toast').isVisible(), false, 'the old page\'s toast is gone');
  // The focus moves once the new page is painted (app.js), a frame after its cards are there.
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
  assert.deepEqual(page.errors, []);
});
