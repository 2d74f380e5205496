// A new visitor signs up, picks two seats on the map, holds them, pays with the approving card
// and finds the tickets under My tickets; screenshots of the events page and the seat map at
// desktop and phone sizes are saved for review.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { OUT_DIR, PHONE, newPage, openEvent, seat, showSeat, signUpViaApi, waitForSeatClass, serverAndBrowser } from './support/harness.mjs';

const env = serverAndBrowser();

test('sign up, pick two seats, hold, pay, see the tickets', async () => {
  const page = await newPage(env.browser, env.server.url);
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('Name').fill('Alex Fan');
  await page.getByLabel('Email').fill('alex@example.com');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByTestId('who').filter({ hasText: 'Alex Fan' }).waitFor();

  await page.getByTestId('event-card').filter({ hasText: 'Taylor Swift' }).click();
  await page.locator('#live-status', { hasText: 'Live' }).waitFor();
  await (await seat(page, 'PREM-B-5')).click();
  await (await seat(page, 'PREM-B-6')).click();
  await waitForSeatClass(page, 'PREM-B-6', 'sel');
  const picked = page.getByTestId('picked');
  assert.match(await picked.innerText(), /Row B · Seat 5/);
  await page.getByRole('button', { name: 'Hold 2 seats' }).click();
  await page.getByTestId('held').waitFor();
  assert.match(await page.locator('#timer').innerText(), /^\d\d:\d\d$/);
  await waitForSeatClass(page, 'PREM-B-5', 'm');

  await page.getByRole('link', { name: 'Check out' }).click();
  // Checkout says what is being bought: the show, its date and venue, seats in words.
  const show = await page.getByTestId('show-line').innerText();
  assert.match(show, /Taylor Swift/);
  assert.match(show, /2027/);
  const seats = await page.getByTestId('checkout-seats').innerText();
  assert.match(seats, /Row B · Seat 5/);
  assert.doesNotMatch(seats, /PREM-B-5/);
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: /^Pay/ }).click();
  await page.getByRole('heading', { name: "You're going!" }).waitFor();
  assert.equal(await page.getByTestId('order-tickets').locator('li').count(), 2);
  assert.match(await page.getByTestId('show-line').innerText(), /Taylor Swift/);
  assert.match(await page.getByTestId('order-tickets').innerText(), /Row B · Seat 6/);

  await page.getByRole('link', { name: 'See all my tickets' }).click();
  const mine = page.getByTestId('my-tickets');
  await mine.waitFor();
  const text = await mine.innerText();
  assert.match(text, /Row B · Seat 5/);
  assert.match(text, /Row B · Seat 6/);
  await mine.locator('a').first().click();
  await page.getByRole('article', { name: 'Ticket' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('screenshots of the events page and the seat map, desktop and phone', async (t) => {
  for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    const page = await newPage(env.browser, env.server.url, viewport);
    await page.goto('/');
    await page.getByTestId('event-card').first().waitFor();
    await page.screenshot({ path: join(OUT_DIR, `events-${name}.png`), fullPage: true });
    const tops = await page.getByTestId('event-card').evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().top));
    const onFirstScreen = tops.filter((y) => y < viewport.height).length;
    assert.ok(onFirstScreen >= 2, `at least two events on the first screen (${onFirstScreen} at ${name} size)`);
    const started = Date.now();
    await openEvent(page, 'imagine-dragons-loom-arena');
    // A figure for the record, not an assertion: machines here are shared and noisy.
    t.diagnostic(`22,100-seat map drawn and live after ${Date.now() - started} ms (${name})`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= viewport.width, `no horizontal scrolling at ${viewport.width} px (page is ${width} px wide)`);
    await page.screenshot({ path: join(OUT_DIR, `seatmap-${name}.png`) });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('an unknown event says it was not found and leads back to the events', async () => {
  const page = await newPage(env.browser, env.server.url);
  await page.goto('/events/no-such-show');
  await page.getByRole('heading', { name: 'We could not find that' }).waitFor();
  assert.match(await page.title(), /^Not found/);
  await page.getByRole('link', { name: 'See the events on sale' }).click();
  await page.getByTestId('event-card').first().waitFor();
  await page.context().close();
});

test('on a phone a bar at the bottom keeps the seats, the total and the next step on screen', async () => {
  const page = await newPage(env.browser, env.server.url, PHONE, { touch: true });
  await signUpViaApi(page, 'Phone Fan');
  await openEvent(page, 'taylor-swift-eras');
  await showSeat(page, 'STD-H-5');
  assert.equal(await page.getByTestId('legend-available').locator('circle').count(), 4, 'every tier\'s colour is "available"');
  const header = await page.locator('header').first().boundingBox();
  assert.ok(header.height < 64, `a one-line header once signed in (${header.height} px)`);
  const bar = page.getByTestId('bottom-bar');
  assert.equal(await bar.isVisible(), false, 'nothing picked, no bar');
  await (await seat(page, 'STD-H-5')).click({ force: true });
  await waitForSeatClass(page, 'STD-H-5', 'sel');
  await bar.waitFor({ state: 'visible' });
  const box = await bar.boundingBox();
  assert.ok(box.y + box.height <= 844 && box.y > 844 - 120, `the bar sits at the bottom of the screen (${JSON.stringify(box)})`);
  assert.match(await bar.innerText(), /1 seat/);
  assert.match(await page.getByTestId('bar-total').innerText(), /^\$\d/);
  await page.screenshot({ path: join(OUT_DIR, 'seatmap-phone-picked.png') });
  await bar.getByRole('button', { name: 'Hold seat' }).click();
  await bar.getByRole('link', { name: 'Check out' }).waitFor();
  await bar.getByRole('link', { name: 'Check out' }).click();
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
