// Solves a waiting room's join puzzle off the page's thread (docs/waiting-room.md): finds a
// nonce such that SHA-256(challenge ":" nonce) starts with `difficulty` zero bits, with the
// browser's own SHA-256 (Web Crypto), a batch of candidates at a time. Posts {tried} now and then,
// {nonce, tried} when found, or {error} when this browser has no Web Crypto (a page served over
// plain http from another machine).
const encoder = new TextEncoder();
const BATCH = 256;

function zeroBits(bytes) {
  let n = 0;
  for (const b of bytes) {
    if (b !== 0) return n + Math.clz32(b) - 24;
    n += 8;
  }
  return n;
}

onmessage = async (e) => {
  const { challenge, difficulty } = e.data;
  if (!self.crypto?.subtle) {
    postMessage({ error: 'no_web_crypto' });
    return;
  }
  for (let start = 0; ; start += BATCH) {
    const nonces = [];
    for (let i = start; i < start + BATCH; i++) nonces.push(i.toString(36));
    const digests = await Promise.all(nonces.map((n) => crypto.subtle.digest('SHA-256', encoder.encode(`${challenge}:${n}`))));
    for (let i = 0; i < digests.length; i++) {
      if (zeroBits(new Uint8Array(digests[i])) >= difficulty) {
        postMessage({ nonce: nonces[i], tried: start + i + 1 });
        return;
      }
    }
    if ((start / BATCH) % 8 === 0) postMessage({ tried: start + BATCH });
  }
};
