// Live seat availability: the compact /seats snapshot, then server-sent deltas from
// /live?since=<version>. After any break the stream is closed, the snapshot fetched again and
// a new stream opened from its version, so a client never misses a change.
import { api } from './api.js';
import { decodeStates } from './seat_map.js';

export class LiveSeats {
  // handlers: snapshot(states, version), delta(changes, version), status('live'|'reconnecting')
  constructor(slug, seatCount, handlers) {
    this.slug = slug;
    this.seatCount = seatCount;
    this.handlers = handlers;
    this.source = null;
    this.stopped = false;
    this.retry = null;
  }

  // `first`: an already started fetch of /seats, so the page can draw while it loads.
  async start(first = null) {
    if (this.stopped) return;
    try {
      const s = await (first || LiveSeats.fetchSeats(this.slug));
      if (this.stopped) return;
      this.handlers.snapshot(decodeStates(s.states, s.seatCount), s.version);
      this.open(s.version);
    } catch {
      this.reconnect();
    }
  }

  static fetchSeats(slug) {
    return api(`/api/events/${encodeURIComponent(slug)}/seats`);
  }

  open(version) {
    const src = new EventSource(`/api/events/${encodeURIComponent(this.slug)}/live?since=${version}`);
    this.source = src;
    src.addEventListener('open', () => this.handlers.status?.('live'));
    src.addEventListener('snapshot', (e) => {
      const s = JSON.parse(e.data);
      this.handlers.snapshot(decodeStates(s.states, s.seatCount), s.version);
    });
    src.addEventListener('delta', (e) => {
      const d = JSON.parse(e.data);
      this.handlers.delta(d.changes, d.version);
    });
    src.addEventListener('error', () => this.reconnect());
  }

  reconnect() {
    if (this.source) this.source.close();
    this.source = null;
    if (this.stopped || this.retry) return;
    this.handlers.status?.('reconnecting');
    this.retry = setTimeout(() => {
      this.retry = null;
      this.start();
    }, 1500);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    if (this.source) this.source.close();
  }
}
