// The activity tab: the audit trail (every hold, sale, payment, refund, cancellation, check-in
// and transfer, newest first, filtered by event, kind, account and dates), how far each
// consumer of the event log has got, and the events a consumer kept failing on and set aside
// (dead letters), each with a Retry and a Dismiss button.
import { api } from '../api.js';
import { esc, formatMoney, formatInstant, toast } from '../format.js';

const KINDS = [['', 'Everything'], ['seat_locked', 'Seats held'], ['seat_released', 'Seats let go'],
  ['ticket_sold', 'Tickets sold'], ['payment_processed', 'Payments'], ['order_refunded', 'Refunds'],
  ['ticket_cancelled', 'Cancellations'], ['ticket_checked_in', 'Check-ins'], ['ticket_transferred', 'Transfers'],
  ['show_cancelled', 'Shows cancelled'], ['cancellation_notice', 'Cancellation notices'], ['show_moved', 'Shows moved'],
  ['event_created', 'Events created'], ['event_changed', 'Event edits'], ['user_changed', 'Role changes'],
  ['prices_changed', 'Price changes'], ['seats_blocked', 'Seats blocked'], ['seats_released', 'Blocked seats released'], ['tickets_issued', 'Tickets issued'],
  ['codes_created', 'Presale codes made'], ['codes_revoked', 'Presale codes revoked']];
const FIELD_NAMES = { slug: 'address', name: 'name', artist: 'artist', venue: 'venue', startsAt: 'date and time', description: 'description',
  image: 'poster', color: 'colour', onSaleAt: 'on-sale time', isActive: 'on sale', ticketLimit: 'ticket limit', holdSeconds: 'hold time', layout: 'seat layout', currency: 'currency' };
const KIND_NAMES = Object.fromEntries(KINDS);

// "F-A-1, F-A-2 and 18 more": a block's seats in a line.
function seatsText(ids = []) {
  const shown = ids.slice(0, 4).map(esc).join(', ');
  return ids.length > 4 ? `${shown} and ${ids.length - 4} more` : shown;
}

// One line saying what happened, from the event's payload.
function what(e) {
  const p = e.payload || {};
  switch (e.type) {
    case 'seat_locked': return `Held ${esc(p.seatId)}`;
    case 'seat_released': return `${esc(p.seatId)} let go${p.reason === 'timeout' ? ' (hold ran out)' : ''}`;
    case 'ticket_sold': return `Sold ${esc(p.seatId)} for ${formatMoney(p.totalCents, e)}`;
    case 'payment_processed': return `Payment of ${formatMoney(p.amountCents, e)} ${esc(p.status)}${p.declineCode ? ` (${esc(p.declineCode)})` : ''}`;
    case 'order_refunded': return `Refund of ${formatMoney(p.amountCents, e)} ${esc(p.state)}`;
    case 'ticket_cancelled': return `Cancelled ${esc(p.seatId)}, refunding ${formatMoney(p.refundCents, e)}`;
    case 'ticket_checked_in': return `Checked in ${esc(p.seatId)} at ${esc(p.gate)}`;
    case 'ticket_transferred': return `Gave ${esc(p.seatId)} to account #${esc(p.toUserId)}`;
    case 'show_cancelled': return `Show cancelled: ${esc(p.reason)}`;
    case 'cancellation_notice': return 'Told of the cancellation';
    case 'event_created': return `Created ${esc(p.name)}`;
    case 'event_changed': return p.fields === 'isActive' ? (p.isActive ? 'Put back on sale' : 'Taken off sale')
      : `Changed ${esc(String(p.fields || '').split(',').map((f) => FIELD_NAMES[f] || f).join(', '))}`;
    case 'user_changed': return [p.role ? `Role set to ${esc(p.role)}` : '', p.disabled === true ? 'Account disabled' : p.disabled === false ? 'Account enabled' : ''].filter(Boolean).join(', ');
    case 'prices_changed': return `Price of ${esc(p.tier)} set to ${formatMoney(p.afterCents, e)} (was ${formatMoney(p.beforeCents, e)})`;
    case 'seats_blocked': return `Blocked ${seatsText(p.seatIds)} (${esc(p.label)})${p.reason ? `: ${esc(p.reason)}` : ''}`;
    case 'seats_released': return `Released ${seatsText(p.seatIds)} to sale${p.byUserId ? '' : ' at the time set'}`;
    case 'codes_created': return `Made ${p.count === 1 ? 'a presale code' : `${p.count} presale codes`}${p.label ? ` (${esc(p.label)})` : ''} unlocking ${esc(p.unlocks)}, ${p.maxUses === 1 ? 'one purchase' : `${p.maxUses} purchases`} each${p.allotment ? `, ${p.allotment} seats at most` : ''}`;
    case 'codes_revoked': return `Revoked ${p.codeId ? 'a presale code' : `a batch of presale codes (${p.count})`}`;
    case 'tickets_issued': return `Issued ${seatsText(p.seatIds)} to ${esc(e.account?.email || `account #${p.userId}`)}, ${p.kind === 'box_office' ? `paid ${formatMoney(p.amountCents, e)} at the box office` : 'complimentary'}`;
    case 'show_moved': return `Show moved${p.venueAfter !== p.venueBefore ? ` to ${esc(p.venueAfter)}` : ''}${p.startsAfter !== p.startsBefore ? ` to ${esc(p.startsAfter)}` : ''}`;
    default: return esc(e.type);
  }
}

function consumersLine(consumers) {
  return consumers.map((c) => {
    const state = c.failures ? `failing (${esc(c.lastError)}), retrying` : c.lag ? `${c.lag.toLocaleString('en-US')} events behind` : 'up to date';
    const aside = c.deadLetters ? `, ${c.deadLetters} set aside` : '';
    return `<span class="consumer ${c.failures || c.deadLetters ? 'failing' : ''}">${esc(c.name)}: ${state}${aside}</span>`;
  }).join(' · ');
}

// The events consumers set aside, with what to do about each.
function deadLettersTable(letters) {
  const rows = letters.map((d) => `<tr><th scope="row">${esc(formatInstant(d.createdAt))}</th><td>${esc(d.consumer)}</td>
    <td><span class="kind">${esc(KIND_NAMES[d.type] || d.type)}</span> ${what(d)}</td>
    <td class="wrap">${esc(d.lastError)} <span class="muted">(${d.attempts} tries)</span></td>
    <td class="actions"><button type="button" class="secondary" data-retry="${d.id}">Retry</button>
    <button type="button" class="secondary" data-dismiss="${d.id}">Dismiss</button></td></tr>`).join('');
  return `<div class="table-wrap"><table class="data"><caption>Set aside: events a consumer kept failing on (the others went on)</caption>
    <thead><tr><th scope="col">When</th><th scope="col">Consumer</th><th scope="col">Event</th><th scope="col">Error</th><th scope="col">Actions</th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

export async function activityTab(el) {
  el.innerHTML = `<p class="muted" id="consumers"></p><section id="dead-letters" aria-live="polite"></section>
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
    <td>${e.eventId ? esc(names.get(e.eventId) || `#${e.eventId}`) : ''}</td><td>${e.account ? esc(e.account.email || `#${e.account.id}`) : ''}</td><td>${e.by ? esc(e.by.email || `#${e.by.id}`) : esc(e.actor)}</td></tr>`;
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
  const aside = el.querySelector('#dead-letters');
  async function status() {
    try {
      const { consumers } = await api('/api/admin/consumers');
      el.querySelector('#consumers').innerHTML = 'Event consumers: ' + consumersLine(consumers);
      if (!consumers.some((c) => c.deadLetters) && !aside.innerHTML) return;
      const { deadLetters } = await api('/api/admin/dead-letters?state=open');
      if (!aside.contains(document.activeElement)) aside.innerHTML = deadLetters.length ? deadLettersTable(deadLetters) : '';
    } catch { /* shown on the next refresh */ }
  }
  aside.addEventListener('click', async (e) => {
    const button = e.target.closest('button[data-retry], button[data-dismiss]');
    if (!button) return;
    const retry = button.dataset.retry;
    button.disabled = true;
    try {
      const d = await api(`/api/admin/dead-letters/${retry || button.dataset.dismiss}/${retry ? 'retry' : 'dismiss'}`, { method: 'POST' });
      if (d.state === 'resolved') toast('Handled this time.', 'ok');
      else if (d.state === 'dismissed') toast('Dismissed.', 'ok');
      else toast(`It failed again: ${d.lastError}`, 'error');
      aside.innerHTML = '';
      await status();
    } catch (err) {
      toast(err.message, 'error');
      button.disabled = false;
    }
  });
  form.addEventListener('change', () => load(false));
  form.addEventListener('submit', (e) => { e.preventDefault(); load(false); });
  older.addEventListener('click', () => load(true));
  load(false);
  status();
  const timer = setInterval(status, 5000);
  return () => clearInterval(timer);
}
