// A static file server for browser tests (node:http, no dependencies).
//
// By default it serves the repository root. `mounts` maps URL prefixes to
// directories instead; the test site uses { '/leadscore/': 'dist/', '/':
// 'tests/browser/site/' }, so pages include
// <script src="/leadscore/leadscore.js" data-config="/leadscore.json" defer>
// exactly as a real site does. `/pricing` serves pricing.html, `/app/` its
// index.html. Tests can change responses per request:
//
//   server.setHeaders((url) => ({ 'Content-Security-Policy': "script-src 'self' 'wasm-unsafe-eval'" }));
//   server.override('/leadscore/leadscore-widget.js', { status: 404 });
//   server.override('/blog/scoring-decay', { delay: 1500 });   // the file, 1.5 s late
//   server.route('/ph/', () => ({ status: 200, body: '{}' })); // every path under /ph/
//
// It is also a small lead inbox, shaped like `leadscore serve`'s: POST /leads
// stores a JSON payload once by id (201, then 200 for a duplicate), GET
// /leads lists {count, offset, leads}. server.inbox.posts has every POST as
// received; server.inbox.answer = (post) => status answers a POST instead.
//
// Run by hand to browse the test site: node tests/browser/server.mjs [port]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/** The mounts of the test site. */
export const siteMounts = {
  '/leadscore/': join(root, 'dist'),
  '/': join(root, 'tests', 'browser', 'site'),
};

/**
 * An answer instead of the file: status, headers and body; with only `delay`
 * (ms), the file itself, that much later.
 * @typedef {{status?: number, headers?: Record<string, string>, body?: string | Buffer, delay?: number}} Override
 * @typedef {(url: URL, req: import('node:http').IncomingMessage) => Override | undefined} RouteFn
 * @typedef {(url: URL, req: import('node:http').IncomingMessage) => Record<string, string> | undefined} HeaderFn
 */

/**
 * Starts the server on 127.0.0.1.
 * @param {{port?: number, mounts?: Record<string, string>}} [options]
 */
export async function startServer({ port = 0, mounts = { '/': root } } = {}) {
  // Longest prefix first.
  const table = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  /** @type {HeaderFn | null} */
  let headerFn = null;
  /** @type {Map<string, Override>} */
  const overrides = new Map();
  /** @type {Array<[string, RouteFn]>} */
  const routes = [];
  /** @type {Array<{method: string, url: string}>} */
  const requests = [];
  /** @type {{posts: Array<{headers: Record<string, any>, body: string}>, leads: Map<string, any>, answer: ((post: {headers: Record<string, any>, body: string}) => number | undefined) | null}} */
  const inbox = { posts: [], leads: new Map(), answer: null };

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function leads(req, res) {
    const json = (/** @type {number} */ status, /** @type {unknown} */ value) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(value));
    };
    if (req.method !== 'POST') {
      json(200, { count: inbox.leads.size, offset: 0, leads: [...inbox.leads.values()] });
      return;
    }
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const post = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    inbox.posts.push(post);
    const status = inbox.answer && inbox.answer(post);
    if (status) {
      json(status, { error: { id: 'test.fault', message: `answered ${status} on purpose` } });
      return;
    }
    let payload;
    try {
      payload = JSON.parse(post.body);
    } catch {
      json(400, { error: { id: 'leadscore.inbox.syntax', message: 'not JSON' } });
      return;
    }
    if (inbox.leads.has(payload.id)) {
      json(200, { id: payload.id, stored: false, duplicate: true });
      return;
    }
    inbox.leads.set(payload.id, payload);
    json(201, { id: payload.id, stored: true });
  }

  /** @param {string} pathname */
  async function find(pathname) {
    for (const [prefix, dir] of table) {
      if (!pathname.startsWith(prefix)) continue;
      const rest = decodeURIComponent(pathname.slice(prefix.length));
      const base = resolve(dir);
      const file = normalize(join(base, rest));
      if (file !== base && !file.startsWith(base + sep)) return null; // no way out of the mount
      for (const candidate of [file, `${file}.html`, join(file, 'index.html')]) {
        try {
          if ((await stat(candidate)).isFile()) return candidate;
        } catch {
          // next candidate
        }
      }
      return null;
    }
    return null;
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url || '/', 'http://localhost');
      requests.push({ method: req.method || 'GET', url: url.pathname + url.search });
      if (url.pathname === '/leads') {
        await leads(req, res);
        return;
      }
      const extra = (headerFn && headerFn(url, req)) || {};
      let override = overrides.get(url.pathname);
      for (const [prefix, fn] of routes) {
        if (!override && url.pathname.startsWith(prefix)) override = fn(url, req);
      }
      // (a long delay, a request that stalls, keeps no test process alive)
      if (override && override.delay) await new Promise((ok) => setTimeout(ok, override.delay).unref());
      if (override && (override.status !== undefined || override.body !== undefined || override.headers)) {
        res.writeHead(override.status ?? 200, { 'Cache-Control': 'no-store', ...extra, ...override.headers });
        res.end(override.body ?? '');
        return;
      }
      const file = await find(url.pathname);
      if (!file) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...extra });
        res.end('not found');
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[/** @type {keyof TYPES} */ (extname(file))] || 'application/octet-stream',
        'Cache-Control': 'no-store',
        ...extra,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(e));
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    /** e.g. http://127.0.0.1:41234 */
    url: `http://127.0.0.1:${address.port}`,
    /** Every request so far (method, path and query). */
    requests,
    /** The lead inbox: posts received, leads stored by id, and an optional fault answer. */
    inbox,
    /** Extra response headers per request (null: none). @param {HeaderFn | null} fn */
    setHeaders(fn) {
      headerFn = fn;
    },
    /** Answers `pathname` with this response instead (null: serve the file again). @param {string} pathname @param {Override | null} response */
    override(pathname, response) {
      if (response) overrides.set(pathname, response);
      else overrides.delete(pathname);
    },
    /** Answers every path under `prefix` with handler's response (undefined: the file). @param {string} prefix @param {RouteFn} handler */
    route(prefix, handler) {
      routes.push([prefix, handler]);
    },
    /** Stops listening. */
    close() {
      server.closeAllConnections();
      return new Promise((ok) => server.close(() => ok(undefined)));
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await startServer({ port: Number(process.argv[2] || 8080), mounts: siteMounts });
  console.log(`test site on ${server.url}/ (widget from dist/ under /leadscore/)`);
}
