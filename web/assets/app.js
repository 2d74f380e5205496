// The single-page app: a small router over history.pushState, the header, and page modules.
// Each page module exports render(main, params, query) and may return a cleanup function.
import { loadSession, onSessionChange, session, signOut } from './api.js';
import { dismissStaleToast, esc, toast, warmMoneyFormat } from './format.js';
import { navigate } from './navigation.js';
import { eventReads, readEarly } from './early_reads.js';

const routes = [
  [/^\/$/, () => import('./pages/events.js')],
  [/^\/events\/([^/]+)$/, () => import('./pages/event.js'), ['slug'], (p) => eventReads(p.slug)],
  [/^\/events\/([^/]+)\/queue$/, () => import('./pages/queue.js'), ['slug']],
  [/^\/checkout\/([^/]+)$/, () => import('./pages/checkout.js'), ['holdId']],
  [/^\/orders\/([^/]+)$/, () => import('./pages/order.js'), ['orderId']],
  [/^\/tickets$/, () => import('./pages/tickets.js')],
  [/^\/tickets\/([^/]+)$/, () => import('./pages/ticket.js'), ['ticketId']],
  [/^\/signin$/, () => import('./pages/auth.js').then((m) => ({ render: m.renderSignIn }))],
  [/^\/signup$/, () => import('./pages/auth.js').then((m) => ({ render: m.renderSignUp }))],
  [/^\/forgot-password$/, () => import('./pages/auth.js').then((m) => ({ render: m.renderForgotPassword }))],
  [/^\/reset-password$/, () => import('./pages/auth.js').then((m) => ({ render: m.renderResetPassword }))],
  [/^\/account$/, () => import('./pages/account.js')],
  [/^\/claim$/, () => import('./pages/claim.js')],
  [/^\/verify-email$/, () => import('./pages/account.js').then((m) => ({ render: m.renderVerifyEmail }))],
  [/^\/admin$/, () => import('./pages/admin.js')],
  [/^\/checkin$/, () => import('./pages/checkin.js')],
];

let cleanup = null;
let warmed = false;  // the number formats, once (format.js)
// The session is asked for while the page's module loads; a page renders once both are in.
let sessionLoaded = null;

async function route() {
  const main = document.getElementById('main');
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  dismissStaleToast();
  const path = location.pathname;
  const query = new URLSearchParams(location.search);
  for (const [pattern, load, names = [], reads = () => []] of routes) {
    const m = path.match(pattern);
    if (!m) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
    reads(params).forEach(readEarly);
    if (!warmed) warmMoneyFormat();
    warmed = true;
    main.innerHTML = '<p class="loading">Loading…</p>';
    try {
      const page = await load();
      await sessionLoaded;
      cleanup = (await page.render(main, params, query)) || null;
    } catch (e) {
      main.innerHTML = failurePage(e);
    }
    window.scrollTo(0, 0);
    // The page is painted first: moving focus makes the browser lay it all out again, which on
    // a slowed-down phone had doubled the time before the arena's map showed.
    await nextPaint();
    focusHeading(main);
    document.dispatchEvent(new CustomEvent('tw:page-shown', { detail: { path } }));
    return;
  }
  document.title = 'Not found · TicketWar';
  main.innerHTML = '<section class="panel"><h1>Page not found</h1><p><a href="/">See the events on sale</a></p></section>';
}

function nextPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

// After a page change, keyboard and screen-reader users start at the new page's heading (unless
// the page put focus somewhere itself).
function focusHeading(main) {
  const h = main.querySelector('h1');
  if (!h || main.contains(document.activeElement)) return;
  h.tabIndex = -1;
  h.focus({ preventScroll: true });
}

// A page whose data could not be had: a thing that does not exist (an unknown event, a ticket
// not yours) says so; anything else says what went wrong. Either way, a way back.
function failurePage(e) {
  const missing = e && e.status === 404;
  document.title = (missing ? 'Not found' : 'Something went wrong') + ' · TicketWar';
  const heading = missing ? 'We could not find that' : 'Something went wrong';
  return `<section class="panel" data-testid="failure"><h1 tabindex="-1">${heading}</h1><p>${esc(e.message)}</p>
    <p><a class="button primary" href="/">See the events on sale</a></p></section>`;
}

function renderNav() {
  const nav = document.getElementById('nav');
  const u = session.user;
  if (!u) {
    nav.innerHTML = '<a href="/">Events</a><a href="/signin">Sign in</a><a class="button small" href="/signup">Sign up</a>';
    return;
  }
  nav.innerHTML =
    '<a href="/" class="nav-events">Events</a><a href="/tickets">My tickets</a><a href="/account">Account</a>' +
    (u.role !== 'user' ? '<a href="/checkin">Check-in</a>' : '') +
    (u.role === 'admin' ? '<a href="/admin">Admin</a>' : '') +
    `<span class="who" data-testid="who">${esc(u.name)} <span class="role">${esc(u.role)}</span></span>` +
    '<button type="button" class="link" id="signout">Sign out</button>';
  nav.querySelector('#signout').addEventListener('click', async () => {
    await signOut();
    toast('Signed out.');
    navigate('/');
  });
}

// Same-origin links are handled by the router instead of reloading the page.
document.addEventListener('click', (e) => {
  const a = e.target.closest('a');
  if (!a || a.target || a.hasAttribute('download') || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', route);
window.addEventListener('tw:navigate', route);
onSessionChange(renderNav);  // loadSession draws the header once it knows who is here
sessionLoaded = loadSession();
route();
