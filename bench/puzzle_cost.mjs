// The waiting room's join puzzle (docs/waiting-room.md) as a fan's browser solves it: the web
// app's own Web Worker (web/assets/workers/join_puzzle.js) in Debian's chromium, on a desktop
// profile and on a phone profile (the CPU slowed 4x, as the browser tests' phone), against a
// running TicketWar (the phone's run on the page's thread: see below). Prints "profile hashes_per_second" lines, each over ROUNDS puzzles.
// Usage: node bench/puzzle_cost.mjs URL [ROUNDS]   (bench/puzzle runs it)
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const [url, rounds = '6'] = process.argv.slice(2);
if (!/^https?:\/\/(127\.\d+\.\d+\.\d+|\[::1\]|localhost)(:\d+)?\//.test(url + '/')) throw new Error('loopback only');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const [profile, slowdown] of [['desktop', 1], ['phone', 4]]) {
    // The phone: Chrome's CPU throttle slows a page's own thread but not reliably its workers, so
    // the worker's exact code (fetched, not copied) runs on the slowed page thread instead.
    const context = await browser.newContext({ baseURL: url, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    const { tried, ms } = await page.evaluate(async ([n, inline]) => {
      const { solvePuzzle } = await import('/assets/join_puzzle.js');
      const source = await (await fetch('/assets/workers/join_puzzle.js')).text();
      const solveInline = (puzzle) => new Promise((resolve) => {
        const started = performance.now();
        const handler = new Function('postMessage', 'self', `${source}; return onmessage;`)((m) => {
          if (m.nonce) resolve({ tried: m.tried, ms: performance.now() - started });
        }, self);
        handler({ data: puzzle });
      });
      let tried = 0, ms = 0;
      for (let i = 0; i < n; i++) {
        const puzzle = { challenge: `TWJ1.bench.${i}.${Math.random()}`, difficulty: 14 };
        const r = await (inline ? solveInline(puzzle) : solvePuzzle(puzzle));
        tried += r.tried;
        ms += r.ms;
      }
      return { tried, ms };
    }, [Number(rounds), slowdown > 1]);
    console.log(`${profile} ${Math.round((tried * 1000) / ms)}`);
    await context.close();
  }
} finally {
  await browser.close();
}
