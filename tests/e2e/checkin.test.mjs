// A fan downloads the ticket image; gate staff paste the code read from its QR code (zbarimg)
// into the check-in page: the first scan admits, the second says the ticket was already used.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEV_ADMIN, OUT_DIR, buyViaApi, newPage, signInViaApi, signUpViaApi, serverAndBrowser } from './support/harness.mjs';

const env = serverAndBrowser();

// Cookie-authenticated API calls from the test must prove their origin, as the pages do.
const origin = () => ({ Origin: env.server.url });

async function buyOneSeat(page, seatId) {
  const order = await (await buyViaApi(page, 'bts-yet-to-come', seatId)).json();
  assert.ok(order.tickets, JSON.stringify(order));
  return order.tickets[0].id;
}

test('download the ticket image, then a gate checks the QR code in once', async () => {
  const fan = await newPage(env.browser, env.server.url);
  const email = await signUpViaApi(fan, 'Jordan Fan');
  const ticketId = await buyOneSeat(fan, 'PREM-C-3');
  await fan.goto(`/tickets/${ticketId}`);
  await fan.getByRole('img', { name: 'QR code to scan at the gate' }).waitFor();
  await fan.waitForFunction(() => document.querySelector('.ticket-qr img').naturalWidth > 0);
  const download = fan.waitForEvent('download');
  await fan.getByRole('link', { name: 'Download ticket image' }).click();
  const file = join(OUT_DIR, 'ticket.png');
  await (await download).saveAs(file);
  const code = execFileSync('zbarimg', ['--quiet', '--raw', file]).toString().trim();
  assert.match(code, /^TW1\./);
  // The printable PDF scans as the same code once its page is rendered; the calendar entry opens.
  const pdfDownload = fan.waitForEvent('download');
  await fan.getByRole('link', { name: 'Print ticket (PDF)' }).click();
  const pdf = join(OUT_DIR, 'ticket.pdf');
  await (await pdfDownload).saveAs(pdf);
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, join(OUT_DIR, 'ticket-pdf')]);
  assert.equal(execFileSync('zbarimg', ['--quiet', '--raw', join(OUT_DIR, 'ticket-pdf.png')]).toString().trim(), code);
  const icsDownload = fan.waitForEvent('download');
  await fan.getByRole('link', { name: 'Add to calendar' }).click();
  const ics = join(OUT_DIR, 'ticket.ics');
  await (await icsDownload).saveAs(ics);
  assert.match(readFileSync(ics, 'utf8'), /^BEGIN:VCALENDAR\r\n[\s\S]*DTSTART[\s\S]*END:VCALENDAR\r\n$/);

  // On a phone the ticket page itself scans: a screenshot of it reads back as the same code.
  const phone = await newPage(env.browser, env.server.url, { width: 390, height: 844 });
  await signInViaApi(phone, { email, password: 'correct horse battery' });
  await phone.goto(`/tickets/${ticketId}`);
  const qr = phone.getByTestId('ticket-qr');
  await qr.waitFor();
  await phone.waitForFunction(() => document.querySelector('.ticket-qr img').naturalWidth > 0);
  await qr.scrollIntoViewIfNeeded();
  const box = await qr.boundingBox();
  assert.ok(box.width >= 250, `the QR code is big on a phone (${box.width} px)`);
  const shot = join(OUT_DIR, 'ticket-phone.png');
  await phone.screenshot({ path: shot });
  assert.equal(execFileSync('zbarimg', ['--quiet', '--raw', shot]).toString().trim(), code);
  assert.deepEqual(phone.errors, []);

  // Gate staff: an admin promotes a new account to staff.
  const admin = await newPage(env.browser, env.server.url);
  await signInViaApi(admin, DEV_ADMIN);
  const gate = await newPage(env.browser, env.server.url);
  const staffEmail = await signUpViaApi(gate, 'Gate Keeper');
  const { users } = await (await admin.context().request.get(`/api/admin/users?q=${encodeURIComponent(staffEmail)}`)).json();
  const promoted = await admin.context().request.patch(`/api/admin/users/${users[0].id}`, { data: { role: 'staff' }, headers: origin() });
  assert.equal(promoted.status(), 200);

  await gate.reload();  // the new role shows on the next page load
  await gate.goto('/checkin?event=bts-yet-to-come');
  await gate.getByLabel('Gate').fill('North 3');
  await gate.getByLabel('Ticket code').fill(code);
  await gate.getByRole('button', { name: 'Check in' }).click();
  const verdict = gate.locator('#verdict');
  await verdict.filter({ hasText: 'Valid' }).waitFor();
  assert.match(await verdict.innerText(), /Jordan Fan/);
  await gate.getByLabel('Ticket code').fill(code);
  await gate.getByRole('button', { name: 'Check in' }).click();
  await verdict.filter({ hasText: 'Already used' }).waitFor();
  assert.match(await verdict.innerText(), /North 3/);
  assert.equal(await gate.locator('#recent li').count(), 2);
  assert.ok(email);
  assert.deepEqual(fan.errors, []);
  assert.deepEqual(gate.errors, []);
});
