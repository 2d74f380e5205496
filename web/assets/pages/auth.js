// Sign in and sign up. After either, the user goes back where they came from (`next`).
import { signIn, signUp } from '../api.js';
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
    alt: `New here? <a href="/signup?next=${esc(encodeURIComponent(next))}">Create an account</a>`,
    async submit(f) {
      const s = await signIn(f.email.value.trim(), f.password.value);
      toast(`Welcome back, ${s.user.name}.`, 'ok');
      navigate(next, { replace: true });
    },
  });
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
