// The live sales chart of one event: tickets sold per minute (bars) over the last hour of
// activity, with the totals the sales-figures consumer keeps (GET /api/admin/events/{id}/sales).
import { api } from '../api.js';
import { esc, formatMoney, formatInstant } from '../format.js';

const MINUTES = 60;

// Bars for the last MINUTES minutes up to the latest one with sales, empty minutes included.
function chartSvg(minutes, report) {
  if (!minutes.length) return '<p class="muted">No sales yet: the chart starts with the first hold.</p>';
  const last = Date.parse(minutes[minutes.length - 1].minute);
  const first = last - (MINUTES - 1) * 60_000;
  const byTime = new Map(minutes.map((m) => [Date.parse(m.minute), m]));
  const bars = [];
  let peak = 1;
  for (let i = 0; i < MINUTES; i += 1) {
    const m = byTime.get(first + i * 60_000);
    bars.push(m || { sold: 0, held: 0, revenueCents: 0, minute: new Date(first + i * 60_000).toISOString() });
    peak = Math.max(peak, bars[i].sold, bars[i].held);
  }
  const w = 600, h = 160, bw = w / MINUTES;
  const rects = bars.map((m, i) => {
    const held = (m.held / peak) * (h - 20), sold = (m.sold / peak) * (h - 20);
    const label = `${formatInstant(m.minute)}: ${m.sold} sold, ${m.held} held, ${formatMoney(m.revenueCents, report)}`;
    return `<g><title>${esc(label)}</title>
      <rect class="held" x="${(i * bw + 1).toFixed(1)}" y="${(h - held).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${held.toFixed(1)}"></rect>
      <rect class="sold" x="${(i * bw + 1).toFixed(1)}" y="${(h - sold).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${sold.toFixed(1)}"></rect></g>`;
  }).join('');
  return `<svg class="sales-chart" viewBox="0 0 ${w} ${h}" role="img" aria-label="Seats held and tickets sold per minute, last hour of activity">
    <text x="4" y="12">${peak.toLocaleString('en-US')} / min</text>${rects}</svg>
    <p class="legend-line"><span class="swatch sold"></span> sold <span class="swatch held"></span> held · one bar per minute, ending ${esc(formatInstant(bars[MINUTES - 1].minute))}</p>`;
}

function totalsHtml(r) {
  const t = r.totals;
  return `<dl class="figures">
    <div><dt>Sold</dt><dd>${t.sold.toLocaleString('en-US')} of ${r.totalSeats.toLocaleString('en-US')}</dd></div>
    <div><dt>In holds now</dt><dd>${t.heldNow.toLocaleString('en-US')}</dd></div>
    <div><dt>Revenue</dt><dd>${formatMoney(t.revenueCents, r)}</dd></div>
    <div><dt>Cancelled</dt><dd>${t.cancelled.toLocaleString('en-US')}</dd></div></dl>`;
}

// Draws the chart into `el` and keeps it current; returns a function that stops it.
export function salesChart(el, event) {
  el.innerHTML = `<section class="panel" aria-live="polite"><h2>Live sales · ${esc(event.name)}</h2><div class="body"><p class="loading">Loading…</p></div></section>`;
  const body = el.querySelector('.body');
  let stopped = false;
  async function refresh() {
    try {
      const r = await api(`/api/admin/events/${event.id}/sales`);
      if (!stopped) body.innerHTML = totalsHtml(r) + chartSvg(r.minutes, r);
    } catch (e) {
      if (!stopped) body.innerHTML = `<p>${esc(e.message)}</p>`;
    }
  }
  refresh();
  const timer = setInterval(refresh, 3000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
