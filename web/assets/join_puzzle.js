// The puzzle a waiting room may ask a fan's browser to solve before it joins
// (docs/waiting-room.md): solved by a Web Worker (workers/join_puzzle.js), so the page keeps
// answering while it works. About 2^difficulty hashes; `onProgress(share)` hears how far along
// the expected work is (it can run past: the search is a lottery).
export function solvePuzzle({ challenge, difficulty }, onProgress) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./workers/join_puzzle.js', import.meta.url));
    const expected = 2 ** difficulty;
    const started = performance.now();
    worker.onmessage = (e) => {
      const { nonce, tried, error } = e.data;
      if (error) {
        worker.terminate();
        reject(new Error('This browser cannot solve the waiting room\'s puzzle here: open TicketWar over https.'));
        return;
      }
      onProgress?.(Math.min(0.99, tried / expected));
      if (nonce) {
        worker.terminate();
        resolve({ nonce, tried, ms: performance.now() - started });
      }
    };
    worker.onerror = () => {
      worker.terminate();
      reject(new Error('The waiting room\'s puzzle could not be solved in this browser.'));
    };
    worker.postMessage({ challenge, difficulty });
  });
}
