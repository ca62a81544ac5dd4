// @ts-check
/**
 * Lead delivery. The core holds the queue and decides everything (which
 * requests, when each is due, what an answer means, backoff with jitter,
 * leases, limits); this stores it, sends what it hands out and reports the
 * answers back.
 *
 * Durability across tabs: every tab's core holds its own copy of the queue
 * and localStorage holds one shared copy. Before each write a tab merges the
 * stored copy into its own (core.queueMerge: union by request id, the copy
 * that has seen more wins, delivered ids remembered), so a tab never erases
 * another tab's lead and never brings back a delivered one; a `storage`
 * event merges the other tab's write at once (and writes back what it
 * lacked). One tab sends at a time: a Web Lock "leadscore:v1:send", or where
 * Web Locks are missing a lease in localStorage (send-lease); the core's
 * lease on each request being sent keeps other tabs off it too, and after a
 * page died mid-send.
 */
import { LeadScoreError, fromErrors } from './core.js';
import { PREFIX } from './storage.js';
import { stringify } from './json.js';

const KEY = 'queue';
/** The send lease where Web Locks are missing. */
const LEASE = 'send-lease';
/** How long a storage-lease claim settles before it is read back (localStorage reaches other tabs late). */
const SETTLE_MS = 150;
/**
 * The bodies of a page's keepalive requests in flight (fetch keepalive,
 * sendBeacon) that Chromium allows, in bytes: one past it is refused.
 */
const QUOTA = 65536;

/** A stored queue without what each tab takes from its own config. @param {any} doc */
const bare = (doc) => stringify(doc, (k, v) => (k == 'url' || k == 'headers' || k == 'beacon' ? void 0 : v));

/**
 * The request `r` as fetch (and fetchLater) take it.
 * @param {import('./core.js').DeliveryRequest} r @returns {RequestInit}
 */
function init(r) {
  // The target's headers replace the content type in any case: with
  // "content-type" in an object beside it, fetch() would send both, joined.
  const headers = new Headers(r.headers);
  headers.has('content-type') || headers.set('content-type', r.content_type);
  return { method: 'POST', headers, body: r.body, mode: r.cors ? 'cors' : 'no-cors', credentials: 'omit' };
}

/** A number in [0, 1) for the backoff's jitter. */
const jitter = () => crypto.getRandomValues(new Uint32Array(1))[0] / 4294967296;

/**
 * @param {import('./client.js').Context} ctx
 * @param {ReturnType<typeof import('./storage.js').createStorage>} store
 * @param {string} tab this page's id (the owner of its leases)
 * @param {number} timeout ms a send may take
 */
export function createDelivery(ctx, store, tab, timeout) {
  const { core, clock, guard, emit, report } = ctx;
  const lease = timeout + 5000;
  /** Requests this page is sending. */
  const inflight = new Set();
  /** Body bytes of this page's keepalive fetches in flight. */
  let kept = 0;
  /** The sends the page hide started (flush() waits for them). @type {Promise<unknown> | undefined} */
  let hid;
  /** A pagehide is under way. */
  let gone = 0;
  /** A stored text the core refused (kept under queue-refused, reported once). */
  let refused = '';
  let timer = /** @type {any} */ (0);
  /** @type {Promise<void> | null} */
  let running = null;
  let again = false;
  /** This tab holds the storage lease (no Web Locks). */
  let holding = false;
  /** Writing is not allowed (Do Not Track): a queue earlier pages stored is read, and removed once delivered (see save()). */
  let left = !store.shared();
  /** The stored text this tab took in last. */
  let seen = '';
  const locks = navigator.locks;

  /** Takes a stored copy of the queue in. @param {string | null} text */
  function merge(text) {
    if (!text) return;
    seen = text;
    if (text === refused) return;
    const errors = core.queueMergeText(text); // the core parses the text
    if (errors.length) {
      refused = text;
      store.set('queue-refused', text);
      report(fromErrors(errors));
    }
  }

  /**
   * Writes the queue, after taking in what other tabs stored; not when it
   * differs only in what this tab's config sets (a target's url, headers): a
   * tab on another config would write its own back, and the two for ever.
   */
  function save() {
    const stored = store.raw(KEY);
    merge(stored);
    const doc = core.queueJson();
    // A queue stored before writing stopped (Do Not Track): removed once all
    // of it is delivered, only while it is the text this tab read (another
    // tab may have stored more since, not heard here yet). One the core read
    // only in part goes too, once its sound leads are delivered: a page under
    // Do Not Track cannot set the rest aside (queue-refused is wiped at its
    // start), and kept, it would be sent and reported again on every page.
    if (left && !doc.items.length && seen) {
      left = false;
      store.remove(KEY, seen);
    }
    // (a stored text JSON.parse cannot read, one the core can: a byte order mark first, is written again)
    let was;
    try {
      was = stored && bare(JSON.parse(stored));
    } catch (_) {}
    if (stored === refused || (stored ? bare(doc) !== was : doc.items.length || doc.delivered.length)) {
      store.set(KEY, stringify(doc));
    }
  }

  /** Sets the timer for the next due request (at least `min` ms away). */
  function plan(min = 0) {
    clearTimeout(timer);
    const due = core.queueInfo(clock()).next_due;
    if (due >= 0) timer = setTimeout(guard(kick), Math.min(Math.max(due - clock(), min), 2e9)); // 23 days: setTimeout takes < 2^31 ms
  }

  /**
   * Sends one request and tells the core the answer (0: none; -1: not sent,
   * a send at page hide the browser would not start, which is no attempt).
   * keepalive (the send outlives the page) while the bodies in flight fit QUOTA;
   * on an open page, a keepalive send the browser refused unsent is made again without (one attempt).
   * @param {import('./core.js').DeliveryRequest} r @param {number} [hiding]
   */
  async function send(r, hiding) {
    inflight.add(r.id);
    const size = new Blob([r.body]).size;
    const keepalive = kept + size <= QUOTA;
    if (keepalive) kept += size;
    const abort = new AbortController();
    const t = setTimeout(() => abort.abort(), timeout);
    let status = 0; // the receiver's answer (0: none that can be read)
    let told = 0; // what the core hears (0: no answer)
    let moved = '';
    let wait; // what Retry-After asked (ms), when the answer can be read
    try {
      const go = (/** @type {boolean=} */ k) => fetch(r.url, { ...init(r), keepalive: k, signal: abort.signal });
      // The browser refuses a keepalive request over its quota, which the host
      // page's own keepalive requests share, with the TypeError of a network
      // error, but before sending anything: no resource timing entry, where a
      // request that failed on the network (the receiver may have it) leaves
      // one. Only then, on an open page, sent again without keepalive. (A page
      // whose resource timing buffer is full, 250 entries unless it set more,
      // leaves none either: there, any failed keepalive send goes twice.)
      const seen = () => performance.getEntriesByName(new Request(r.url).url).length, n = seen();
      const res = await go(keepalive).catch((e) => (hiding || !keepalive || seen() > n ? Promise.reject(e) : go(false)));
      status = res.status;
      // A redirect (followed: fetch turns a 301/302/303 POST into a GET
      // without the lead) is no delivery: refused as 300, kept. no-cors
      // (receivers without CORS): it was sent; the answer cannot be read
      // (opaque, status 0).
      if (res.redirected) moved = res.url;
      told = moved ? 300 : status || 200;
      // Retry-After (same-origin, or exposed by CORS): whole seconds (digits
      // only), or an HTTP date in one of the three forms RFC 9110 has
      // recipients accept: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"),
      // RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT"; Date.parse reads 50-99 as
      // 19xx) and asctime ("Sun Nov  6 08:49:37 1994", GMT, not local time).
      // Anything else (1.5, 1e3, 0x10, an ISO date, a numeric zone) is none,
      // not what Date.parse makes of it.
      const ra = res.headers.get('retry-after') || '';
      if (/^\d+$/.test(ra)) wait = +ra * 1000;
      else if (/^[A-Z][a-z]{2}(, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT|[a-z]{3,6}, \d\d-[A-Z][a-z]{2}-\d\d \d\d:\d\d:\d\d GMT| [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4})$/.test(ra)) {
        wait = Date.parse(ra.replace(/\d{4}$/, '$& GMT')) - clock();
      }
    } catch (_) {
      // offline, network error, timeout: 0; at page hide, not started (over the quota) or offline: -1
      if (hiding && !abort.signal.aborted) told = -1;
    }
    if (keepalive) kept -= size;
    clearTimeout(t);
    inflight.delete(r.id);
    const outcome = core.queueReport(r.id, told, clock(), jitter(), wait, navigator.onLine);
    const id = r.id.slice(0, r.id.lastIndexOf('/'));
    if (outcome === 'delivered') emit('lead', { action: 'delivered', id, target: r.target, status });
    if (outcome === 'refused') {
      report(new LeadScoreError('leadscore.delivery.refused',
        `lead ${id}: target ${r.target} ${moved ? 'redirected to ' + moved : 'answered HTTP ' + told}; kept in the queue (a first refusal is sent once more after delivery.retry.max_seconds; a second in a row is kept as failed until the target changes)`));
    }
    // The core's rule (a third send with no answer while online, once per target on a page).
    // (one that answers 408, 429 or 5xx each time: failing)
    if (outcome == 'unanswered') {
      report(new LeadScoreError(told > 0 ? 'leadscore.delivery.failing' : 'leadscore.delivery.unanswered',
        `lead ${id}: target ${r.target} ${told > 0 ? 'answered HTTP ' + told + ' to' : 'did not answer'} ${r.attempts + 1} sends${told > 0 ? ''
          : abort.signal.aborted ? ' (slower than delivery.timeout_seconds, or down)' : ' (down, unreachable or no CORS)'}; kept, sent again`));
    }
  }

  /** Sends what is due, round after round, until nothing is. */
  async function rounds() {
    for (let n = 0; n < 50; n++) {
      save();
      if (holding) claim(); // still sending
      const batch = core.queueTake(clock(), tab, lease, 8).filter((r) => !inflight.has(r.id));
      if (!batch.length) break;
      save(); // the leases, before sending
      await Promise.all(batch.map(send));
    }
    save();
  }

  /** Whether another tab holds the send lease in localStorage ({owner, until}) now. */
  function leasedElsewhere() {
    try {
      const v = JSON.parse(/** @type {string} */ (store.raw(LEASE))); // none: null, and null.owner throws
      return v.owner !== tab && typeof v.until == 'number' && v.until > clock();
    } catch (_) {
      return false;
    }
  }

  /** Stores the queue as this tab holds it, not merged with the stored one (its later retry times, its leases). */
  const write = () => store.set(KEY, stringify(core.queueJson()));

  /** Claims (or extends) the send lease in localStorage. */
  const claim = () => store.set(LEASE, stringify({ owner: tab, until: clock() + lease }));

  /**
   * Where Web Locks are missing: one tab sends at a time by a lease in
   * localStorage. localStorage reaches other tabs a moment late, so a claim
   * is written, left to settle, and read back: the tab whose claim is there
   * sends; the other tries again later. (The core's lease on each request
   * still keeps a late claimant off the requests being sent.)
   * @returns {Promise<void>} rounds() if the lease is ours; sets busy otherwise
   */
  async function storageLeased(/** @type {() => void} */ busy) {
    if (!store.shared()) return rounds(); // no storage: no other tab shares the queue
    if (leasedElsewhere()) return busy();
    claim();
    await new Promise((ok) => setTimeout(ok, SETTLE_MS));
    if (leasedElsewhere()) return busy();
    holding = true;
    try {
      await rounds();
    } finally {
      holding = false;
      if (!leasedElsewhere()) store.remove(LEASE); // ours (or one that ran out)
    }
  }

  /**
   * Starts sending unless this page already is; only one tab sends at a time
   * (a Web Lock, else the storage lease). `wait`: wait for the Web Lock; a
   * tab that finds the other sending tries again in a second.
   * @param {boolean} [wait]
   * @returns {Promise<void>}
   */
  function kick(wait) {
    if (running) {
      again = true;
      return running;
    }
    let busy = false;
    // Without storage no other tab shares the queue: no lock either (where
    // site data is blocked, Chromium refuses Web Locks too). After an
    // error, not again at once: a second later.
    const p = store.shared() && locks && locks.request
      ? locks.request(PREFIX + 'send', { ifAvailable: !wait }, (lock) => (lock ? rounds() : void (busy = true)))
      : storageLeased(() => void (busy = true));
    const done = (running = Promise.resolve(p).catch((e) => ((busy = true), report(new LeadScoreError('leadscore.internal', String(e))))).then(() => {
      running = null;
      if (again) {
        again = false;
        kick();
      } else plan(busy ? 1000 : 0);
    }));
    return done;
  }

  addEventListener('storage', guard((/** @type {StorageEvent} */ e) => {
    if (e.key !== PREFIX + KEY || !e.newValue) return;
    merge(e.newValue);
    if (stringify(core.queueJson()) !== e.newValue) save(); // it lacked what this tab has
    plan();
  }));
  // Back online: what failed for want of a network goes now, not when its backoff ends.
  addEventListener('online', guard(() => {
    save();
    // Written as is: a merge would keep the stored copy's later retry time.
    if (core.queueNetworkBack(clock())) write();
    kick();
  }));

  // What earlier pages left: retried now or when due (also where writing is
  // not allowed: a queue stored before Do Not Track, sent from memory).
  merge(store.get(KEY));
  plan();

  return {
    /** After a capture: report what was not queued, store the queue, tell listeners, send. @param {import('./core.js').CoreError[]} errors */
    captured(errors) {
      save();
      for (const payload of core.takeLeads()) emit('lead', { action: 'captured', id: payload.id, payload });
      for (const e of errors) report(new LeadScoreError(e.id, e.message, e.path));
      kick();
    },

    /**
     * flush(): the page wants delivery attempted now (e.g. before a
     * navigation), so what waits out a backoff goes too; resolves when done.
     */
    flush() {
      // Due now, what waits out a backoff; not a send under way: its answer is
      // waited for, and one that has just failed (timed out) is not made again
      // at once. Written as is: a merge would keep the stored copy's later retry time.
      save();
      if (core.queueFlush(clock())) write();
      return Promise.all([running, hid]).then(() => kick(true));
    },

    /**
     * The page is hidden (no event) or going away (pagehide, which comes
     * before visibilitychange): store, then send what is due and fits what
     * is left of QUOTA (oldest first); the rest waits, due, for this page if
     * it lives on or the next. Going away: by beacon where the target allows
     * one, else fetchLater where there is one (Chromium: it refuses at once,
     * where a fetch keepalive over the quota is refused after the page is
     * gone, the lead left leased), else fetch keepalive. Hidden: fetch keepalive, whose answer this
     * page hears if it lives on (a beacon's never: sent again after its
     * lease, a duplicate for receivers that cannot de-duplicate).
     * @param {Event} [leaving]
     */
    hide(leaving) {
      // The visibilitychange that follows pagehide (in the same task): done
      // (taking again what the browser refused would send it as if hidden).
      if (gone) return;
      if (leaving) {
        gone = 1;
        setTimeout(() => (gone = 0));
      }
      save();
      const batch = core.queueTake(clock(), tab, lease, 50, QUOTA - kept).filter((r) => !inflight.has(r.id));
      if (!batch.length) return;
      save();
      const later = /** @type {any} */ (self).fetchLater;
      hid = Promise.all(batch.map((r) => {
        if (!leaving || !(r.beacon ? navigator.sendBeacon : later)) return send(r, 1);
        // Refused at once (over a quota, which the host page's requests share:
        // sendBeacon says false, fetchLater throws): not sent, no attempt, not leased.
        try {
          if (r.beacon ? navigator.sendBeacon(r.url, new Blob([r.body], { type: r.content_type })) : later(r.url, { ...init(r), activateAfter: 0 })) return;
        } catch (_) {}
        core.queueReport(r.id, -1, clock(), 0);
      })).then(() => (save(), kick()));
      // Written as is: a merge would keep the stored copy's lease on what the browser refused.
      write();
    },

    /** forget(): the queue goes too. */
    clear() {
      core.queueLoad(null);
      plan();
    },
  };
}
