// A show's presale and access codes from the dashboard: one code the organiser chooses, or a
// batch of generated ones, with what they unlock (tiers, sections), how often each may be used,
// when, and an optional allotment of seats for the whole batch; the batches with their use, each
// code on request, a CSV of them all, and revoking a code or a batch. The server judges every
// rule; this page shows its answers.
import { api } from '../api.js';
import { esc, formatInstant, formatOpening, toast } from '../format.js';

// How many codes of a batch are listed on the page; the CSV has them all.
const SHOWN_CODES = 200;

// A time typed in the venue's local time, as the server reads it (with the show's offset).
function venueTime(local, startsAt) {
  if (!local) return undefined;
  const offset = (startsAt || '').slice(19) || 'Z';
  return `${local}:00${offset === 'Z' ? '+00:00' : offset}`;
}

function list(text) {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

function windowLine(codes) {
  if (!codes.presaleAt) {
    return '<p class="code-note" data-testid="no-presale">This show has no presale yet: codes are used between the presale\'s start and the public sale. Set "Presale from" with Edit.</p>';
  }
  return `<p data-testid="presale-window">Presale: from <strong>${esc(formatOpening(codes.presaleAt))}</strong> until the public sale, <strong>${esc(formatOpening(codes.onSaleAt))}</strong> (your time). Only fans who entered a code can buy then, and only what it unlocks.</p>`;
}

function codeForm(tiers, sections) {
  return `<form id="code-form" class="grid-form" novalidate aria-labelledby="codes-make-title"><h3 id="codes-make-title" class="wide">Make codes</h3>
    <label>How many codes to generate<input type="number" name="count" min="1" max="10000" value="100"></label>
    <label>Or one code of your own (then the count is ignored)<input name="code" maxlength="32" autocomplete="off" placeholder="FANCLUB2027"></label>
    <label>Name of the batch<input name="label" maxlength="60" placeholder="Fan club, radio, VIP presale"></label>
    <label>Purchases per code<input type="number" name="maxUses" min="1" max="10000" value="1"></label>
    <fieldset class="wide"><legend>Unlocks (nothing ticked: every seat)</legend>
      ${tiers.map((t) => `<label class="inline"><input type="checkbox" name="tier" value="${esc(t.tier)}"> ${esc(t.name || t.tier)}</label>`).join('')}
      <label>Sections (ids)<input name="sections" autocomplete="off" placeholder="${esc(sections.slice(0, 2).map((s) => s.id).join(', '))}"></label>
    </fieldset>
    <label>Seats for the whole batch, at most (empty: no cap)<input type="number" name="allotment" min="1" max="100000"></label>
    <label>Valid from (venue's local time; empty: the presale's start)<input type="datetime-local" name="validFrom"></label>
    <label>Valid until (empty: the public sale)<input type="datetime-local" name="validUntil"></label>
    <button type="submit">Make codes</button></form>`;
}

function batchesTable(batches) {
  if (!batches.length) return '<p class="muted">No codes for this show yet.</p>';
  const rows = batches.map((b) => `<tr data-batch="${esc(b.batchId)}"><th scope="row">${esc(b.label || 'Unnamed')}</th>
    <td>${b.codeCount.toLocaleString('en-US')}${b.revokedCount ? ` (${b.revokedCount} revoked)` : ''}</td>
    <td>${esc(b.unlocks)}</td><td>${b.maxUses}</td><td>${b.uses.toLocaleString('en-US')}</td>
    <td>${b.seatsSold.toLocaleString('en-US')}${b.allotment ? ` of ${b.allotment}` : ''}</td>
    <td><button type="button" class="secondary small" data-act="show">Show codes</button>
      ${b.revokedCount < b.codeCount ? '<button type="button" class="link danger" data-act="revoke-batch">Revoke all</button>' : ''}</td></tr>`).join('');
  return `<div class="table-wrap"><table class="data" data-testid="code-batches"><caption>Codes, by batch</caption>
    <thead><tr><th scope="col">Batch</th><th scope="col">Codes</th><th scope="col">Unlocks</th><th scope="col">Purchases each</th><th scope="col">Purchases</th><th scope="col">Seats sold</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

function codesTable(batch) {
  const shown = batch.codes.slice(0, SHOWN_CODES);
  const rows = shown.map((c) => `<tr data-code="${esc(c.id)}"><th scope="row"><code>${esc(c.code)}</code></th>
    <td>${c.uses}${c.held ? ` (+${c.held} held now)` : ''}</td><td>${c.redemptions}</td>
    <td>${c.revokedAt ? `Revoked ${esc(formatInstant(c.revokedAt))}` : '<button type="button" class="link danger" data-act="revoke">Revoke</button>'}</td></tr>`).join('');
  const more = batch.codes.length > shown.length ? `<p class="muted">${shown.length} of ${batch.codes.length.toLocaleString('en-US')} shown; the CSV has them all.</p>` : '';
  return `<div class="table-wrap"><table class="data" data-testid="codes"><caption>Codes of ${esc(batch.label || 'the batch')}</caption>
    <thead><tr><th scope="col">Code</th><th scope="col">Purchases</th><th scope="col">Accounts that entered it</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
    <tbody>${rows}</tbody></table></div>${more}`;
}

// Shows the codes of `event` (a stats row: id, slug, name, startsAt) in `el`.
export async function showCodes(el, event) {
  let seatMap = {};
  let shownBatch = '';
  const draw = (codes) => {
    const batch = codes.batches.find((b) => b.batchId === shownBatch);
    el.innerHTML = `<section class="panel" aria-labelledby="codes-title"><h2 id="codes-title">Presale codes of ${esc(event.name)}</h2>
      ${windowLine(codes)}
      ${codeForm(seatMap.tiers || [], seatMap.sections || [])}
      ${batchesTable(codes.batches)}
      ${codes.batches.length ? `<p><a class="link" href="/api/admin/events/${event.id}/codes.csv" download>Download every code (CSV)</a></p>` : ''}
      <div id="batch-codes">${batch ? codesTable(batch) : ''}</div></section>`;
    el.querySelector('#code-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      make(ev.target);
    });
    el.querySelector('[data-testid="code-batches"] tbody')?.addEventListener('click', (ev) => {
      const id = ev.target.closest('tr')?.dataset.batch;
      if (ev.target.dataset.act === 'show') {
        shownBatch = id;
        draw(codes);
        el.querySelector('#batch-codes table')?.focus();
      }
      if (ev.target.dataset.act === 'revoke-batch' && confirm('Revoke every code of this batch? Fans who entered one can no longer buy with it.')) {
        revoke(`/api/admin/events/${event.id}/code-batches/${encodeURIComponent(id)}`);
      }
    });
    el.querySelector('#batch-codes tbody')?.addEventListener('click', (ev) => {
      if (ev.target.dataset.act !== 'revoke') return;
      revoke(`/api/admin/codes/${encodeURIComponent(ev.target.closest('tr').dataset.code)}`);
    });
  };
  const reload = async () => draw(await api(`/api/admin/events/${event.id}/codes`));
  const make = async (f) => {
    const body = { label: f.label.value.trim(), maxUses: Number(f.maxUses.value || 1) };
    if (f.code.value.trim()) body.code = f.code.value.trim();
    else body.count = Number(f.count.value || 0);
    const tiers = [...f.querySelectorAll('input[name="tier"]:checked')].map((i) => i.value);
    if (tiers.length) body.tiers = tiers;
    if (f.sections.value.trim()) body.sections = list(f.sections.value.toUpperCase());
    if (f.allotment.value) body.allotment = Number(f.allotment.value);
    body.validFrom = venueTime(f.validFrom.value, event.startsAt);
    body.validUntil = venueTime(f.validUntil.value, event.startsAt);
    try {
      const made = await api(`/api/admin/events/${event.id}/codes`, { method: 'POST', body });
      shownBatch = made.batchId;
      toast(`Made ${made.codeCount} code${made.codeCount === 1 ? '' : 's'}; they unlock ${made.unlocks}.`, 'ok');
      await reload();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  const revoke = async (path) => {
    try {
      const done = await api(path, { method: 'DELETE' });
      toast(`${done.revoked} code${done.revoked === 1 ? '' : 's'} revoked.`, 'ok');
      await reload();
    } catch (e) {
      toast(e.message, 'error');
    }
  };
  try {
    const [details, codes] = await Promise.all([api(`/api/events/${encodeURIComponent(event.slug)}/seatmap`).catch(() => null), api(`/api/admin/events/${event.id}/codes`)]);
    seatMap = details || {};
    draw(codes);
  } catch (e) {
    el.innerHTML = `<section class="panel"><h2>Presale codes of ${esc(event.name)}</h2><p>${esc(e.message)}</p></section>`;
  }
}
