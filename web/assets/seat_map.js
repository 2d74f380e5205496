// The seat picker: an SVG drawing of the venue from /seatmap (stage, sections, one circle per
// seat, in seat-index order), seat states from the live feed, zoom and pan by wheel, drag, pinch
// or keys, and keyboard seat navigation with a roving focus (arrows move, Enter picks).
// Seats are drawn only while they are big enough to pick (a fingertip on a phone); further out,
// a large venue shows its sections instead (SectionOverview), and a section opens onto its seats.
// Such a venue's seat circles are made a section at a time, when it first comes into view: the
// arena's 22,100 circles, all made at once, had frozen a slowed-down phone for 3.3 s before the
// page answered, while the overview showed none of them.
import { esc, formatMoney } from './format.js';
import { Seats } from './seats.js';
import { SectionOverview } from './section_overview.js';

const SVG = 'http://www.w3.org/2000/svg';
export const TIER_COLORS = ['#7c3aed', '#dc2626', '#ea580c', '#0891b2', '#16a34a', '#ca8a04', '#db2777', '#4f46e5'];
const STATE_NAMES = ['available', 'held by another buyer', 'sold'];
// The smallest seat pitch, in CSS pixels, at which seats are drawn: a comfortable touch target
// on a phone (WCAG's 24 px), a legible dot under a mouse.
const TOUCH_PITCH = 24;
const MOUSE_PITCH = 10;

function bounds(map, seats) {
  let minX = map.stage.x, minY = map.stage.y;
  let maxX = map.stage.x + map.stage.width, maxY = map.stage.y + map.stage.height;
  for (let i = 0; i < seats.length; i++) {
    const x = seats.x[i], y = seats.y[i];
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  const pad = 2;
  return { x: minX - pad, y: minY - pad, w: maxX - minX + 2 * pad, h: maxY - minY + 2 * pad };
}

export class SeatMap {
  // options: onToggle(index), onSections(shown) when the drawing switches between sections and seats
  constructor(container, map, options) {
    this.map = map;
    this.options = options;
    this.seats = new Seats(map);
    this.states = new Uint8Array(map.seatCount);
    this.selected = new Set();
    this.mine = new Set();
    this.base = bounds(map, this.seats);
    this.view = { ...this.base };
    this.active = 0;
    const colours = this.seats.tiers.map((tier) => TIER_COLORS[tier % TIER_COLORS.length]);
    this.overview = new SectionOverview(map, this.seats, colours);
    this.inSections = false;
    this.draw(container);
    this.attach();
  }

  draw(container) {
    const parts = [];
    const st = this.map.stage;
    parts.push(`<rect class="stage" x="${st.x}" y="${st.y}" width="${st.width}" height="${st.height}" rx="1"/>`);
    parts.push(`<text class="stage-label" x="${st.x + st.width / 2}" y="${st.y + st.height / 2}">STAGE</text>`);
    this.map.sections.forEach((sec, si) => {
      parts.push(`<g class="sec" fill="${this.overview.colours[si]}" data-section="${si}"></g>`);  // seats: fillSection
    });
    // Each section's name sits just in front of its first row, clear of the seats.
    for (const sec of this.map.sections) {
      const rad = (sec.position.rotation * Math.PI) / 180;
      const lx = (sec.seatsPerRow - 1) / 2;
      const ly = -1.3;
      const x = sec.position.x + Math.cos(rad) * lx - Math.sin(rad) * ly;
      const y = sec.position.y + Math.sin(rad) * lx + Math.cos(rad) * ly;
      parts.push(`<text class="sec-label" x="${x.toFixed(2)}" y="${y.toFixed(2)}">${esc(sec.id)}</text>`);
    }
    parts.push(this.overview.markup());
    container.innerHTML = `<div class="seatmap-wrap">
      <svg class="seatmap" xmlns="${SVG}" role="group" aria-label="Seat map of ${esc(this.map.layout)}: arrow keys move between seats, Enter picks a seat, plus and minus zoom" preserveAspectRatio="xMidYMid meet">${parts.join('')}</svg>
      <div class="zoom" role="group" aria-label="Zoom">
        <button type="button" data-zoom="in" aria-label="Zoom in">+</button>
        <button type="button" data-zoom="out" aria-label="Zoom out">−</button>
        <button type="button" data-zoom="reset" aria-label="Show the whole venue">⤢</button>
      </div>
      <button type="button" class="all-sections" data-testid="all-sections" hidden>← All sections</button>
      <div class="seat-tip" role="tooltip" hidden></div></div>`;
    this.svg = container.querySelector('svg');
    this.tip = container.querySelector('.seat-tip');
    this.tipSeat = -1;  // the seat the tooltip is about, -1 when hidden
    this.groups = Array.from(this.svg.querySelectorAll('g.sec'));
    this.circles = new Array(this.seats.length);  // by seat index; made a section at a time
    this.filled = new Uint8Array(this.map.sections.length);
    this.overview.attach(this.svg);
    this.overview.focus(0, false);
    this.back = container.querySelector('.all-sections');
    this.measure();
    // A venue small enough to show its seats whole never needs its sections: all drawn at once.
    if (!this.usesOverview) this.map.sections.forEach((_, si) => this.fillSection(si));
    this.applyView();
  }

  // Makes section si's seat circles (once), in seat-index order, painted as their seats are now.
  fillSection(si) {
    if (this.filled[si]) return;
    this.filled[si] = 1;
    const sec = this.map.sections[si];
    let html = '';
    for (let i = sec.firstIndex; i < sec.firstIndex + sec.seatCount; i++) {
      html += `<circle cx="${this.seats.x[i].toFixed(2)}" cy="${this.seats.y[i].toFixed(2)}"/>`;  // r comes from the stylesheet
    }
    const g = this.groups[si];
    g.innerHTML = html;
    const made = g.children;
    for (let k = 0; k < made.length; k++) {
      const i = sec.firstIndex + k;
      made[k].__seat = i;
      this.circles[i] = made[k];
      this.paint(i);
    }
    if (this.active >= sec.firstIndex && this.active < sec.firstIndex + sec.seatCount) {
      this.circles[this.active].setAttribute('tabindex', '0');
    }
  }

  // Seat i's circle, its section drawn first if it was not yet.
  circleOf(i) {
    this.fillSection(this.seats.section[i]);
    return this.circles[i];
  }

  // Draws the sections the view shows (when it shows seats).
  fillVisible() {
    const v = this.view;
    this.overview.shapes.forEach((shape, si) => {
      const b = shape.box;
      if (b.x <= v.x + v.w && b.x + b.w >= v.x && b.y <= v.y + v.h && b.y + b.h >= v.y) this.fillSection(si);
    });
  }

  // --- state ---------------------------------------------------------------------------

  setStates(states) {
    this.states = states;
    for (let i = 0; i < this.circles.length; i++) if (this.circles[i]) this.paint(i);
    this.overview.count(states);
  }

  applyChanges(changes) {
    for (const [i, s] of changes) {
      if (i < 0 || i >= this.states.length) continue;
      this.overview.change(i, this.states[i], s);
      this.states[i] = s;
      this.paint(i);
    }
  }

  setSelection(selected, mine) {
    const touched = new Set([...this.selected, ...this.mine, ...selected, ...mine]);
    this.selected = new Set(selected);
    this.mine = new Set(mine);
    for (const i of touched) this.paint(i);
  }

  stateOf(i) {
    if (this.mine.has(i) && this.states[i] !== 2) return 'mine';
    if (this.selected.has(i)) return 'selected';
    return ['available', 'held', 'sold'][this.states[i]] || 'sold';
  }

  paint(i) {
    const c = this.circles[i];
    if (!c) return;  // not drawn yet: painted as it is made
    const cls = { mine: 'm', selected: 'sel', available: '', held: 'h', sold: 'x' }[this.stateOf(i)];
    if ((c.getAttribute('class') || '') !== cls) {
      if (cls) c.setAttribute('class', cls);
      else c.removeAttribute('class');
    }
    if (i === this.active) this.label(i);
    if (i === this.tipSeat) this.showTip(i);  // says the seat's state now, not when it was shown
  }

  describe(i) {
    const s = this.seats.at(i);
    const st = this.stateOf(i);
    const state = st === 'mine' ? 'held for you' : st === 'selected' ? 'selected' : STATE_NAMES[this.states[i]];
    return `${s.sectionName}, row ${s.rowLabel}, seat ${s.number}, ${formatMoney(s.priceCents, this.map)}, ${state}`;
  }

  label(i) {
    const c = this.circles[i];
    if (!c) return;
    c.setAttribute('role', 'button');
    c.setAttribute('aria-label', this.describe(i));
    c.setAttribute('aria-pressed', String(this.selected.has(i) || this.mine.has(i)));
  }

  // --- view ----------------------------------------------------------------------------

  // The drawing's size on screen, and whether this venue's seats are too small to pick when the
  // whole of it is in view (then it opens on its sections).
  measure() {
    this.size = { w: this.svg.clientWidth || 1, h: this.svg.clientHeight || 1 };
    this.minPitch = matchMedia('(pointer: coarse), (max-width: 600px)').matches ? TOUCH_PITCH : MOUSE_PITCH;
    this.usesOverview = this.pitchOf(this.base) < this.minPitch;
  }

  // Screen pixels per seat pitch when view v is shown (the drawing keeps its aspect ratio).
  pitchOf(v) {
    return Math.min(this.size.w / v.w, this.size.h / v.h);
  }

  applyView() {
    const v = this.view;
    this.svg.setAttribute('viewBox', `${v.x.toFixed(2)} ${v.y.toFixed(2)} ${v.w.toFixed(2)} ${v.h.toFixed(2)}`);
    this.svg.classList.toggle('zoomed', v.w < this.base.w * 0.6);
    const pitch = this.pitchOf(v);
    const sections = this.usesOverview && pitch < this.minPitch;
    if (!sections) this.fillVisible();
    this.setSections(sections);
    if (this.inSections) this.overview.fit(pitch);
    if (this.tipSeat >= 0) this.showTip(this.tipSeat);  // stays by its seat when the view moves
  }

  // Switches between the sections and the seats drawing; keyboard focus follows to the
  // counterpart (a seat's section, a section's seat).
  setSections(on) {
    if (on === this.inSections) return;
    const hadFocus = this.svg.contains(document.activeElement);
    this.inSections = on;
    this.svg.classList.toggle('sections', on);
    this.back.hidden = on || !this.usesOverview;
    this.hideTip();
    this.options.onSections?.(on);
    if (on) this.overview.focus(this.seats.section[this.active], hadFocus);
    else if (hadFocus) this.circleOf(this.active).focus();
  }

  // Opens a section onto its seats: all of it when its seats are then big enough to pick, else
  // the part around `at` (where the fan tapped) at the smallest comfortable size.
  openSection(si, at = null) {
    const box = this.overview.shapes[si].box;
    const fit = { x: box.x - 1, y: box.y - 1, w: box.w + 2, h: box.h + 2 };
    const fitPitch = this.pitchOf(fit);
    const pitch = Math.max(fitPitch, this.minPitch * 1.02);  // a hair above: rounding never flips back
    const clamp = (n, lo, hi) => Math.min(hi, Math.max(lo, n));
    const c = fitPitch >= pitch || !at
      ? { x: box.x + box.w / 2, y: box.y + box.h / 2 }
      : { x: clamp(at.x, box.x, box.x + box.w), y: clamp(at.y, box.y, box.y + box.h) };
    const w = this.size.w / pitch;
    const h = this.size.h / pitch;
    this.view = { x: c.x - w / 2, y: c.y - h / 2, w, h };
    this.applyView();
  }

  // Opens the section at the keyboard: focus goes to its first seat on sale (or its first seat).
  enterSection(si) {
    const sec = this.map.sections[si];
    let first = sec.firstIndex;
    for (let i = sec.firstIndex; i < sec.firstIndex + sec.seatCount; i++) {
      if (this.states[i] === 0) {
        first = i;
        break;
      }
    }
    this.openSection(si, this.seats.at(first));
    this.focusSeat(first);
  }

  zoom(factor, cx = this.view.x + this.view.w / 2, cy = this.view.y + this.view.h / 2) {
    const v = this.view;
    const w = Math.min(this.base.w * 1.5, Math.max(8, v.w * factor));
    const k = w / v.w;
    this.view = { x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k, w, h: v.h * k };
    this.applyView();
  }

  // The whole venue: its sections, for a large one.
  reset() {
    this.view = { ...this.base };
    this.applyView();
  }

  toSvg(clientX, clientY) {
    const p = new DOMPoint(clientX, clientY).matrixTransform(this.svg.getScreenCTM().inverse());
    return { x: p.x, y: p.y };
  }

  pixelsPerUnit() {
    return this.svg.getScreenCTM().a || 1;
  }

  ensureVisible(i) {
    const s = this.seats.at(i);
    const v = this.view;
    if (s.x < v.x || s.x > v.x + v.w || s.y < v.y || s.y > v.y + v.h) {
      this.view = { ...v, x: s.x - v.w / 2, y: s.y - v.h / 2 };
      this.applyView();
    }
  }

  // Where seat i is on screen (for tests and for placing the tooltip).
  screenPoint(i) {
    const s = this.seats.at(i);
    const p = new DOMPoint(s.x, s.y).matrixTransform(this.svg.getScreenCTM());
    return { x: p.x, y: p.y };
  }

  // --- input ---------------------------------------------------------------------------

  attach() {
    const svg = this.svg;
    const pointers = new Map();
    let drag = null;
    svg.addEventListener('pointerdown', (e) => {
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      drag = { moved: false, x: e.clientX, y: e.clientY, pinch: pointers.size === 2 ? this.pinchDistance(pointers) : 0 };
    });
    svg.addEventListener('pointermove', (e) => {
      if (!pointers.has(e.pointerId)) return this.hover(e);
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (!drag) return;
      if (pointers.size === 2 && drag.pinch) {
        const d = this.pinchDistance(pointers);
        const [a, b] = [...pointers.values()];
        const c = this.toSvg((a.x + b.x) / 2, (a.y + b.y) / 2);
        this.zoom(drag.pinch / d, c.x, c.y);
        drag.pinch = d;
        drag.moved = true;
        return;
      }
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 5) return;
      if (!drag.moved) svg.setPointerCapture(e.pointerId);
      drag.moved = true;
      const k = 1 / this.pixelsPerUnit();
      this.view.x -= dx * k;
      this.view.y -= dy * k;
      drag.x = e.clientX;
      drag.y = e.clientY;
      this.applyView();
    });
    const end = (e) => {
      pointers.delete(e.pointerId);
      if (pointers.size === 0) setTimeout(() => (drag = null), 0);
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    svg.addEventListener('pointerleave', () => this.hideTip());
    svg.addEventListener('click', (e) => {
      if (drag && drag.moved) return;
      if (e.target.__section !== undefined) {
        this.openSection(e.target.__section, this.toSvg(e.clientX, e.clientY));
        return;
      }
      const i = e.target.__seat;
      if (i === undefined) return;
      this.focusSeat(i, false);
      this.options.onToggle(i);
      this.showTip(i);  // the seat's state may have just changed
    });
    svg.addEventListener('wheel', (e) => {
      e.preventDefault();
      const p = this.toSvg(e.clientX, e.clientY);
      this.zoom(Math.exp(e.deltaY * 0.0015), p.x, p.y);
    }, { passive: false });
    svg.addEventListener('keydown', (e) => this.key(e));
    svg.addEventListener('focusin', (e) => {
      if (e.target.__seat !== undefined) this.showTip(e.target.__seat);
      if (e.target.__section !== undefined) this.showSectionTip(e.target.__section);
    });
    this.back.addEventListener('click', () => this.reset());
    // A turned phone or a resized window changes what fits: seats or sections.
    new ResizeObserver(() => {
      this.measure();
      this.applyView();
    }).observe(svg);
    svg.parentElement.querySelector('.zoom').addEventListener('click', (e) => {
      const z = e.target.closest('button')?.dataset.zoom;
      if (z === 'in') this.zoom(1 / 1.5);
      else if (z === 'out') this.zoom(1.5);
      else if (z === 'reset') this.reset();
    });
  }

  pinchDistance(pointers) {
    const [a, b] = [...pointers.values()];
    return Math.hypot(a.x - b.x, a.y - b.y) || 1;
  }

  hover(e) {
    if (e.target.__section !== undefined) return this.showSectionTip(e.target.__section);
    const i = e.target.__seat;
    if (i === undefined) {
      this.hideTip();
      return;
    }
    this.showTip(i);
  }

  hideTip() {
    this.tip.hidden = true;
    this.tipSeat = -1;
  }

  showTip(i) {
    this.tipSeat = i;
    const s = this.seats.at(i);
    const st = this.stateOf(i);
    this.placeTip(`<strong>${esc(s.sectionName)}</strong> · Row ${esc(s.rowLabel)} · Seat ${s.number}<br>${formatMoney(s.priceCents, this.map)} · ${esc(st === 'mine' ? 'held for you' : st)}`,
      this.screenPoint(i));
  }

  showSectionTip(si) {
    this.tipSeat = -1;
    const c = this.overview.shapes[si].centre;
    this.placeTip(this.overview.tip(si), new DOMPoint(c.x, c.y).matrixTransform(this.svg.getScreenCTM()));
  }

  // Shows the tooltip by screen point p, or hides it when p is out of the map's view.
  placeTip(html, p) {
    this.tip.innerHTML = html;
    const box = this.svg.parentElement.getBoundingClientRect();
    if (p.x < box.left || p.x > box.right || p.y < box.top || p.y > box.bottom) {
      this.tip.hidden = true;  // its seat is out of view; back with it
      return;
    }
    this.tip.style.left = `${Math.min(box.width - 190, Math.max(0, p.x - box.left + 12))}px`;
    this.tip.style.top = `${Math.max(0, p.y - box.top + 12)}px`;
    this.tip.hidden = false;
  }

  focusSeat(i, focus = true) {
    if (focus && this.inSections) this.openSection(this.seats.section[i], this.seats.at(i));
    const old = this.circles[this.active];
    if (old) {
      old.removeAttribute('tabindex');
      old.removeAttribute('role');
      old.removeAttribute('aria-label');
      old.removeAttribute('aria-pressed');
    }
    this.active = i;
    const c = this.circleOf(i);
    c.setAttribute('tabindex', '0');
    this.label(i);
    if (focus) {
      this.ensureVisible(i);
      c.focus();
    }
  }

  // Arrow keys walk seats: left/right along the row, up/down to the same seat of the
  // neighbouring row, [ and ] to the previous or next section.
  neighbour(i, key) {
    const s = this.seats.at(i);
    const sec = this.map.sections[s.section];
    const rowAt = (r) => sec.rows[Math.max(0, Math.min(sec.rows.length - 1, r))];
    if (key === 'ArrowLeft') return s.number > 1 ? i - 1 : i;
    if (key === 'ArrowRight') return s.number < sec.rows[s.row].seats ? i + 1 : i;
    if (key === 'ArrowUp' || key === 'ArrowDown') {
      const step = key === 'ArrowUp' ? -1 : 1;
      if (s.row + step >= 0 && s.row + step < sec.rows.length) {
        const row = rowAt(s.row + step);
        return row.firstIndex + Math.min(s.number, row.seats) - 1;
      }
      // Past the section's edge: on into the next section (the previous one going up), at the
      // seat of its nearest row that is closest across.
      const next = this.map.sections[s.section + step];
      if (!next) return i;
      const row = next.rows[step > 0 ? 0 : next.rows.length - 1];
      let best = row.firstIndex;
      for (let k = row.firstIndex; k < row.firstIndex + row.seats; k++) {
        if (Math.abs(this.seats.x[k] - s.x) < Math.abs(this.seats.x[best] - s.x)) best = k;
      }
      return best;
    }
    if (key === '[' || key === ']') {
      const n = this.map.sections.length;
      return this.map.sections[(s.section + (key === ']' ? 1 : n - 1)) % n].firstIndex;
    }
    return i;
  }

  // Keys on the sections drawing: arrows and [ ] move between sections, Enter opens one.
  sectionKey(e) {
    const n = this.map.sections.length;
    const si = Number(document.activeElement?.__section ?? this.seats.section[this.active]);
    const c = this.overview.shapes[si].centre;
    if (['ArrowRight', 'ArrowDown', ']'].includes(e.key)) this.overview.focus((si + 1) % n);
    else if (['ArrowLeft', 'ArrowUp', '['].includes(e.key)) this.overview.focus((si + n - 1) % n);
    else if (e.key === 'Enter' || e.key === ' ') this.enterSection(si);
    else if (e.key === '+' || e.key === '=') this.zoom(1 / 1.5, c.x, c.y);
    else if (e.key === '-' || e.key === '\u2212') this.zoom(1.5, c.x, c.y);
    else return;
    e.preventDefault();
  }

  key(e) {
    if (this.inSections) return this.sectionKey(e);
    if (e.key === 'Escape' && this.usesOverview) {
      this.reset();
      e.preventDefault();
      return;
    }
    // Zoom keys keep the focused seat where it is on screen, so it never leaves the view.
    const at = this.seats.at(this.active);
    if (e.key === '+' || e.key === '=') this.zoom(1 / 1.5, at.x, at.y);
    else if (e.key === '-' || e.key === '\u2212') this.zoom(1.5, at.x, at.y);
    else if (e.key === '0') this.reset();
    else if (e.key === 'Enter' || e.key === ' ') this.options.onToggle(this.active);
    else if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', '[', ']'].includes(e.key)) {
      this.focusSeat(this.neighbour(this.active, e.key));
    } else return;
    e.preventDefault();
  }
}

// States from the seats endpoint: base64 of 2 bits per seat, first seat in the lowest bits.
export function decodeStates(base64, count) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (bytes[i >> 2] >> ((i & 3) * 2)) & 3;
  return out;
}
