// Cancelling a show from the dashboard: the reason buyers will read, one confirmation, then the
// job's progress (tickets cancelled, money refunded, people told) until it is done.
import { api } from '../api.js';
import { esc, formatMoney, toast } from '../format.js';

const STATES = { cancelling: 'Cancelling tickets and telling buyers', refunding: 'Waiting for refunds to go through', done: 'Done: everyone refunded and told' };

function progress(p) {
  return `<p data-testid="cancel-state"><strong>${esc(STATES[p.state] || p.state)}</strong></p>
    <dl class="figures">
      <dt>Reason given</dt><dd>${esc(p.reason)}</dd>
      <dt>Tickets cancelled</dt><dd data-testid="cancel-tickets">${p.ticketsCancelled.toLocaleString('en-US')}</dd>
      <dt>Tickets left</dt><dd>${p.ticketsLeft.toLocaleString('en-US')}</dd>
      <dt>Refunded</dt><dd data-testid="cancel-refunded">${formatMoney(p.refundedCents, p)} of ${formatMoney(p.toRefundCents, p)}</dd>
      <dt>Refunds failed</dt><dd>${p.refunds.failed ? `${p.refunds.failed} (retry them under <a href="/admin?tab=refunds">Refunds</a>)` : '0'}</dd>
      <dt>People told</dt><dd data-testid="cancel-told">${p.peopleTold.toLocaleString('en-US')}</dd></dl>`;
}

// Shows the cancellation of `event` in `el` (a form first when it is not cancelled yet); calls
// `changed` once the show is cancelled. Returns what stops its polling.
export function cancelShow(el, event, changed) {
  let timer = null;
  const panel = (body) => `<section class="panel" aria-live="polite" aria-labelledby="cancel-title"><h2 id="cancel-title">Cancel ${esc(event.name)}</h2>${body}</section>`;
  async function follow() {
    try {
      const p = await api(`/api/admin/events/${event.id}/cancellation`);
      el.innerHTML = panel(progress(p));
      if (p.state === 'done') clearInterval(timer);
    } catch (e) {
      clearInterval(timer);
      el.innerHTML = panel(`<p>${esc(e.message)}</p>`);
    }
  }
  function start() {
    follow();
    timer = setInterval(follow, 2000);
  }
  if (event.cancelledAt) {
    start();
  } else {
    el.innerHTML = panel(`<p>The show goes off sale at once. Every ticket is cancelled and refunded in full, and each buyer and ticket holder gets one email with your reason. This cannot be undone.</p>
      <form id="cancel-form" class="stack" novalidate><label for="cancel-reason">Reason, as buyers will read it</label>
      <textarea id="cancel-reason" rows="3" maxlength="500" required></textarea>
      <div class="row"><button type="submit" class="primary danger-action">Cancel the show and refund everyone</button></div></form>`);
    el.querySelector('#cancel-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const reason = el.querySelector('#cancel-reason');
      if (!reason.value.trim()) {
        reason.setAttribute('aria-invalid', 'true');
        toast('Say why the show is cancelled: buyers read it in their email.', 'error');
        return reason.focus();
      }
      if (!confirm(`Cancel "${event.name}" and refund every ticket? This cannot be undone.`)) return;
      try {
        await api(`/api/admin/events/${event.id}/cancel`, { method: 'POST', body: { reason: reason.value.trim() } });
        toast('Show cancelled. Refunds and emails are on their way.', 'ok');
        changed();
        start();
      } catch (e) {
        toast(e.message, 'error');
      }
    });
  }
  return () => clearInterval(timer);
}
