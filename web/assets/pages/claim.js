// The page a ticket's claim link opens: what was sent and by whom, then "Claim ticket" for a
// signed-in fan (or sign in / create an account first, coming back here).
import { api, session } from '../api.js';
import { navigate } from '../navigation.js';
import { esc, formatInstant } from '../format.js';

const WHY = {
  claimed: 'This ticket was already claimed.',
  cancelled: 'The sender took this ticket back before it was claimed.',
  expired: 'This link has expired. Ask the sender to send the ticket again.',
};

export async function render(main, _params, query) {
  document.title = 'Claim a ticket · TicketWar';
  const token = query.get('token') || '';
  let offer;
  try {
    offer = await api('/api/ticket-offers/lookup', { method: 'POST', body: { token } });
  } catch (e) {
    main.innerHTML = `<section class="panel narrow"><h1>We could not find that ticket</h1><p role="alert">${esc(e.message)}</p>
      <p><a href="/">See the events on sale</a></p></section>`;
    return;
  }
  const here = `/claim?token=${encodeURIComponent(token)}`;
  const s = offer.seat;
  const what = `<p><strong>${esc(offer.event.name)}</strong><br>${esc(offer.event.when)} · ${esc(offer.event.venue)}</p>
    <p data-testid="claim-seat">Section ${esc(s.section)} · Row ${esc(s.row)} · Seat ${esc(s.seat)}${s.tier ? ` (${esc(s.tier)})` : ''}</p>`;
  let action;
  if (offer.status !== 'open') {
    action = `<p role="alert">${esc(WHY[offer.status] || offer.status)}</p>`;
  } else if (!session.user) {
    action = `<p>Sign in or create an account (free) to claim it. Claim it by ${esc(formatInstant(offer.expiresAt))}.</p>
      <p><a class="button primary" href="/signup?next=${esc(encodeURIComponent(here))}">Create an account</a>
      <a class="button secondary" href="/signin?next=${esc(encodeURIComponent(here))}">Sign in</a></p>`;
  } else {
    action = `<p>It will be yours, in ${esc(session.user.email)}'s tickets, with a new code.</p>
      <p class="form-error" role="alert"></p><button type="button" class="primary" id="claim">Claim ticket</button>`;
  }
  main.innerHTML = `<section class="panel narrow"><h1>${esc(offer.from || 'Someone')} sent you a ticket</h1>${what}${action}</section>`;
  main.querySelector('#claim')?.addEventListener('click', async (e) => {
    e.target.disabled = true;
    try {
      const claimed = await api('/api/ticket-offers/claim', { method: 'POST', body: { token } });
      navigate(`/tickets/${encodeURIComponent(claimed.ticketId)}`, { replace: true });
    } catch (err) {
      main.querySelector('.form-error').textContent = err.message;
      e.target.disabled = false;
    }
  });
}
