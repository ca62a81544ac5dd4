// The real `leadscore serve` (build/native/cli/leadscore) for browser tests:
// the test site and the widget from one --root (a temporary copy of
// tests/browser/site with dist/ under /leadscore/), a temporary SQLite
// inbox, stopped and started again on the same port and database when a
// test needs the server gone; and a small proxy in front of it that answers
// POST /leads with faults (500s, a long silence) before passing them on.
//
//   const site = makeSiteRoot();
//   const inbox = await startInbox({ root: site });   // inbox.url, inbox.leads(), inbox.stop(), inbox.start()
//   const proxy = await startFaultProxy(inbox);       // proxy.url; proxy.fault = (n, post) => ...
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './server.mjs';

export const cliPath = join(root, 'build', 'native', 'cli', 'leadscore');

/** Why `leadscore serve` cannot run here, or ''. */
export function serveMissing() {
  return existsSync(cliPath) ? '' : `${cliPath} missing: cmake --preset native && cmake --build --preset native`;
}

/** A temporary site root for serve: the test site, the widget under /leadscore/. Removed at exit. */
export function makeSiteRoot() {
  const dir = mkdtempSync(join(tmpdir(), 'leadscore-site-'));
  cpSync(join(root, 'tests', 'browser', 'site'), dir, { recursive: true });
  cpSync(join(root, 'dist'), join(dir, 'leadscore'), { recursive: true });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Starts `leadscore serve --port 0` (then the same port on restarts) with a
 * new database in a temporary directory.
 * @param {{root: string, args?: string[]}} options
 */
export async function startInbox({ root: siteRoot, args = [] }) {
  const work = mkdtempSync(join(tmpdir(), 'leadscore-inbox-'));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  const db = join(work, 'inbox.sqlite');
  let port = 0;
  /** @type {import('node:child_process').ChildProcess | null} */
  let proc = null;
  let log = '';

  async function start() {
    if (proc) return;
    const p = spawn(cliPath, ['serve', '--port', String(port), '--db', db, '--root', siteRoot, '--log', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc = p;
    p.stderr.on('data', (d) => { log += d; });
    let out = '';
    const url = await new Promise((resolve, reject) => {
      p.stdout.on('data', (d) => {
        out += d;
        const m = /^leadscore: serving .* on (http:\/\/[^\s,]+), inbox /m.exec(out);
        if (m) resolve(m[1]);
      });
      p.on('exit', (code) => reject(new Error(`leadscore serve exited (${code}) before listening: ${log}`)));
    });
    port = Number(new URL(url).port);
    inbox.url = url;
  }

  const inbox = {
    url: '',
    db,
    /** Starts the server (again: same port, same database). */
    start,
    /** Stops it (SIGTERM) and waits for the exit. */
    async stop() {
      const p = proc;
      if (!p) return;
      proc = null;
      if (p.exitCode === null && p.signalCode === null) {
        const exited = once(p, 'exit');
        p.kill('SIGTERM');
        await exited;
      }
    },
    get running() {
      return proc !== null;
    },
    /** What GET /leads lists now. @returns {Promise<any[]>} */
    async leads() {
      const res = await fetch(`${inbox.url}/leads`);
      const body = await res.json();
      if (res.status !== 200) throw new Error(`GET /leads answered ${res.status}: ${JSON.stringify(body)}`);
      if (body.count !== body.leads.length) throw new Error(`GET /leads: count ${body.count}, ${body.leads.length} listed`);
      return body.leads;
    },
    /** The POST /leads lines of the server's --log so far (every attempt, stored or not). */
    posts: () => log.split('\n').filter((l) => /\bPOST \/leads\b/.test(l)),
  };
  await start();
  return inbox;
}

/**
 * A proxy in front of the inbox (a stable origin for pages): everything
 * passes through, except that `proxy.fault(n, body)` may answer the n-th
 * POST /leads (from 1) instead: `{status, headers?}` at once (e.g. a 301 with
 * a Location, a 429 with a Retry-After), or `{hold: ms}` (say
 * nothing that long, then pass the request on anyway, as a slow network
 * would). posts: every POST /leads body, in order, with the time it came.
 * @param {{url: string}} inbox
 */
export async function startFaultProxy(inbox) {
  /** @type {Array<{at: number, done: number, body: string, answer: number | string}>} */
  const posts = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    /** @type {{status?: number, headers?: Record<string, string>, hold?: number} | undefined} */
    let fault;
    let post = null;
    if (req.method === 'POST' && req.url === '/leads') {
      post = { at: Date.now(), done: 0, body: body.toString('utf8'), answer: /** @type {number | string} */ ('passed') };
      const p = post;
      res.on('close', () => { p.done = Date.now(); });
      posts.push(post);
      fault = proxy.fault(posts.length, post.body);
    }
    if (fault && fault.status) {
      post && (post.answer = fault.status);
      res.writeHead(fault.status, { 'Content-Type': 'application/json', ...fault.headers });
      res.end(JSON.stringify({ error: { id: 'test.fault', message: `answered ${fault.status} on purpose` } }));
      return;
    }
    if (fault && fault.hold) {
      post && (post.answer = `held ${fault.hold} ms`);
      await new Promise((ok) => setTimeout(ok, fault.hold));
    }
    const up = new URL(req.url || '/', inbox.url);
    const headers = { ...req.headers, host: up.host };
    delete headers['content-length'];
    const out = http.request(up, { method: req.method, headers: { ...headers, 'content-length': body.length } }, (answer) => {
      if (post && typeof post.answer === 'string' && post.answer === 'passed') post.answer = answer.statusCode || 0;
      if (!res.destroyed) res.writeHead(answer.statusCode || 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    out.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const proxy = {
    url: `http://127.0.0.1:${address.port}`,
    posts,
    /** @type {(n: number, body: string) => ({status?: number, headers?: Record<string, string>, hold?: number} | undefined)} */
    fault: () => undefined,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
  return proxy;
}
