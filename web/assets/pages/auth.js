// Sign in and sign up. After either, the user goes back where they came from (`next`).
import { api, signIn, signUp } from '../api.js';
import { navigate } from '../navigation.js';
import { esc, toast } from '../format.js';

function safeNext(query) {
  const next = query.get('next') || '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function form(main, { title, fields, button, alt, submit }) {
  main.innerHTML = `<section class="panel narrow auth"><h1>${title}</h1>
    <form novalidate>${fields}<p class="form-error" role="alert"></p>
    <button type="submit" class="primary wide">${button}</button></form><p class="alt">${alt}</p></section>`;
  const f = main.querySelector('form');
  const error = f.querySelector('.form-error');
  f.elements[0].focus();
  f.addEventListener('submit', async (e) => {
    e.preventDefault();
    const btn = f.querySelector('button[type=submit]');
    btn.disabled = true;
    error.textContent = '';
    try {
      await submit(f.elements);
    } catch (err) {
      error.textContent = err.message;
    } finally {
      btn.disabled = false;
    }
  });
}

const EMAIL = '<label>Email<input type="email" name="email" autocomplete="email" required maxlength="254"></label>';

export function renderSignIn(main, _params, query) {
  document.title = 'Sign in · TicketWar';
  const next = safeNext(query);
  form(main, {
    title: 'Sign in',
    fields: EMAIL + '<label>Password<input type="password" name="password" autocomplete="current-password" required></label>',
    button: 'Sign in',
    alt: `<a href="/forgot-password">Forgot your password?</a> · New here? <a href="/signup?next=${esc(encodeURIComponent(next))}">Create an account</a>`,
    async submit(f) {
      const s = await signIn(f.email.value.trim(), f.password.value);
      toast(`Welcome back, ${s.user.name}.`, 'ok');
      navigate(next, { replace: true });
    },
  });
  if (query.get('email')) main.querySelector('input[name=email]').value = query.get('email');
}

export function renderSignUp(main, _params, query) {
  document.title = 'Sign up · TicketWar';
  const next = safeNext(query);
  form(main, {
    title: 'Create your account',
    fields: '<label>Name<input name="name" autocomplete="name" required maxlength="100"></label>' + EMAIL +
      '<label>Password <span class="muted">(at least 8 characters)</span><input type="password" name="password" autocomplete="new-password" required minlength="8"></label>',
    button: 'Sign up',
    alt: `Have an account? <a href="/signin?next=${esc(encodeURIComponent(next))}">Sign in</a>`,
    async submit(f) {
      const s = await signUp(f.name.value.trim(), f.email.value.trim(), f.password.value);
      toast(`Welcome, ${s.user.name}.`, 'ok');
      navigate(next, { replace: true });
    },
  });
}

// A forgotten password: the server emails a link whether or not the address has an account,
// and says the same either way.
export function renderForgotPassword(main) {
  document.title = 'Forgot your password · TicketWar';
  form(main, {
    title: 'Forgot your password?',
    fields: '<p>Enter the email address of your account. We will email you a link to choose a new password.</p>' + EMAIL,
    button: 'Email me a link',
    alt: '<a href="/signin">Back to sign in</a>',
    async submit(f) {
      const answer = await api('/api/auth/password-reset', { method: 'POST', body: { email: f.email.value.trim() } });
      main.querySelector('section').innerHTML = `<h1>Check your email</h1><p role="status">${esc(answer.message)}</p>
        <p class="alt"><a href="/signin">Back to sign in</a></p>`;
    },
  });
}

// The page the emailed link opens: a new password for the account, then sign in with it.
export function renderResetPassword(main, _params, query) {
  document.title = 'Choose a new password · TicketWar';
  const token = query.get('token') || '';
  form(main, {
    title: 'Choose a new password',
    fields: '<label>New password <span class="muted">(at least 8 characters)</span><input type="password" name="password" autocomplete="new-password" required minlength="8"></label>',
    button: 'Set password',
    alt: '<a href="/forgot-password">Ask for a new link</a>',
    async submit(f) {
      const answer = await api('/api/auth/password-reset/confirm', { method: 'POST', body: { token, password: f.password.value } });
      toast('Your password is changed. Sign in with it; every other device was signed out.', 'ok');
      navigate(`/signin?email=${encodeURIComponent(answer.email)}`, { replace: true });
    },
  });
}
