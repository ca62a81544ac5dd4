// @ts-check
/**
 * The widget's runtime: init() loads the module and the config, restores the
 * visitor, and starts the collectors, offers and gates; the client API passes
 * facts to the core and hands its answers to listeners. Every decision
 * (scores, stages, which offer, whether a gate is locked) comes from the
 * core. Nothing here throws into the page: errors go to on('error')
 * listeners and to console.warn once per error id; only the Promise of
 * init() rejects (with a LeadScoreError).
 */
import createLeadScoreCore from '../dist/leadscore-core.mjs';
import { coreClass, Changed, LeadScoreError, fromErrors, finite } from './core.js';
import { createStorage, PREFIX } from './storage.js';
import { createCollectors } from './collectors.js';
import { createOffers } from './offers-ui.js';
import { createGates } from './gates-ui.js';
import { createForms, langOf } from './forms-ui.js';
import { createDelivery } from './delivery.js';
import { HOST, tell, rootsIn, all } from './dom.js';
import { snapshot } from './snapshot.js';
import { stringify } from './json.js';

const EVENTS = ['score', 'stage', 'offer', 'lead', 'error'];
const STAGES = Changed.lifecycle | Changed.journey | Changed.temperature;
const MAX_PENDING = 200;
/** The widget's own texts where neither init() nor the config gives one. */
const ENGLISH_LABELS = { close: 'Close', locked: 'This content is locked.' };

/**
 * What the UI modules share (one per init).
 * @typedef {object} Context
 * @property {InstanceType<ReturnType<typeof import('./core.js').coreClass>>} core the Core (web/core.js)
 * @property {() => number} clock epoch ms
 * @property {(type: string, props?: object, url?: string, ts?: number) => number} track applies an event (of the page's URL now, or `url`; now, or at `ts`); the Changed bits or -1
 * @property {(name: string, value: unknown) => void} emit to client listeners
 * @property {(id: string, message: string) => void} fail reports a LeadScoreError
 * @property {(error: LeadScoreError) => void} report reports an error to on('error') listeners
 * @property {(result: any) => void} submitted after a form submit the core accepted (outcome ok)
 * @property {(leaving?: Event) => void} hide the page is hidden, or going away (pagehide): store, and send what is due
 * @property {() => void} where tells the core the page as it is now (URL, title), before a lead is made; a tab used again past the session timeout begins a new visit with a page view first
 * @property {<F extends Function>(fn: F) => F} guard wraps a function so it never throws
 * @property {() => void} persist stores the profile now
 * @property {{url: string, depth: number}} page the current page view (url, deepest scroll %)
 * @property {() => number} seconds visible seconds of this page view
 * @property {() => void} plan re-arms the visible-time timer
 * @property {(key: 'close'|'locked', at: Element) => {text: string, lang: string}} label the widget's own text `key` in the language of `at`, where it is shown: init's, else the config's, else English; with the language the text is in ('' unknown: init's, or the config's for every language)
 * @property {ReturnType<typeof import('./offers-ui.js').createOffers>} offers the offers UI
 * @property {ReturnType<typeof import('./forms-ui.js').createForms>} forms the forms
 */

/** A new visitor id (UUID v4). */
function newId() {
  const c = crypto;
  if (c.randomUUID) return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  const x = Array.from(b, (v) => (v + 256).toString(16).slice(1)).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** @param {unknown} v */
const isObject = (v) => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * fetch() that gives up when the file has not come in 30 s, answer and body
 * (why() says so): a request that stalls (accepted, never answered) would
 * hold init() and flush() for ever.
 * @param {string} url
 */
const request = (url) => fetch(url, { signal: AbortSignal.timeout?.(3e4) });

/** Why a file could not be loaded. @param {any} e */
const why = (e) => (e?.name == 'TimeoutError' ? 'not come in 30 s' : (e && e.message) || e);

/**
 * Instantiates the module from `url` (streaming when served as application/wasm).
 * @param {string} url
 * @returns {Promise<any>}
 */
function loadModule(url) {
  return new Promise((resolve, reject) => {
    const fail = (/** @type {any} */ e) =>
      reject(new LeadScoreError('leadscore.wasm.failed', `could not load ${url}: ${why(e)}`));
    const instantiate = async (/** @type {WebAssembly.Imports} */ imports) => {
      const response = await request(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      if (/^application\/wasm/.test(response.headers.get('content-type') || '')) {
        return WebAssembly.instantiateStreaming(response, imports);
      }
      return WebAssembly.instantiate(await response.arrayBuffer(), imports);
    };
    createLeadScoreCore({
      locateFile: () => url,
      instantiateWasm(/** @type {WebAssembly.Imports} */ imports, /** @type {Function} */ receive) {
        // receive() runs the module's start-up code: a module from another
        // build (a stale cache) throws there, and that is a failed load too.
        instantiate(imports).then((r) => receive(r.instance)).catch(fail);
        return {};
      },
      onAbort: fail,
    }).then(resolve, fail);
  });
}

/**
 * Ends the current task and continues in a new one, so that the page's own
 * work (input, rendering) can run between the parts of init() and none is a
 * long task: scheduler.yield() (it continues before other queued tasks), or
 * a timer.
 * @returns {Promise<void>}
 */
function nextTask() {
  const s = /** @type {any} */ (globalThis).scheduler;
  return s && s.yield ? s.yield() : new Promise((resolve) => setTimeout(resolve));
}

/**
 * The config: the object given, or the bytes fetched from its URL (the core
 * parses them: no JSON.parse here, and no walk of a parsed value; bytes that
 * are not UTF-8 are refused by the core where they are, as `leadscore
 * validate` refuses them, not decoded to U+FFFD by response.text()).
 * @param {unknown} source
 * @returns {Promise<unknown>}
 */
async function loadConfig(source) {
  if (typeof source !== 'string') return source;
  const url = new URL(source, location.href).href;
  try {
    const response = await request(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return { url, text: new Uint8Array(await response.arrayBuffer()) };
  } catch (e) {
    throw new LeadScoreError('leadscore.config.fetch', `could not load ${url}: ${why(e)}`);
  }
}

/**
 * The LeadScore API of the page: one per page, so one core keeps the
 * profile. The ES module imported beside the script tag (or twice, from two
 * URLs) and the widget bundle get the API the first of them made, and the
 * loader's window.LeadScore stub takes it at once (see loader.js; the
 * loader's routes go with it; without a loader, those `notes()` starts).
 * @param {string} base URL the wasm is resolved against (the widget script, or the ES module)
 * @param {() => any[]} [notes] the ES module's: notes the routes itself (route-notes.js)
 */
export function createRuntime(base, notes) {
  const g = /** @type {any} */ (globalThis);
  const one = Symbol.for('leadscore');
  const stub = g.LeadScore || {};
  if (!g[one]) {
    g[one] = runtime(base, stub._routes || notes?.());
    if (typeof stub._register == 'function') stub._register(g[one]);
  }
  return g[one];
}

/**
 * The LeadScore API: init() and the client methods, usable before init()
 * resolves (calls wait for it, then run in order).
 * @param {string} base URL the wasm is resolved against
 * @param {any[]} [routes] the URL the page was loaded with, then the routes an app went through before the widget started (the loader notes them; see collectors.js start())
 */
function runtime(base, routes) {
  /** @type {Record<string, Set<Function>>} */
  const listeners = {};
  for (const name of EVENTS) listeners[name] = new Set();
  const warned = new Set();
  /** @type {Promise<any> | null} */
  let starting = null;
  /** @type {any} the running widget (null before init, or after a failed init) */
  let rt = null;
  /** @type {Array<() => void> | null} calls waiting for init (null once init has settled) */
  let pending = [];
  /** Calls made before init beyond MAX_PENDING (reported once the widget runs). */
  let dropped = 0;
  /** @type {boolean | null} the last consent() before init (followed before anything is stored; run() once, where the first one was) */
  let early = null;

  /** @param {string} name @param {unknown} value */
  function emit(name, value) {
    for (const fn of [...listeners[name]]) {
      try {
        fn(value);
      } catch (e) {
        warn('leadscore.listener', e);
      }
    }
  }

  /** @param {string} id @param {unknown} what */
  function warn(id, what) {
    if (warned.has(id)) return;
    warned.add(id);
    console.warn(what);
  }

  /** @param {LeadScoreError} error */
  function report(error) {
    emit('error', error);
    warn(error.id, error);
  }

  /** @param {unknown} e */
  const toError = (e) =>
    e instanceof LeadScoreError ? e : new LeadScoreError('leadscore.internal', String((e && /** @type {Error} */ (e).message) || e));

  /**
   * @template {Function} F
   * @param {F} fn
   * @returns {F}
   */
  const guard = (fn) => /** @type {any} */ (function (/** @type {any[]} */ ...args) {
    try {
      // @ts-ignore: whatever `this` the caller had
      return fn.apply(this, args);
    } catch (e) {
      report(toError(e));
    }
  });

  /** @param {string} message */
  const argument = (message) => report(new LeadScoreError('leadscore.api.argument', message));

  /** Runs `fn` on the running widget now, or once init is done. @param {(rt: any) => void} fn @param {() => void} [done] */
  function later(fn, done) {
    const run = () => {
      if (rt) guard(fn)(rt);
      if (done) done();
    };
    if (pending && pending.length < MAX_PENDING) pending.push(run);
    else if (!pending) run();
    else {
      dropped++;
      if (done) done();
    }
  }

  /**
   * An event of track() or identify(): now if the widget runs, else once init
   * is done, with the URL and the time it was called at (on the widget's
   * clock, as long ago as by Date.now()); `call`, the loader's replay of a
   * call it queued (its `this`: loader.js), says them.
   * @param {any} call @param {string} type @param {object} [props]
   */
  const record = (call, type, props) => {
    if (rt && !pending) return rt.track(type, props); // no closure to queue (already guarded)
    const url = call?._u || location.href;
    const t = call?._t || Date.now();
    // As they are now, not as the page changes its object before init is done (snapshot.js).
    try {
      props = snapshot(props);
    } catch (_) {}
    // (Date.now() read before the widget's clock: never dated before it was called, even across a millisecond's tick)
    later((r) => r.track(type, props, url, t - Date.now() + r.clock()));
  };

  const client = {
    track: guard(/** @this {any} */ function (/** @type {string} */ type, /** @type {object} */ props) {
      if (typeof type !== 'string' || !type || (props != null && !isObject(props))) {
        return argument('track(type, props): type must be a non-empty string and props an object');
      }
      record(this, type, props || undefined);
    }),
    identify: guard(/** @this {any} */ function (/** @type {object} */ fields) {
      // (a model with toJSON, Backbone's: the fields it gives)
      if (typeof (/** @type {any} */ (fields))?.toJSON == 'function') fields = /** @type {any} */ (fields).toJSON();
      if (!isObject(fields)) return argument('identify(fields): fields must be an object');
      // An object or a list (maybe one that refers back to itself), a BigInt, a function: no
      // contact field, said and left out; the rest is taken. (a Date, or anything with
      // toJSON, is sent as what that gives)
      /** @type {any} */
      const kept = {};
      const nested = Object.keys(fields).filter((k) => {
        const v = /** @type {any} */ (fields)[k];
        const ok = v == null || /^(st|bo|nu)/.test(typeof v) || v.toJSON; // string, boolean, number
        if (ok) kept[k] = v;
        return !ok;
      });
      if (nested.length) argument(`identify(fields): ${nested.join(', ')}: no text, number, boolean or null; not kept`);
      record(this, 'identify', kept);
    }),
    state: guard(() => (rt ? rt.state() : null)),
    /** @param {string} event @param {Function} fn */
    on(event, fn) {
      const set = typeof event === 'string' && Object.prototype.hasOwnProperty.call(listeners, event) ? listeners[event] : null;
      if (!set || typeof fn !== 'function') {
        argument(`on(event, fn): event is one of ${EVENTS.join(', ')} and fn a function`);
        return () => {};
      }
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    consent: guard((/** @type {boolean} */ granted) => {
      if (typeof granted !== 'boolean') return argument('consent(granted): granted must be true or false');
      if (!pending) return later((r) => r.consent(granted));
      if (early === null) later((r) => r.consent(early));
      early = granted;
    }),
    forget: guard(() => later((r) => r.forget())),
    /** An async-snippet entry that calls no method (loader.js push()). */
    _bad: guard((/** @type {unknown} */ e) => argument(`LeadScore.push([method, ...arguments]): no method in ${String(e)}`)),
    /** No init() started: nothing to send, settled at once. @returns {Promise<void>} */
    flush: () =>
      new Promise((resolve) => {
        if (!starting) return resolve();
        /** @type {any} */
        let sending;
        try {
          later((r) => (sending = r.flush()), () => Promise.resolve(sending).then(() => resolve(), () => resolve()));
        } catch (e) {
          resolve();
        }
      }),
  };

  /** @param {any} options */
  async function start(options) {
    const o = isObject(options) ? options : {};
    if (!o.config || (typeof o.config !== 'string' && !isObject(o.config))) { // ('' too: an empty data-config)
      throw new LeadScoreError('leadscore.api.argument', 'init(options): options.config must be a config URL or a config object');
    }
    const labels = o.labels;
    if (labels !== undefined && !(isObject(labels) && Object.entries(labels).every(([k, v]) => /^(close|locked)$/.test(k) && (v === undefined || (v && typeof v == 'string'))))) {
      throw new LeadScoreError('leadscore.api.argument', 'init(options): options.labels must be {close?, locked?}, each a non-empty string');
    }
    const clock = o.clock ?? Date.now;
    // (not a Date, nor performance.now: every event would be refused)
    const t = typeof clock == 'function' && clock();
    if (!(Number.isFinite(t) && t > 1e12)) {
      throw new LeadScoreError('leadscore.api.argument', 'init(options): options.clock must be a function returning epoch milliseconds');
    }
    const wasmUrl = new URL(o.wasmUrl || 'leadscore.wasm', o.wasmUrl ? location.href : base).href;
    const [module, config] = await Promise.all([loadModule(wasmUrl), loadConfig(o.config)]);
    await nextTask();
    const core = new (coreClass(module))();
    const fetched = typeof o.config === 'string' ? /** @type {{url: string, text: Uint8Array}} */ (config) : null;
    const errors = fetched ? core.loadConfigText(fetched.text) : core.loadConfig(config);
    // Text that is not JSON: which file (the core says where in it).
    if (fetched && errors[0]?.id === 'leadscore.config.syntax') errors[0].message = `${fetched.url}: ${errors[0].message}`;
    if (errors.length) throw fromErrors(errors);
    const settings = core.settings(langOf(document.documentElement));
    const w = /** @type {any} */ (window);
    // Do Not Track, or Global Privacy Control: the forms the visitor sends, nothing else (see run()).
    const tracked = !(settings.respect_dnt && (navigator.doNotTrack === '1' || w.doNotTrack === '1' || w.navigator.globalPrivacyControl === true));
    await nextTask();
    // A page the browser prerenders (speculation rules, the address bar's best
    // guess) is not seen yet: nothing counted, stored or shown before it is opened.
    if (/** @type {any} */ (document).prerendering) {
      await new Promise((opened) => document.addEventListener('prerenderingchange', opened, { once: true }));
      // Its URL (and the routes its app went to meanwhile) a page view when it is opened, not before.
      routes?.forEach((r, i) => i && (r[2] = Date.now()));
    }
    const rest = run(core, clock, settings, tracked, labels);
    await nextTask();
    rest();
  }

  /**
   * Starts the widget on a loaded core: profile, collectors, delivery, the
   * first page view and the calls the page made; returns what is left to
   * do in a task of its own: gates, forms and offers, and watching for
   * content rendered later.
   *
   * Not `tracked` (Do Not Track or Global Privacy Control, under
   * privacy.respect_dnt): only the page's forms are driven, and the leads the
   * visitor sends with them delivered, from memory as under a pending
   * consent; a new visitor for this page, nothing stored (what earlier pages
   * stored is wiped, but leads still queued, sent from here), no page
   * views or other events, no offers, gates left open, no score or stage
   * events; the API's track(), identify() and consent() do nothing and
   * state() is null.
   * @param {any} core @param {() => number} clock
   * @param {{consent_required: boolean, timeout_ms: number}} settings
   * @param {boolean} tracked @param {{close?: string, locked?: string}} [labels] init's (checked)
   */
  function run(core, clock, settings, tracked, labels) {
    // What lead payloads say of the page (setPage() below).
    let pageUrl = '';
    let pageTitle = '';
    // The core hears at once when the visitor allows storing or stops (here or in another tab).
    const store = createStorage(report, tracked && !settings.consent_required, () => setPage());
    // A consent() made before init: the refusal is stored before anything else.
    if (tracked && early !== null) store.choose(early ? '1' : settings.consent_required ? null : '0');
    /** Follows the stored choice: "1" allows storing, "0" (a refusal, kept across loads) forbids it, none: the config's default. */
    const follow = () => {
      const choice = store.get('consent'); // read whether or not writing is allowed
      store.allow(tracked && (choice === '1' || (choice !== '0' && !settings.consent_required)));
    };
    follow();
    // Do Not Track: what earlier pages stored goes, as forget() wipes it; but
    // not the leads they left queued, which delivery.js sends from memory and
    // removes once this page has delivered them (no lead is lost).
    if (!tracked) store.wipe('queue');

    // The visitor and their stored profile (its text, which the core parses);
    // a refused profile is kept aside once. Read only where storing is
    // allowed: under "required" before consent, each page starts from nothing.
    let visitor = (store.allowed() && store.get('visitor')) || newId();
    const text = store.allowed() ? store.get('profile') : null;
    const problems = core.loadProfileText(text, visitor);
    if (problems.length) {
      if (text && store.get('profile-refused') === null) store.set('profile-refused', text);
      report(fromErrors(problems));
    }
    visitor = (core.profile() || {}).visitor_id || visitor;
    store.set('visitor', visitor);

    // Persistence: debounced after events, at once when the page is hidden.
    let dirty = false;
    let saveTimer = /** @type {any} */ (0);
    /** The stored profile text as this page last read or wrote it. */
    let synced = store.raw('profile');
    /** forget() told to the site's other pages. */
    const channel = typeof BroadcastChannel == 'function' ? new BroadcastChannel('leadscore') : null;
    /** The events this page applied since it last stored the profile (JSON texts): what another tab's newer profile is missing. */
    /** @type {string[]} */
    let unsaved = [];
    function persist() {
      clearTimeout(saveTimer);
      saveTimer = 0;
      if (!dirty) return;
      // Another page stored since this one last read or wrote (a newer
      // profile; none: forget() there): taken over first, this page's events
      // applied to it again (adopt(), which stores them), not written over.
      if (store.raw('profile') !== synced) adopt();
      if (!dirty) return;
      dirty = false;
      unsaved = [];
      store.set('visitor', visitor);
      const text = core.profileText(); // stored as the core writes it: no parse and stringify again
      if (text !== 'null') {
        store.set('profile', text);
        synced = store.raw('profile'); // (what storage holds: not this, when it is full)
      }
    }

    // Stage transitions already announced end with this one.
    /** @param {any} t */
    const key = (t) => (t ? `${t.kind}|${t.from}|${t.to}|${t.ts}` : '');
    /** @param {any[]} list */
    const lastKey = (list) => key(list[list.length - 1]);
    let announced = lastKey(core.state(clock()).transitions);
    /** @param {any[]} list */
    function newTransitions(list) {
      let i = list.length;
      if (announced) while (i > 0 && key(list[i - 1]) !== announced) i--;
      else i = 0;
      announced = lastKey(list);
      return list.slice(i);
    }

    // Follow-ups of an event (offers, gates) run once, after the current work.
    let todo = 0;
    /** Whether gates, forms and offers have been rendered once (onPage). */
    let rendered = false;
    function followUp() {
      if (todo || !tracked) return;
      queueMicrotask(guard(() => {
        const t = todo;
        todo = 0;
        if (!rendered) return; // the first render (onPage) is still to come and does all of it
        if (t & 2) gates.refresh(), forms.refresh();
        if (t & 1) offers.decide('load');
      }));
    }

    // What lead payloads say of the page; a form's lead id is unique by a
    // random seed per page load. A stage reached while tracking was not
    // allowed makes its lead once it is (the core kept it back).
    /** @param {string} [seed] */
    function setPage(seed) {
      pageUrl = location.href;
      pageTitle = document.title;
      let hutk = null;
      try {
        hutk = /(?:^|;\s*)hubspotutk=([^;]*)/.exec(document.cookie); // HubSpot's own cookie, read for hubspot targets
      } catch (_) {
        // sandboxed frames: no cookies
      }
      // Storing not allowed (consent withheld, Do Not Track): the core leaves
      // out of leads what tracking learnt, the referrer and the cookie too.
      const bits = core.setPage({ seed, url: pageUrl, title: pageTitle, referrer: document.referrer, hubspotCookie: hutk ? hutk[1] : '', untracked: !store.allowed(), now: clock() });
      if (bits) delivery.captured(bits & Changed.leadErrors ? core.takeLeadErrors() : []);
    }
    setPage(newId());

    // The event's JSON is written piece by piece: the same text as
    // JSON.stringify({type, url, ts, props}), without building the object,
    // and the page URL's JSON only when it changes.
    let urlJson = '';
    let urlOf = '';
    /** @param {string} type @param {object} [props] @param {string} [at] the event's URL, if not the page's now @param {number} [when] its time, if not now */
    function track(type, props, at, when) {
      if (!tracked) return -1; // Do Not Track: no events, whoever asks
      if (type != 'page_view') collectors.resume(); // a tab used again past the session timeout: a new visit's page view first
      const url = location.href;
      if (url !== pageUrl || document.title !== pageTitle) setPage(); // an SPA sets the title after the URL
      if ((at = at || url) !== urlOf) {
        urlOf = at;
        // Cut to the 4,096 bytes an event's URL may have (a URL is ASCII):
        // a page with a big query keeps its page view.
        urlJson = JSON.stringify(at.slice(0, 4096));
      }
      let json;
      try {
        const ts = JSON.stringify(when || clock());
        const p = props ? stringify(props, finite) : undefined;
        json = `{"type":${JSON.stringify(type)},"url":${urlJson}${ts === undefined ? '' : `,"ts":${ts}`}${p === undefined ? '' : `,"props":${p}`}}`;
      } catch (e) {
        argument(`track(${type}): props must be JSON data (${e})`);
        return -1;
      }
      return apply(json);
    }

    /** Applies one event's JSON to the profile and follows it up. @param {string} json */
    function apply(json) {
      const bits = core.track(json);
      if (bits < 0) {
        report(core.lastError());
        return bits;
      }
      if (unsaved.length < 500) unsaved.push(json);
      changed(bits);
      // A stage reached is stored at once: another tab replaying this event would reach it (and make its lead) again.
      if (bits & Changed.lifecycle) persist();
      // A stage change may have made a lead (or found the queue full).
      if (bits & (Changed.lifecycle | Changed.leadErrors)) delivery.captured(bits & Changed.leadErrors ? core.takeLeadErrors() : []);
      return bits;
    }

    /** What follows an accepted event: storing, listeners, offers and gates. @param {number} bits */
    function changed(bits) {
      dirty = true;
      if (!saveTimer) saveTimer = setTimeout(guard(persist), 1000);
      if (bits & STAGES || (bits & Changed.score && listeners.score.size)) {
        const state = core.state(clock());
        if (bits & Changed.score) emit('score', state);
        if (bits & STAGES) for (const t of newTransitions(state.transitions)) emit('stage', t);
      }
      const next = (bits & (Changed.lifecycle | Changed.journey) ? 1 : 0) |
        (bits & (Changed.gates | Changed.lifecycle | Changed.contact) ? 2 : 0);
      if (next) {
        followUp();
        todo |= next;
      }
    }

    /** @type {Context} */
    const ctx = {
      core, clock, track, emit, guard, persist, report,
      fail: (id, message) => report(new LeadScoreError(id, message)),
      submitted(r) {
        if (tracked) {
          changed(r.changed);
          persist();
        }
        delivery.captured(r.lead_errors);
      },
      hide: (e) => delivery.hide(e),
      where: () => {
        if (tracked) collectors.resume(); // a new visit's page view first
        setPage();
      },
      page: { url: location.href, depth: 0 },
      seconds: () => 0,
      plan: () => {},
      label(key, at) {
        if (labels?.[key]) return { text: labels[key], lang: '' };
        const found = core.settings(langOf(at));
        if (found.labels[key]) return { text: found.labels[key], lang: found.label_languages[key] || '' };
        return { text: ENGLISH_LABELS[key], lang: 'en' };
      },
      offers: /** @type {any} */ (null),
      forms: /** @type {any} */ (null),
    };
    const delivery = createDelivery(ctx, store, newId(), settings.timeout_ms);
    const forms = (ctx.forms = createForms(ctx));
    const offers = (ctx.offers = createOffers(ctx));
    const gates = createGates(ctx, offers);
    /** Copies of the widget's hosts, empty (a snapshot of the body a page put back: Turbo's back button), go. */
    const sweep = () => {
      for (const e of document.querySelectorAll(`[${HOST}]`)) if (!e.shadowRoot) e.remove();
    };
    const onPage = () => {
      rendered = true;
      sweep();
      if (!tracked) return forms.scan(); // not tracked: the page's forms only
      offers.reset();
      gates.reset();
      gates.scan();
      forms.scan();
      offers.decide('load');
    };
    const collectors = createCollectors(ctx, onPage);
    ctx.seconds = collectors.seconds;
    ctx.plan = collectors.plan;

    rt = {
      track,
      clock,
      state() {
        const s = core.state(clock());
        if (s) s.delivery = core.queueInfo(clock());
        return s;
      },
      persist,
      /** Stores the profile, sends what is due; resolves when done. */
      flush() {
        dirty = true;
        persist();
        return delivery.flush();
      },
      /** @param {boolean} granted */
      consent(granted) {
        if (granted) {
          const was = store.allowed();
          store.choose('1'); // first: a refusal stored, which set() would follow, is replaced
          store.allow(true);
          // (allowed now: this page's visitor stored, not one left from before consent was required)
          if (!was) synced = store.raw('profile');
          dirty = true;
          persist();
        } else {
          // The refusal first (kept when consent is not required: it is what
          // stops storing after a reload; under "required" not storing is the
          // default), so other tabs stop storing before the wipe reaches them
          // (and go on in memory, not as a new visitor).
          store.choose(settings.consent_required ? null : '0');
          store.allow(false);
          store.wipe();
        }
      },
      forget() {
        store.wipe();
        channel?.postMessage(0); // other pages start over, also those that may not store
        restart();
      },
    };
    if (!tracked) rt = { ...rt, state: () => null, consent() {} }; // (track() does nothing then)

    /** A new anonymous visitor (forget(), here or in another tab): empty profile and queue. */
    function restart() {
      delivery.clear();
      if (settings.consent_required) store.allow(false); // consent is asked again
      visitor = newId();
      core.loadProfile(null, visitor);
      synced = null;
      unsaved = [];
      announced = '';
      dirty = true;
      if (tracked && listeners.score.size) emit('score', core.state(clock()));
      followUp();
      todo |= 3;
    }

    // Other pages of this visitor (another tab, this page before it went into
    // the back-forward cache) store the profile too: a newer stored profile
    // is taken over, so no page writes an older profile back over what
    // another one stored, and the events this page had not stored yet are
    // applied to it again (when it is the same visitor's), so neither tab's
    // are lost; a wiped one (forget() there) starts this page over too. The
    // stored choice first: a page that may no longer store (consent(false)
    // there, which wipes too) keeps its visitor, in memory.
    const adopt = guard(() => {
      follow();
      const now = store.raw('profile');
      if (!store.shared() || now === synced) return;
      if (now === null) return restart();
      const mine = core.profileText();
      const problems = core.loadProfileText(now, visitor);
      if (problems.length) return void core.loadProfileText(mine === 'null' ? null : mine, visitor); // refused: keep this page's
      synced = now;
      clearTimeout(saveTimer);
      saveTimer = 0;
      dirty = false;
      const before = visitor;
      visitor = (core.profile() || {}).visitor_id || visitor;
      const state = core.state(clock());
      announced = lastKey(state.transitions);
      if (listeners.score.size) emit('score', state);
      followUp();
      todo |= 3;
      const replay = visitor === before ? unsaved : [];
      unsaved = [];
      for (const json of replay) apply(json);
      if (replay.length) persist(); // the other tabs take these over in turn
    });
    addEventListener('storage', (e) => {
      if (e.key === PREFIX + 'profile' || e.key === null) adopt();
      else if (e.key === PREFIX + 'consent') guard(follow)(); // consent(true/false) in another tab
    });
    addEventListener('pageshow', (e) => {
      if (e.persisted) adopt();
    });
    if (channel) channel.onmessage = guard(restart);

    if (tracked) collectors.start(routes); // the first page views, before what the page queued
    else {
      routes?.splice(0); // the loader notes no more
      addEventListener('pagehide', guard(ctx.hide)); // a lead still to send goes with the page
    }
    const calls = pending || [];
    pending = null;
    for (const call of calls) call();
    if (dropped) {
      report(new LeadScoreError('leadscore.api.queue_full', `${dropped} calls made before init() was done were dropped (at most ${MAX_PENDING} wait)`));
      dropped = 0;
    }

    return () => {
      if (!rendered) onPage(); // unless an SPA route change came first and did it

      // Content rendered later (SPA views): new gates and slots; the page's
      // language changed (a lang attribute: the boxes on screen relabel); the widget's
      // attributes set, changed or taken off on elements already there
      // (hydration, a re-render that only changes attributes); the page's
      // modal opening (offers step aside at once on its inert, open, aria-hidden or aria-modal, before the page moves the
      // focus into it) and closing; a gate locked or opened (its slots: none while locked); the focus moving (a modal in a shadow root;
      // out of a form's fields) and a form sent or reset (offers held back while the visitor filled it in).
      // Also what web components render into their open shadow roots, which
      // no observer of the document sees: each root found (dom.js) is
      // watched too, and a component not defined yet is looked for once it
      // is (its shadow root comes then).
      let scan = /** @type {any} */ (0);
      let relang = false;
      const step = guard(offers.changed);
      const look = () => {
        scan = scan || setTimeout(guard(() => {
          scan = 0;
          // (gates first: a copy of a remove gate's card in it says the page added to it, innerHTML +=)
          if (tracked) gates.scan(); // not tracked: the page's forms only
          sweep();
          forms.scan();
          if (tracked && offers.changed()) offers.decide('load');
          if (relang) {
            if (tracked) offers.relabel();
            forms.relang();
          }
          relang = false;
        }), 50);
      };
      // Components defined together (an app's bundle defines its 40 at once): their elements
      // looked in once, not the whole page once for each (a long task on a big page).
      /** @type {Set<string>} */
      const names = new Set();
      /** @param {string} name */
      const defined = (name) => {
        if (!names.size) {
          queueMicrotask(guard(() => {
            rootsIn(all([...names].map(CSS.escape) + ''));
            names.clear();
            look();
          }));
        }
        names.add(name);
      };
      const waited = new Set();
      /** Components not defined yet in `n` (and `n` itself): looked for once they are. @param {any} n */
      const awaitDefinition = (n) => {
        for (const { localName } of [n, ...n.querySelectorAll(':not(:defined)')]) {
          if (localName?.includes('-') && !customElements.get(localName) && !waited.has(localName)) {
            waited.add(localName);
            const was = () => defined(localName);
            customElements.whenDefined(localName).then(was, was);
          }
        }
      };
      const mo = new MutationObserver((records) => {
        if (records.some((r) => r.attributeName)) step();
        if (records.some((r) => r.attributeName == 'lang')) relang = true;
        for (const r of records) {
          for (const n of r.addedNodes) {
            if (!(/** @type {any} */ (n).querySelectorAll)) continue;
            rootsIn([n]);
            awaitDefinition(n);
          }
        }
        look();
      });
      /** @param {Document | ShadowRoot} root */
      const watch = (root) => {
        mo.observe(root, { childList: true, subtree: true, attributeFilter: ['inert', 'open', 'aria-hidden', 'aria-modal', 'data-leadscore-gate', 'data-leadscore-locked', 'data-leadscore-slot', 'data-leadscore-form', 'lang'] });
        awaitDefinition(root);
        root.addEventListener('focusout', look); // a move inside a shadow root (out of a web component's form field) is heard only there
        root.addEventListener('reset', look, true); // a form emptied by form.reset(), nothing else changed (a held offer comes)
      };
      watch(document);
      tell(watch);
      addEventListener('focusin', look);
      addEventListener('focusout', look);
      addEventListener('submit', look, true);
      addEventListener('toggle', look, true); // a popover closed (no mutation): a modal offer waiting for it
    };
  }

  return {
    /**
     * Starts LeadScore once; later calls return the same Promise.
     * @param {any} options
     */
    init(options) {
      if (!starting) {
        // <html data-leadscore-ready>: the gates are decided (each locked or
        // left open), or will stay open (Do Not Track, a failed start); the
        // loader's rule hides gated content until then.
        const decided = () => document.documentElement.setAttribute('data-leadscore-ready', '');
        starting = start(options).then(
          () => {
            decided();
            // Calls made while starting run now.
            const calls = pending || [];
            pending = null;
            for (const call of calls) call();
            return client;
          },
          (e) => {
            decided();
            const error = toError(e);
            const calls = pending || [];
            pending = null;
            for (const call of calls) call(); // settles flush() promises; nothing runs
            report(error);
            throw error;
          },
        );
        starting.catch(() => {}); // an init() nobody awaits is no unhandled rejection
      }
      return starting;
    },
    ...client,
    LeadScoreError,
  };
}
