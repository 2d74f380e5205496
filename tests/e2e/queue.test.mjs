// The on-sale moment with a waiting room: fans who come before the opening see the countdown and
// join the room, are let in after the draw and pick seats with their pass; a fan who skipped the
// line, or holds another fan's pass, is refused; the organiser watches and pauses the room from
// the dashboard. Desktop and phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEV_ADMIN, PHONE, newPage, signInViaApi, signUpViaApi, unexpectedErrors, serverAndBrowser } from './support/harness.mjs';

const env = serverAndBrowser();

// A show opening `seconds` from now (an event created with a later opening gets a waiting room),
// or on sale now with a room turned on (`seconds` null).
async function createSale(admin, slug, seconds) {
  const data = { name: `Queue Night ${slug}`, slug, artist: 'The Waiting Line', venue: 'Long Hall', startsAt: '2030-05-01T20:00:00Z', layout: 'stadium' };
  if (seconds === null) data.waitingRoom = { enabled: true };
  else data.onSaleAt = new Date(Date.now() + seconds * 1000).toISOString();
  const res = await admin.context().request.post('/api/events', { headers: { Origin: admin.baseURL }, data });
  assert.equal(res.status(), 201, await res.text());
  const event = await res.json();
  assert.equal(event.waitingRoom?.enabled, true);
  return event;
}

function holdBest(page, slug, pass) {
  return page.context().request.post(`/api/events/${slug}/holds/best`, {
    headers: { Origin: page.baseURL, ...(pass ? { 'X-Queue-Pass': pass } : {}) },
    data: { count: 1 },
  });
}

test('fans join before the opening, are let in after the draw and hold seats with their pass', async () => {
  const admin = await newPage(env.browser, env.server.url);
  await signInViaApi(admin, DEV_ADMIN);
  const slug = `queue-${Date.now()}`;
  // The opening is far enough off that both fans join before it on a loaded machine; once they
  // are in, the organiser brings it forward to two seconds from now.
  const event = await createSale(admin, slug, 600);

  const fan = await newPage(env.browser, env.server.url);
  await signUpViaApi(fan, 'Early Fan');
  await fan.goto(`/events/${slug}`);
  await fan.getByTestId('countdown').waitFor();
  await fan.getByRole('link', { name: 'Join the waiting room' }).click();
  const status = fan.getByTestId('queue-status');
  await status.filter({ hasText: 'You are in the waiting room.' }).waitFor();
  assert.match(await fan.locator('#queue-countdown').innerText(), /\d/);

  const phone = await newPage(env.browser, env.server.url, PHONE, { touch: true });
  const phoneFan = await signUpViaApi(phone, 'Phone Fan');
  await phone.goto(`/events/${slug}/queue`);
  await phone.getByTestId('queue-status').filter({ hasText: 'You are in the waiting room.' }).waitFor();

  // The same fan on their laptop sees, under My tickets, that they are queued (on their phone).
  const laptop = await newPage(env.browser, env.server.url);
  await signInViaApi(laptop, { email: phoneFan, password: 'correct horse battery' });
  await laptop.goto('/tickets');
  const queued = laptop.getByTestId('my-queues');
  await queued.getByRole('link', { name: `Queue Night ${slug}` }).waitFor();
  assert.equal(await laptop.getByTestId('my-queues').count(), 1);
  await laptop.context().close();

  // Someone who never queued cannot hold a seat of the sale, not even with a fan's pass.
  const skipper = await newPage(env.browser, env.server.url);
  await signUpViaApi(skipper, 'Line Skipper');

  const moved = await admin.context().request.put(`/api/events/${event.id}`, {
    headers: { Origin: admin.baseURL }, data: { onSaleAt: new Date(Date.now() + 2000).toISOString() },
  });
  assert.equal(moved.status(), 200, await moved.text());

  // The opening: the draw, then the doorman lets both in; each is taken to the seat map.
  await fan.waitForURL(new RegExp(`/events/${slug}$`), { timeout: 40_000 });
  await phone.waitForURL(new RegExp(`/events/${slug}$`), { timeout: 40_000 });
  await fan.locator('#live-status', { hasText: 'Live' }).waitFor();
  await fan.getByRole('button', { name: 'Find seats' }).click();
  await fan.getByTestId('held').waitFor();
  await fan.getByRole('link', { name: 'Check out' }).click();
  await fan.getByLabel('Card number').fill('4242 4242 4242 4242');
  await fan.getByRole('button', { name: /^Pay/ }).click();
  await fan.getByRole('heading', { name: "You're going!" }).waitFor();

  const draw = await (await skipper.context().request.get(`/api/events/${slug}/queue/draw`)).json();
  assert.equal(draw.entries.length, 2);
  assert.match(draw.seed, /^[0-9a-f]{64}$/);

  const phoneView = await (await phone.context().request.get(`/api/events/${slug}/queue`)).json();
  assert.equal(phoneView.state, 'admitted');
  assert.match(phoneView.pass, /^TWQ1\./);
  const skipped = await holdBest(skipper, slug);
  assert.equal(skipped.status(), 403);
  assert.equal((await skipped.json()).error.code, 'queue_pass_required');
  const borrowed = await holdBest(skipper, slug, phoneView.pass);
  assert.equal(borrowed.status(), 403);
  assert.equal((await borrowed.json()).error.code, 'queue_pass_not_yours');

  // The skipper, on the event page, is shown the way into the line rather than a seat picker.
  await skipper.goto(`/events/${slug}`);
  await skipper.getByRole('link', { name: 'Join the waiting room' }).waitFor();
  assert.deepEqual(fan.errors, []);
  assert.deepEqual(unexpectedErrors(phone), []);
  assert.deepEqual(unexpectedErrors(skipper, 403), []);
});

test('the organiser sees the waiting room live and pauses it; waiting fans are told', async () => {
  const admin = await newPage(env.browser, env.server.url);
  await signInViaApi(admin, DEV_ADMIN);
  const slug = `paused-${Date.now()}`;
  const event = await createSale(admin, slug, null);

  await admin.goto('/admin?tab=events');
  await admin.getByRole('row', { name: new RegExp(`Queue Night ${slug}`) }).getByRole('button', { name: 'Waiting room' }).click();
  const room = admin.locator('section', { hasText: `Waiting room: Queue Night ${slug}` });
  await room.getByTestId('room-state').filter({ hasText: 'Letting fans in' }).waitFor();
  await room.getByRole('button', { name: 'Pause' }).click();
  await room.getByTestId('room-state').filter({ hasText: 'Paused' }).waitFor();

  const fan = await newPage(env.browser, env.server.url, PHONE, { touch: true });
  await signUpViaApi(fan, 'Patient Fan');
  await fan.goto(`/events/${slug}`);
  await fan.getByRole('link', { name: 'Join the waiting room' }).click();
  await fan.getByTestId('queue-status').filter({ hasText: 'paused' }).waitFor();
  await room.getByTestId('room-waiting').filter({ hasText: /^1$/ }).waitFor();

  await room.getByRole('button', { name: 'Resume' }).click();
  await fan.waitForURL(new RegExp(`/events/${slug}$`), { timeout: 20_000 });
  await fan.getByRole('button', { name: 'Find seats' }).waitFor();
  const view = await (await admin.context().request.get(`/api/admin/events/${event.id}/queue`)).json();
  assert.equal(view.paused, false);
  assert.equal(view.waiting, 0);
  assert.equal(view.admittedTotal, 1);
  assert.deepEqual(admin.errors, []);
  assert.deepEqual(fan.errors, []);
});

test('a room that asks a puzzle: the fan\'s browser solves it and joins, on a phone', async () => {
  const admin = await newPage(env.browser, env.server.url);
  await signInViaApi(admin, DEV_ADMIN);
  const slug = `puzzle-${Date.now()}`;
  const event = await createSale(admin, slug, 600);
  const put = await admin.context().request.put(`/api/admin/events/${event.id}/queue`, {
    headers: { Origin: admin.baseURL }, data: { enabled: true, proofOfWork: 12 },
  });
  assert.equal(put.status(), 200, await put.text());

  const fan = await newPage(env.browser, env.server.url, PHONE, { touch: true });
  await signUpViaApi(fan, 'Puzzled Fan');
  await fan.goto(`/events/${slug}`);
  await fan.getByRole('link', { name: 'Join the waiting room' }).click();
  await fan.getByTestId('queue-status').filter({ hasText: 'You are in the waiting room.' }).waitFor({ timeout: 30_000 });
  const place = await (await fan.context().request.get(`/api/events/${slug}/queue`)).json();
  assert.equal(place.state, 'pre_queue');
  assert.equal(place.puzzle, undefined, 'a fan with a place is given no puzzle');

  // Joining without the answer, as a script would, is refused.
  const bot = await newPage(env.browser, env.server.url);
  await signUpViaApi(bot, 'Scripted Fan');
  const refused = await bot.context().request.post(`/api/events/${slug}/queue`, { headers: { Origin: bot.baseURL } });
  assert.equal(refused.status(), 403);
  assert.equal((await refused.json()).error.code, 'proof_of_work_required');

  // The organiser's form shows the puzzle the room asks.
  await admin.goto('/admin?tab=events');
  await admin.getByRole('row', { name: new RegExp(`Queue Night ${slug}`) }).getByRole('button', { name: 'Edit' }).click();
  assert.equal(await admin.getByLabel('Puzzle to join').inputValue(), '12');
  assert.deepEqual(fan.errors, []);
  assert.deepEqual(admin.errors, []);
});
