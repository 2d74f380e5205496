// The activity tab: the audit trail (every hold, sale, payment, refund, cancellation, check-in
// and transfer, newest first, filtered by event, kind, account and dates) and how far each
// consumer of the event log has got.
import { api } from '../api.js';
import { esc, formatCents, formatInstant } from '../format.js';

const KINDS = [['', 'Everything'], ['seat_locked', 'Seats held'], ['seat_released', 'Seats let go'],
  ['ticket_sold', 'Tickets sold'], ['payment_processed', 'Payments'], ['order_refunded', 'Refunds'],
  ['ticket_cancelled', 'Cancellations'], ['ticket_checked_in', 'Check-ins'], ['ticket_transferred', 'Transfers']];
const KIND_NAMES = Object.fromEntries(KINDS);

// One line saying what happened, from the event's payload.
function what(e) {
  const p = e.payload || {};
  switch (e.type) {
    case 'seat_locked': return `Held ${esc(p.seatId)}`;
    case 'seat_released': return `${esc(p.seatId)} let go${p.reason === 'timeout' ? ' (hold ran out)' : ''}`;
    case 'ticket_sold': return `Sold ${esc(p.seatId)} for ${formatCents(p.totalCents)}`;
    case 'payment_processed': return `Payment of ${formatCents(p.amountCents)} ${esc(p.status)}${p.declineCode ? ` (${esc(p.declineCode)})` : ''}`;
    case 'order_refunded': return `Refund of ${formatCents(p.amountCents)} ${esc(p.state)}`;
    case 'ticket_cancelled': return `Cancelled ${esc(p.seatId)}, refunding ${formatCents(p.refundCents)}`;
    case 'ticket_checked_in': return `Checked in ${esc(p.seatId)} at ${esc(p.gate)}`;
    case 'ticket_transferred': return `Gave ${esc(p.seatId)} to account #${esc(p.toUserId)}`;
    default: return esc(e.type);
  }
}

function consumersLine(consumers) {
  return consumers.map((c) => {
    const state = c.failures ? `failing (${esc(c.lastError)}), retrying` : c.lag ? `${c.lag.toLocaleString('en-US')} events behind` : 'up to date';
    return `<span class="consumer ${c.failures ? 'failing' : ''}">${esc(c.name)}: ${state}</span>`;
  }).join(' · ');
}

export async function activityTab(el) {
  el.innerHTML = `<p class="muted" id="consumers"></p>
    <form class="filters" role="search">
      <label>What<select name="type">${KINDS.map(([v, n]) => `<option value="${v}">${n}</option>`).join('')}</select></label>
      <label>Event<select name="event"><option value="">All events</option></select></label>
      <label>Account #<input name="user" inputmode="numeric" pattern="[0-9]*" size="6"></label>
      <label>From<input type="date" name="from"></label><label>To<input type="date" name="to"></label>
    </form>
    <div class="table-wrap"><table class="data"><caption>Everything that happened, newest first</caption>
    <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Event</th><th scope="col">Account</th><th scope="col">By</th></tr></thead>
    <tbody id="entries"></tbody></table></div><button type="button" class="secondary" id="older" hidden>Older</button>`;
  const form = el.querySelector('form');
  const tbody = el.querySelector('#entries');
  const older = el.querySelector('#older');
  const names = new Map();
  try {
    const stats = await api('/api/admin/stats');
    for (const e of stats.events) names.set(e.id, e.name);
    form.elements.event.insertAdjacentHTML('beforeend', stats.events.map((e) => `<option value="${e.id}">${esc(e.name)}</option>`).join(''));
  } catch { /* the filter stays at "All events" */ }
  let cursor = null;
  const row = (e) => `<tr><th scope="row">${esc(formatInstant(e.at))}</th><td><span class="kind">${esc(KIND_NAMES[e.type] || e.type)}</span> ${what(e)}</td>
    <td>${e.eventId ? esc(names.get(e.eventId) || `#${e.eventId}`) : ''}</td><td>${e.userId ? `#${e.userId}` : ''}</td><td>${esc(e.actor)}</td></tr>`;
  async function load(more) {
    const f = form.elements;
    const q = new URLSearchParams({ limit: '50' });
    for (const name of ['type', 'event', 'user', 'from', 'to']) if (f[name].value.trim()) q.set(name, f[name].value.trim());
    if (more && cursor) q.set('cursor', cursor);
    try {
      const page = await api('/api/admin/audit?' + q);
      const html = page.entries.map(row).join('');
      if (more) tbody.insertAdjacentHTML('beforeend', html);
      else tbody.innerHTML = html || '<tr><td colspan="5">Nothing matches.</td></tr>';
      cursor = page.nextCursor;
      older.hidden = !cursor;
    } catch (e) {
      tbody.innerHTML = `<tr><td colspan="5">${esc(e.message)}</td></tr>`;
      older.hidden = true;
    }
  }
  async function status() {
    try {
      const { consumers } = await api('/api/admin/consumers');
      el.querySelector('#consumers').innerHTML = 'Event consumers: ' + consumersLine(consumers);
    } catch { /* shown on the next refresh */ }
  }
  form.addEventListener('change', () => load(false));
  form.addEventListener('submit', (e) => { e.preventDefault(); load(false); });
  older.addEventListener('click', () => load(true));
  load(false);
  status();
  const timer = setInterval(status, 5000);
  return () => clearInterval(timer);
}
