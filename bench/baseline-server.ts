import fs from 'node:fs';
import http from 'node:http';

/**
 * The baseline: a bare Node http server returning one page from memory. Given a
 * file of headers (name, value, …) it sends those too, so that it returns
 * exactly the bytes Samizdat's cached answer does.
 */
const body = fs.readFileSync(process.argv[2]);
const headers: string[] = process.argv[4] ? JSON.parse(fs.readFileSync(process.argv[4], 'utf8')) : ['content-type', 'text/html; charset=utf-8'];
const all = [...headers, 'content-length', String(body.length)];
const server = http.createServer((_req, res) => {
  res.writeHead(200, all);
  res.end(body);
});
server.listen(Number(process.argv[3]), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
