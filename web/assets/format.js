// Formatting and small DOM helpers shared by the pages.
// Counts as en-US writes them ("22,100"), spelled out here rather than by toLocaleString: on a
// slowed-down phone the first use of Intl cost 150 ms before the event page could show.
export function formatCount(n) {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// An amount for the fan's locale: `minor` is an integer count of the minor unit of the currency
// that `of` names, as every answer with amounts does ("currency": "GBP", "currencyDigits": 2);
// the server says how many decimals the currency has (0 for KRW, 3 for BHD), the browser how its
// fans write it ("£1,234.50", "1.234,50 €", "₩133,500").
const moneyFormats = new Map();
export function formatMoney(minor, of) {
  const currency = of?.currency || 'USD';
  const digits = of?.currencyDigits ?? 2;
  const key = `${currency}/${digits}`;
  let format = moneyFormats.get(key);
  if (!format) {
    const options = { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits };
    format = new Intl.NumberFormat(navigator.languages?.[0] || 'en-US', options);
    moneyFormats.set(key, format);
  }
  return format.format(Math.round(minor || 0) / 10 ** digits);
}

// The first amount written loads the browser's number-format data for the locale: 100-150 ms on
// a slowed-down phone. The router calls this while a page's module and reads are on the network,
// when the main thread would be idle, rather than in the middle of drawing the page.
export function warmMoneyFormat() {
  setTimeout(() => formatMoney(0), 0);
}

// "Sat, Apr 18, 2027 · 19:00" from the event's local date and time fields.
// Spelled out here rather than by toLocaleDateString: on a slowed-down phone that call's first
// use cost 150 ms before the event page could show, and the text is the same (en-US).
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export function formatEventDate(e) {
  const [y, m, d] = e.date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[weekday]}, ${MONTHS[m - 1]} ${d}, ${y} · ${e.time}`;
}

// A ticket's seat as people read it: "Floor A · Row C · Seat 12".
export function seatLabel(t) {
  return t.seat ? `${t.seat.section} · Row ${t.seat.row} · Seat ${t.seat.number}` : t.seatId;
}

// What is being bought: the show, its date and venue, as a hold or an order names it ("show");
// nothing when the answer came without it.
export function showLine(show) {
  if (!show) return '';
  return `<p class="show-line" data-testid="show-line"><strong>${esc(show.name)}</strong><br>${esc(formatEventDate(show))} · ${esc(show.venue)}</p>`;
}

// "Fri 12 Jun, 10:00": when a sale opens, in the fan's own time zone.
export function formatOpening(iso) {
  return new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

// "2 d 03:04:05", "03:04:05": a countdown to the second.
export function countdown(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const d = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return d ? `${d} d ${hms}` : hms;
}

export function formatInstant(iso) {
  return new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

export function mmss(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return String(Math.floor(s / 60)).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0');
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = 'show ' + kind;
  toast.shownAt = Date.now();
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.className = ''), 5000);
}

// On a page change: a toast about the page left behind goes with it. One shown just now (the
// step that led here: "Signed out.", "Ticket sent") stays to be read.
export function dismissStaleToast() {
  if (Date.now() - (toast.shownAt || 0) < 1000) return;
  clearTimeout(toast.timer);
  document.getElementById('toast').className = '';
}

export function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}
