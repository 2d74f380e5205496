// The section overview of a large venue: one shape per section, in its tier's colour (the price)
// and shaded by the share of its seats still on sale, with its id and seats left. Seats too small
// to tap at the whole-venue view are not drawn there; the fan picks a section first, as on the big
// ticketing sites, then seats in it (SeatMap switches between the two drawings).
import { esc, formatMoney, formatCount } from './format.js';

const SOLD_OUT_FILL = '#cbd5e1';

// Where a section-local point (seat pitches along the row, rows back) lands on the venue plane:
// the same formula as Seats and core::seat_point.
function place(sec, lx, ly) {
  const rad = (sec.position.rotation * Math.PI) / 180;
  return {
    x: sec.position.x + Math.cos(rad) * lx - Math.sin(rad) * ly,
    y: sec.position.y + Math.sin(rad) * lx + Math.cos(rad) * ly,
  };
}

// One section's outline (half a pitch around its outer seats), centre, bounds and price range.
function shapeOf(sec) {
  const across = Math.max(...sec.rows.map((r) => r.seats));
  const back = sec.rows.length;
  const corners = [[-0.5, -0.5], [across - 0.5, -0.5], [across - 0.5, back - 0.5], [-0.5, back - 0.5]]
    .map(([lx, ly]) => place(sec, lx, ly));
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  const prices = sec.rows.map((r) => r.priceCents);
  return {
    points: corners.map((p) => `${p.x.toFixed(2)},${p.y.toFixed(2)}`).join(' '),
    centre: place(sec, (across - 1) / 2, (back - 1) / 2),
    box: { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) },
    minPrice: Math.min(...prices),
    maxPrice: Math.max(...prices),
    across,
  };
}

export class SectionOverview {
  // map: the /seatmap answer; seats: Seats (seats.js); colours: a colour per section.
  constructor(map, seats, colours) {
    this.map = map;
    this.seats = seats;
    this.colours = colours;
    this.shapes = map.sections.map(shapeOf);
    this.free = new Int32Array(map.sections.length);
    this.pending = 0;  // a requestAnimationFrame id while a repaint is waiting
  }

  markup() {
    const parts = this.map.sections.map((sec, si) => {
      const s = this.shapes[si];
      return `<polygon class="ov-sec" role="button" data-section-id="${esc(sec.id)}" points="${s.points}" fill="${this.colours[si]}"/>`
        + `<text class="ov-label" x="${s.centre.x.toFixed(2)}" y="${s.centre.y.toFixed(2)}"><tspan class="ov-id" x="${s.centre.x.toFixed(2)}" dy="-.45em">${esc(sec.id)}</tspan><tspan class="ov-left" x="${s.centre.x.toFixed(2)}" dy="1.25em"></tspan></text>`;
    });
    return `<g class="ov">${parts.join('')}</g>`;
  }

  attach(svg) {
    this.group = svg.querySelector('g.ov');
    this.polygons = Array.from(this.group.querySelectorAll('polygon'));
    this.counts = Array.from(this.group.querySelectorAll('.ov-left'));
    this.polygons.forEach((p, si) => (p.__section = si));
  }

  // --- availability ----------------------------------------------------------------------

  count(states) {
    this.free.fill(0);
    for (let i = 0; i < states.length; i++) if (states[i] === 0) this.free[this.seats.section[i]]++;
    this.repaint();
  }

  // Seat i went from state `was` to `now` (0 = on sale).
  change(i, was, now) {
    if ((was === 0) === (now === 0)) return;
    this.free[this.seats.section[i]] += now === 0 ? 1 : -1;
    this.repaint();
  }

  // Live deltas come in bursts during a sale: one repaint per frame, whatever the burst.
  repaint() {
    if (this.pending || !this.polygons) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.paint();
    });
  }

  paint() {
    this.map.sections.forEach((sec, si) => {
      const left = this.free[si];
      const p = this.polygons[si];
      p.setAttribute('fill', left === 0 ? SOLD_OUT_FILL : this.colours[si]);
      // Fuller sections are paler: at a glance, where seats are left.
      p.setAttribute('fill-opacity', left === 0 ? '1' : (0.3 + 0.7 * (left / sec.seatCount)).toFixed(2));
      p.setAttribute('aria-label', this.describe(si));
      this.counts[si].textContent = left === 0 ? 'Sold out' : this.wide(si) ? `${formatCount(left)} left` : formatCount(left);
    });
  }

  // --- view ------------------------------------------------------------------------------

  // Labels keep a readable size on screen whatever the zoom: `ppu` is screen pixels per pitch.
  fit(ppu) {
    this.ppu = ppu;
    this.group.style.fontSize = `${(13 / ppu).toFixed(3)}px`;
    this.paint();
  }

  // Whether a section is wide enough on screen for "612 left" rather than "612".
  wide(si) {
    return (this.shapes[si].across * (this.ppu || 0)) >= 64;
  }

  describe(si) {
    return `${this.map.sections[si].name}, ${this.priceText(si)}, ${this.leftText(si)}`;
  }

  tip(si) {
    return `<strong>${esc(this.map.sections[si].name)}</strong> · ${esc(this.priceText(si))}<br>${esc(this.leftText(si))}`;
  }

  priceText(si) {
    const s = this.shapes[si];
    const money = (minor) => formatMoney(minor, this.map);
    return s.minPrice === s.maxPrice ? money(s.minPrice) : `${money(s.minPrice)}–${money(s.maxPrice)}`;
  }

  leftText(si) {
    const left = this.free[si];
    return left === 0 ? 'sold out' : `${formatCount(left)} of ${formatCount(this.map.sections[si].seatCount)} seats left`;
  }

  // The roving keyboard focus among sections, like the seats' among seats.
  focus(si, move = true) {
    for (const p of this.polygons) p.removeAttribute('tabindex');
    const p = this.polygons[si];
    p.setAttribute('tabindex', '0');
    if (move) p.focus();
  }
}
