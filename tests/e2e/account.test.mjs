// A fan's account, on a desktop and on a phone. A fan who forgot their password: "Forgot your
// password?" on the sign-in page, the emailed link (read from the .eml file the server writes), a
// new password, and signing in with it; the old session is gone. A new fan who tries to pay before
// confirming their address is told to, confirms it from the emailed link and pays; on the account
// page they rename themselves, change their password, and sign out another device, then all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  APPROVED_CARD, PHONE, emailedLink, newPage, signInViaApi, signUpViaApi, serverAndBrowser,
} from './support/harness.mjs';

const env = serverAndBrowser(['--confirmed-email-to-buy', 'true']);

function waitForLink(email, prefix = 'password-reset-', page = '/reset-password') {
  return emailedLink(env.server.dataDir, prefix, email, page);
}

for (const [label, viewport] of [['desktop', undefined], ['phone', PHONE]]) {
  test(`forgot password, reset it from the email, sign in with the new one (${label})`, async () => {
    const page = await newPage(env.browser, env.server.url, viewport);
    const email = await signUpViaApi(page, 'Forgetful Fan');
    const oldSession = (await page.context().cookies()).find((c) => c.name === 'tw_session').value;
    await page.context().clearCookies();

    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    assert.match(await page.getByRole('status').innerText(), /If an account uses that address/);

    const link = await waitForLink(email);
    await page.goto(link);
    await page.getByLabel('New password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(/\/signin/);
    assert.equal(await page.getByLabel('Email').inputValue(), email);
    await page.getByLabel('Password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
    const now = await page.context().request.get('/api/auth/session');
    assert.equal(now.status(), 200, 'signed in with the new password');

    // The session from before the reset no longer works.
    const old = await page.context().request.get('/api/auth/session', { headers: { Authorization: `Bearer ${oldSession}` } });
    assert.equal(old.status(), 401);

    // The link is spent: opening it again says so.
    await page.goto(link);
    await page.getByLabel('New password').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('alert').filter({ hasText: /already used/ }).waitFor();
    assert.deepEqual(page.errors.filter((e) => !/409/.test(e)), []);
  });
}

for (const [label, viewport, seatId] of [['desktop', undefined, 'VIP-B-1'], ['phone', PHONE, 'VIP-B-2']]) {
  test(`confirm the address before buying, then manage the account page (${label})`, async () => {
    const page = await newPage(env.browser, env.server.url, viewport);
    const email = await signUpViaApi(page, 'Casey Account');
    const hold = await (await page.context().request.post('/api/events/taylor-swift-eras/holds', {
      headers: { Origin: env.server.url }, data: { seats: [seatId] } })).json();
    assert.ok(hold.holdId, 'an unconfirmed fan may hold seats');

    // Paying before confirming: a clear refusal and the way to the account page.
    await page.goto(`/checkout/${hold.holdId}`);
    await page.getByLabel('Card number').fill(APPROVED_CARD);
    await page.getByRole('button', { name: /^Pay/ }).click();
    const refusal = page.locator('#pay-error');
    await refusal.filter({ hasText: 'Confirm your email address' }).waitFor();
    assert.match(await refusal.innerText(), new RegExp(email.replace(/[.+]/g, '\\$&')));
    await refusal.getByRole('link', { name: 'Go to your account' }).click();
    await page.getByRole('heading', { name: 'Your account', exact: true }).waitFor();
    assert.equal(await page.getByTestId('email-status').innerText(), 'Not confirmed');

    // The emailed link confirms the address; the held seats can now be bought.
    await page.goto(await waitForLink(email, 'verify-', '/verify-email'));
    await page.getByTestId('verified').waitFor();
    await page.goto(`/checkout/${hold.holdId}`);
    await page.getByLabel('Card number').fill(APPROVED_CARD);
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.getByRole('heading', { name: "You're going!" }).waitFor();

    // The account page, reached from the header.
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('heading', { name: 'Your account', exact: true }).waitFor();
    assert.equal(await page.getByTestId('email-status').innerText(), 'Confirmed');
    await page.getByLabel('Name').fill('Casey Renamed');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.locator('#toast', { hasText: 'Casey Renamed' }).waitFor();

    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password').fill('an even better passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#password-form [role=alert]', { hasText: 'not right' }).waitFor();
    await page.getByLabel('Current password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#toast', { hasText: 'Your password is changed' }).waitFor();

    // Another browser signs in; this one sees it and signs it out.
    const other = await newPage(env.browser, env.server.url, viewport);
    await signInViaApi(other, { email, password: 'an even better passphrase' });
    await page.reload();
    const devices = page.getByTestId('device');
    await page.getByRole('heading', { name: 'Signed-in devices' }).waitFor();
    assert.equal(await devices.count(), 2);
    assert.match(await devices.filter({ hasText: 'This device' }).innerText(), /Chrome/);
    await devices.filter({ hasNotText: 'This device' }).getByRole('button', { name: /^Sign out/ }).click();
    await page.locator('#toast', { hasText: 'That device is signed out' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=device]').length === 1);
    assert.equal((await other.context().request.get('/api/auth/session')).status(), 401);

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.waitForURL(/\/signin/);
    assert.equal((await page.context().request.get('/api/auth/session')).status(), 401);
    assert.deepEqual(page.errors.filter((e) => !/40[13]/.test(e)), []);
  });
}

test('download your data, then delete the account', async () => {
  const page = await newPage(env.browser, env.server.url);
  const email = await signUpViaApi(page, 'Dana Leaving');
  await page.goto('/account');
  await page.getByRole('heading', { name: 'Your data' }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download your data' }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.account.email, email);
  assert.ok(Array.isArray(exported.sessions) && exported.sessions.length === 1);

  await page.locator('#delete-form').getByLabel('Your password').fill('not my password');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await page.locator('#delete-form [role=alert]', { hasText: 'not right' }).waitFor();
  await page.locator('#delete-form').getByLabel('Your password').fill('correct horse battery');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.locator('#toast', { hasText: 'Your account is deleted' }).waitFor();
  assert.equal((await page.context().request.get('/api/auth/session')).status(), 401);
  const again = await page.context().request.post('/api/auth/signin', { data: { email, password: 'correct horse battery' } });
  assert.equal(again.status(), 401);
  assert.deepEqual(page.errors.filter((e) => !/40[13]/.test(e)), []);
});
