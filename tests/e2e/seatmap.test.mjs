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
    const svg = document.querySelector('svg.seatmap');
    const circles = Array.from(svg.querySelectorAll('circle'));
    const wrong = [];
    let checked = 0;
    // Zoom in around each sampled seat so its circle is several pixels wide, as a fan would.
    for (let i = 0; i < circles.length; i += 97) {
      const c = circles[i];
      const cx = Number(c.getAttribute('cx')), cy = Number(c.getAttribute('cy'));
      svg.setAttribute('viewBox', `${cx - 15} ${cy - 10} 30 20`);
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
