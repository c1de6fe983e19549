import http from 'node:http';

/**
 * npm run bench: comments arriving at a steady rate, as readers post them, in a
 * process of its own so that the load generator measuring the cached pages is
 * not slowed by it. Arguments: base URL, article id, per second, the form's stamp.
 * Stops on a message from the parent and answers with how many were taken (200).
 */
const [base, articleId, perSecond, stamp] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const url = new URL(`${base}/articles/${articleId}/comments`);
let ok = 0;
let n = 0;
let open = 0;

function post(i: number): void {
  const body = new URLSearchParams({ body: `Arriving while readers read, number ${i} ${Math.random()}.`, name: `Streamer ${i}`, email: `s${i}.${Date.now()}@bench.example`, t: stamp }).toString();
  open++;
  const req = http.request(url, {
    method: 'POST', agent,
    headers: {
      'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), accept: 'application/json',
      'sec-fetch-site': 'same-origin', 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    },
  }, (res) => {
    if (res.statusCode === 200) ok++;
    res.resume();
    res.on('end', () => open--);
  });
  req.on('error', () => open--);
  req.end(body);
}

const timer = setInterval(() => post(++n), 1000 / Number(perSecond));
process.on('message', async () => {
  clearInterval(timer);
  while (open > 0) await new Promise((r) => setTimeout(r, 10));
  process.send!({ ok }, () => process.exit(0));
});
process.send!('ready');
