// One event: the live seat map and the booking panel (selection, hold with countdown, renew,
// release, best available, and the way to checkout).
import { api, keepQueuePass, queuePassHeaders, serverNow, session } from '../api.js';
import { navigate } from '../navigation.js';
import { countdown, esc, formatCents, formatEventDate, formatOpening, mmss, toast } from '../format.js';
import { LiveSeats } from '../live.js';
import { SeatMap, TIER_COLORS } from '../seat_map.js';

const pickKey = (slug) => `tw.pick.${slug}`;

function legend(map) {
  const tiers = map.tiers
    .map((t, i) => `<li><svg viewBox="-1 -1 2 2" aria-hidden="true"><circle r=".8" fill="${TIER_COLORS[i % TIER_COLORS.length]}"/></svg>${esc(t.name)} <span class="muted">${formatCents(t.minPriceCents)}${t.maxPriceCents !== t.minPriceCents ? '–' + formatCents(t.maxPriceCents) : ''}</span></li>`)
    .join('');
  // Available seats wear their tier's colour: the swatch shows every tier's, not one of them.
  const colours = map.tiers.map((_, i) => TIER_COLORS[i % TIER_COLORS.length]);
  const available = `<li data-testid="legend-available"><svg viewBox="-1 -1 ${2 * colours.length} 2" style="width:${1.1 * colours.length}rem" aria-hidden="true" class="seatmap">${colours.map((c, i) => `<circle cx="${2 * i}" r=".8" fill="${c}" class="big"/>`).join('')}</svg>Available</li>`;
  const states = available + [
    ['sel', 'Your pick'], ['m', 'Held for you'], ['h', 'Held by someone else'], ['x', 'Sold'],
  ].map(([cls, name]) => `<li><svg viewBox="-1 -1 2 2" aria-hidden="true" class="seatmap"><g fill="${TIER_COLORS[0]}"><circle r=".8" class="${cls} big"/></g></svg>${name}</li>`).join('');
  return `<ul class="legend tiers" aria-label="Price tiers">${tiers}</ul><ul class="legend states" aria-label="Seat states">${states}</ul>`;
}

export async function render(main, { slug }) {
  const seats = LiveSeats.fetchSeats(slug);
  seats.catch(() => {});  // a failure is handled (and retried) by LiveSeats.start
  const [event, map, queue] = await Promise.all([
    api(`/api/events/${encodeURIComponent(slug)}`),
    api(`/api/events/${encodeURIComponent(slug)}/seatmap`),
    api(`/api/events/${encodeURIComponent(slug)}/queue`),
  ]);
  // A sale behind a waiting room takes holds from fans let in only (docs/waiting-room.md).
  let room = queue;
  keepQueuePass(slug, room.pass);
  const queueUrl = `/events/${encodeURIComponent(slug)}/queue`;
  const gated = () => room.enabled && !(room.closing && room.waiting === 0) && room.state !== 'admitted';
  document.title = `${event.artist} · ${event.venue} · TicketWar`;
  // The server's rules for this event (never copied here): seats per hold, fee, hold time.
  const limit = Math.min(event.ticketLimit, event.maxSeatsPerHold);
  const feePercent = event.serviceFeePercent;
  // Before the sale opens the map is read-only and the panel counts down, by the server's clock.
  const opensAt = event.onSaleAt ? Date.parse(event.onSaleAt) : 0;
  const beforeSale = () => opensAt > serverNow();
  main.innerHTML = `
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

  let hold = null;
  let selected = new Set();
  let timer = null;
  let busy = false;
  let shownSoldOut = false;  // what the panel says now

  const hint = main.querySelector('#map-hint');
  const hints = {
    sections: 'Pick a section to see its seats.<span class="kbd-hint"> Arrow keys move between sections, Enter opens one.</span>',
    seats: 'Drag to move, scroll or pinch to zoom.<span class="kbd-hint"> Arrow keys move between seats, [ and ] between sections.</span>',
  };
  const seatMap = new SeatMap(main.querySelector('#map'), map, {
    onToggle: toggle,
    onSections: (on) => (hint.innerHTML = on ? hints.sections : hints.seats),
  });
  hint.innerHTML = seatMap.inSections ? hints.sections : hints.seats;
  const panel = main.querySelector('#panel');
  const bar = main.querySelector('#bottom-bar');
  const liveStatus = main.querySelector('#live-status');

  const live = new LiveSeats(slug, map.seatCount, {
    snapshot(states) {
      seatMap.setStates(states);
      dropTakenPicks();
      if (soldOut() !== shownSoldOut) renderPanel();
    },
    delta(changes) {
      seatMap.applyChanges(changes);
      dropTakenPicks();
      if (soldOut() !== shownSoldOut) renderPanel();
    },
    status(s) {
      liveStatus.textContent = s === 'live' ? 'Live' : 'Reconnecting…';
      liveStatus.classList.toggle('off', s !== 'live');
    },
  });

  function mineIndexes() {
    return hold ? hold.seats.map((id) => seatMap.seats.indexOf(id)).filter((i) => i !== undefined).sort((a, b) => a - b) : [];
  }

  // A seat as people read it: "VIP Floor · Row A · Seat 12".
  function label(i) {
    const s = seatMap.seats.at(i);
    return `${s.sectionName} · Row ${s.rowLabel} · Seat ${s.number}`;
  }

  // No seat free and none held: nothing to pick, now or later.
  function soldOut() {
    return !hold && seatMap.states.length > 0 && seatMap.states.every((s) => s === 2);
  }

  function refreshMap() {
    seatMap.setSelection(selected, mineIndexes());
  }

  // A pick someone else just took is dropped, with a word about it.
  function dropTakenPicks() {
    const lost = [...selected].filter((i) => seatMap.states[i] !== 0);
    if (!lost.length) return;
    for (const i of lost) selected.delete(i);
    toast(`${lost.map(label).join(', ')} ${lost.length === 1 ? 'was' : 'were'} just taken by someone else.`, 'warn');
    refreshMap();
    renderPanel();
  }

  async function toggle(i) {
    if (beforeSale()) {
      toast(`Seats can be picked once the sale opens, ${formatOpening(event.onSaleAt)}.`);
      return;
    }
    if (gated()) {
      toast('This sale has a waiting room: seats can be picked once it is your turn.');
      return;
    }
    if (hold) {
      toast('Release your hold first to pick different seats.', 'warn');
      return;
    }
    if (selected.has(i)) selected.delete(i);
    else if (seatMap.states[i] === 1 && (await findMyHolds())) {
      return;  // held by this fan, from another tab or device: now shown as theirs
    } else if (seatMap.states[i] !== 0) {
      toast(`${label(i)} is ${seatMap.states[i] === 1 ? 'held by another buyer' : 'sold'}.`, 'warn');
      return;
    } else if (selected.size >= limit) {
      toast(`You can pick up to ${limit} seats.`, 'warn');
      return;
    } else selected.add(i);
    refreshMap();
    renderPanel();
  }

  function seatRows(indexes) {
    return [...indexes].sort((a, b) => a - b)
      .map((i) => seatMap.seats.at(i))
      .map((s) => `<li><span>${esc(s.sectionName)} · Row ${esc(s.rowLabel)} · Seat ${s.number}</span><span>${formatCents(s.priceCents)}</span></li>`)
      .join('');
  }

  function totals(subtotal, fee, total) {
    return `<dl class="totals"><dt>Subtotal</dt><dd>${formatCents(subtotal)}</dd><dt>Service fee (${feePercent}%)</dt><dd>${formatCents(fee)}</dd><dt>Total</dt><dd data-testid="total">${formatCents(total)}</dd></dl>`;
  }

  function bestForm() {
    const opts = Array.from({ length: limit }, (_, k) => `<option>${k + 1}</option>`).join('');
    const tiers = map.tiers.map((t) => `<option value="${esc(t.tier)}">${esc(t.name)}</option>`).join('');
    return `<form class="best" id="best"><h3>Best available</h3><div class="row">
      <label>Seats<select name="count">${opts}</select></label>
      <label>Tier<select name="tier"><option value="">Any</option>${tiers}</select></label>
      <button type="submit" class="secondary">Find seats</button></div></form>`;
  }

  // On a phone the panel is below the map: the bar fixed at the bottom keeps the count, the total
  // and the next step on screen (app.css shows it on narrow screens only).
  function renderBar(count, totalCents, action, timeLeft = '') {
    bar.hidden = count === 0;
    bar.innerHTML = count === 0 ? '' : `<span><strong>${count} seat${count === 1 ? '' : 's'}</strong> · <span data-testid="bar-total">${formatCents(totalCents)}</span>${timeLeft}</span>${action}`;
  }

  function renderSoldOut() {
    panel.innerHTML = '<h2 tabindex="-1">Sold out</h2><p data-testid="sold-out">Every seat of this show is sold.</p>';
    renderBar(0, 0, '');
  }

  // Until the opening: when it is, the time left to the second, and nothing to pick yet. At the
  // opening the panel turns live without a reload.
  // The way into the waiting room, or the fan's place in it.
  function roomLink() {
    if (!room.enabled) return '';
    const joined = room.state === 'pre_queue' || room.state === 'waiting' || room.state === 'paused';
    return `<p>This sale has a waiting room: fans here before the opening are put in a random order that anyone can check,
      later fans in order of arrival.</p>
      <a class="button primary wide" href="${queueUrl}" data-testid="join-queue">${joined ? 'See your place in line' : 'Join the waiting room'}</a>`;
  }

  function renderRoom() {
    panel.innerHTML = `<h2 tabindex="-1">Waiting room</h2>${room.soldOut ? '<p>Sold out.</p>' : roomLink()}`;
    renderBar(0, 0, '');
  }

  function renderCountdown() {
    panel.innerHTML = `<h2 tabindex="-1">On sale soon</h2>
      <p>Tickets go on sale <strong data-testid="opens-at">${esc(formatOpening(event.onSaleAt))}</strong> (your time).</p>
      <p class="countdown" id="countdown" role="timer" aria-live="off" data-testid="countdown"></p>
      ${room.enabled ? roomLink() : '<p class="muted">The map shows the seats that will be on sale; you can pick them from the opening.</p>'}`;
    renderBar(0, 0, '');
    const el = panel.querySelector('#countdown');
    const tick = () => {
      const left = opensAt - serverNow();
      el.textContent = countdown(left);
      if (left <= 0) renderPanel();
    };
    tick();
    timer = setInterval(tick, 250);
  }

  function renderPanel() {
    clearInterval(timer);
    shownSoldOut = soldOut();
    if (beforeSale()) return renderCountdown();
    if (hold) return renderHold();
    if (gated()) return renderRoom();
    if (shownSoldOut) return renderSoldOut();
    const picks = [...selected].sort((a, b) => a - b);
    const subtotal = picks.reduce((sum, i) => sum + seatMap.seats.at(i).priceCents, 0);
    // An estimate to show while picking (the hold's answer carries the server's figures).
    const fee = Math.round((subtotal * feePercent) / 100);
    const s = event.holdTimeSeconds;
    const holdTime = s < 120 ? `${s} second${s === 1 ? '' : 's'}` : `${Math.round(s / 60)} minutes`;
    panel.innerHTML = `<h2 tabindex="-1">Your seats</h2>
      ${picks.length ? `<ul class="seat-list" data-testid="picked">${seatRows(picks)}</ul>${totals(subtotal, fee, subtotal + fee)}` : `<p class="muted">Pick up to ${limit} seats on the map.</p>`}
      <button type="button" class="primary wide" id="hold" ${picks.length && !busy ? '' : 'disabled'}>${picks.length ? `Hold ${picks.length} seat${picks.length === 1 ? '' : 's'}` : 'Hold seats'}</button>
      <p class="fine" data-testid="hold-time">Held seats are yours for ${holdTime} while you pay.</p>
      ${bestForm()}`;
    panel.querySelector('#hold').addEventListener('click', () => holdSeats(picks));
    renderBar(picks.length, subtotal + fee, picks.length
      ? `<button type="button" class="primary" id="bar-hold" ${busy ? 'disabled' : ''}>Hold ${picks.length === 1 ? 'seat' : 'seats'}</button>` : '');
    bar.querySelector('#bar-hold')?.addEventListener('click', () => holdSeats(picks));
    panel.querySelector('#best').addEventListener('submit', (e) => {
      e.preventDefault();
      const f = e.target.elements;
      const body = { count: Number(f.count.value) };
      if (f.tier.value) body.tier = f.tier.value;
      placeHold(`/api/events/${encodeURIComponent(slug)}/holds/best`, body);
    });
  }

  function renderHold() {
    panel.innerHTML = `<h2 tabindex="-1">Seats held for you</h2>
      <p class="timer" id="timer" role="timer" aria-live="off"></p>
      <p class="timer-note" id="timer-note" aria-live="polite"></p>
      <ul class="seat-list" data-testid="held">${seatRows(mineIndexes())}</ul>
      ${totals(hold.subtotalCents, hold.feeCents, hold.totalCents)}
      <a class="button primary wide" id="checkout" href="/checkout/${encodeURIComponent(hold.holdId)}">Check out</a>
      <div class="row split">
        ${hold.renewalsLeft > 0 ? '<button type="button" class="secondary" id="renew">More time</button>' : ''}
        <button type="button" class="link danger" id="release">Release seats</button>
      </div>`;
    // On a phone the panel is below the fold: the bar keeps the time left in sight too.
    renderBar(mineIndexes().length, hold.totalCents,
      `<a class="button primary" href="/checkout/${encodeURIComponent(hold.holdId)}">Check out</a>`,
      ' · <span class="bar-timer" data-testid="bar-timer" role="timer" aria-label="Time left"></span>');
    panel.querySelector('#release').addEventListener('click', release);
    panel.querySelector('#renew')?.addEventListener('click', renew);
    const el = panel.querySelector('#timer');
    const barTimer = bar.querySelector('.bar-timer');
    const note = panel.querySelector('#timer-note');
    let warned = false;
    const tick = () => {
      const left = hold.expiresAtMs - serverNow();
      el.textContent = mmss(left);
      el.classList.toggle('warn', left <= 60_000);
      if (barTimer) {
        barTimer.textContent = mmss(left);
        barTimer.classList.toggle('warn', left <= 60_000);
      }
      if (left <= 60_000 && !warned) {
        warned = true;
        note.textContent = hold.renewalsLeft > 0 ? 'Less than a minute left. Ask for more time or check out now.' : 'Less than a minute left.';
      }
      if (left <= 0) expired();
    };
    tick();
    timer = setInterval(tick, 250);
  }

  function expired() {
    clearInterval(timer);
    hold = null;
    refreshMap();
    renderPanel();
    toast('Your hold ran out and the seats went back on sale.', 'warn');
  }

  function setHold(h) {
    hold = h;
    selected = new Set();
    sessionStorage.removeItem(pickKey(slug));
    refreshMap();
    renderPanel();
  }

  // Brings the held seats into view: their section opened on a venue drawn as sections, else the
  // view moved to them (a best-available hold may be anywhere).
  function showHeld() {
    const first = mineIndexes()[0];
    if (first === undefined) return;
    const s = seatMap.seats.at(first);
    if (seatMap.inSections) seatMap.openSection(s.section, s);
    else seatMap.ensureVisible(first);
  }

  async function placeHold(path, body) {
    if (!session.user) {
      sessionStorage.setItem(pickKey(slug), JSON.stringify([...selected].map((i) => seatMap.seats.at(i).id)));
      toast('Sign in to hold seats; your picks are kept.');
      navigate(`/signin?next=${encodeURIComponent('/events/' + slug)}`);
      return;
    }
    busy = true;
    try {
      setHold(await api(path, { method: 'POST', body, headers: queuePassHeaders(slug) }));
      showHeld();
      panel.querySelector('h2')?.focus();
      toast('Seats held. Check out before the timer runs out.', 'ok');
    } catch (e) {
      toast(e.message, 'error');
      if (e.code?.startsWith('queue_pass')) room = await api(`/api/events/${encodeURIComponent(slug)}/queue`);
    } finally {
      busy = false;
      if (!hold) renderPanel();
    }
  }

  function holdSeats(picks) {
    placeHold(`/api/events/${encodeURIComponent(slug)}/holds`, { seats: picks.map((i) => seatMap.seats.at(i).id) });
  }

  async function renew() {
    try {
      hold = await api(`/api/holds/${encodeURIComponent(hold.holdId)}/renew`, { method: 'POST' });
      renderPanel();
      toast('You have more time.', 'ok');
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function release() {
    try {
      await api(`/api/holds/${encodeURIComponent(hold.holdId)}`, { method: 'DELETE' });
    } catch (e) {
      if (e.status !== 404) return toast(e.message, 'error');
    }
    hold = null;
    refreshMap();
    renderPanel();
    toast('Seats released.');
  }

  // The fan's running hold of this event, made in this tab or any other (or another device):
  // shown as theirs. True when there is one.
  async function findMyHolds() {
    if (!session.user || hold) return Boolean(hold);
    try {
      const { holds } = await api(`/api/holds?event=${encodeURIComponent(slug)}`);
      const mine = holds.find((h) => h.status === 'active' && h.expiresAtMs > serverNow());
      if (mine && !hold) setHold(mine);
      return Boolean(mine);
    } catch {
      return false;
    }
  }

  // A hold made anywhere, or picks kept across sign-in, come back.
  async function restore() {
    if (await findMyHolds()) return;
    const picks = JSON.parse(sessionStorage.getItem(pickKey(slug)) || '[]');
    for (const id of picks) {
      const i = seatMap.seats.indexOf(id);
      if (i !== undefined) selected.add(i);
    }
    refreshMap();
  }
  // Back to this tab: a hold made in another one meanwhile shows as the fan's.
  const onVisible = () => {
    if (document.visibilityState === 'visible') findMyHolds();
  };
  document.addEventListener('visibilitychange', onVisible);

  renderPanel();
  await restore();
  renderPanel();
  live.start(seats);
  window.ticketwar = { seatMap, seatIndex: { get: (id) => seatMap.seats.indexOf(id) } };
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
    live.stop();
    delete window.ticketwar;
  };
}
