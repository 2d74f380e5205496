// Reads a page needs, started by the router as soon as it knows the page, while the page's own
// module still loads (on a slowed-down phone that module took about a second to arrive and
// compile, and the event page's reads used to start only after it). The page takes each answer
// once; an answer older than a few seconds is not used, so a page shown later reads afresh.
import { api } from './api.js';

const FRESH_MS = 5000;
const started = new Map();

export function readEarly(path) {
  const answer = api(path);
  answer.catch(() => {});  // the page that takes it handles a failure
  started.set(path, { at: Date.now(), answer });
}

// The answer to `path`: the one started early if still fresh, or a new read.
export function read(path) {
  const early = started.get(path);
  started.delete(path);
  return early && Date.now() - early.at < FRESH_MS ? early.answer : api(path);
}

// What the event page reads before drawing: the event, its seat map, the waiting room, the seats.
export function eventReads(slug) {
  const path = `/api/events/${encodeURIComponent(slug)}`;
  return [path, `${path}/seatmap`, `${path}/queue`, `${path}/seats`];
}
