// A show's blocked seats from the dashboard: seats taken off public sale (production, sponsors,
// wheelchair platforms) by id, section or rows, with a label, a reason and an optional time to
// go back on sale; each block's seats drawn on its section's plan; a Release button per block;
// blocked seats issued as tickets to a guest (complimentary, or paid at a box office).
// Fans see blocked seats as taken; the server says what can be blocked and refuses the rest.
import { api } from '../api.js';
import { esc, formatInstant, toast } from '../format.js';

// The release time as the server reads it: the venue's local time with its offset.
function releaseTime(local, startsAt) {
  if (!local) return undefined;
  const offset = (startsAt || '').slice(19) || 'Z';
  return `${local}:00${offset === 'Z' ? '+00:00' : offset}`;
}

function seatsLine(seats) {
  const shown = seats.slice(0, 6).map(esc).join(', ');
  return seats.length > 6 ? `${shown} and ${seats.length - 6} more` : shown;
}

function blocksTable(blocks) {
  if (!blocks.length) return '<p class="muted">No seat of this show is blocked.</p>';
  const rows = blocks.map((b) => `<tr data-block="${esc(b.blockId)}"><th scope="row">${esc(b.label)}</th>
    <td>${b.seatCount.toLocaleString('en-US')}: ${seatsLine(b.seats)}</td><td>${esc(b.reason || '—')}</td>
    <td>${b.releaseAt ? esc(formatInstant(b.releaseAt)) : 'When released'}</td>
    <td><button type="button" class="secondary small" data-act="release">Release to sale</button></td></tr>`).join('');
  return `<div class="table-wrap"><table class="data" data-testid="blocks"><caption>Blocked seats, by block</caption>
    <thead><tr><th scope="col">Label</th><th scope="col">Seats</th><th scope="col">Reason</th><th scope="col">Back on sale</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

// Each section with blocked seats as a small plan: one square per seat, blocked ones marked and
// named (their block's label) for screen readers and on hover.
function sectionPlans(sections, blocks) {
  const label = new Map();
  for (const b of blocks) for (const s of b.seats) label.set(s, b.label);
  const plans = sections.filter((sec) => blocks.some((b) => b.seats.some((s) => s.startsWith(`${sec.id}-`))))
    .map((sec) => {
      const rows = sec.rows.map((row) => {
        let cells = '';
        for (let n = 1; n <= row.seats; n += 1) {
          const why = label.get(`${sec.id}-${row.label}-${n}`);
          cells += why ? `<span class="plan-seat blocked" title="${esc(`${row.label}${n}: ${why}`)}"></span>` : '<span class="plan-seat"></span>';
        }
        return `<div class="plan-row"><span class="plan-row-label" aria-hidden="true">${esc(row.label)}</span>${cells}</div>`;
      }).join('');
      const count = blocks.reduce((n, b) => n + b.seats.filter((s) => s.startsWith(`${sec.id}-`)).length, 0);
      return `<figure class="plan"><figcaption>${esc(sec.name)}: ${count} of ${sec.seatCount} seats blocked (stage side first)</figcaption>
        <div class="plan-grid" role="img" aria-label="${esc(`${sec.name}: ${count} seats blocked`)}">${rows}</div></figure>`;
    });
  return plans.join('');
}

function blockForm(sections) {
  return `<form id="block-form" class="grid-form" novalidate>
    <label>Section<select name="section" aria-label="Section"><option value="">(seats named below)</option>${sections.map((s) => `<option value="${esc(s.id)}">${esc(s.name)} (${esc(s.id)})</option>`).join('')}</select></label>
    <label>Rows of the section (empty: all)<input name="rows" placeholder="A, B" autocomplete="off"></label>
    <label>Or seats by id<input name="seats" placeholder="F-A-1, F-A-2" autocomplete="off"></label>
    <label>Label<input name="label" required maxlength="60" placeholder="production, sponsor, wheelchair platform" list="block-labels"></label>
    <datalist id="block-labels"><option value="production"><option value="sponsor"><option value="wheelchair platform"><option value="camera position"><option value="house seats"></datalist>
    <label>Reason (optional)<input name="reason" maxlength="300"></label>
    <label>Back on sale at (venue's local time; empty: when released)<input type="datetime-local" name="releaseAt"></label>
    <button type="submit">Block seats</button></form>`;
}

// Blocked seats issued as tickets to a named person: complimentary, or paid at a box office.
function issueForm(currency) {
  return `<form id="issue-form" class="grid-form" novalidate aria-labelledby="issue-title"><h3 id="issue-title" class="wide">Issue blocked seats as tickets</h3>
    <label>Seats to issue<input name="seats" required placeholder="F-A-1, F-A-2" autocomplete="off"></label>
    <label>Their email<input name="email" type="email" required autocomplete="off"></label>
    <label>Their name (for a new account)<input name="name" maxlength="100" autocomplete="off"></label>
    <label>How<select name="kind"><option value="complimentary">Complimentary</option><option value="box_office">Paid at the box office</option></select></label>
    <label>Amount paid in all (${esc(currency || '')})<input name="paid" type="number" inputmode="decimal" min="0" step="any" value="0"></label>
    <button type="submit">Issue tickets</button></form>`;
}

function list(text) {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

// Shows the blocked seats of `event` (a stats row: id, slug, name, startsAt) in `el`.
export async function showBlocks(el, event) {
  let seatMap;  // the show's sections and rows, as the server draws them
  const draw = (blocks) => {
    const sections = seatMap.sections || [];
    el.innerHTML = `<section class="panel" aria-labelledby="blocks-title"><h2 id="blocks-title">Blocked seats of ${esc(event.name)}</h2>
      <p>Blocked seats are off sale: fans see them as taken and best available skips them. ${blocks.blockedSeats.toLocaleString('en-US')} blocked now.</p>
      ${blockForm(sections)}${blocksTable(blocks.blocks)}${blocks.blocks.length ? issueForm(seatMap.currency) : ''}<div class="plans">${sectionPlans(sections, blocks.blocks)}</div></section>`;
    el.querySelector('#block-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      block(ev.target);
    });
    el.querySelector('#issue-form')?.addEventListener('submit', (ev) => {
      ev.preventDefault();
      issue(ev.target);
    });
    el.querySelector('tbody')?.addEventListener('click', (ev) => {
      if (ev.target.dataset.act === 'release') release(ev.target.closest('tr').dataset.block);
    });
  };
  const reload = async () => draw(await api(`/api/admin/events/${event.id}/blocks`));
  const block = async (f) => {
    const body = { label: f.label.value, reason: f.reason.value || undefined, releaseAt: releaseTime(f.releaseAt.value, event.startsAt) };
    if (f.seats.value.trim()) body.seats = list(f.seats.value);
    if (f.section.value) body.section = f.section.value;
    if (f.rows.value.trim()) body.rows = list(f.rows.value.toUpperCase());
    if (!body.label.trim()) {
      f.label.setAttribute('aria-invalid', 'true');
      toast('Give the block a label, such as "production".', 'error');
      return f.label.focus();
    }
    try {
      const made = await api(`/api/admin/events/${event.id}/blocks`, { method: 'POST', body });
      toast(`Blocked ${made.seatCount} seat${made.seatCount === 1 ? '' : 's'} (${made.label}).`, 'ok');
      await reload();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  const issue = async (f) => {
    const body = { email: f.email.value.trim(), name: f.name.value.trim() || undefined, seats: list(f.seats.value.toUpperCase()), kind: f.kind.value };
    if (body.kind === 'box_office') body.paidCents = Math.round(Number(f.paid.value || 0) * 10 ** (seatMap.currencyDigits ?? 2));
    for (const [input, ok, why] of [[f.seats, body.seats.length, 'Name the blocked seats to issue.'], [f.email, body.email.includes('@'), 'Enter the email of the person the tickets are for.']]) {
      if (!ok) {
        input.setAttribute('aria-invalid', 'true');
        toast(why, 'error');
        return input.focus();
      }
    }
    try {
      const done = await api(`/api/admin/events/${event.id}/blocks/issue`, { method: 'POST', body });
      const n = done.tickets.length;
      toast(`Issued ${n} ticket${n === 1 ? '' : 's'} to ${done.holder.email}.${done.holder.newAccount ? ' A new account was made; they were emailed a link to set its password.' : ''}`, 'ok');
      await reload();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  const release = async (blockId) => {
    try {
      const done = await api(`/api/admin/events/${event.id}/blocks/release`, { method: 'POST', body: { blockId } });
      toast(`${done.released.length} seat${done.released.length === 1 ? '' : 's'} back on sale.`, 'ok');
      await reload();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  try {
    const [details, blocks] = await Promise.all([api(`/api/events/${encodeURIComponent(event.slug)}/seatmap`).catch(() => null), api(`/api/admin/events/${event.id}/blocks`)]);
    seatMap = details || {};
    draw(blocks);
  } catch (e) {
    el.innerHTML = `<section class="panel"><h2>Blocked seats of ${esc(event.name)}</h2><p>${esc(e.message)}</p></section>`;
  }
}
