// One ticket, shown as a ticket: event, seat, price, holder and ticket id.
import { api, session } from '../api.js';
import { navigate } from '../navigation.js';
import { esc, formatMoney, formatEventDate, formatInstant, seatLabel, toast } from '../format.js';

export async function render(main, { ticketId }) {
  if (!session.user) return navigate(`/signin?next=${encodeURIComponent('/tickets/' + ticketId)}`, { replace: true });
  const t = await api(`/api/tickets/${encodeURIComponent(ticketId)}`);
  const e = t.event || {};
  if (t.status === 'transferred') t.code = '';
  document.title = `Ticket ${t.seatId} · TicketWar`;
  main.innerHTML = `<section class="narrow">
    <p class="crumbs"><a href="/tickets">‹ My tickets</a></p>
    <article class="ticket status-${esc(t.status)}" style="--accent:${esc(e.color || '#4f46e5')}" aria-label="Ticket">
      <header><p class="artist">${esc(e.artist || '')}</p><h1>${esc(e.name || 'Ticket')}</h1>
        <p>${esc(e.venue || '')}${e.date ? ' · ' + esc(formatEventDate(e)) : ''}</p></header>
      <dl class="ticket-facts">
        <div><dt>Section</dt><dd>${esc(t.seat ? t.seat.section : t.seatId)}</dd></div>
        <div><dt>Row</dt><dd>${esc(t.seat ? t.seat.row : '')}</dd></div>
        <div><dt>Seat</dt><dd>${esc(t.seat ? t.seat.number : '')}</dd></div>
        <div><dt>Paid</dt><dd>${formatMoney(t.totalCents, t)}</dd></div>
        <div><dt>Holder</dt><dd>${esc(session.user.name)}</dd></div>
        <div><dt>Status</dt><dd class="status">${esc(t.status)}</dd></div>
      </dl>
      ${t.code ? `<div class="ticket-qr"><img src="/api/tickets/${encodeURIComponent(t.id)}/qr.svg" alt="QR code to scan at the gate" data-testid="ticket-qr" width="320" height="320"><p class="fine">Show this at the gate. Turn your screen brightness up.</p></div>` : ''}
      <footer><p class="fine">${esc(seatLabel(t))} · bought ${esc(formatInstant(t.purchasedAt))}</p><p class="ticket-id"><code>${esc(t.id)}</code></p></footer>
    </article>
    <div class="ticket-actions">
      <a class="button secondary" href="/api/tickets/${encodeURIComponent(t.id)}/image.png" download="ticket-${esc(t.seatId)}.png">Download ticket image</a>
      ${t.status !== 'transferred' ? `<a class="button secondary" href="/api/tickets/${encodeURIComponent(t.id)}/ticket.pdf" download="ticket-${esc(t.seatId)}.pdf">Print ticket (PDF)</a>
      <a class="button secondary" href="/api/tickets/${encodeURIComponent(t.id)}/event.ics" download="${esc(e.slug || 'event')}.ics">Add to calendar</a>` : ''}
      ${t.appleWalletPass ? `<a class="button secondary" href="${esc(t.appleWalletPass)}">Add to Apple Wallet</a>` : ''}
      ${t.googleWalletLink ? `<a class="button secondary" href="${esc(t.googleWalletLink)}" rel="noopener">Save to Google Wallet</a>` : ''}
      ${t.pendingTransfer ? `<p class="pending-transfer" data-testid="pending-transfer" role="status">Sent to <strong>${esc(t.pendingTransfer.to)}</strong>, waiting for them to claim it (until ${esc(formatInstant(t.pendingTransfer.expiresAt))}). It is still yours until then.
        <button type="button" class="secondary small" id="cancel-transfer">Cancel transfer</button></p>`
        : t.status === 'confirmed' && t.code ? `<form id="transfer"><label>Give this ticket to (any email address)<input type="email" name="email" required maxlength="254"></label><button type="submit" class="secondary">Transfer</button></form>` : ''}
    </div>
    ${t.code ? `<details class="fine"><summary>Ticket code (what the QR code says)</summary><code data-testid="ticket-code">${esc(t.code)}</code></details>` : ''}
  </section>`;
  main.querySelector('#transfer')?.addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = e.target.elements.email.value.trim();
    if (!confirm(`Give ${t.seatId} to ${email}? Your copy of the ticket stops working once they have it.`)) return;
    try {
      const answer = await api(`/api/tickets/${encodeURIComponent(t.id)}/transfer`, { method: 'POST', body: { email } });
      if (answer.offered) {
        toast(answer.message, 'ok');
        return render(main, { ticketId });
      }
      toast(`Ticket sent to ${email}.`, 'ok');
      navigate('/tickets', { replace: true });
    } catch (err) {
      toast(err.message, 'error');
    }
  });
  main.querySelector('#cancel-transfer')?.addEventListener('click', async () => {
    try {
      await api(`/api/tickets/${encodeURIComponent(t.id)}/transfer`, { method: 'DELETE' });
      toast('Transfer cancelled: the ticket stays yours.', 'ok');
      await render(main, { ticketId });
    } catch (err) {
      toast(err.message, 'error');
    }
  });
}
