// The waiting room's join puzzle (docs/waiting-room.md) as a fan's browser solves it: the web
// app's own Web Worker (web/assets/workers/join_puzzle.js) in Debian's chromium, on a desktop
// profile and on a phone profile (the CPU slowed 4x, as the browser tests' phone), against a
// running TicketWar. Prints "profile hashes_per_second" lines, each over ROUNDS puzzles.
// Usage: node bench/puzzle_cost.mjs URL [ROUNDS]   (bench/puzzle runs it)
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const [url, rounds = '6'] = process.argv.slice(2);
if (!/^https?:\/\/(127\.\d+\.\d+\.\d+|\[::1\]|localhost)(:\d+)?\//.test(url + '/')) throw new Error('loopback only');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const [profile, slowdown] of [['desktop', 1], ['phone', 4]]) {
    const context = await browser.newContext({ baseURL: url });
    const page = await context.newPage();
    await page.goto('/');
    // The throttle applies to the page's worker too: both run on the renderer's CPU budget.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    const { tried, ms } = await page.evaluate(async (n) => {
      const { solvePuzzle } = await import('/assets/join_puzzle.js');
      let tried = 0, ms = 0;
      for (let i = 0; i < n; i++) {
        const r = await solvePuzzle({ challenge: `TWJ1.bench.${i}.${Math.random()}`, difficulty: 14 });
        tried += r.tried;
        ms += r.ms;
      }
      return { tried, ms };
    }, Number(rounds));
    console.log(`${profile} ${Math.round((tried * 1000) / ms)}`);
    await context.close();
  }
} finally {
  await browser.close();
}
