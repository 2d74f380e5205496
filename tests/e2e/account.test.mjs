// A fan who forgot their password: "Forgot your password?" on the sign-in page, the emailed link
// (read from the .eml file the server writes), a new password, and signing in with it; the old
// session is gone. On a desktop and on a phone.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PHONE, newPage, signUpViaApi, serverAndBrowser } from './support/harness.mjs';

const env = serverAndBrowser();

// The link in the newest reset email to `email`.
function resetLinkFor(email) {
  const dir = join(env.server.dataDir, 'mail');
  for (const name of readdirSync(dir).filter((n) => n.startsWith('password-reset-')).reverse()) {
    const eml = readFileSync(join(dir, name), 'latin1');
    if (!eml.includes(`<${email}>`)) continue;
    // The text part: base64 after its headers, up to the next MIME boundary.
    const start = eml.indexOf('Content-Transfer-Encoding: base64\r\n\r\n') + 37;
    const body = eml.slice(start, eml.indexOf('\r\n--', start));
    const text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    return text.match(/https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/)[0];
  }
  return null;
}

async function waitForLink(email) {
  for (let i = 0; i < 50; i++) {
    const link = resetLinkFor(email);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no reset email to ${email}`);
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
    await page.goto(new URL(link).pathname + new URL(link).search);
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
    await page.goto(new URL(link).pathname + new URL(link).search);
    await page.getByLabel('New password').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('alert').filter({ hasText: /already used/ }).waitFor();
    assert.deepEqual(page.errors.filter((e) => !/409/.test(e)), []);
  });
}
