// The account page: name, email (confirmed or not, and moving to a new one), password, the
// devices signed in, each of which can be signed out, and the fan's data: download it, or delete
// the account. Everything is the server's to decide; the
// page shows its answers.
import { api, loadSession } from '../api.js';
import { navigate } from '../navigation.js';
import { esc, formatInstant, toast } from '../format.js';

// Runs a form's submit with its button disabled and the server's refusal shown in the form.
function onSubmit(form, submit) {
  const error = form.querySelector('.form-error');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    error.textContent = '';
    try {
      await submit(form.elements);
    } catch (err) {
      error.textContent = err.message;
    } finally {
      btn.disabled = false;
    }
  });
}

function emailStatus(account) {
  const u = account.user;
  if (u.emailVerified) return '<span class="badge soon" data-testid="email-status">Confirmed</span>';
  const why = account.buyingNeedsConfirmedEmail ? ' You need to confirm it before you can buy tickets.' : '';
  return `<span class="badge low" data-testid="email-status">Not confirmed</span>
    <p class="fine">We emailed you a link to confirm this address.${why}</p>
    <button type="button" class="secondary small" id="resend">Send the link again</button>`;
}

function detailsHtml(account) {
  const u = account.user;
  return `<section class="panel" aria-labelledby="details-h"><h2 id="details-h">Your details</h2>
    <form id="name-form" novalidate>
      <label>Name <span class="muted">(tickets are made out to it)</span>
        <input name="name" autocomplete="name" required maxlength="100" value="${esc(u.name)}"></label>
      <p class="form-error" role="alert"></p>
      <button type="submit" class="primary">Save name</button>
    </form>
    <h3>Email</h3>
    <p><strong data-testid="account-email">${esc(u.email)}</strong> ${emailStatus(account)}</p>
    <form id="email-form" novalidate>
      <label>New email address<input type="email" name="email" autocomplete="email" required maxlength="254"></label>
      <label>Your password <span class="muted">(to show it is you)</span>
        <input type="password" name="password" autocomplete="current-password" required></label>
      <p class="form-error" role="alert"></p>
      <button type="submit" class="secondary">Change email</button>
    </form>
  </section>`;
}

const PASSWORD_HTML = `<section class="panel" aria-labelledby="password-h"><h2 id="password-h">Password</h2>
  <form id="password-form" novalidate>
    <label>Current password<input type="password" name="currentPassword" autocomplete="current-password" required></label>
    <label>New password <span class="muted">(at least 8 characters)</span>
      <input type="password" name="newPassword" autocomplete="new-password" required minlength="8"></label>
    <p class="form-error" role="alert"></p>
    <button type="submit" class="primary">Change password</button>
  </form></section>`;

function deviceRow(d) {
  const here = d.current ? ' <span class="badge soon">This device</span>' : '';
  return `<tr data-testid="device"><td>${esc(d.browser)}${here}</td><td>${esc(d.address || 'unknown')}</td>
    <td>${esc(formatInstant(d.lastSeenAt))}</td>
    <td><button type="button" class="secondary small" data-device="${esc(d.id)}"
      aria-label="Sign out ${esc(d.browser)}${d.current ? ' (this device)' : ''}">Sign out</button></td></tr>`;
}

function devicesHtml(devices) {
  return `<section class="panel" aria-labelledby="devices-h"><h2 id="devices-h">Signed-in devices</h2>
    <div class="table-wrap"><table class="data"><caption class="sr">Devices signed in to your account</caption>
      <thead><tr><th scope="col">Browser</th><th scope="col">Signed in from</th><th scope="col">Last seen</th>
      <th scope="col"><span class="sr">Action</span></th></tr></thead>
      <tbody>${devices.map(deviceRow).join('')}</tbody></table></div>
    <button type="button" class="secondary" id="everywhere">Sign out everywhere</button></section>`;
}

const DATA_HTML = `<section class="panel" aria-labelledby="data-h"><h2 id="data-h">Your data</h2>
  <p>Download everything TicketWar keeps about your account (your details, devices, holds, payments, orders,
    tickets, transfers and waiting-room places), as a JSON file.</p>
  <p><a class="button secondary" href="/api/account/export" download>Download your data</a></p>
  <form id="delete-form" novalidate>
    <h3>Delete your account</h3>
    <p class="fine">Your name, email address, password and devices are deleted. Your orders and tickets stay, without
      your name, for the organisers' accounts. Tickets for shows to come must be given away or refunded first.</p>
    <label>Your password <span class="muted">(to confirm)</span>
      <input type="password" name="password" autocomplete="current-password" required></label>
    <p class="form-error" role="alert"></p>
    <button type="submit" class="secondary danger">Delete my account</button>
  </form></section>`;

async function signedOutHere(message) {
  await loadSession();
  toast(message, 'ok');
  navigate('/signin', { replace: true });
}

export async function render(main) {
  document.title = 'Your account · TicketWar';
  let account;
  try {
    account = await api('/api/account');
  } catch (e) {
    if (e.status === 401) return navigate('/signin?next=/account', { replace: true });
    throw e;
  }
  const { devices } = await api('/api/account/devices');
  main.innerHTML = `<h1>Your account</h1>${detailsHtml(account)}${PASSWORD_HTML}${devicesHtml(devices)}${DATA_HTML}`;

  onSubmit(main.querySelector('#name-form'), async (f) => {
    const answer = await api('/api/account', { method: 'PATCH', body: { name: f.name.value.trim() } });
    await loadSession();
    toast(`Saved: tickets are now made out to ${answer.user.name}.`, 'ok');
  });
  onSubmit(main.querySelector('#email-form'), async (f) => {
    const answer = await api('/api/account/email', {
      method: 'POST', body: { email: f.email.value.trim(), password: f.password.value } });
    f.password.value = '';
    toast(answer.message, 'ok');
  });
  onSubmit(main.querySelector('#password-form'), async (f) => {
    const answer = await api('/api/account/password', {
      method: 'POST', body: { currentPassword: f.currentPassword.value, newPassword: f.newPassword.value } });
    await render(main);
    toast(answer.message, 'ok');
  });
  onSubmit(main.querySelector('#delete-form'), async (f) => {
    if (!confirm('Delete your account for good? This cannot be undone.')) return;
    await api('/api/account', { method: 'DELETE', body: { password: f.password.value } });
    await loadSession();
    toast('Your account is deleted.', 'ok');
    navigate('/', { replace: true });
  });
  main.querySelector('#resend')?.addEventListener('click', async (e) => {
    e.target.disabled = true;
    try {
      toast((await api('/api/account/email/verification', { method: 'POST' })).message, 'ok');
    } catch (err) {
      toast(err.message, 'error');
      e.target.disabled = false;
    }
  });
  for (const btn of main.querySelectorAll('[data-device]')) {
    btn.addEventListener('click', async () => {
      const current = devices.find((d) => d.id === btn.dataset.device)?.current;
      try {
        await api(`/api/account/devices/${encodeURIComponent(btn.dataset.device)}`, { method: 'DELETE' });
      } catch (err) {
        return toast(err.message, 'error');
      }
      if (current) return signedOutHere('Signed out of this device.');
      await render(main);
      toast('That device is signed out.', 'ok');
    });
  }
  main.querySelector('#everywhere').addEventListener('click', async () => {
    try {
      await api('/api/account/sign-out-everywhere', { method: 'POST' });
    } catch (err) {
      return toast(err.message, 'error');
    }
    await signedOutHere('Signed out on every device.');
  });
}

// The page an emailed confirmation link opens: it confirms the address as soon as it loads
// (the link is the proof; it works once).
export async function renderVerifyEmail(main, _params, query) {
  document.title = 'Confirm your email · TicketWar';
  main.innerHTML = '<section class="panel narrow"><h1>Confirming your email…</h1></section>';
  const section = main.querySelector('section');
  try {
    const answer = await api('/api/auth/verify-email', { method: 'POST', body: { token: query.get('token') || '' } });
    await loadSession();
    const what = answer.changed ? `Your account now uses ${esc(answer.email)}.` : `${esc(answer.email)} is confirmed.`;
    section.innerHTML = `<h1>Email confirmed</h1><p role="status" data-testid="verified">${what} You can buy tickets.</p>
      <p><a class="button primary" href="/">See the events on sale</a></p>`;
  } catch (e) {
    section.innerHTML = `<h1>We could not confirm your email</h1><p role="alert">${esc(e.message)}</p>
      <p><a href="/account">Go to your account</a> to have a new link sent.</p>`;
  }
}
