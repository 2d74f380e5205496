// A fan's place in a sale's waiting room (docs/waiting-room.md): where they stand, how many are
// ahead, the estimated wait, live (server-sent events), through a reload or a closed laptop; at
// their turn, straight to the seat map with their pass.
import { api, keepQueuePass, session } from '../api.js';
import { navigate } from '../navigation.js';
import { countdown, esc, formatEventDate, formatOpening, toast } from '../format.js';
import { solvePuzzle } from '../join_puzzle.js';

function waitText(seconds) {
  if (seconds == null) return '';
  if (seconds < 60) return 'under a minute';
  const m = Math.round(seconds / 60);
  return m < 60 ? `about ${m} minute${m === 1 ? '' : 's'}` : `about ${Math.floor(m / 60)} h ${m % 60} min`;
}

function status(v) {
  switch (v.state) {
    case 'pre_queue':
      return `<p><strong>You are in the waiting room.</strong> At the opening${v.opensAt ? `, ${esc(formatOpening(v.opensAt))},` : ''}
        everyone here now is put in a random order, and the order is published so anyone can check it.</p>`;
    case 'waiting':
      return `<p><strong>You are in line.</strong> ${v.ahead === 0 ? 'You are next.' : `${v.ahead.toLocaleString('en-US')} ${v.ahead === 1 ? 'person is' : 'people are'} ahead of you.`}</p>
        <p data-testid="queue-wait">Estimated wait: ${esc(waitText(v.waitSeconds))}.</p>`;
    case 'paused':
      return '<p><strong>The organiser has paused the line for a moment.</strong> You keep your place.</p>';
    case 'sold_out':
      return '<p><strong>Sold out.</strong> Every seat of this show has been sold; nobody else will be let in.</p>';
    case 'admitted':
      return '<p><strong>It is your turn.</strong> Taking you to the seat map…</p>';
    case 'done':
      return '<p><strong>Your turn is over.</strong> Join again to get a new place at the back of the line.</p>';
    default:
      return '<p>Join the waiting room to get your place.</p>';
  }
}

// Joins the room. A room that asks a proof of work gets the answer to this fan's puzzle, solved
// while the page says so; a puzzle that ran out meanwhile is asked for again, once.
async function join(main, slug, view) {
  const url = `/api/events/${encodeURIComponent(slug)}/queue`;
  for (let attempt = 0; ; attempt++) {
    if (!view.puzzle) return api(url, { method: 'POST' });
    main.innerHTML = `<section class="panel narrow queue"><h1>Waiting room</h1>
      <p data-testid="queue-puzzle" aria-live="polite">Checking this browser before you join: a small puzzle
      that makes lining up thousands of places costly for bots. It takes most phones a few seconds.</p>
      <progress id="puzzle-progress" max="1" value="0" aria-label="Puzzle solved so far"></progress></section>`;
    const bar = main.querySelector('#puzzle-progress');
    const { nonce } = await solvePuzzle(view.puzzle, (share) => (bar.value = share));
    try {
      return await api(url, { method: 'POST', body: { challenge: view.puzzle.challenge, nonce } });
    } catch (e) {
      if (e.code !== 'proof_of_work_expired' || attempt > 0) throw e;
      view = await api(url);
    }
  }
}

export async function render(main, { slug }) {
  if (!session.user) return navigate(`/signin?next=${encodeURIComponent(`/events/${slug}/queue`)}`, { replace: true });
  const event = await api(`/api/events/${encodeURIComponent(slug)}`);
  document.title = `Waiting room · ${event.artist} · TicketWar`;
  let view = await api(`/api/events/${encodeURIComponent(slug)}/queue`);
  if (view.state === 'no_waiting_room') return navigate(`/events/${slug}`, { replace: true });
  if (view.state === 'not_queued' || view.state === 'done') {
    view = await join(main, slug, view);
  }
  main.innerHTML = `<section class="panel narrow queue">
    <p class="crumbs"><a href="/events/${encodeURIComponent(slug)}">‹ ${esc(event.artist)}</a></p>
    <h1>Waiting room</h1>
    <p class="muted">${esc(event.name)} · ${esc(event.venue)} · ${esc(formatEventDate(event))}</p>
    <div id="queue-status" data-testid="queue-status" aria-live="polite"></div>
    <progress id="queue-progress" max="1" value="0" aria-label="Your progress to the front"></progress>
    <p class="countdown" id="queue-countdown" role="timer" hidden></p>
    <p class="fine" id="queue-place"></p>
    <details class="fine"><summary>How the order is drawn</summary>
      <p>Before the opening TicketWar publishes the fingerprint (SHA-256) of a secret number. At the opening that
      number shuffles everyone already here, and then it is published with the order, so anyone can check that the
      order was not chosen after the fact: <a href="/api/events/${encodeURIComponent(slug)}/queue/draw">the draw</a>.
      Fingerprint: <code id="queue-commitment"></code></p></details>
  </section>`;
  const statusEl = main.querySelector('#queue-status');
  const progress = main.querySelector('#queue-progress');
  const clock = main.querySelector('#queue-countdown');
  let firstAhead = null;
  let timer = null;
  const show = (v) => {
    view = v;
    statusEl.innerHTML = status(v);
    main.querySelector('#queue-commitment').textContent = v.commitment || '';
    main.querySelector('#queue-place').textContent = v.position ? `Your place: ${v.position.toLocaleString('en-US')} · queue id ${v.queueId}` : v.queueId ? `Queue id ${v.queueId}` : '';
    if (v.state === 'waiting' && v.ahead != null) {
      if (firstAhead === null || v.ahead > firstAhead) firstAhead = Math.max(1, v.ahead);
      progress.value = 1 - v.ahead / firstAhead;
    }
    clearInterval(timer);
    clock.hidden = v.state !== 'pre_queue' || !v.opensAt;
    if (!clock.hidden) {
      const opens = Date.parse(v.opensAt);
      const tick = () => (clock.textContent = countdown(opens - Date.now()));
      tick();
      timer = setInterval(tick, 250);
    }
    if (v.state === 'admitted' && v.pass) {
      keepQueuePass(slug, v.pass);
      toast('It is your turn: pick your seats.', 'ok');
      navigate(`/events/${slug}`, { replace: true });
    }
  };
  show(view);
  const live = new EventSource(`/api/events/${encodeURIComponent(slug)}/queue/live`);
  live.addEventListener('place', (e) => show(JSON.parse(e.data)));
  return () => {
    live.close();
    clearInterval(timer);
  };
}
