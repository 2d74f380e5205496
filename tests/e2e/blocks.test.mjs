// Blocked seats in the dashboard (issue 33, item 2): off sale with a label, drawn on the
// section's plan, issued to a guest by email, released back to sale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEV_ADMIN, auditPage, newPage, signInViaApi, signUpViaApi, serverAndBrowser } from './support/harness.mjs';

const env = serverAndBrowser();

// Issue 33, item 2: an organiser blocks a row for production in the dashboard, sees it on the
// section's plan, a fan finds those seats taken, two go to a guest by email, and the rest are
// released back to sale.
test('an admin blocks a row for production, fans cannot hold it, and it is released', async () => {
  const admin = await newPage(env.browser, env.server.url);
  await signInViaApi(admin, DEV_ADMIN);
  const layout = { name: 'Club', sections: [{ id: 'F', name: 'Floor', tier: 'ga', rows: 2, seatsPerRow: 4, basePrice: 30 }] };
  const created = await admin.context().request.post('/api/events', {
    headers: { Origin: admin.baseURL },
    data: { name: 'Blocked Row Night', artist: 'The Movers', venue: 'Club', startsAt: '2027-08-02T20:00:00+01:00', layout },
  });
  assert.equal(created.status(), 201);
  const { slug } = await created.json();

  await admin.goto('/admin?tab=events');
  await admin.getByRole('row', { name: /Blocked Row Night/ }).getByRole('button', { name: 'Blocked seats' }).click();
  await admin.getByText('No seat of this show is blocked.').waitFor();
  await admin.getByRole('combobox', { name: 'Section', exact: true }).selectOption('F');
  await admin.getByLabel('Rows of the section (empty: all)').fill('A');
  await admin.getByLabel('Label').fill('production');
  await admin.getByLabel('Reason (optional)').fill('Camera riser');
  await admin.getByRole('button', { name: 'Block seats' }).click();
  await admin.locator('#toast', { hasText: 'Blocked 4 seats (production).' }).waitFor();
  const blocks = admin.getByTestId('blocks');
  await blocks.getByRole('row', { name: /production/ }).waitFor();
  assert.match(await blocks.innerText(), /F-A-1, F-A-2, F-A-3, F-A-4/);
  await admin.getByRole('img', { name: 'Floor: 4 seats blocked' }).waitFor();
  assert.equal(await admin.locator('.plan-seat.blocked').count(), 4);
  await auditPage(admin);

  const fan = await newPage(env.browser, env.server.url);
  await signUpViaApi(fan, 'Blocked Fan');
  const refused = await fan.context().request.post(`/api/events/${slug}/holds`, { headers: { Origin: fan.baseURL }, data: { seats: ['F-A-2'] } });
  assert.equal(refused.status(), 409);

  // Two of the row's seats go to a guest who has no account yet.
  await admin.getByLabel('Seats to issue').fill('F-A-1, F-A-2');
  await admin.getByLabel('Their email').fill('gail.guest@example.com');
  await admin.getByLabel('Their name (for a new account)').fill('Gail Guest');
  await admin.getByRole('button', { name: 'Issue tickets' }).click();
  await admin.locator('#toast', { hasText: 'Issued 2 tickets to gail.guest@example.com. A new account was made' }).waitFor();
  await blocks.getByRole('row', { name: /production/ }).getByText(/^2: F-A-3, F-A-4/).waitFor();
  await auditPage(admin);

  await blocks.getByRole('button', { name: 'Release to sale' }).click();
  await admin.locator('#toast', { hasText: '2 seats back on sale.' }).waitFor();
  await admin.getByText('No seat of this show is blocked.').waitFor();
  const held = await fan.context().request.post(`/api/events/${slug}/holds`, { headers: { Origin: fan.baseURL }, data: { seats: ['F-A-3'] } });
  assert.equal(held.status(), 201);
  const issued = await fan.context().request.post(`/api/events/${slug}/holds`, { headers: { Origin: fan.baseURL }, data: { seats: ['F-A-2'] } });
  assert.equal(issued.status(), 409, 'issued to the guest');
  await admin.getByRole('link', { name: 'Activity' }).click();
  await admin.getByLabel('What').selectOption('seats_blocked');
  const entry = admin.getByRole('row', { name: /Blocked F-A-1, F-A-2, F-A-3, F-A-4 \(production\): Camera riser/ });
  await entry.waitFor();
  assert.ok((await entry.innerText()).includes(DEV_ADMIN.email), 'who did it, by email');
  assert.deepEqual(admin.errors, []);
  assert.deepEqual(fan.errors, []);
});
