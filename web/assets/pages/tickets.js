// My tickets, newest first, grouped by event.
import { api, session } from '../api.js';
import { navigate } from '../navigation.js';
import { esc, formatMoney, formatEventDate, seatLabel } from '../format.js';

// Seat order as people read it: by section, then row (A … Z, AA …), then seat number.
function bySeat(a, b) {
  if (!a.seat || !b.seat) return 0;
  return a.seat.section.localeCompare(b.seat.section) || a.seat.row.length - b.seat.row.length ||
    a.seat.row.localeCompare(b.seat.row) || a.seat.number - b.seat.number;
}

// Tickets given away stay listed, without a link: they are someone else's now.
function item(t) {
  const body = `<strong>${esc(seatLabel(t))}</strong><span>${formatMoney(t.totalCents, t)}${t.status !== 'confirmed' ? ` · <em>${esc(t.status)}</em>` : ''}</span>`;
  return t.status === 'transferred'
    ? `<li class="status-transferred"><span class="row-item">${body}</span></li>`
    : `<li class="status-${esc(t.status)}"><a href="/tickets/${encodeURIComponent(t.id)}">${body}</a></li>`;
}

// Waiting rooms the fan has a place in, whichever device joined: their place is theirs on every
// device, so the link leads back to it.
function placeText(p) {
  if (p.state === 'admitted') return "It's your turn: pick your seats before your pass runs out.";
  if (p.state === 'pre_queue') return 'In the waiting room; places are drawn when the sale opens.';
  if (p.state === 'sold_out') return 'Sold out.';
  if (p.state === 'paused') return `Number ${p.position} in line; the sale is paused.`;
  return `Number ${p.position} in line, ${p.ahead} ahead of you.`;
}

function queuedPanel(places) {
  if (!places.length) return '';
  return `<section class="panel" data-testid="my-queues"><h2>Waiting rooms you are in</h2><ul class="queue-places">${places.map((p) => `
    <li><a href="/events/${encodeURIComponent(p.event)}/queue"><strong>${esc(p.eventName)}</strong></a>
      <span>${esc(placeText(p))}</span></li>`).join('')}</ul>
    <p class="meta">A place belongs to your account: it is the same on every device you sign in on.</p></section>`;
}

export async function render(main) {
  if (!session.user) return navigate('/signin?next=/tickets', { replace: true });
  document.title = 'My tickets · TicketWar';
  const [{ tickets }, { places }] = await Promise.all([api('/api/tickets'), api('/api/queues')]);
  if (!tickets.length) {
    main.innerHTML = `<section class="narrow"><h1>My tickets</h1>${queuedPanel(places)}<section class="panel"><p>No tickets yet.</p><p><a class="button primary" href="/">Find an event</a></p></section></section>`;
    return;
  }
  const groups = new Map();
  for (const t of tickets) {
    const key = t.eventId;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(t);
  }
  main.innerHTML = `<section class="narrow"><h1>My tickets</h1>${queuedPanel(places)}${[...groups.values()].map((list) => {
    const e = list[0].event;
    return `<article class="panel ticket-group" style="--accent:${esc(e?.color || '#4f46e5')}">
      <h2>${esc(e ? e.artist : 'Event ' + list[0].eventId)}</h2>
      ${e ? `<p class="meta">${esc(e.venue)} · ${esc(formatEventDate(e))}</p>` : ''}
      <ul class="ticket-list" data-testid="my-tickets">${[...list].sort(bySeat).map(item).join('')}</ul>
    </article>`;
  }).join('')}</section>`;
}
