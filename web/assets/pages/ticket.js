// One ticket, shown as a ticket: event, seat, price, holder and ticket id.
import { api, session } from '../api.js';
import { navigate } from '../app.js';
import { esc, formatCents, formatEventDate, formatInstant } from '../format.js';
import { seatLabel } from './tickets.js';

export async function render(main, { ticketId }) {
  if (!session.user) return navigate(`/signin?next=${encodeURIComponent('/tickets/' + ticketId)}`, { replace: true });
  const t = await api(`/api/tickets/${encodeURIComponent(ticketId)}`);
  const e = t.event || {};
  document.title = `Ticket ${t.seatId} · TicketWar`;
  main.innerHTML = `<section class="narrow">
    <p class="crumbs"><a href="/tickets">‹ My tickets</a></p>
    <article class="ticket status-${esc(t.status)}" style="--accent:${esc(e.color || '#4f46e5')}" aria-label="Ticket">
      <header><p class="artist">${esc(e.artist || '')}</p><h1>${esc(e.name || 'Ticket')}</h1>
        <p>${esc(e.venue || '')}${e.date ? ' · ' + esc(formatEventDate(e)) : ''}</p></header>
      <dl class="ticket-facts">
        <div><dt>Section</dt><dd>${esc(t.seat ? t.seat.section : t.seatId)}</dd></div>
        <div><dt>Row</dt><dd>${esc(t.seat ? t.seat.row : '')}</dd></div>
        <div><dt>Seat</dt><dd>${esc(t.seat ? t.seat.number : '')}</dd></div>
        <div><dt>Paid</dt><dd>${formatCents(t.totalCents)}</dd></div>
        <div><dt>Holder</dt><dd>${esc(session.user.name)}</dd></div>
        <div><dt>Status</dt><dd class="status">${esc(t.status)}</dd></div>
      </dl>
      <footer><p class="fine">${esc(seatLabel(t))} · bought ${esc(formatInstant(t.purchasedAt))}</p><p class="ticket-id"><code>${esc(t.id)}</code></p></footer>
    </article>
  </section>`;
}
