// Presale codes (issue 33, item 1): an organiser makes codes for a show's presale in the
// dashboard; a fan without one cannot pick seats, a fan who enters one picks and holds the seats
// it unlocks, on a desktop and on a phone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEV_ADMIN, PHONE, auditPage, newPage, openEvent, seat, showSeat, signInViaApi, signUpViaApi, serverAndBrowser, unexpectedErrors } from './support/harness.mjs';

const env = serverAndBrowser();

// The venue's offset with the time, as the API reads it.
function isoIn(seconds) {
  return new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, '+00:00');
}

test('an organiser makes presale codes and a fan with one buys before the public', async () => {
  const admin = await newPage(env.browser, env.server.url);
  await signInViaApi(admin, DEV_ADMIN);
  const layout = { name: 'Club', sections: [
    { id: 'F', name: 'Floor', tier: 'ga', rows: 2, seatsPerRow: 4, basePrice: 30 },
    { id: 'B', name: 'Balcony', tier: 'bal', rows: 1, seatsPerRow: 4, basePrice: 20, position: { x: 0, y: 4 } }] };
  const created = await admin.context().request.post('/api/events', {
    headers: { Origin: admin.baseURL },
    data: { name: 'Presale Night', artist: 'The Early Birds', venue: 'Club', startsAt: '2027-08-02T20:00:00+00:00',
      presaleAt: isoIn(-3600), onSaleAt: isoIn(86400), layout },
  });
  assert.equal(created.status(), 201);
  const { slug } = await created.json();

  // Scheduling a presale in the form: one that starts after the public sale is caught first.
  await admin.goto('/admin?tab=events');
  await admin.getByRole('link', { name: 'New event' }).click();
  await admin.getByLabel('Name', { exact: true }).fill('Presale Tour');
  await admin.getByLabel('Artist', { exact: true }).fill('The Early Birds');
  await admin.getByLabel('Venue', { exact: true }).fill('Club');
  await admin.getByLabel("Starts (venue's local time)").fill('2027-09-14T20:00');
  await admin.getByLabel('UTC offset of the venue').fill('+01:00');
  await admin.getByLabel(/^On sale from/).fill('2027-06-02T10:00');
  await admin.getByLabel(/^Presale from/).fill('2027-06-03T10:00');
  await admin.getByRole('button', { name: 'Create event' }).click();
  await admin.getByText('Start the presale before the on-sale time.').waitFor();
  await admin.getByLabel(/^Presale from/).fill('2027-06-01T10:00');
  await admin.getByRole('button', { name: 'Create event' }).click();
  await admin.getByRole('table').locator('tbody tr', { hasText: 'Presale Tour' }).waitFor();
  const tour = await (await admin.context().request.get('/api/events/presale-tour')).json();
  assert.equal(tour.presaleAt, '2027-06-01T10:00:00+01:00');
  assert.equal(tour.onSaleAt, '2027-06-02T10:00:00+01:00');

  await admin.goto('/admin?tab=events');
  await admin.getByRole('row', { name: /Presale Night/ }).getByRole('button', { name: 'Presale codes' }).click();
  await admin.getByTestId('presale-window').waitFor();
  await admin.getByText('No codes for this show yet.').waitFor();
  await admin.getByLabel('How many codes to generate').fill('5');
  await admin.getByLabel('Name of the batch').fill('Fan club');
  await admin.getByRole('checkbox', { name: /ga/i }).check();
  await admin.getByRole('button', { name: 'Make codes' }).click();
  await admin.locator('#toast', { hasText: 'Made 5 codes; they unlock tier ga.' }).waitFor();
  const codes = admin.getByTestId('codes');
  await codes.waitFor();
  assert.equal(await codes.locator('tbody tr').count(), 5);
  const made = (await codes.locator('tbody tr code').allInnerTexts()).map((c) => c.trim());
  for (const c of made) assert.match(c, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  await auditPage(admin);

  for (const [n, viewport] of [[0, undefined], [1, PHONE]]) {
    const code = made[n];
    const fan = await newPage(env.browser, env.server.url, viewport);
    await signUpViaApi(fan, viewport ? 'Phone Fan' : 'Desk Fan');
    await openEvent(fan, slug);
    await fan.getByTestId('code-form').waitFor();  // the page is audited as it is shown
    await fan.getByRole('heading', { name: 'On sale soon' }).waitFor();
    assert.equal(await fan.getByRole('button', { name: /^Hold/ }).count(), 0, 'no seat can be held without a code');

    await fan.getByLabel('Presale code').fill(viewport ? code.toLowerCase() : code);
    await fan.getByRole('button', { name: 'Use code' }).click();
    await fan.locator('#toast', { hasText: 'Code accepted: it unlocks tier ga.' }).waitFor();
    await fan.getByTestId('presale-note').waitFor();
    await auditPage(fan);
    const seatId = viewport ? 'F-B-2' : 'F-A-2';
    await showSeat(fan, seatId);
    await (await seat(fan, seatId)).click();
    await fan.getByRole('button', { name: 'Hold 1 seat' }).first().click();
    await fan.locator('#toast', { hasText: 'Seats held.' }).waitFor();
    await fan.getByTestId('presale-note').waitFor({ state: 'detached' });  // the hold's panel now
    // Holding moved the focus (and the page) to the hold's panel, leaving the map's controls
    // half under the sticky header, which axe's last look at the page would count against them.
    await fan.evaluate(() => window.scrollTo(0, 0));
    assert.deepEqual(unexpectedErrors(fan), []);
  }

  // Each code's one use is the hold made with it.
  const { id } = await created.json();
  const listed = await (await admin.context().request.get(`/api/admin/events/${id}/codes`)).json();
  assert.deepEqual(made.slice(0, 2).map((c) => listed.batches[0].codes.find((x) => x.code === c).held), [1, 1]);
  assert.deepEqual(admin.errors, []);
});
