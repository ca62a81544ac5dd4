// @ts-check
/**
 * The loader (dist/leadscore.js), the one file a page includes:
 *
 *   <script src="/leadscore/leadscore.js" data-config="/leadscore.json" defer></script>
 *
 * It defines window.LeadScore as a stub whose methods queue their calls, and
 * after DOMContentLoaded, when the browser is idle, loads the widget bundle
 * (leadscore-widget.js, from the loader's own directory) without blocking the
 * page. The widget registers itself through LeadScore._register(api); the
 * stub then takes the real methods and replays the queued calls in order. If
 * the widget cannot load, init() rejects with LeadScoreError
 * "leadscore.load.failed", on('error') listeners hear it, and the page keeps
 * working. From when it starts the widget, gated content is hidden until the
 * gates are decided (<html data-leadscore-ready>: see load()). No method of
 * the stub ever throws. Until the widget has started, it notes the app's
 * route changes (history.pushState, replaceState, popstate), which the
 * widget then tracks as page views; an ES module imported before it notes
 * them instead (once a page).
 */
import { ready, noteRoutes } from './route-notes.js';
import { snapshot } from './snapshot.js';

(() => {
  const w = /** @type {any} */ (window);
  const existing = w.LeadScore;
  if (existing && typeof existing.init === 'function') return; // included twice (or the widget itself is there): that one stays

  /** An error from LeadScore (the widget brings the full class; the loader only needs its own failure). */
  class LeadScoreError extends Error {
    /** @param {string} id @param {string} message */
    constructor(id, message) {
      super(`[${id}] ${message}`);
      this.name = 'LeadScoreError';
      this.id = id;
      this.path = '';
      /** @type {Array<{id: string, path: string, message: string}>} */
      this.errors = [];
    }
  }

  /**
   * A queued call: method, arguments, the page's URL and Date.now() when it
   * was made, settle callbacks (init/flush), the real result once replayed
   * (on's unsubscribe), and whether it was cancelled. Replayed with itself as
   * `this`: track() and identify() take their URL and time from it.
   * @typedef {{m: string, a: any[], _u: string, _t: number, ok?: (v: any) => void, no?: (e: any) => void, r?: any, off?: boolean}} Call
   */
  /** @type {Call[]} */
  const queue = [];
  /** @type {LeadScoreError | null} */
  let failed = null;
  let loading = false;
  let registered = false;
  /** The widget's API once it has registered: what the stub's methods call from then on (a page may have kept them). @type {any} */
  let real;
  let hint = '';

  const script = /** @type {HTMLScriptElement | null} */ (document.currentScript ||
    document.querySelector('script[src*="leadscore.js"]'));
  const base = (script && script.src) || location.href;
  /** The rule hiding gated content while the widget loads (see load()). @type {CSSStyleSheet | undefined} */
  let sheet;
  /**
   * The gates are decided, or given up on: gated content shows (until the
   * widget locks it); the rule is emptied, wherever it was added, so it
   * hides nothing later (a new SPA view, a router that takes the attribute
   * off <html>: Astro sets the next page's).
   */
  const decided = () => {
    document.documentElement.setAttribute('data-leadscore-ready', '');
    sheet?.replaceSync('');
    // The submits held meanwhile (hold()), sent again: the widget takes them
    // as any; one that could not start leaves them to the page, as without it.
    // (the widget reads the fill time as it takes each; a form taken out of
    // the page is not sent. Without requestSubmit (Safari < 16): a submit
    // event, and the form sent as the page made it when nothing took it.)
    started = 1;
    for (const [f, [s]] of [...held]) {
      try {
        if (f.requestSubmit) f.requestSubmit(s?.form == f ? s : null);
        else if (f.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))) f.submit();
      } catch (_) {
        // (one form's failure does not keep the others)
      }
    }
    held.clear();
  };
  /**
   * A form the widget drives (data-leadscore-form) sent while the widget is
   * loading: held, not sent to its action (a GET would put the answers in
   * the URL, and no lead would be made) nor heard by the page's own
   * listeners, until decided() sends it again; with its submit button and
   * how long after the loader ran it was sent (its fill time), which the
   * widget reads (LeadScore._held).
   * @param {Event} e
   */
  const hold = (e) => {
    const f = /** @type {any} */ (e.target);
    if (started || !loading || !f.hasAttribute('data-leadscore-form')) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    held.has(f) || held.set(f, [/** @type {any} */ (e).submitter, Date.now() - t0]);
  };
  const t0 = Date.now();
  /** @type {Map<HTMLFormElement, [any, number]>} */
  const held = new Map();
  let started = 0;
  addEventListener('submit', hold, true);
  /** Adds the rule to `r` and to the open shadow roots in it. @param {Document | ShadowRoot} r */
  const hide = (r) => {
    r.adoptedStyleSheets.push(/** @type {CSSStyleSheet} */ (sheet)); // beside the page's own (an observable array; a frozen one, Chromium < 99, throws: no rule)
    // Indexed, not for-of: twice as fast over a big page's elements, run
    // once, cold (bench/bench-element-walk.mjs).
    const els = r.querySelectorAll('*');
    for (let i = 0, e; (e = els[i++]); ) if (e.shadowRoot) hide(e.shadowRoot);
  };

  /** @param {string} m @param {any[]} a @returns {Call} */
  const push = (m, a) => {
    const call = { m, a, _u: location.href, _t: Date.now() };
    queue.push(call);
    return call;
  };

  /**
   * Calls without a result (track, identify, consent, forget): their
   * arguments as they are now, not as the page changes its objects later
   * (snapshot.js).
   * @param {string} m
   */
  const queued = (m) => (/** @type {any[]} */ ...a) => {
    if (real) return real[m](...a);
    try {
      a = snapshot(a);
    } catch (_) {}
    if (!failed) push(m, a);
  };

  /** Calls with a Promise result (init, flush). @param {string} m */
  const promised = (m) => (/** @type {any[]} */ ...a) => {
    if (real) return real[m](...a);
    if (m === 'init') load();
    const p = new Promise((ok, no) => {
      // (flush() before any init(): nothing to send)
      if (failed || !loading) return m === 'init' ? no(failed) : ok(undefined);
      const call = push(m, a);
      call.ok = ok;
      call.no = no;
    });
    // settled when the widget's init() is (it has marked <html> itself)
    if (m === 'init') p.then(decided, decided);
    return p;
  };

  // The page imported the ES module first: its API is the page's (no widget
  // bundle to load), and it notes the routes (one list per page).
  const made = w[Symbol.for('leadscore')];
  // The URL the page was loaded with, then the app's routes until the widget has started (route-notes.js).
  const routes = made ? [] : noteRoutes();

  // (an object the page froze takes no methods: a new one stands in for it)
  const stub = existing && typeof existing === 'object' && !Array.isArray(existing) && Object.isExtensible(existing) ? existing : {};
  /** The API's methods, as the stub has them before the widget has loaded. */
  const methods = {
    init: promised('init'),
    flush: promised('flush'),
    track: queued('track'),
    identify: queued('identify'),
    consent: queued('consent'),
    forget: queued('forget'),
    /** No state before the widget has loaded. */
    state: () => real ? real.state() : null,
    /** @param {string} event @param {Function} fn */
    on(event, fn) {
      if (real) return real.on(event, fn);
      const call = push('on', [event, fn]);
      return () => {
        call.off = true;
        if (typeof call.r === 'function') call.r();
      };
    },
  };
  Object.assign(stub, methods, {
    /** An async-snippet entry that calls no method (push() below): the widget reports it. */
    _bad: queued('_bad'),
    LeadScoreError,
    /** The URL the page was loaded with, then the app's routes (see above); the widget empties it. */
    _routes: routes,
    /** Forms sent before the widget started, with their fill time in ms (hold()); the widget takes it. */
    _held: held,
    /**
     * Called once by the widget bundle with the real API: takes its methods
     * and replays the queue in order.
     * @param {Record<string, any>} api
     */
    _register(api) {
      if (registered || failed) return;
      registered = true;
      real = api;
      Object.assign(stub, api);
      for (const call of queue.splice(0)) {
        if (call.off) continue;
        try {
          const r = (call.r = api[call.m].apply(call, call.a));
          if (call.ok) Promise.resolve(r).then(call.ok, call.no);
        } catch (e) {
          if (call.no) call.no(e);
        }
      }
    },
  });
  /**
   * The async-snippet way (LeadScore = LeadScore || []; LeadScore.push(['track',
   * 'signup'])): each entry is a call; it keeps working after the take-over.
   * One that calls no method of the API (no array, a typo) goes to _bad().
   * @param {any[]} entries
   */
  stub.push = (...entries) => {
    for (const entry of entries) {
      if (Array.isArray(entry) && methods.hasOwnProperty(entry[0])) {
        const r = stub[entry[0]](...entry.slice(1));
        if (r && r.catch) r.catch(() => {});
      } else stub._bad(entry);
    }
  };
  w.LeadScore = stub;

  // A page that queued calls before the loader ran keeps them, first in line.
  if (Array.isArray(existing)) stub.push(...existing);
  if (made) stub._register(made);

  /** The widget could not load: tell whoever listens, settle every promise; its gates stay open. */
  function fail() {
    if (registered || failed) return;
    routes.length = 0;
    decided(); // open (see load())
    const error = (failed = new LeadScoreError('leadscore.load.failed', `could not load ${widgetUrl()}${hint}`));
    for (const call of queue.splice(0)) {
      if (call.m === 'on' && call.a[0] === 'error' && !call.off && typeof call.a[1] === 'function') {
        try {
          call.a[1](error);
        } catch (_) {
          // a listener's failure is its own
        }
      }
      if (call.m === 'init' && call.no) call.no(error);
      else if (call.ok) call.ok(undefined);
    }
    console.warn(error);
  }

  function widgetUrl() {
    return new URL('leadscore-widget.js', base).href;
  }

  /**
   * Injects the widget script once the page is parsed and the browser idle.
   * Until the gates are decided (<html data-leadscore-ready>, which the
   * widget sets once it has, and fail() when it cannot load; at the latest
   * 8 s after this, the widget still on its way), gated content
   * is hidden (visibility: the layout and the DOM kept), by a constructed
   * stylesheet added to the page's own and to those of the open shadow
   * roots in it now (web components), which a CSP's style-src does not
   * block; nothing where the browser has none.
   */
  function load() {
    if (loading) return;
    loading = true;
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync('[data-leadscore-gate]{visibility:hidden}');
      hide(document);
    } catch (_) {
      // no constructed stylesheets: gated content shows until the widget has decided
    }
    // A widget or config request that stalls (neither answered nor failed)
    // hides gated content, and holds forms sent meanwhile, no longer than this
    // (counted from when a page the browser prerenders is opened: the widget starts then).
    const limit = () => setTimeout(decided, 8e3);
    if (/** @type {any} */ (document).prerendering) document.addEventListener('prerenderingchange', limit, { once: true });
    else limit();
    const go = () => {
      if (registered) return; // the page's ES module import registered meanwhile
      try {
        const s = document.createElement('script');
        const url = widgetUrl();
        // A page enforcing Trusted Types takes a script URL only from a
        // policy: ours ("leadscore") can make nothing but the widget's URL.
        let src = /** @type {any} */ (url);
        try {
          src = w.trustedTypes.createPolicy('leadscore', { createScriptURL: () => url }).createScriptURL('');
        } catch (_) {
          // no Trusted Types, or the page's trusted-types directive leaves "leadscore" out
          if (w.trustedTypes) hint = ' (trusted-types must allow "leadscore")';
        }
        s.src = src;
        s.async = true;
        s.onerror = fail;
        s.onload = () => setTimeout(fail); // loaded but never registered: not our widget
        (document.head || document.documentElement).appendChild(s);
        // A request that stalls (accepted, never answered) fails after a minute: init() and flush() settle.
        setTimeout(() => registered || ((hint = ' (not come in 60 s)'), fail()), 6e4);
      } catch (_) {
        fail();
      }
    };
    const idle = () =>
      w.requestIdleCallback ? w.requestIdleCallback(go, { timeout: 3000 }) : setTimeout(go, 1);
    ready(idle); // after the page's own deferred scripts
  }

  const config = script && script.getAttribute('data-config');
  if (config != null) stub.init({ config }).catch(() => {}); // failures (an empty data-config too) reach on('error') listeners
})();
