// Checkout for one hold: what is being bought, the countdown, and the card form. The
// Idempotency-Key stays the same while the form is unchanged, so a double click or a retry after
// a network error can never charge twice; a changed card gets a new key.
import { api, idempotencyKey, queuePassHeaders, serverNow, session } from '../api.js';
import { navigate } from '../navigation.js';
import { esc, formatMoney, mmss, showLine } from '../format.js';

const TEST_CARDS = [
  ['4242 4242 4242 4242', 'approved'],
  ['4000 0000 0000 0002', 'declined'],
  ['4000 0000 0000 9995', 'insufficient funds'],
  ['4000 0000 0000 0119', 'processor error'],
];

const MESSAGES = {
  card_declined: 'Your card was declined. Your seats are still held; try another card.',
  insufficient_funds: 'The card has insufficient funds. Your seats are still held; try another card.',
  processor_error: 'The payment processor had a problem and nothing was charged. Your seats are still held; please try again.',
  hold_expired: 'Your hold expired and someone else has the seats now. Nothing was charged.',
  seats_sold: 'Those seats were sold to someone else a moment ago. Your payment was refunded.',
  hold_released: 'This hold was released. Pick your seats again.',
  hold_already_sold: 'These seats are already yours; see My tickets.',
  queue_pass_expired: 'Your turn in the waiting room is over. Join it again from the event page.',
};

function nextYearExpiry() {
  const d = new Date();
  return `${String(d.getMonth() + 1).padStart(2, '0')}/${String((d.getFullYear() + 2) % 100).padStart(2, '0')}`;
}

export async function render(main, { holdId }) {
  if (!session.user) return navigate(`/signin?next=${encodeURIComponent('/checkout/' + holdId)}`, { replace: true });
  const hold = await api(`/api/holds/${encodeURIComponent(holdId)}`);
  document.title = 'Checkout · TicketWar';
  if (hold.status !== 'active') {
    main.innerHTML = `<section class="panel narrow"><h1>This hold is ${esc(hold.status)}</h1>
      <p><a href="/events/${encodeURIComponent(hold.event)}">Back to the seat map</a></p></section>`;
    return;
  }
  main.innerHTML = `<section class="panel narrow checkout">
    <p class="crumbs"><a href="/events/${encodeURIComponent(hold.event)}">‹ Back to the seat map</a></p>
    <h1>Checkout</h1>
    ${showLine(hold.show)}
    <p class="timer" id="timer" role="timer"></p>
    <ul class="seat-list" data-testid="checkout-seats">${hold.seats.map((s, i) => `<li><span>${esc((hold.seatLabels || [])[i] || s)}</span></li>`).join('')}</ul>
    <dl class="totals"><dt>Subtotal</dt><dd>${formatMoney(hold.subtotalCents, hold)}</dd><dt>Service fee</dt><dd>${formatMoney(hold.feeCents, hold)}</dd><dt>Total</dt><dd>${formatMoney(hold.totalCents, hold)}</dd></dl>
    <form id="pay" novalidate>
      <label>Name on card<input name="name" autocomplete="cc-name" required maxlength="100" value="${esc(session.user.name)}"></label>
      <label>Card number<input name="number" inputmode="numeric" autocomplete="cc-number" required maxlength="23" placeholder="4242 4242 4242 4242"></label>
      <div class="row"><label>Expiry<input name="expiry" autocomplete="cc-exp" required maxlength="5" placeholder="MM/YY" value="${nextYearExpiry()}"></label>
      <label>CVC<input name="cvc" inputmode="numeric" autocomplete="cc-csc" required maxlength="4" placeholder="123" value="123"></label></div>
      <p class="form-error" id="pay-error" role="alert"></p>
      <button type="submit" class="primary wide" id="pay-button">Pay ${formatMoney(hold.totalCents, hold)}</button>
    </form>
    <details class="hints" open><summary>Test cards (no real money moves)</summary><ul>
      ${TEST_CARDS.map(([n, what]) => `<li><button type="button" class="link" data-card="${n}">${n}</button> ${what}</li>`).join('')}
    </ul><p class="fine">Any future expiry and any 3-digit CVC.</p></details>
  </section>`;

  const form = main.querySelector('#pay');
  const error = main.querySelector('#pay-error');
  const button = main.querySelector('#pay-button');
  const timerEl = main.querySelector('#timer');
  let key = idempotencyKey();
  let paying = false;

  const tick = () => {
    const left = hold.expiresAtMs - serverNow();
    timerEl.textContent = left > 0 ? `Seats held for ${mmss(left)}` : 'Your hold has run out; paying now works only if the seats are still free.';
    timerEl.classList.toggle('warn', left <= 60_000);
  };
  tick();
  const timer = setInterval(tick, 250);

  form.addEventListener('input', () => {
    key = idempotencyKey();
    error.textContent = '';
  });
  main.querySelector('.hints').addEventListener('click', (e) => {
    const n = e.target.dataset.card;
    if (!n) return;
    form.elements.number.value = n;
    key = idempotencyKey();
    error.textContent = '';
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (paying) return;
    const f = form.elements;
    const card = { number: f.number.value.trim(), expiry: f.expiry.value.trim(), cvc: f.cvc.value.trim(), name: f.name.value.trim() };
    if (!card.number || !card.expiry || !card.cvc || !card.name) {
      error.textContent = 'Fill in every field of the card.';
      return;
    }
    paying = true;
    button.disabled = true;
    button.textContent = 'Paying…';
    try {
      const headers = { 'Idempotency-Key': key, ...queuePassHeaders(hold.event) };
      const order = await api('/api/checkout', { method: 'POST', body: { holdId, card }, headers });
      sessionStorage.removeItem(`tw.hold.${hold.event}`);
      navigate(`/orders/${encodeURIComponent(order.orderId)}`, { replace: true });
    } catch (err) {
      error.textContent = MESSAGES[err.code] || err.message;
      if (err.code === 'email_not_verified') {
        // The seats stay held while the fan confirms their address from the emailed link.
        error.insertAdjacentHTML('beforeend', ' <a href="/account">Go to your account</a>');
      }
      if (err.code !== 'network') key = idempotencyKey();
      paying = false;
      button.disabled = false;
      button.textContent = `Pay ${formatMoney(hold.totalCents, hold)}`;
    }
  });
  return () => clearInterval(timer);
}
