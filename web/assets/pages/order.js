// The confirmation after payment: the order and its tickets.
import { api } from '../api.js';
import { esc, formatMoney, formatInstant, showLine } from '../format.js';

export async function render(main, { orderId }) {
  const order = await api(`/api/orders/${encodeURIComponent(orderId)}`);
  document.title = 'Your tickets · TicketWar';
  main.innerHTML = `<section class="panel narrow confirmation">
    <h1>You're going!</h1>
    ${showLine(order.show)}
    <p>Order <code>${esc(order.orderId.slice(0, 8))}</code> · paid ${formatMoney(order.totalCents, order)} on ${esc(formatInstant(order.createdAt))}.</p>
    <ul class="ticket-list" data-testid="order-tickets">
      ${order.tickets.map((t) => `<li><a href="/tickets/${encodeURIComponent(t.id)}"><strong>${esc(t.seatLabel || t.seatId)}</strong><span>${formatMoney(t.totalCents, order)}</span></a></li>`).join('')}
    </ul>
    <p><a class="button primary" href="/tickets">See all my tickets</a> <a class="button secondary" href="/api/orders/${encodeURIComponent(order.orderId)}/tickets.pdf" download="tickets-${esc(order.event)}.pdf">Print all tickets (PDF)</a> <a class="button secondary" href="/events/${encodeURIComponent(order.event)}">Back to the event</a></p>
  </section>`;
}
