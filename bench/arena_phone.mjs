// The arena's event page on a phone profile with the CPU slowed 4x (issue 30, item 17), loaded
// RUNS times in Debian's chromium against a running TicketWar: when the section overview was
// drawn, when the live feed said "Live", the longest task, and DOMContentLoaded, in ms from the
// navigation. The browser test ("slowed-down phone" in tests/e2e/sections.test.mjs) prints one
// such load; this gives several, as the machine is noisy.
// Usage: node bench/arena_phone.mjs URL [RUNS]   e.g. a `ticketwar serve --dev` on 127.0.0.1
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const [url, runs = '4'] = process.argv.slice(2);
if (!/^https?:\/\/(127\.\d+\.\d+\.\d+|\[::1\]|localhost)(:\d+)?\//.test(url + '/')) throw new Error('loopback only');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  console.log('run drawn_ms live_ms longest_task_ms dom_content_loaded_ms');
  for (let run = 1; run <= Number(runs); run++) {
    const context = await browser.newContext({ baseURL: url, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__tasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
      new MutationObserver(() => {
        const s = document.getElementById('live-status');
        if (s && s.textContent === 'Live' && !window.__live) window.__live = performance.now();
        if (document.querySelector('.seatmap g.sec') && !window.__drawn) window.__drawn = performance.now();
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto('/events/imagine-dragons-loom-arena');
    await page.locator('#live-status', { hasText: 'Live' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(800);
    const r = await page.evaluate(() => [window.__drawn, window.__live, Math.max(0, ...window.__tasks),
      performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd].map(Math.round));
    console.log(run, ...r);
    await context.close();
  }
} finally {
  await browser.close();
}
