// Organisers' sales lookup: tickets with their buyers, found by name, email, order or ticket id
// (GET /api/admin/sales), each cancellable with its refund; also the tickets panel of one event.
import { api } from '../api.js';
import { debounce, esc, formatMoney, seatLabel, toast } from '../format.js';

// A table of tickets (newest first), grouped visually by order, with a Cancel button per live one.
function salesTable(tickets, withEvent) {
  if (!tickets.length) return '<p data-testid="sales-none">No tickets found.</p>';
  return `<div class="table-wrap"><table class="data" data-testid="sales"><thead><tr><th scope="col">Order</th><th scope="col">Buyer</th>
    ${withEvent ? '<th scope="col">Event</th>' : ''}<th scope="col">Seat</th><th scope="col">Paid</th><th scope="col">Status</th><th scope="col"><span class="sr">Actions</span></th></tr></thead><tbody>
    ${tickets.map((t) => `<tr data-id="${esc(t.id)}"><td><code title="${esc(t.orderId)}">${esc(t.orderId.slice(0, 8))}</code></td>
      <th scope="row">${esc(t.buyer.name)}<br><span class="muted">${esc(t.buyer.email)}</span></th>
      ${withEvent ? `<td>${esc(t.event ? t.event.name : '#' + t.eventId)}</td>` : ''}
      <td>${esc(seatLabel(t))}</td><td>${formatMoney(t.totalCents, t)}</td><td>${esc(t.status)}</td>
      <td>${t.status === 'confirmed' ? '<button type="button" class="link danger" data-act="cancel">Cancel and refund</button>' : ''}</td></tr>`).join('')}
    </tbody></table></div>`;
}

// Cancels the clicked row's ticket after asking, then calls `again` to redraw.
async function cancelFrom(ev, again) {
  if (ev.target.dataset.act !== 'cancel') return;
  const id = ev.target.closest('tr').dataset.id;
  if (!confirm('Cancel this ticket and refund the buyer? The seat goes back on sale.')) return;
  try {
    const { refund } = await api(`/api/admin/tickets/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
    if (refund.state === 'succeeded') toast(`Ticket cancelled and ${formatMoney(refund.amountCents, refund)} refunded.`, 'ok');
    else toast(`Ticket cancelled, but the refund of ${formatMoney(refund.amountCents, refund)} failed: ${refund.lastError}. It is recorded under Refunds, where you can retry it.`, 'error');
    again();
  } catch (e) {
    toast(e.message, 'error');
  }
}

export function ordersTab(el, query) {
  el.innerHTML = `<form class="filters" role="search" aria-label="Find orders">
      <label class="grow">Find a buyer or an order<input type="search" name="q" placeholder="Name, email, order id or ticket id" maxlength="254" autocomplete="off"></label>
    </form><div id="found"></div>`;
  const form = el.querySelector('form');
  const found = el.querySelector('#found');
  const input = form.elements.q;
  input.value = query.get('q') || '';
  async function search() {
    const q = input.value.trim();
    history.replaceState(null, '', `/admin?tab=orders${q ? '&q=' + encodeURIComponent(q) : ''}`);
    try {
      const { tickets } = await api(`/api/admin/sales?limit=200${q ? '&q=' + encodeURIComponent(q) : ''}`);
      found.innerHTML = `<p class="count">${tickets.length === 200 ? 'The newest 200 tickets' : `${tickets.length} ticket${tickets.length === 1 ? '' : 's'}`}${q ? ' matching "' + esc(q) + '"' : ''}</p>${salesTable(tickets, true)}`;
    } catch (e) {
      found.innerHTML = `<p class="form-error">${esc(e.message)}</p>`;
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    search();
  });
  input.addEventListener('input', debounce(search, 300));
  found.onclick = (ev) => cancelFrom(ev, search);
  search();
  input.focus();
}

export async function eventTickets(el, event) {
  el.innerHTML = `<section class="panel"><h2>Tickets · ${esc(event.name)}</h2><p class="loading">Loading…</p></section>`;
  const { tickets } = await api(`/api/admin/sales?event=${event.id}&limit=200`);
  el.innerHTML = `<section class="panel"><h2>Tickets · ${esc(event.name)}</h2>
    <p><a class="button secondary" href="/api/admin/events/${event.id}/tickets.csv" download>Download all as CSV</a>
    ${tickets.length === 200 ? '<span class="muted">The newest 200 are shown; the CSV has every ticket.</span>' : ''}</p>
    ${salesTable(tickets, false)}</section>`;
  el.onclick = (ev) => cancelFrom(ev, () => eventTickets(el, event));
}
