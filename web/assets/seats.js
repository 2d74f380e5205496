// A venue's seats from the seat map answer (/seatmap), by seat index: where each sits on the
// drawing and which section, row and number it is, in typed arrays; a seat's id, labels and price
// are put together only when that seat is asked for. The arena's 22,100 seats built as objects
// (an id string and labels each), and a map from every id back to its index, had cost a
// slowed-down phone a quarter of a second of building and collecting garbage before the page
// answered, for seats it does not show until a section is opened.
export class Seats {
  constructor(map) {
    const n = map.seatCount;
    this.map = map;
    this.length = n;
    this.x = new Float64Array(n);
    this.y = new Float64Array(n);
    this.section = new Uint16Array(n);
    this.row = new Uint16Array(n);
    this.number = new Uint16Array(n);
    const tierIndex = new Map(map.tiers.map((t, i) => [t.tier, i]));
    this.tiers = map.sections.map((sec) => tierIndex.get(sec.tier) ?? 0);
    this.rowsById = null;  // "section-row" → [section, row], made on the first indexOf
    // The same formula as core::seat_point: a section's rows, turned about its position.
    map.sections.forEach((sec, si) => {
      const rad = (sec.position.rotation * Math.PI) / 180;
      const cos = Math.cos(rad);
      const sin = Math.sin(rad);
      sec.rows.forEach((row, ri) => {
        for (let k = 0; k < row.seats; k++) {
          const i = row.firstIndex + k;
          this.x[i] = sec.position.x + cos * k - sin * ri;
          this.y[i] = sec.position.y + sin * k + cos * ri;
          this.section[i] = si;
          this.row[i] = ri;
          this.number[i] = k + 1;
        }
      });
    });
  }

  // Seat i as people and the API name it: { id: "L3-M-15", sectionName, rowLabel, number, ... }.
  at(i) {
    const si = this.section[i];
    const sec = this.map.sections[si];
    const ri = this.row[i];
    const row = sec.rows[ri];
    const number = this.number[i];
    return {
      x: this.x[i], y: this.y[i], id: `${sec.id}-${row.label}-${number}`,
      section: si, sectionName: sec.name, row: ri, rowLabel: row.label, number,
      priceCents: row.priceCents, tier: this.tiers[si],
    };
  }

  // The index of the seat with this id, or undefined when the venue has no such seat.
  indexOf(id) {
    if (!this.rowsById) {
      this.rowsById = new Map();
      this.map.sections.forEach((sec, si) => sec.rows.forEach((row, ri) => this.rowsById.set(`${sec.id}-${row.label}`, [si, ri])));
    }
    const dash = String(id).lastIndexOf('-');
    const where = this.rowsById.get(String(id).slice(0, dash));
    const number = Number(String(id).slice(dash + 1));
    if (!where || !Number.isInteger(number) || String(number) !== String(id).slice(dash + 1)) return undefined;
    const row = this.map.sections[where[0]].rows[where[1]];
    return number >= 1 && number <= row.seats ? row.firstIndex + number - 1 : undefined;
  }
}
