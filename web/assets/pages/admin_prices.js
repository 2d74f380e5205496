// A show's prices from the dashboard: each price tier with its back-row price and a field for a
// new one. Seats already held or sold keep the price they were held at (the server says so and
// keeps it); the change goes to the activity log.
import { api } from '../api.js';
import { esc, formatMoney, toast } from '../format.js';

// The price's major units in the field, with the currency's decimals (none for KRW).
function tierRow(t, p) {
  const id = `price-${esc(t.tier)}`;
  const digits = p.currencyDigits;
  return `<tr data-tier="${esc(t.tier)}"><th scope="row">${esc(t.name)}</th><td>${t.seats.toLocaleString('en-US')}</td>
    <td>${formatMoney(t.basePriceCents, p)}${t.topPriceCents !== t.basePriceCents ? ` to ${formatMoney(t.topPriceCents, p)}` : ''}</td>
    <td><input id="${id}" aria-label="New back-row price for ${esc(t.name)}" type="number" inputmode="decimal" min="${10 ** -digits}" step="${10 ** -digits}" value="${(t.basePriceCents / 10 ** digits).toFixed(digits)}">
      <button type="button" class="small" data-act="set-price">Set price</button></td></tr>`;
}

// Shows the prices of `event` in `el`.
export async function showPrices(el, event) {
  let shown;  // the prices on screen, with their currency
  const draw = (p) => {
    shown = p;
    el.innerHTML = `<section class="panel" aria-labelledby="prices-title"><h2 id="prices-title">Prices of ${esc(event.name)}</h2>
      <p>A tier's price is its back row's; each row nearer the stage adds 10 %. Fans who hold or bought seats keep the price they held them at.</p>
      <div class="table-wrap"><table data-testid="price-tiers"><thead><tr><th scope="col">Tier</th><th scope="col">Seats</th><th scope="col">Price now</th><th scope="col">New back-row price (${esc(p.currency)})</th></tr></thead>
      <tbody>${p.tiers.map((t) => tierRow(t, p)).join('')}</tbody></table></div></section>`;
    el.querySelector('tbody').addEventListener('click', (ev) => {
      if (ev.target.dataset.act === 'set-price') setPrice(ev.target.closest('tr'));
    });
  };
  const setPrice = async (row) => {
    const input = row.querySelector('input');
    const cents = Math.round(Number(input.value) * 10 ** shown.currencyDigits);
    if (!input.value || !Number.isFinite(cents) || cents <= 0) {
      input.setAttribute('aria-invalid', 'true');
      toast('Enter a price above zero.', 'error');
      return input.focus();
    }
    try {
      draw(await api(`/api/admin/events/${event.id}/prices`, { method: 'PUT', body: { tier: row.dataset.tier, basePriceCents: cents } }));
      toast(`Price set to ${formatMoney(cents, shown)}. Seats already held or sold keep theirs.`, 'ok');
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  try {
    draw(await api(`/api/admin/events/${event.id}/prices`));
  } catch (e) {
    el.innerHTML = `<section class="panel"><h2>Prices of ${esc(event.name)}</h2><p>${esc(e.message)}</p></section>`;
  }
}
