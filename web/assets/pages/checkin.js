// The gate: staff paste or type the code from a ticket's QR code (a handheld scanner that types
// into the field works too) and see a large, coloured answer; the recent scans stay listed.
import { api, session } from '../api.js';
import { navigate } from '../navigation.js';
import { esc } from '../format.js';

const RESULTS = {
  valid: ['ok', 'Valid: let them in'],
  already_used: ['bad', 'Already used'],
  cancelled: ['bad', 'Cancelled ticket'],
  wrong_event: ['warn', 'Ticket for another event'],
  invalid: ['bad', 'Invalid code'],
};
const REASONS = {
  transferred: 'The ticket was given to someone else; this is an old copy of its code.',
  bad_signature: 'The code was altered or forged.',
  malformed: 'This is not a TicketWar code (or it was cut off).',
  unknown_key: 'The code was signed by a key this venue does not know.',
  unknown_ticket: 'No such ticket.',
};

export async function render(main, _params, query) {
  if (!session.user) return navigate('/signin?next=/checkin', { replace: true });
  if (session.user.role === 'user') {
    main.innerHTML = '<section class="panel narrow"><h1>Gate staff only</h1><p>Your account cannot check tickets in.</p></section>';
    return;
  }
  document.title = 'Check-in · TicketWar';
  const { events } = await api('/api/events?limit=100');
  const gate = localStorage.getItem('tw.gate') || 'Gate 1';
  main.innerHTML = `<section class="narrow checkin">
    <h1>Check-in</h1>
    <form id="scan" class="panel" novalidate>
      <div class="row">
        <label>Event<select name="event">${events.map((e) => `<option value="${esc(e.slug)}">${esc(e.artist)} · ${esc(e.date)}</option>`).join('')}</select></label>
        <label>Gate<input name="gate" maxlength="64" required value="${esc(gate)}"></label>
      </div>
      <label>Ticket code<textarea name="code" rows="3" required placeholder="TW1.…" spellcheck="false" autocomplete="off"></textarea></label>
      <button type="submit" class="primary wide">Check in</button>
    </form>
    <div id="verdict" class="verdict" role="status" aria-live="assertive" hidden></div>
    <h2>Recent scans</h2><ol id="recent" class="recent"></ol>
  </section>`;
  const form = main.querySelector('#scan');
  if (query.get('event')) form.elements.event.value = query.get('event');
  const verdict = main.querySelector('#verdict');
  const recent = main.querySelector('#recent');
  form.elements.code.focus();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = form.elements;
    const code = f.code.value.trim();
    if (!code) return;
    localStorage.setItem('tw.gate', f.gate.value.trim());
    let r;
    try {
      r = await api('/api/checkin', { method: 'POST', body: { code, gate: f.gate.value.trim(), event: f.event.value } });
    } catch (err) {
      r = { result: 'error', reason: err.message };
    }
    const [cls, title] = RESULTS[r.result] || ['bad', 'Could not check'];
    const t = r.ticket;
    const detail = r.result === 'valid' ? `${esc(r.holder || '')} · ${esc(t.seatId)}`
      : r.result === 'already_used' && t ? `Checked in at ${esc(new Date(t.checkedInAtMs).toLocaleTimeString())} at ${esc(t.gate)} · ${esc(t.seatId)}`
        : esc(REASONS[r.reason] || r.reason || '');
    verdict.className = `verdict ${cls}`;
    verdict.dataset.result = r.result;
    verdict.innerHTML = `<strong>${title}</strong><span>${detail}</span>`;
    verdict.hidden = false;
    recent.insertAdjacentHTML('afterbegin', `<li class="${cls}"><span>${new Date().toLocaleTimeString()}</span> <strong>${title}</strong> ${t ? esc(t.seatId) : ''}</li>`);
    while (recent.children.length > 20) recent.lastElementChild.remove();
    f.code.value = '';
    f.code.focus();
  });
}
