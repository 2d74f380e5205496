// One event: the live seat map and the booking panel (selection, hold with countdown, renew,
// release, best available, and the way to checkout). render() builds one state object, `page`;
// every function below reads and changes the page through it.
import { api, keepQueuePass, queuePassHeaders, serverNow, session } from '../api.js';
import { eventReads, read } from '../early_reads.js';
import { navigate } from '../navigation.js';
import { countdown, esc, formatMoney, formatEventDate, formatOpening, mmss, toast } from '../format.js';
import { LiveSeats } from '../live.js';
import { SeatMap, TIER_COLORS } from '../seat_map.js';

const pickKey = (slug) => `tw.pick.${slug}`;

function legend(map) {
  const tiers = map.tiers
    .map((t, i) => `<li><svg viewBox="-1 -1 2 2" aria-hidden="true"><circle r=".8" fill="${TIER_COLORS[i % TIER_COLORS.length]}"/></svg>${esc(t.name)} <span class="muted">${formatMoney(t.minPriceCents, map)}${t.maxPriceCents !== t.minPriceCents ? '–' + formatMoney(t.maxPriceCents, map) : ''}</span></li>`)
    .join('');
  // Available seats wear their tier's colour: the swatch shows every tier's, not one of them.
  const colours = map.tiers.map((_, i) => TIER_COLORS[i % TIER_COLORS.length]);
  const available = `<li data-testid="legend-available"><svg viewBox="-1 -1 ${2 * colours.length} 2" style="width:${1.1 * colours.length}rem" aria-hidden="true" class="seatmap">${colours.map((c, i) => `<circle cx="${2 * i}" r=".8" fill="${c}" class="big"/>`).join('')}</svg>Available</li>`;
  const states = available + [
    ['sel', 'Your pick'], ['m', 'Held for you'], ['h', 'Held by someone else'], ['x', 'Sold'],
  ].map(([cls, name]) => `<li><svg viewBox="-1 -1 2 2" aria-hidden="true" class="seatmap"><g fill="${TIER_COLORS[0]}"><circle r=".8" class="${cls} big"/></g></svg>${name}</li>`).join('');
  return `<ul class="legend tiers" aria-label="Price tiers">${tiers}</ul><ul class="legend states" aria-label="Seat states">${states}</ul>`;
}

const hints = {
  sections: 'Pick a section to see its seats.<span class="kbd-hint"> Arrow keys move between sections, Enter opens one.</span>',
  seats: 'Drag to move, scroll or pinch to zoom.<span class="kbd-hint"> Arrow keys move between seats, [ and ] between sections.</span>',
};

function pageHtml(event, map) {
  return `
    <section class="event-head" style="--accent:${esc(event.color || '#4f46e5')}">
      <img class="event-art" src="${esc(event.image)}" alt="" width="1200" height="630">
      <p class="crumbs"><a href="/">Events</a> ›</p>
      <h1>${esc(event.artist)} <span class="sub">${esc(event.name)}</span></h1>
      <p class="meta">${esc(event.venue)} · ${esc(formatEventDate(event))}</p>
      ${event.description ? `<p class="desc">${esc(event.description)}</p>` : ''}
    </section>
    <div class="booking">
      <section class="map-area" aria-label="Seat map">
        <div class="map-bar"><span class="live" id="live-status">Connecting…</span>
          <span class="muted" id="map-hint" data-testid="map-hint"></span></div>
        <div id="map"></div>
        ${legend(map)}
      </section>
      <aside class="panel booking-panel" aria-label="Your booking" id="panel"></aside>
    </div>
    <div class="bottom-bar" id="bottom-bar" data-testid="bottom-bar" hidden></div>`;
}

// A show its organiser cancelled: what it was, why, and what happens to tickets bought for it.
function cancelledPage(main, event) {
  document.title = `Cancelled: ${event.artist} · ${event.venue} · TicketWar`;
  main.innerHTML = `
    <section class="event-head" style="--accent:${esc(event.color || '#4f46e5')}">
      <p class="crumbs"><a href="/">Events</a> ›</p>
      <h1>${esc(event.artist)} <span class="sub">${esc(event.name)}</span></h1>
      <p class="meta">${esc(event.venue)} · ${esc(formatEventDate(event))}</p>
    </section>
    <section class="panel narrow" data-testid="show-cancelled" aria-labelledby="cancelled-title">
      <h2 id="cancelled-title">This show is cancelled</h2>
      ${event.cancelReason ? `<p>${esc(event.cancelReason)}</p>` : ''}
      <p>Every ticket for it has been cancelled and refunded to the card it was paid with; buyers are told by email. Refunds can take a few days to show.</p>
      <p><a href="/tickets">Your tickets</a> · <a href="/">Other events</a></p>
    </section>`;
}

const eventPath = (page) => `/api/events/${encodeURIComponent(page.slug)}`;

// In a presale (from presaleAt until the public on-sale) only fans whose account redeemed an
// access code pick seats; the server's answer to a hold says which seats the code unlocks.
const inPresale = (page) => page.presaleAt > 0 && page.presaleAt <= serverNow() && serverNow() < page.opensAt;
const presaleOpenToMe = (page) => inPresale(page) && Boolean(page.code) && !page.code.revoked;

// Before the sale opens (for this fan) the map is read-only and the panel counts down, by the
// server's clock.
const beforeSale = (page) => page.opensAt > serverNow() && !presaleOpenToMe(page);

// A sale behind a waiting room takes holds from fans let in only (docs/waiting-room.md); the
// room opens with the public sale, so presale buyers are not sent through it.
function gated(page) {
  const { room } = page;
  if (presaleOpenToMe(page)) return false;
  return room.enabled && !(room.closing && room.waiting === 0) && room.state !== 'admitted';
}

function mineIndexes({ hold, seatMap }) {
  return hold ? hold.seats.map((id) => seatMap.seats.indexOf(id)).filter((i) => i !== undefined).sort((a, b) => a - b) : [];
}

// A seat as people read it: "VIP Floor · Row A · Seat 12".
function label(page, i) {
  const s = page.seatMap.seats.at(i);
  return `${s.sectionName} · Row ${s.rowLabel} · Seat ${s.number}`;
}

// No seat free and none held: nothing to pick, now or later.
function soldOut({ hold, seatMap }) {
  return !hold && seatMap.states.length > 0 && seatMap.states.every((s) => s === 2);
}

function refreshMap(page) {
  page.seatMap.setSelection(page.selected, mineIndexes(page));
}

// A pick someone else just took is dropped, with a word about it.
function dropTakenPicks(page) {
  const lost = [...page.selected].filter((i) => page.seatMap.states[i] !== 0);
  if (!lost.length) return;
  for (const i of lost) page.selected.delete(i);
  toast(`${lost.map((i) => label(page, i)).join(', ')} ${lost.length === 1 ? 'was' : 'were'} just taken by someone else.`, 'warn');
  refreshMap(page);
  renderPanel(page);
}

// Why no seat can be picked now (the toast's words and kind), or null when one can.
function cannotPick(page) {
  if (beforeSale(page) && inPresale(page)) {
    return [`The presale is for fans with a code: enter yours, or pick seats from the public sale, ${formatOpening(page.event.onSaleAt)}.`];
  }
  if (beforeSale(page)) return [`Seats can be picked once the sale opens, ${formatOpening(page.event.onSaleAt)}.`];
  if (gated(page)) return ['This sale has a waiting room: seats can be picked once it is your turn.'];
  if (page.hold) return ['Release your hold first to pick different seats.', 'warn'];
  return null;
}

async function toggle(page, i) {
  const why = cannotPick(page);
  if (why) return toast(...why);
  const { selected, seatMap } = page;
  if (selected.has(i)) selected.delete(i);
  else if (seatMap.states[i] === 1 && (await findMyHolds(page))) {
    return;  // held by this fan, from another tab or device: now shown as theirs
  } else if (seatMap.states[i] !== 0) {
    return toast(`${label(page, i)} is ${seatMap.states[i] === 1 ? 'held by another buyer' : 'sold'}.`, 'warn');
  } else if (selected.size >= page.limit) {
    return toast(`You can pick up to ${page.limit} seats.`, 'warn');
  } else selected.add(i);
  refreshMap(page);
  renderPanel(page);
}

function seatRows(page, indexes) {
  return [...indexes].sort((a, b) => a - b)
    .map((i) => page.seatMap.seats.at(i))
    .map((s) => `<li><span>${esc(s.sectionName)} · Row ${esc(s.rowLabel)} · Seat ${s.number}</span><span>${formatMoney(s.priceCents, page.event)}</span></li>`)
    .join('');
}

function totals(page, subtotal, fee, total) {
  return `<dl class="totals"><dt>Subtotal</dt><dd>${formatMoney(subtotal, page.event)}</dd><dt>Service fee (${page.event.serviceFeePercent}%)</dt><dd>${formatMoney(fee, page.event)}</dd><dt>Total</dt><dd data-testid="total">${formatMoney(total, page.event)}</dd></dl>`;
}

function bestForm({ limit, map }) {
  const opts = Array.from({ length: limit }, (_, k) => `<option>${k + 1}</option>`).join('');
  const tiers = map.tiers.map((t) => `<option value="${esc(t.tier)}">${esc(t.name)}</option>`).join('');
  return `<form class="best" id="best"><h3>Best available</h3><div class="row">
    <label>Seats<select name="count">${opts}</select></label>
    <label>Tier<select name="tier"><option value="">Any</option>${tiers}</select></label>
    <button type="submit" class="secondary">Find seats</button></div></form>`;
}

// On a phone the panel is below the map: the bar fixed at the bottom keeps the count, the total
// and the next step on screen (app.css shows it on narrow screens only).
function renderBar({ bar, event }, count, totalCents, action, timeLeft = '') {
  bar.hidden = count === 0;
  bar.innerHTML = count === 0 ? '' : `<span><strong>${count} seat${count === 1 ? '' : 's'}</strong> · <span data-testid="bar-total">${formatMoney(totalCents, event)}</span>${timeLeft}</span>${action}`;
}

function renderSoldOut(page) {
  page.panel.innerHTML = '<h2 tabindex="-1">Sold out</h2><p data-testid="sold-out">Every seat of this show is sold.</p>';
  renderBar(page, 0, 0, '');
}

// The way into the waiting room, or the fan's place in it.
function roomLink({ room, slug }) {
  if (!room.enabled) return '';
  const joined = room.state === 'pre_queue' || room.state === 'waiting' || room.state === 'paused';
  return `<p>This sale has a waiting room: fans here before the opening are put in a random order that anyone can check,
    later fans in order of arrival.</p>
    <a class="button primary wide" href="/events/${encodeURIComponent(slug)}/queue" data-testid="join-queue">${joined ? 'See your place in line' : 'Join the waiting room'}</a>`;
}

function renderRoom(page) {
  page.panel.innerHTML = `<h2 tabindex="-1">Waiting room</h2>${page.room.soldOut ? '<p>Sold out.</p>' : roomLink(page)}`;
  renderBar(page, 0, 0, '');
}

// Runs `tick` now and every 250 ms until the panel is drawn again.
function every250ms(page, tick) {
  tick();
  page.timer = setInterval(tick, 250);
}

// While counting down, the event is read again this often: an organiser who moves the opening
// (earlier, or later) is followed by every open page, not only by the ones loaded afterwards.
const OPENING_RECHECK_MS = 15_000;

async function recheckOpening(page) {
  try {
    const event = await api(eventPath(page));
    const opensAt = event.onSaleAt ? Date.parse(event.onSaleAt) : 0;
    const presaleAt = event.presaleAt ? Date.parse(event.presaleAt) : 0;
    if (page.gone || (opensAt === page.opensAt && presaleAt === page.presaleAt)) return;
    page.event = event;
    page.opensAt = opensAt;
    page.presaleAt = presaleAt;
    renderPanel(page);
  } catch {
    // kept as it was; the next check tries again
  }
}

// The presale as the countdown tells it: when it opens, or (while it runs) a field for the
// fan's code.
function presaleHtml(page) {
  if (!page.presaleAt) return '';
  if (!inPresale(page)) {
    return `<p>Presale for fans with a code: <strong data-testid="presale-at">${esc(formatOpening(page.event.presaleAt))}</strong> (your time).</p>`;
  }
  const revoked = page.code?.revoked
    ? `<p class="code-note" role="status">The organiser withdrew your code ${esc(page.code.code)}.</p>` : '';
  return `<form class="code-form" id="code-form" data-testid="code-form" novalidate>
      <p><strong>The presale is on.</strong> Have a presale code? Enter it to buy before the public sale.</p>
      ${revoked}
      <label for="presale-code">Presale code</label>
      <div class="code-row">
        <input id="presale-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="100" required>
        <button class="primary" type="submit">Use code</button>
      </div>
    </form>`;
}

// Redeems the code typed for the fan's account; once accepted the map opens for them.
async function useCode(page, form) {
  const code = form.code.value.trim();
  if (!code) return toast('Enter the presale code you were given.', 'warn');
  if (!session.user) {
    toast('Sign in to use your presale code.');
    return navigate(`/signin?next=${encodeURIComponent('/events/' + page.slug)}`);
  }
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    page.code = await api(`${eventPath(page)}/codes`, { method: 'POST', body: { code } });
    toast(`Code accepted: it unlocks ${page.code.unlocks}.`, 'ok');
    renderPanel(page);
  } catch (e) {
    toast(e.message, 'error');
    button.disabled = false;
    form.code.focus();
  }
}

// The code this fan's account redeemed for the event (null: none, or not signed in, or no
// presale), read alongside the event's other reads so the panel is drawn once.
async function readMyCode(slug, event) {
  if (!session.user || !event.presaleAt) return null;
  try {
    const mine = await api(`/api/events/${encodeURIComponent(slug)}/codes`);
    return mine.code ? mine : null;
  } catch {
    return null;  // picks stay closed; a hold would say why
  }
}

// The next moment the panel changes by itself: the presale's opening, then the public sale's.
const nextOpening = (page) => (page.presaleAt > serverNow() ? page.presaleAt : page.opensAt);

// Until the opening: when it is, the time left to the second, and nothing to pick yet. At the
// opening the panel turns live without a reload.
function renderCountdown(page) {
  page.panel.innerHTML = `<h2 tabindex="-1">On sale soon</h2>
    <p>Tickets go on sale <strong data-testid="opens-at">${esc(formatOpening(page.event.onSaleAt))}</strong> (your time).</p>
    ${presaleHtml(page)}
    <p class="countdown" id="countdown" role="timer" aria-live="off" data-testid="countdown"></p>
    ${page.room.enabled ? roomLink(page) : '<p class="muted">The map shows the seats that will be on sale; you can pick them from the opening.</p>'}`;
  renderBar(page, 0, 0, '');
  page.panel.querySelector('#code-form')?.addEventListener('submit', (ev) => {
    ev.preventDefault();
    useCode(page, ev.currentTarget);
  });
  const el = page.panel.querySelector('#countdown');
  const presaleShown = inPresale(page);
  let checked = Date.now();
  every250ms(page, () => {
    if (inPresale(page) !== presaleShown) return renderPanel(page);
    const left = nextOpening(page) - serverNow();
    el.textContent = countdown(left);
    if (left <= 0) return renderPanel(page);
    if (Date.now() - checked < OPENING_RECHECK_MS) return;
    checked = Date.now();
    recheckOpening(page);
  });
}

function renderPanel(page) {
  clearInterval(page.timer);
  page.shownSoldOut = soldOut(page);
  if (beforeSale(page)) return renderCountdown(page);
  if (page.hold) return renderHold(page);
  if (gated(page)) return renderRoom(page);
  if (page.shownSoldOut) return renderSoldOut(page);
  renderPicks(page);
}

function holdTimeText(s) {
  return s < 120 ? `${s} second${s === 1 ? '' : 's'}` : `${Math.round(s / 60)} minutes`;
}

// The seats picked so far, what they cost, and the ways to hold them.
function renderPicks(page) {
  const { panel, bar, limit, busy } = page;
  const picks = [...page.selected].sort((a, b) => a - b);
  const subtotal = picks.reduce((sum, i) => sum + page.seatMap.seats.at(i).priceCents, 0);
  // An estimate to show while picking (the hold's answer carries the server's figures).
  const fee = Math.round((subtotal * page.event.serviceFeePercent) / 100);
  panel.innerHTML = `<h2 tabindex="-1">Your seats</h2>
    ${presaleOpenToMe(page) ? `<p class="fine" data-testid="presale-note">Presale: your code ${esc(page.code.code)} unlocks ${esc(page.code.unlocks)}.</p>` : ''}
    ${picks.length ? `<ul class="seat-list" data-testid="picked">${seatRows(page, picks)}</ul>${totals(page, subtotal, fee, subtotal + fee)}` : `<p class="muted">Pick up to ${limit} seats on the map.</p>`}
    <button type="button" class="primary wide" id="hold" ${picks.length && !busy ? '' : 'disabled'}>${picks.length ? `Hold ${picks.length} seat${picks.length === 1 ? '' : 's'}` : 'Hold seats'}</button>
    <p class="fine" data-testid="hold-time">Held seats are yours for ${holdTimeText(page.event.holdTimeSeconds)} while you pay.</p>
    ${bestForm(page)}`;
  panel.querySelector('#hold').addEventListener('click', () => holdSeats(page, picks));
  renderBar(page, picks.length, subtotal + fee, picks.length
    ? `<button type="button" class="primary" id="bar-hold" ${busy ? 'disabled' : ''}>Hold ${picks.length === 1 ? 'seat' : 'seats'}</button>` : '');
  bar.querySelector('#bar-hold')?.addEventListener('click', () => holdSeats(page, picks));
  panel.querySelector('#best').addEventListener('submit', (e) => {
    e.preventDefault();
    const f = e.target.elements;
    const body = { count: Number(f.count.value) };
    if (f.tier.value) body.tier = f.tier.value;
    placeHold(page, `${eventPath(page)}/holds/best`, body);
  });
}

function renderHold(page) {
  const { panel, bar, hold } = page;
  panel.innerHTML = `<h2 tabindex="-1">Seats held for you</h2>
    <p class="timer" id="timer" role="timer" aria-live="off"></p>
    <p class="timer-note" id="timer-note" aria-live="polite"></p>
    <ul class="seat-list" data-testid="held">${seatRows(page, mineIndexes(page))}</ul>
    ${totals(page, hold.subtotalCents, hold.feeCents, hold.totalCents)}
    <a class="button primary wide" id="checkout" href="/checkout/${encodeURIComponent(hold.holdId)}">Check out</a>
    <div class="row split">
      ${hold.renewalsLeft > 0 ? '<button type="button" class="secondary" id="renew">More time</button>' : ''}
      <button type="button" class="link danger" id="release">Release seats</button>
    </div>`;
  // On a phone the panel is below the fold: the bar keeps the time left in sight too.
  renderBar(page, mineIndexes(page).length, hold.totalCents,
    `<a class="button primary" href="/checkout/${encodeURIComponent(hold.holdId)}">Check out</a>`,
    ' · <span class="bar-timer" data-testid="bar-timer" role="timer" aria-label="Time left"></span>');
  panel.querySelector('#release').addEventListener('click', () => release(page));
  panel.querySelector('#renew')?.addEventListener('click', () => renew(page));
  holdTimer(page, [panel.querySelector('#timer'), bar.querySelector('.bar-timer')].filter(Boolean),
    panel.querySelector('#timer-note'));
}

// The hold's time left on each clock, a word when under a minute, and its end.
function holdTimer(page, clocks, note) {
  const { hold } = page;
  let warned = false;
  every250ms(page, () => {
    const left = hold.expiresAtMs - serverNow();
    for (const el of clocks) {
      el.textContent = mmss(left);
      el.classList.toggle('warn', left <= 60_000);
    }
    if (left <= 60_000 && !warned) {
      warned = true;
      note.textContent = hold.renewalsLeft > 0 ? 'Less than a minute left. Ask for more time or check out now.' : 'Less than a minute left.';
    }
    if (left <= 0) expired(page);
  });
}

function expired(page) {
  clearInterval(page.timer);
  page.hold = null;
  refreshMap(page);
  renderPanel(page);
  toast('Your hold ran out and the seats went back on sale.', 'warn');
}

function setHold(page, h) {
  page.hold = h;
  page.selected = new Set();
  sessionStorage.removeItem(pickKey(page.slug));
  refreshMap(page);
  renderPanel(page);
}

// Brings the held seats into view: their section opened on a venue drawn as sections, else the
// view moved to them (a best-available hold may be anywhere).
function showHeld(page) {
  const { seatMap } = page;
  const first = mineIndexes(page)[0];
  if (first === undefined) return;
  const s = seatMap.seats.at(first);
  if (seatMap.inSections) seatMap.openSection(s.section, s);
  else seatMap.ensureVisible(first);
}

async function placeHold(page, path, body) {
  const { slug, seatMap } = page;
  if (!session.user) {
    sessionStorage.setItem(pickKey(slug), JSON.stringify([...page.selected].map((i) => seatMap.seats.at(i).id)));
    toast('Sign in to hold seats; your picks are kept.');
    navigate(`/signin?next=${encodeURIComponent('/events/' + slug)}`);
    return;
  }
  page.busy = true;
  try {
    setHold(page, await api(path, { method: 'POST', body, headers: queuePassHeaders(slug) }));
    showHeld(page);
    page.panel.querySelector('h2')?.focus();
    toast('Seats held. Check out before the timer runs out.', 'ok');
  } catch (e) {
    toast(e.message, 'error');
    if (e.code?.startsWith('queue_pass')) page.room = await api(`${eventPath(page)}/queue`);
  } finally {
    page.busy = false;
    if (!page.hold) renderPanel(page);
  }
}

function holdSeats(page, picks) {
  placeHold(page, `${eventPath(page)}/holds`, { seats: picks.map((i) => page.seatMap.seats.at(i).id) });
}

async function renew(page) {
  try {
    page.hold = await api(`/api/holds/${encodeURIComponent(page.hold.holdId)}/renew`, { method: 'POST' });
    renderPanel(page);
    toast('You have more time.', 'ok');
  } catch (e) {
    toast(e.message, 'error');
  }
}

async function release(page) {
  try {
    await api(`/api/holds/${encodeURIComponent(page.hold.holdId)}`, { method: 'DELETE' });
  } catch (e) {
    if (e.status !== 404) return toast(e.message, 'error');
  }
  page.hold = null;
  refreshMap(page);
  renderPanel(page);
  toast('Seats released.');
}

// The fan's running hold of this event, made in this tab or any other (or another device):
// shown as theirs. True when there is one.
async function findMyHolds(page) {
  if (!session.user || page.hold) return Boolean(page.hold);
  try {
    const { holds } = await api(`/api/holds?event=${encodeURIComponent(page.slug)}`);
    const mine = holds.find((h) => h.status === 'active' && h.expiresAtMs > serverNow());
    if (mine && !page.hold) setHold(page, mine);
    return Boolean(mine);
  } catch {
    return false;
  }
}

// A hold made anywhere, or picks kept across sign-in, come back.
async function restore(page) {
  if (await findMyHolds(page)) return;
  const picks = JSON.parse(sessionStorage.getItem(pickKey(page.slug)) || '[]');
  for (const id of picks) {
    const i = page.seatMap.seats.indexOf(id);
    if (i !== undefined) page.selected.add(i);
  }
  refreshMap(page);
}

function mountSeatMap(page, main) {
  const hint = main.querySelector('#map-hint');
  page.seatMap = new SeatMap(main.querySelector('#map'), page.map, {
    onToggle: (i) => toggle(page, i),
    onSections: (on) => (hint.innerHTML = on ? hints.sections : hints.seats),
  });
  hint.innerHTML = page.seatMap.inSections ? hints.sections : hints.seats;
}

// Seat changes as they happen: picks taken by others dropped, the panel redrawn at sold out.
function liveSeats(page, main) {
  const liveStatus = main.querySelector('#live-status');
  const changed = () => {
    dropTakenPicks(page);
    if (soldOut(page) !== page.shownSoldOut) renderPanel(page);
  };
  return new LiveSeats(page.slug, page.map.seatCount, {
    snapshot(states) {
      page.seatMap.setStates(states);
      changed();
    },
    delta(changes) {
      page.seatMap.applyChanges(changes);
      changed();
    },
    status(s) {
      liveStatus.textContent = s === 'live' ? 'Live' : 'Reconnecting…';
      liveStatus.classList.toggle('off', s !== 'live');
    },
  });
}

export async function render(main, { slug }) {
  const [eventAnswer, mapAnswer, roomAnswer, seats] = eventReads(slug).map(read);
  seats.catch(() => {});  // a failure is handled (and retried) by LiveSeats.start
  mapAnswer.catch(() => {});  // a cancelled show has neither
  roomAnswer.catch(() => {});
  const event = await eventAnswer;
  if (event.cancelledAt) return cancelledPage(main, event);
  const [map, room, code] = await Promise.all([mapAnswer, roomAnswer, readMyCode(slug, event)]);
  keepQueuePass(slug, room.pass);
  document.title = `${event.artist} · ${event.venue} · TicketWar`;
  main.innerHTML = pageHtml(event, map);
  const page = {
    slug, event, map, room,
    // The server's rules for this event (never copied here): seats per hold, fee, hold time.
    limit: Math.min(event.ticketLimit, event.maxSeatsPerHold),
    opensAt: event.onSaleAt ? Date.parse(event.onSaleAt) : 0,
    presaleAt: event.presaleAt ? Date.parse(event.presaleAt) : 0,
    code,  // the access code the fan's account redeemed (a presale)
    hold: null,
    selected: new Set(),
    timer: null,
    busy: false,
    gone: false,  // the fan has left the page
    shownSoldOut: false,  // what the panel says now
    panel: main.querySelector('#panel'),
    bar: main.querySelector('#bottom-bar'),
    seatMap: null,
  };
  mountSeatMap(page, main);
  const live = liveSeats(page, main);
  // Back to this tab: a hold made in another one meanwhile shows as the fan's.
  const onVisible = () => {
    if (document.visibilityState === 'visible') findMyHolds(page);
  };
  document.addEventListener('visibilitychange', onVisible);
  renderPanel(page);
  live.start(seats);
  await restore(page);
  renderPanel(page);
  window.ticketwar = { seatMap: page.seatMap, seatIndex: { get: (id) => page.seatMap.seats.indexOf(id) } };
  return () => {
    page.gone = true;
    clearInterval(page.timer);
    document.removeEventListener('visibilitychange', onVisible);
    live.stop();
    delete window.ticketwar;
  };
}
