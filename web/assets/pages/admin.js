// The admin dashboard: live sales per event (with a per-minute chart), the activity log,
// webhooks, creating and editing events, the tickets of an
// event (with cancel and refund), refunds (a failed one can be retried), and user roles.
import { api, session } from '../api.js';
import { navigate } from '../navigation.js';
import { esc, formatMoney, formatInstant, formatOpening, toast } from '../format.js';
import { activityTab } from './admin_activity.js';
import { cancelShow } from './admin_cancel.js';
import { showBlocks } from './admin_blocks.js';
import { showCodes } from './admin_codes.js';
import { showPrices } from './admin_prices.js';
import { eventTickets, ordersTab } from './admin_orders.js';
import { salesChart } from './admin_sales.js';
import { webhooksTab } from './admin_webhooks.js';
import { labelTableCells } from '../table_cards.js';

const TABS = [['events', 'Events'], ['orders', 'Orders'], ['new', 'New event'], ['activity', 'Activity'], ['webhooks', 'Webhooks'], ['refunds', 'Refunds'], ['users', 'Users']];

export async function render(main, _params, query) {
  if (!session.user) return navigate('/signin?next=/admin', { replace: true });
  if (session.user.role !== 'admin') {
    main.innerHTML = '<section class="panel narrow"><h1>Admins only</h1><p>Your account cannot open the dashboard.</p></section>';
    return;
  }
  document.title = 'Admin · TicketWar';
  const tab = TABS.some(([id]) => id === query.get('tab')) ? query.get('tab') : 'events';
  main.innerHTML = `<section><h1>Dashboard</h1>
    <nav class="tabs" aria-label="Dashboard sections">${TABS.map(([id, name]) => `<a href="/admin?tab=${id}" ${id === tab ? 'aria-current="page"' : ''}>${name}</a>`).join('')}</nav>
    <div id="tab"></div></section>`;
  const el = main.querySelector('#tab');
  labelTableCells(el);
  if (tab === 'events') return eventsTab(el, query);
  if (tab === 'orders') return ordersTab(el, query);
  if (tab === 'new') return eventForm(el, null);
  if (tab === 'activity') return activityTab(el);
  if (tab === 'webhooks') return webhooksTab(el);
  if (tab === 'refunds') return refundsTab(el);
  return usersTab(el);
}

// --- events ---------------------------------------------------------------------------

function eventsTab(el, query) {
  el.innerHTML = `<div class="table-wrap"><table class="data"><caption>Sales, refreshed every 3 seconds</caption>
    <thead><tr><th scope="col">Event</th><th scope="col">Date</th><th scope="col">Seats</th><th scope="col">Held</th><th scope="col">Sold</th><th scope="col">Checked in</th><th scope="col">Revenue</th><th scope="col">Status</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
    <tbody id="rows"></tbody><tfoot id="totals"></tfoot></table></div><div id="chart"></div><div id="detail"></div>`;
  const rows = el.querySelector('#rows');
  const totals = el.querySelector('#totals');
  const detail = el.querySelector('#detail');
  const chart = el.querySelector('#chart');
  let stats = null;
  let drawn = ''; // the rows' HTML as last drawn
  let charted = null; // the event whose live chart shows
  let stopChart = () => {};
  let stopRoom = () => {};
  function showChart(event) {
    stopChart();
    charted = event.id;
    stopChart = salesChart(chart, event);
  }
  async function refresh() {
    try {
      stats = await api('/api/admin/stats');
    } catch (e) {
      rows.innerHTML = `<tr><td colspan="9">${esc(e.message)}</td></tr>`;
      drawn = '';
      return;
    }
    // Drawn again only when something changed: a redraw every few seconds would take the
    // keyboard focus off the action an organiser is on.
    const html = stats.events.map((e) => `<tr data-id="${e.id}">
      <th scope="row">${e.isActive ? `<a href="/events/${encodeURIComponent(e.slug)}">${esc(e.name)}</a>` : esc(e.name)}</th>
      <td>${esc((e.startsAt || '').slice(0, 10))}</td>
      <td>${e.totalSeats.toLocaleString('en-US')}</td><td>${e.heldSeats.toLocaleString('en-US')}</td><td>${e.soldSeats.toLocaleString('en-US')}</td><td>${(e.checkedIn || 0).toLocaleString('en-US')}</td>
      <td>${formatMoney(e.revenueCents, e)}</td><td>${e.cancelledAt ? 'Cancelled' : !e.isActive ? 'Inactive' : e.onSaleAt && Date.parse(e.onSaleAt) > Date.now() ? `${e.presaleAt && Date.parse(e.presaleAt) <= Date.now() ? 'Presale; opens' : 'Opens'} ${esc(formatOpening(e.onSaleAt))}` : 'On sale'}</td>
      <td class="actions"><button type="button" class="link" data-act="sales">Sales chart</button><button type="button" class="link" data-act="queue">Waiting room</button><button type="button" class="link" data-act="tickets">Tickets</button><a class="link" href="/api/admin/events/${e.id}/tickets.csv" download>CSV</a>
        ${e.cancelledAt ? '<button type="button" class="link" data-act="cancel">Cancellation</button>'
          : `${e.isActive ? `<button type="button" class="link" data-act="edit">Edit</button><button type="button" class="link" data-act="prices">Prices</button><button type="button" class="link" data-act="blocks">Blocked seats</button><button type="button" class="link" data-act="codes">Presale codes</button><button type="button" class="link danger" data-act="deactivate">Deactivate</button>` : '<button type="button" class="link" data-act="activate">Activate</button>'}<button type="button" class="link danger" data-act="cancel">Cancel show</button>`}</td></tr>`).join('');
    if (html !== drawn) {
      rows.innerHTML = html;
      drawn = html;
    }
    // The chart follows the event on sale with the most seats sold, until one is picked.
    if (charted === null) {
      const onSale = stats.events.filter((e) => e.isActive).sort((a, b) => b.soldSeats + b.heldSeats - a.soldSeats - a.heldSeats)[0];
      if (onSale) showChart(onSale);
    }
    const t = stats.totals;
    totals.innerHTML = `<tr><th scope="row">${t.events} events</th><td></td><td>${t.totalSeats.toLocaleString('en-US')}</td><td>${t.heldSeats.toLocaleString('en-US')}</td><td>${t.soldSeats.toLocaleString('en-US')}</td><td>${stats.events.reduce((n, e) => n + (e.checkedIn || 0), 0).toLocaleString('en-US')}</td><td>${t.revenueByCurrency.map((r) => formatMoney(r.revenueCents, r)).join('<br>') || formatMoney(0)}</td><td colspan="2"></td></tr>`;
  }
  rows.addEventListener('click', async (ev) => {
    const act = ev.target.dataset.act;
    if (!act) return;
    const event = stats.events.find((e) => String(e.id) === ev.target.closest('tr').dataset.id);
    try {
      if (act === 'sales') return showChart(event);
      if (act === 'tickets') return eventTickets(detail, event);
      if (act === 'prices' || act === 'blocks' || act === 'codes') {
        stopRoom();
        return ({ prices: showPrices, blocks: showBlocks, codes: showCodes })[act](detail, event);
      }
      if (act === 'queue' || act === 'cancel') {
        stopRoom();
        stopRoom = act === 'queue' ? controlRoom(detail, event) : cancelShow(detail, event, refresh);
        return;
      }
      if (act === 'edit') return eventForm(detail, await api(`/api/events/${encodeURIComponent(event.slug)}`));
      if (act === 'deactivate' && confirm(`Take "${event.name}" off sale? Sold tickets stay valid.`)) {
        await api(`/api/events/${event.id}`, { method: 'DELETE' });
        toast('Event deactivated.');
      }
      if (act === 'activate') {
        await api(`/api/events/${event.id}`, { method: 'PUT', body: { isActive: true } });
        toast('Event back on sale.', 'ok');
      }
      refresh();
    } catch (e) {
      toast(e.message, 'error');
    }
  });
  refresh();
  const timer = setInterval(refresh, 3000);
  if (query.get('event')) eventTickets(detail, { id: Number(query.get('event')), name: 'Event' });
  return () => {
    clearInterval(timer);
    stopChart();
    stopRoom();
  };
}

// An event's waiting room, live: who waits and shops, how fast they are let in, how fast the
// seats sell; pause, resume, close.
function controlRoom(el, event) {
  const figures = (r) => `<dl class="figures">
      <dt>Waiting</dt><dd data-testid="room-waiting">${r.waiting.toLocaleString('en-US')}</dd>
      <dt>Shopping now</dt><dd>${r.active.toLocaleString('en-US')} of ${r.maxActive.toLocaleString('en-US')}</dd>
      <dt>Let in so far</dt><dd>${r.admittedTotal.toLocaleString('en-US')}</dd>
      <dt>Let in a minute</dt><dd>${Math.round(r.admittedPerMinute)} (set: ${r.admitPerMinute})</dd>
      <dt>Seats left</dt><dd>${r.seats.available.toLocaleString('en-US')}</dd><dt>Held</dt><dd>${r.seats.held.toLocaleString('en-US')}</dd>
      <dt>Sold</dt><dd>${r.seats.sold.toLocaleString('en-US')}</dd><dt>Sold a minute</dt><dd>${Math.round(r.soldPerMinute)}</dd>
      <dt>Sold out in</dt><dd>${r.sellOutSeconds == null ? '—' : `${Math.ceil(r.sellOutSeconds / 60)} min`}</dd></dl>`;
  const state = (r) => (!r.enabled ? 'Off' : r.closing ? 'Closing: no new fans' : r.paused ? 'Paused' : !r.open ? `Opens ${formatOpening(r.opensAt)}` : r.soldOut ? 'Sold out' : 'Letting fans in');
  async function act(what) {
    try {
      show(await api(`/api/admin/events/${event.id}/queue/${what}`, { method: 'POST' }));
    } catch (e) {
      toast(e.message, 'error');
    }
  }
  let shown = ''; // drawn again only when it changed, so a keyboard's focus stays on its button
  function draw(html) {
    if (html === shown) return;
    el.innerHTML = html;
    shown = html;
  }
  function show(r) {
    draw(`<section class="panel" aria-live="polite"><h2>Waiting room: ${esc(event.name)}</h2>
      <p data-testid="room-state"><strong>${esc(state(r))}</strong></p>${figures(r)}
      <div class="row"><button type="button" class="secondary" data-room="pause" ${r.paused ? 'disabled' : ''}>Pause</button>
      <button type="button" class="secondary" data-room="resume" ${r.paused ? '' : 'disabled'}>Resume</button>
      <button type="button" class="secondary danger" data-room="close" ${r.closing ? 'disabled' : ''}>Close to new fans</button></div></section>`);
  }
  el.onclick = (e) => {
    const what = e.target.closest('button[data-room]')?.dataset.room;
    if (what) act(what);
  };
  async function refresh() {
    try {
      show(await api(`/api/admin/events/${event.id}/queue`));
    } catch (e) {
      draw(`<section class="panel"><h2>Waiting room: ${esc(event.name)}</h2><p>${esc(e.code === 'no_waiting_room' ? 'This event has no waiting room. Turn one on with Edit.' : e.message)}</p></section>`);
    }
  }
  refresh();
  const timer = setInterval(refresh, 2000);
  return () => {
    clearInterval(timer);
    el.onclick = null;
  };
}

// --- create / edit -----------------------------------------------------------------------

function localInput(iso) {
  return iso ? iso.slice(0, 16) : '';
}

// "2027-05-01T20:00" and "-04:00" -> "2027-05-01T20:00:00-04:00"
function withOffset(local, offset) {
  return local ? `${local}:00${offset}` : null;
}

function eventForm(el, event) {
  const editing = Boolean(event);
  const offset = event ? event.startsAt.slice(19) || 'Z' : '+00:00';
  el.innerHTML = `<section class="panel"><h2>${editing ? 'Edit ' + esc(event.name) : 'New event'}</h2>
    <form id="event-form" class="grid-form" novalidate>
      <label>Name<input name="name" required maxlength="200" value="${esc(event?.name)}"></label>
      <label>Artist<input name="artist" required maxlength="200" value="${esc(event?.artist)}"></label>
      <label>Venue<input name="venue" required maxlength="200" value="${esc(event?.venue)}"></label>
      <label>Starts (venue's local time)<input type="datetime-local" name="startsAt" required value="${esc(localInput(event?.startsAt))}"></label>
      <label>UTC offset of the venue<input name="offset" required pattern="[+-]\\d\\d:\\d\\d" value="${esc(offset === 'Z' ? '+00:00' : offset)}"></label>
      <label>On sale from (venue's local time; empty: now)<input type="datetime-local" name="onSaleAt" value="${esc(localInput(event?.onSaleAt))}"></label>
      <label>Presale from (venue's local time; empty: no presale; fans need a code until the on-sale)<input type="datetime-local" name="presaleAt" value="${esc(localInput(event?.presaleAt))}"></label>
      <label>Colour<input type="color" name="color" value="${esc(event?.color || '#4f46e5')}"></label>
      <label>Currency (its code${editing ? '; fixed once seats are held or sold' : ''})<input name="currency" required maxlength="3" autocapitalize="characters" list="currency-codes" value="${esc(event?.currency || 'USD')}">
        <datalist id="currency-codes">${COMMON_CURRENCIES.map((c) => `<option value="${c}">`).join('')}</datalist></label>
      <label>Tickets per buyer<input type="number" name="ticketLimit" min="1" max="50" value="${event?.ticketLimit ?? 8}"></label>
      <label>Hold minutes (empty: default)<input type="number" name="holdMinutes" min="1" max="30" value="${event?.holdSeconds ? Math.round(event.holdSeconds / 60) : ''}"></label>
      <fieldset class="wide"><legend>Waiting room (fans let in at a pace the sale can take)</legend>
        <label>Waiting room<select name="room">
          ${editing ? '' : '<option value="auto" selected>Automatic: on when the sale opens at a set time</option>'}
          <option value="on" ${editing && event.waitingRoom?.enabled ? 'selected' : ''}>On</option>
          <option value="off" ${editing && !event.waitingRoom?.enabled ? 'selected' : ''}>Off</option></select></label>
        <div class="row">
          <label>Let in per minute<input type="number" name="admitPerMinute" min="1" max="1000000" value="${event?.waitingRoom?.admitPerMinute ?? 600}"></label>
          <label>Shopping at once, at most<input type="number" name="maxActive" min="1" max="1000000" value="${event?.waitingRoom?.maxActive ?? 1000}"></label>
          <label>Pass minutes<input type="number" name="passMinutes" min="1" max="240" value="${event?.waitingRoom?.passMinutes ?? 20}"></label>
          <label>Puzzle to join<select name="proofOfWork">${puzzleOptions(event?.waitingRoom?.proofOfWork ?? 0)}</select></label>
        </div>
      </fieldset>
      <label class="wide">Description<textarea name="description" rows="3" maxlength="2000">${esc(event?.description)}</textarea></label>
      <fieldset class="wide"><legend>Venue layout${editing ? ' (locked once seats are held or sold)' : ''}</legend>
        <label><input type="radio" name="layoutKind" value="keep" ${editing ? 'checked' : 'hidden'}>${editing ? ' Keep the current layout' : ''}</label>
        <label><input type="radio" name="layoutKind" value="stadium" ${editing ? '' : 'checked'}> Stadium (765 seats)</label>
        <label><input type="radio" name="layoutKind" value="arena"> Arena (22,100 seats)</label>
        <label><input type="radio" name="layoutKind" value="file"> Upload a layout JSON <input type="file" name="layoutFile" accept="application/json,.json"></label>
      </fieldset>
      <p class="form-error wide" role="alert"></p>
      <button type="submit" class="primary">${editing ? 'Save changes' : 'Create event'}</button>
    </form></section>`;
  const form = el.querySelector('form');
  const error = form.querySelector('.form-error');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = form.elements;
    const problems = formProblems(f);
    showProblems(form, problems);
    if (Object.keys(problems).length) return;
    const body = {
      name: f.name.value.trim(), artist: f.artist.value.trim(), venue: f.venue.value.trim(),
      startsAt: withOffset(f.startsAt.value, f.offset.value.trim()), color: f.color.value,
      description: f.description.value.trim(), ticketLimit: Number(f.ticketLimit.value),
      currency: f.currency.value.trim().toUpperCase(),
    };
    if (f.holdMinutes.value) body.holdSeconds = Number(f.holdMinutes.value) * 60;
    // The sale opens at that time (in the venue's offset); empty means on sale now.
    body.onSaleAt = f.onSaleAt.value ? withOffset(f.onSaleAt.value, f.offset.value.trim()) : null;
    body.presaleAt = f.presaleAt.value ? withOffset(f.presaleAt.value, f.offset.value.trim()) : null;
    // Automatic leaves it to the server (a room when the sale opens later), with these figures.
    const room = { admitPerMinute: Number(f.admitPerMinute.value), maxActive: Number(f.maxActive.value), passMinutes: Number(f.passMinutes.value), proofOfWork: Number(f.proofOfWork.value) };
    if (f.room.value !== 'auto') body.waitingRoom = { enabled: f.room.value === 'on', ...room };
    else if (f.onSaleAt.value) body.waitingRoom = room;
    try {
      const kind = f.layoutKind.value;
      if (kind === 'stadium' || kind === 'arena') body.layout = kind;
      if (kind === 'file') {
        const file = f.layoutFile.files[0];
        try {
          body.layout = JSON.parse(await file.text());
        } catch {
          throw new Error(`${file.name} is not valid JSON.`);
        }
      }
      const saved = editing
        ? await api(`/api/events/${event.id}`, { method: 'PUT', body })
        : await api('/api/events', { method: 'POST', body });
      const opens = saved.onSaleAt && Date.parse(saved.onSaleAt) > Date.now();
      toast(editing ? 'Saved.' : `Created "${saved.name}". ${opens ? `It goes on sale ${formatOpening(saved.onSaleAt)}.` : 'It is on sale now.'}`, 'ok');
      navigate('/admin?tab=events');
    } catch (err) {
      // The server has the last word: its refusal goes next to the field it names, in the
      // form's words rather than the API's.
      const said = (err.message || '').replace(/^waitingRoom\./, '');
      const field = Object.keys(FIELD_LABELS).find((name) => said.startsWith(name));
      if (field) showProblems(form, { [field]: `${FIELD_LABELS[field]}${said.slice(field.length)}.`.replace('..', '.') });
      else error.textContent = err.message;
    }
  });
}

// Suggestions while typing a currency; the server takes any ISO 4217 code and says if it does not.
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY', 'KRW', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'MXN', 'BRL', 'INR'];

// A waiting room's proof of work (docs/waiting-room.md): the browser of each fan who joins solves
// a puzzle of this many zero bits; each bit doubles the work, for fans and for bots alike.
const PUZZLES = [[0, 'None'], [14, 'Light: a moment on a phone'], [17, 'Medium: a few seconds on a phone'],
  [20, 'Strong: about a minute on a phone']];
function puzzleOptions(current) {
  const known = PUZZLES.some(([bits]) => bits === current);
  const options = known ? PUZZLES : [...PUZZLES, [current, `${current} zero bits`]];
  return options.map(([bits, name]) => `<option value="${bits}" ${bits === current ? 'selected' : ''}>${esc(name)}</option>`).join('');
}

// The form's fields as people read them, by the API's names for them.
const FIELD_LABELS = {
  name: 'Name', artist: 'Artist', venue: 'Venue', startsAt: 'The start', offset: 'The UTC offset',
  ticketLimit: 'Tickets per buyer', onSaleAt: 'The on-sale time', presaleAt: 'The presale time', holdSeconds: 'Hold minutes', holdMinutes: 'Hold minutes', layout: 'The layout',
  layoutFile: 'The layout', description: 'The description', color: 'The colour', currency: 'The currency',
  admitPerMinute: 'Let in per minute', maxActive: 'Shopping at once', passMinutes: 'Pass minutes',
  proofOfWork: 'Puzzle to join',
};

// Everything wrong with the form at once, by field, in words.
function formProblems(f) {
  const out = {};
  if (!f.name.value.trim()) out.name = 'Give the event a name.';
  if (!f.artist.value.trim()) out.artist = 'Say who performs.';
  if (!f.venue.value.trim()) out.venue = 'Say where it is.';
  if (!f.startsAt.value) out.startsAt = 'Choose the day and time the show starts.';
  if (!/^[+-]\d\d:\d\d$/.test(f.offset.value.trim())) out.offset = 'Write the venue\'s offset from UTC as +HH:MM or -HH:MM, for example -04:00.';
  if (!/^[A-Za-z]{3}$/.test(f.currency.value.trim())) out.currency = 'Write the currency as its three-letter code, for example EUR or GBP.';
  const limit = Number(f.ticketLimit.value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) out.ticketLimit = 'Allow each buyer from 1 to 50 tickets.';
  const hold = f.holdMinutes.value;
  if (hold && (!Number.isInteger(Number(hold)) || Number(hold) < 1 || Number(hold) > 30)) out.holdMinutes = 'Hold seats for 1 to 30 minutes, or leave it empty.';
  const whole = (name, most) => Number.isInteger(Number(f[name].value)) && Number(f[name].value) >= 1 && Number(f[name].value) <= most;
  if (!whole('admitPerMinute', 1000000)) out.admitPerMinute = 'Let in from 1 to 1,000,000 fans a minute.';
  if (!whole('maxActive', 1000000)) out.maxActive = 'Allow from 1 to 1,000,000 fans shopping at once.';
  if (!whole('passMinutes', 240)) out.passMinutes = 'Give passes from 1 to 240 minutes.';
  // Both in the venue's local time, so their texts compare as the times do.
  if (f.presaleAt.value && !f.onSaleAt.value) out.presaleAt = 'A presale needs an on-sale time to come before: set "On sale from" too.';
  else if (f.presaleAt.value && f.presaleAt.value >= f.onSaleAt.value) out.presaleAt = 'Start the presale before the on-sale time.';
  if (f.layoutKind.value === 'file' && !f.layoutFile.files[0]) out.layoutFile = 'Choose a layout JSON file to upload.';
  return out;
}

// Shows each problem under its field (aria-invalid, described by the message) and a count on top.
function showProblems(form, problems) {
  form.querySelectorAll('.field-error').forEach((n) => n.remove());
  form.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
  const names = Object.keys(problems);
  const elsewhere = [];  // problems with no field of their own to sit under
  for (const name of names) {
    const input = form.elements[name === 'holdSeconds' ? 'holdMinutes' : name];
    if (!input || !input.closest) {
      elsewhere.push(problems[name]);
      continue;
    }
    const note = document.createElement('span');
    note.className = 'field-error';
    note.id = `problem-${name}`;
    note.textContent = problems[name];
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', note.id);
    (input.closest('label') || input.parentElement).append(note);
  }
  const marked = names.length - elsewhere.length;
  form.querySelector('.form-error').textContent = [
    marked ? `${marked === 1 ? 'One thing needs' : marked + ' things need'} fixing: see below each field marked.` : '',
    ...elsewhere,
  ].filter(Boolean).join(' ');
  if (marked) form.querySelector('[aria-invalid="true"]')?.focus();
}

// --- refunds -----------------------------------------------------------------------------

function refundsTab(el) {
  el.innerHTML = `<form class="filters"><label>Show<select name="state">
      <option value="failed">Failed</option><option value="pending">Pending</option><option value="succeeded">Succeeded</option><option value="">All</option>
    </select></label></form>
    <div class="table-wrap"><table class="data"><caption>Refunds, newest first. A failed refund is retried automatically a few times; retry it here once the cause is fixed.</caption>
    <thead><tr><th scope="col">When</th><th scope="col">Amount</th><th scope="col">Why</th><th scope="col">State</th><th scope="col">Last error</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
    <tbody id="refunds"></tbody></table></div>`;
  const tbody = el.querySelector('#refunds');
  const form = el.querySelector('form');
  const reasons = { ticket_cancelled: 'Ticket cancelled', show_cancelled: 'Show cancelled', order_not_completed: 'Order not completed' };
  async function load() {
    const state = form.elements.state.value;
    try {
      const { refunds } = await api('/api/admin/refunds?limit=200' + (state ? '&state=' + state : ''));
      tbody.innerHTML = refunds.length ? refunds.map((r) => `<tr data-id="${esc(r.id)}"><th scope="row">${esc(formatInstant(r.createdAt))}</th>
        <td>${formatMoney(r.amountCents, r)}</td><td>${esc(reasons[r.reason] || r.reason)}</td><td>${esc(r.state)}${r.attempts > 1 ? ` (${r.attempts} attempts)` : ''}</td>
        <td>${esc(r.lastError || '')}</td>
        <td>${r.state === 'succeeded' ? '' : '<button type="button" class="link" data-act="retry">Retry now</button>'}</td></tr>`).join('')
        : '<tr><td colspan="6">None.</td></tr>';
    } catch (e) {
      tbody.innerHTML = `<tr><td colspan="6">${esc(e.message)}</td></tr>`;
    }
  }
  tbody.addEventListener('click', async (e) => {
    if (e.target.dataset.act !== 'retry') return;
    try {
      const r = await api(`/api/admin/refunds/${encodeURIComponent(e.target.closest('tr').dataset.id)}/retry`, { method: 'POST' });
      toast(r.state === 'succeeded' ? 'Refunded.' : `The refund failed again: ${r.lastError}`, r.state === 'succeeded' ? 'ok' : 'error');
    } catch (err) {
      toast(err.message, 'error');
    }
    load();
  });
  form.addEventListener('change', load);
  load();
}

// --- users -------------------------------------------------------------------------------

function usersTab(el) {
  el.innerHTML = `<form class="filters" role="search"><label class="grow">Search by email<input type="search" name="q" maxlength="254"></label></form>
    <div class="table-wrap"><table class="data"><thead><tr><th scope="col">User</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Access</th></tr></thead><tbody id="users"></tbody></table></div>`;
  const tbody = el.querySelector('#users');
  const form = el.querySelector('form');
  async function load() {
    const q = form.elements.q.value.trim();
    try {
      const { users } = await api('/api/admin/users?limit=100' + (q ? '&q=' + encodeURIComponent(q) : ''));
      tbody.innerHTML = users.map((u) => `<tr data-id="${u.id}"><th scope="row">${esc(u.name)}</th><td>${esc(u.email)}</td>
        <td><select data-act="role" aria-label="Role of ${esc(u.email)}">${['user', 'staff', 'admin'].map((r) => `<option ${r === u.role ? 'selected' : ''}>${r}</option>`).join('')}</select></td>
        <td><button type="button" class="link ${u.disabled ? '' : 'danger'}" data-act="disable" data-disabled="${u.disabled}">${u.disabled ? 'Enable' : 'Disable'}</button></td></tr>`).join('');
    } catch (e) {
      tbody.innerHTML = `<tr><td colspan="4">${esc(e.message)}</td></tr>`;
    }
  }
  async function change(id, body) {
    try {
      await api(`/api/admin/users/${id}`, { method: 'PATCH', body });
      toast('User updated.', 'ok');
    } catch (e) {
      toast(e.message, 'error');
    }
    load();
  }
  tbody.addEventListener('change', (e) => {
    if (e.target.dataset.act === 'role') change(e.target.closest('tr').dataset.id, { role: e.target.value });
  });
  tbody.addEventListener('click', (e) => {
    if (e.target.dataset.act === 'disable') change(e.target.closest('tr').dataset.id, { disabled: e.target.dataset.disabled !== 'true' });
  });
  form.addEventListener('input', load);
  form.addEventListener('submit', (e) => e.preventDefault());
  load();
}
