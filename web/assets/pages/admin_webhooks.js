// The webhooks tab: integrators' endpoints (register, pause, remove), and each one's deliveries
// with their attempts; a delivery that failed (or any finished one) can be sent again.
import { api } from '../api.js';
import { esc, formatInstant, toast } from '../format.js';

const TYPES = ['seat_locked', 'seat_released', 'ticket_sold', 'payment_processed', 'order_refunded',
  'ticket_cancelled', 'ticket_checked_in', 'ticket_transferred', 'show_cancelled', 'cancellation_notice', 'show_moved',
  'event_created', 'event_changed', 'user_changed', 'prices_changed', 'seats_blocked', 'seats_released', 'tickets_issued',
  'codes_created', 'codes_revoked'];

function deliveriesHtml(deliveries) {
  if (!deliveries.length) return '<p class="muted">No deliveries yet.</p>';
  return `<div class="table-wrap"><table class="data"><caption>Deliveries, newest first</caption>
    <thead><tr><th scope="col">Event</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col"><span class="sr">Actions</span></th></tr></thead><tbody>
    ${deliveries.map((d) => `<tr data-id="${esc(d.id)}"><th scope="row">${esc(d.type)} #${d.sequence}</th>
      <td>${esc(d.state)}${d.nextAttemptAt ? ` (next ${esc(formatInstant(d.nextAttemptAt))})` : ''}</td><td>${d.attempts}</td>
      <td>${d.lastStatus ? `HTTP ${d.lastStatus}` : ''}${d.lastError ? ` ${esc(d.lastError)}` : ''}</td>
      <td>${d.state === 'pending' ? '' : '<button type="button" class="link" data-act="replay">Send again</button>'}</td></tr>`).join('')}
    </tbody></table></div>`;
}

export async function webhooksTab(el) {
  el.innerHTML = `<section class="panel"><h2>Register an endpoint</h2>
    <form id="hook-form" class="grid-form" novalidate>
      <label class="wide">URL<input name="url" type="url" required placeholder="https://example.com/ticketwar"></label>
      <label class="wide">Secret (empty: one is made for you)<input name="secret" minlength="16" maxlength="200" autocomplete="off"></label>
      <fieldset class="wide"><legend>Events to send</legend>
        ${TYPES.map((t) => `<label><input type="checkbox" name="types" value="${t}" ${t === 'ticket_sold' ? 'checked' : ''}> ${t}</label>`).join('')}
      </fieldset>
      <p class="form-error wide" role="alert"></p>
      <button type="submit" class="primary">Register</button>
    </form></section><div id="hooks"></div>`;
  const form = el.querySelector('form');
  const list = el.querySelector('#hooks');
  async function load() {
    try {
      const { webhooks } = await api('/api/admin/webhooks');
      if (!webhooks.length) {
        list.innerHTML = '<p class="muted">No endpoints yet. Each delivery is a POST of the event JSON, signed in the TicketWar-Signature header (docs/api.md).</p>';
        return;
      }
      list.innerHTML = webhooks.map((w) => `<section class="panel" data-hook="${esc(w.id)}"><h2>${esc(w.url)}</h2>
        <p>${w.active ? 'Active' : 'Paused'} · ${w.types.map(esc).join(', ')} · secret <code>${esc(w.secret)}</code></p>
        <p><button type="button" class="link" data-act="toggle">${w.active ? 'Pause' : 'Resume'}</button>
          <button type="button" class="link danger" data-act="delete">Remove</button></p><div class="deliveries"><p class="loading">Loading…</p></div></section>`).join('');
      for (const w of webhooks) {
        const box = list.querySelector(`[data-hook="${CSS.escape(w.id)}"] .deliveries`);
        api(`/api/admin/webhooks/${encodeURIComponent(w.id)}/deliveries?limit=20`)
          .then(({ deliveries }) => { box.innerHTML = deliveriesHtml(deliveries); })
          .catch((e) => { box.innerHTML = `<p>${esc(e.message)}</p>`; });
      }
    } catch (e) {
      list.innerHTML = `<p>${esc(e.message)}</p>`;
    }
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = form.elements;
    const body = { url: f.url.value.trim(), types: [...form.querySelectorAll('input[name=types]:checked')].map((c) => c.value) };
    if (f.secret.value) body.secret = f.secret.value;
    try {
      await api('/api/admin/webhooks', { method: 'POST', body });
      form.reset();
      form.querySelector('.form-error').textContent = '';
      toast('Endpoint registered.', 'ok');
      load();
    } catch (err) {
      form.querySelector('.form-error').textContent = err.message;
    }
  });
  list.addEventListener('click', async (e) => {
    const act = e.target.dataset.act;
    if (!act) return;
    const hook = e.target.closest('[data-hook]').dataset.hook;
    try {
      if (act === 'toggle') await api(`/api/admin/webhooks/${encodeURIComponent(hook)}`, { method: 'PATCH', body: { active: e.target.textContent === 'Resume' } });
      if (act === 'delete') {
        if (!confirm('Remove this endpoint? Deliveries not yet made are dropped.')) return;
        await api(`/api/admin/webhooks/${encodeURIComponent(hook)}`, { method: 'DELETE' });
      }
      if (act === 'replay') {
        await api(`/api/admin/webhook-deliveries/${encodeURIComponent(e.target.closest('tr').dataset.id)}/replay`, { method: 'POST' });
        toast('Sending again.', 'ok');
      }
    } catch (err) {
      toast(err.message, 'error');
    }
    load();
  });
  load();
  const timer = setInterval(load, 10000);
  return () => clearInterval(timer);
}
