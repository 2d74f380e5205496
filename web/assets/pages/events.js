// The events on sale: search, venue and date filters, and a card per event.
import { api, serverNow } from '../api.js';
import { debounce, esc, formatMoney, formatEventDate, formatOpening } from '../format.js';

function card(e) {
  const opens = e.onSaleAt && Date.parse(e.onSaleAt) > serverNow();
  const presale = opens && e.presaleAt && Date.parse(e.presaleAt) <= serverNow();
  const badge = presale
    ? `<span class="badge soon" data-testid="on-sale-at">Presale now · public sale ${esc(formatOpening(e.onSaleAt))}</span>`
    : opens
    ? `<span class="badge soon" data-testid="on-sale-at">On sale ${esc(formatOpening(e.onSaleAt))}</span>`
    : e.soldOut
    ? '<span class="badge sold">Sold out</span>'
    : e.seatsLeft < e.totalSeats * 0.1
      ? `<span class="badge low">Only ${e.seatsLeft} left</span>`
      : `<span class="badge">${e.seatsLeft.toLocaleString('en-US')} seats left</span>`;
  return `<li class="card" style="--accent:${esc(e.color || '#4f46e5')}">
    <a href="/events/${encodeURIComponent(e.slug)}" data-testid="event-card">
      <div class="card-art" aria-hidden="true"><img src="${esc(e.image)}" alt="" width="1200" height="630"></div>
      <div class="card-body">
        <h2>${esc(e.artist)}</h2>
        <p class="name">${esc(e.name)}</p>
        <p class="meta">${esc(e.venue)}</p>
        <p class="meta">${esc(formatEventDate(e))}</p>
        <p class="foot"><span class="price">from ${formatMoney(e.priceFromCents, e)}</span>${badge}</p>
      </div>
    </a></li>`;
}

// A phone keeps the venue and date filters folded (until used) so the events come first.
function wideScreen() {
  return window.matchMedia('(min-width: 700px)').matches;
}

export async function render(main, _params, query) {
  document.title = 'Events · TicketWar';
  main.innerHTML = `
    <section class="hero"><h1>Find your seats</h1><p>Pick the exact seats you want on the venue map. Every seat is sold once, fairly.</p></section>
    <form class="filters" role="search" aria-label="Filter events">
      <label class="grow">Search<input type="search" name="q" placeholder="Artist, show or venue" maxlength="100" autocomplete="off"></label>
      <details class="more-filters" ${wideScreen() || ['venue', 'from', 'to'].some((n) => query.get(n)) ? 'open' : ''}>
        <summary>Venue and dates</summary>
        <div class="more-filters-row">
          <label>Venue<select name="venue"><option value="">All venues</option></select></label>
          <label>From<input type="date" name="from"></label>
          <label>To<input type="date" name="to"></label>
        </div>
      </details>
    </form>
    <p class="count" aria-live="polite"></p>
    <ul class="cards" id="event-list"></ul>
    <p class="more-wrap"><button type="button" class="secondary" id="more" hidden>More events</button></p>`;
  const form = main.querySelector('form');
  const list = main.querySelector('#event-list');
  const count = main.querySelector('.count');
  const more = main.querySelector('#more');
  for (const name of ['q', 'venue', 'from', 'to']) form.elements[name].value = query.get(name) || '';

  // Venues for the filter come from every event on sale.
  api('/api/events?limit=100').then((all) => {
    const select = form.elements.venue;
    const venues = [...new Set(all.events.map((e) => e.venue))].sort();
    for (const v of venues) select.insertAdjacentHTML('beforeend', `<option>${esc(v)}</option>`);
    select.value = query.get('venue') || '';
  }).catch(() => {});

  let cursor = null;
  let generation = 0;
  async function load(append) {
    const mine = ++generation;
    const params = new URLSearchParams();
    for (const name of ['q', 'venue', 'from', 'to']) {
      const v = form.elements[name].value.trim();
      if (v) params.set(name, v);
    }
    history.replaceState(null, '', params.toString() ? '/?' + params : '/');
    params.set('limit', '12');
    if (append && cursor) params.set('cursor', cursor);
    try {
      const page = await api('/api/events?' + params);
      if (mine !== generation) return;
      cursor = page.nextCursor;
      const items = page.events.map(card).join('');
      if (append) list.insertAdjacentHTML('beforeend', items);
      else list.innerHTML = items;
      const shown = list.children.length;
      count.textContent = shown === 0 ? 'No events match. Try fewer filters.' : `${shown}${cursor ? '+' : ''} event${shown === 1 ? '' : 's'}`;
      more.hidden = !cursor;
    } catch (e) {
      if (mine === generation) count.textContent = e.message;
    }
  }
  const reload = debounce(() => load(false), 200);
  form.addEventListener('input', reload);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load(false);
  });
  more.addEventListener('click', () => load(true));
  await load(false);
}
