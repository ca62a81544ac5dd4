// @ts-check
/**
 * What the widget observes on the page, as events for the core: page views
 * (incl. SPA route changes), scroll depth, visible time, CTA clicks,
 * downloads, form starts and submits. Also keeps the page-view state offers
 * are decided on (visible seconds, deepest scroll) and tells the offers when
 * an armed delay, depth or exit intent is reached. Form field values are
 * never read.
 */
import { HOST } from './dom.js';

const DWELL = [10, 30, 60, 120, 300];
const DEPTHS = [25, 50, 75, 100];
const ASSET = /\.(pdf|zip|docx?|xlsx?|pptx?|csv|epub|mp4|mp3)$/i;

/**
 * @param {import('./client.js').Context} ctx
 * @param {() => void} onPage called after each page view but the first is tracked (SPA routes, the back-forward cache)
 */
export function createCollectors(ctx, onPage) {
  const { clock, guard } = ctx;
  const page = ctx.page;
  /** Per page view: visible ms so far, visible since (0: hidden), dwell and depth marks passed, forms started. */
  let ms = 0;
  let since = 0;
  let dwell = 0;
  let mark = 0;
  let exited = false;
  let scrolled = false;
  let forms = new WeakSet();
  let timer = /** @type {any} */ (0);
  let frame = 0;
  /** A route change waiting for the app to render its view (the fallback timer). */
  let due = /** @type {any} */ (0);
  /** When a link was clicked or a form sent: a navigation may follow (no exit intent for a second). */
  let went = -Infinity;
  /** When the page started leaving (a navigation to another document under way), or -Infinity. */
  let leaving = -Infinity;
  /** The press of a key on a role=button CTA (see key()): [the CTA, whether a click of it came]. @type {any[] | null} */
  let keyed = null;
  /** The box an app shell scrolls its page in (see measure()). @type {Element | null | undefined} */
  let box;

  const visible = () => document.visibilityState === 'visible';
  const seconds = () => (ms + (since ? clock() - since : 0)) / 1000;

  /**
   * Decides the offers for a trigger reached (a delay, a depth, an exit
   * intent): a route change still waiting for its page (busy, below) is its
   * page view first, so what shows is the new page view's and stays when the
   * page comes in. @param {'delay' | 'scroll' | 'exit_intent'} trigger
   */
  function decide(trigger) {
    routeNow();
    return ctx.offers.decide(trigger);
  }

  /** Sets the timer for the next dwell mark or armed delay, while visible. */
  function plan() {
    clearTimeout(timer);
    if (!since) return;
    const s = seconds();
    const next = Math.min(DWELL[dwell] || Infinity, ...ctx.offers.armed().delays.filter((d) => d > s));
    if (next < Infinity) timer = setTimeout(guard(tick), (next - s) * 1000 + 20);
  }

  function tick() {
    resume();
    const s = seconds();
    while (dwell < DWELL.length && DWELL[dwell] <= s) ctx.track('dwell', { seconds: DWELL[dwell++] });
    if (ctx.offers.armed().delays.some((d) => d <= s)) decide('delay');
    plan();
  }

  /**
   * A page view: resets the per-page state and tracks it. `landing`: the URL
   * the page was loaded with, whose campaign tags (UTM, click ids) an app's
   * router may have dropped from the URL before the widget started (props.landing). `url`:
   * an app's route before the widget started, if not where the page is now.
   * `stage`: the journey meta of that route's view, as the loader noted it;
   * `ts`: when the app went there (default: now).
   * @param {string} referrer @param {string} [landing] @param {string} [url] @param {string | null} [stage] @param {number} [ts]
   */
  function newPage(referrer, landing, url = location.href, stage = journeyMeta(), ts) {
    page.url = url;
    page.depth = 0;
    ms = dwell = mark = 0;
    since = visible() ? clock() : 0;
    exited = scrolled = false;
    forms = new WeakSet();
    /** @type {Record<string, string>} */
    const props = {};
    if (referrer) props.referrer = referrer;
    if ((stage = (stage || '').trim())) props.journey = stage;
    // Its campaign tags, for the core, if a router has rewritten it (at most a prop's 8,192 bytes).
    if (landing && landing != url) props.landing = landing.slice(0, 8192);
    ctx.track('page_view', props, url, ts);
    measureSoon(); // the depths the view shows unscrolled (a short page: all)
  }

  /** The journey meta of the view shown now. */
  const journeyMeta = () => {
    const meta = document.querySelector('meta[name="leadscore:journey"]');
    return meta && meta.getAttribute('content');
  };

  /** Measures the scroll depth in the next frame (once however many ask). */
  const measureSoon = () => {
    if (!frame) frame = requestAnimationFrame(guard(measure));
  };

  /**
   * pathname + search, and a hash router's route (#/plans, #!/plans; not an
   * anchor): what makes a new page view. Not its campaign tags, which many
   * pages take out of the address bar once read (replaceState): the same page.
   * @param {string} url
   */
  const pageKey = (url) => {
    const u = new URL(ctx.core.withoutCampaignParams(url), location.href);
    return u.pathname + u.search + (/^#!?\//.test(u.hash) ? u.hash : '');
  };

  /** A page view after the first: the page's offers, gates and forms again, the visible-time timer. @param {string} referrer */
  function view(referrer) {
    newPage(referrer);
    // The depths it shows unscrolled once it has stopped growing (below), not in the next frame.
    cancelAnimationFrame(frame);
    frame = 0;
    held();
    onPage();
    plan();
  }

  /** The height of the page and of its scrolling box: a view still loading its content grows. */
  const tall = () => document.documentElement.scrollHeight + (box ? box.scrollHeight : 0);
  let holding = 0;
  /**
   * A route's view is measured unscrolled once its height has held for half a
   * second (at most 5 s): an app that shows a spinner and renders the article
   * after the route change has not shown all of it. Scrolling measures at once.
   * @param {number} [h] @param {number} [n]
   */
  const held = (h = tall(), n = 0) => {
    clearTimeout(holding);
    holding = setTimeout(guard(() => (tall() == h || n > 8 ? measureSoon() : held(tall(), n + 1))), 500);
  };

  /**
   * A tab the visitor comes back to (shown again, or used again) after the
   * session timeout, as the core says: a new visit, begun with a page view of
   * where it is (not a touch: the page itself is its referrer).
   */
  const resume = () => !frozen && ctx.core.visitLapsed(clock()) && view(page.url);
  /**
   * The page is in the back-forward cache: shown again, it is a page view
   * (pageshow), not also a return after a lapsed visit (Chromium's
   * visibilitychange comes first, before the profile is taken in again).
   */
  let frozen = false;

  function route() {
    clearTimeout(due);
    due = 0;
    if (pageKey(location.href) !== pageKey(page.url)) return view(page.url), 1;
  }

  /**
   * A route change is tracked once the app has rendered the view (its title,
   * meta, content): after the next frame, or within 100 ms where no frames
   * come (a hidden tab); while the page says it is still loading the view
   * (busy, below), as soon as it is in; at once if the page is hidden or
   * left first. Changes in between make one page view, of where they end.
   */
  const routeNow = guard(() => due && route());
  const routeShown = guard(() => due && !busy && route());
  function routeSoon() {
    if (due) return;
    due = setTimeout(routeShown, 100);
    requestAnimationFrame(() => setTimeout(routeShown));
  }
  /**
   * The page marked <html aria-busy="true"> since the widget started and has
   * not taken the mark away: Turbo Drive does, from a visit's pushState
   * until the new page's head and body are in (a slow response).
   */
  let busy = false;

  /** Whether `el` has more to scroll to and is a page's box (half the window tall or more). @param {Element | null | undefined} el */
  const big = (el) => !!el && el.scrollHeight > el.clientHeight + 2 && el.clientHeight * 2 >= innerHeight;

  function measure() {
    frame = 0;
    resume();
    // A route taken before this frame (the router scrolled to the top of its
    // new view): its page view first, so the old view's depths are not the
    // new one's, which is measured once its height has held (view()).
    if (routeNow()) return;
    let el = /** @type {Element} */ (document.documentElement);
    if (!big(el)) {
      // The document fits the window: an app shell, or a body that scrolls
      // (also a quirks-mode page's). The page is the big box last scrolled,
      // or the one at the window's centre.
      if (!big(box)) {
        box = document.elementsFromPoint(innerWidth / 2, innerHeight / 2).find((e) => !e.closest(`[${HOST}]`));
        while (box && !big(box)) box = box.parentElement;
      }
      el = box || el;
    }
    const height = el.scrollHeight;
    const bottom = el.scrollTop + el.clientHeight;
    const depth = bottom >= height - 2 ? 100 : Math.floor((bottom / height) * 100);
    while (mark < DEPTHS.length && DEPTHS[mark] <= depth) ctx.track('scroll', { depth: DEPTHS[mark++] });
    // Scroll-triggered offers wait for the visitor to scroll.
    if (!scrolled || !(depth > page.depth)) return;
    page.depth = depth;
    if (ctx.offers.armed().depths.some((d) => d <= depth)) decide('scroll');
  }

  /** Forms whose submit event was heard, until the navigation it may lead to (see sent()). */
  const heard = new WeakSet();

  /** A form's submit (not of the forms the widget drives: forms-ui.js submits those through the core). */
  const submit = guard((/** @type {Event} */ e) => {
    const [form] = along(e);
    if (!form || ctx.forms.owns(form)) return;
    heard.add(form);
    ctx.track('form_submit', formProps(form));
  });

  /**
   * A navigation the page makes: one by a form's submission (the Navigation
   * API names its form, or the button it was sent with, even in a shadow
   * root) whose submit event was not heard is a form the page's code sent
   * (form.submit(), which fires none); new FormData(form) navigates nowhere.
   * A heard one (requestSubmit(), a press, a submit handler that calls
   * form.submit()) counted already.
   * @param {any} e
   */
  function sent(e) {
    // Leaving for another document (a link, a form's Search, location.href):
    // no exit intent while the next page loads (see mouseout).
    if (!e.destination.sameDocument && e.downloadRequest == null) leaving = clock(); // (<a download>: "", no navigation)
    const s = e.sourceElement;
    const form = s && (s instanceof HTMLFormElement ? s : s.form);
    if (!form || heard.delete(form)) return;
    const own = ctx.forms.owns(form);
    if (own) own();
    else ctx.track('form_submit', formProps(form));
  }
  // Listened to before start(), and when it never comes (not tracked: Do Not
  // Track), where a driven form's lead is still taken (track() does nothing there).
  const nav = /** @type {any} */ (self).navigation;
  nav?.addEventListener('navigate', guard(sent));
  // One the page took over (an SPA's), or cancelled (an unsaved-changes guard): the visitor stays.
  for (const end of ['navigatesuccess', 'navigateerror']) nav?.addEventListener(end, () => (leaving = -Infinity));

  /**
   * A submit does not leave its shadow root: a form's root, if not the
   * document, is listened to (once however often) from the first event that
   * comes out of the form (a press, a keystroke, its focus) or its
   * requestSubmit() on.
   * @param {any} form
   */
  const hear = (form) => {
    const root = form && form.getRootNode();
    if (root && root != document) root.addEventListener('submit', submit, true);
    return form;
  };

  /**
   * What an event came from, found along its composed path (so inside the
   * page's open shadow roots too, not closed ones): its form, link, CTA, and
   * the control a label passes a click on to (a click of its own, which
   * counts); in the widget's own UI, which reports itself, only its link (fifth).
   * @param {Event} e
   * @returns {[HTMLFormElement?, (HTMLAnchorElement | HTMLAreaElement)?, Element?, any?, any?]}
   */
  function along(e) {
    /** @type {any} */
    let form = null;
    /** @type {any} */
    let a = null;
    /** @type {any} */
    let cta = null;
    /** @type {any} */
    let control = null;
    const path = e.composedPath();
    for (const n of path) {
      if (!(n instanceof Element)) continue;
      if (n.hasAttribute(HOST)) return [, , , , a]; // the widget's own UI, whatever its host's tag
      form = form || (n instanceof HTMLFormElement ? n : /** @type {any} */ (n).form);
      if (!a && (n instanceof HTMLAnchorElement || n instanceof HTMLAreaElement) && n.hasAttribute('href')) a = n;
      if (!cta && n.hasAttribute('data-leadscore-cta')) cta = n;
      if (n instanceof HTMLLabelElement && !path.includes(/** @type {any} */ (n.control))) control = n.control;
    }
    return [hear(form), a, cta, control];
  }

  /** @param {HTMLFormElement} form */
  const formProps = (form) => {
    const id = form.getAttribute('data-leadscore-form') || form.getAttribute('id') || form.getAttribute('name');
    return id ? { form_id: id } : {};
  };

  /** @param {Element} cta @param {string} [href] */
  function ctaClick(cta, href) {
    /** @type {Record<string, string>} */
    const props = {
      cta: cta.getAttribute('data-leadscore-cta') || '',
      text: Array.from(((cta.localName == 'input' ? /** @type {HTMLInputElement} */ (cta).value : cta.textContent) || '').trim().replace(/\s+/g, ' ')).slice(0, 100).join(''),
    };
    if (href) props.href = href;
    ctx.track('click', props);
  }

  /**
   * Enter or Space on a role=button CTA: a press, counted once the key is let
   * go unless a click of it came by then (the browser's, or one the page's
   * handler made), which counted itself.
   * @param {KeyboardEvent} e
   */
  function key(e) {
    if (e.key != 'Enter' && e.key != ' ') return; // typing: no walk along the path per key
    if (e.type == 'keydown') {
      const [, , at] = along(e);
      if (at && /** @type {Element} */ (e.composedPath()[0]).getAttribute('role') == 'button' && !e.repeat) keyed = [at];
    } else settle(); // let go wherever the focus is now (the page's handler may have moved it: a dialog it opened)
  }

  /**
   * Counts the key press on a role=button CTA (see key()), once: when the key
   * is let go, or when the window loses the focus first (the page's handler
   * put it in a frame, an embedded scheduler: the key is let go there).
   */
  function settle() {
    const press = keyed;
    const cta = press?.[0];
    if (!cta) return;
    press[0] = null;
    setTimeout(guard(() => press[1] || ctaClick(cta)));
  }

  /**
   * A click (primary button, keyboard) or a middle-button auxclick on a link:
   * each press is one of them, never both. The link and the CTA are found along
   * the composed path, so inside the page's open shadow roots too.
   * @param {MouseEvent} e
   */
  function click(e) {
    let [, a, cta, control, own] = along(e); // (a press on a shadow root's submit button: its submit is heard)
    if (e.button !== (e.type === 'click' ? 0 : 1)) return;
    if (own) went = clock(); // the widget's own link (a CTA): no page click, no exit intent right after
    if (e.button && !a) return; // a middle press opens a link (in a new tab); elsewhere, a <button> too, it does nothing
    if (cta && cta.contains(control)) cta = undefined;
    // A data: URL is the file itself (a page's CSV export, maybe megabytes), a blob: one a
    // random name for it: its download name instead.
    const href = a && (/^(data|blob):$/.test(a.protocol) ? a.download || a.protocol : a.href);
    if (a) went = clock();
    if (cta) {
      if (keyed) keyed[1] = 1;
      ctaClick(cta, href);
    }
    if (a && (a.hasAttribute('download') || ASSET.test(a.pathname))) {
      /** @type {Record<string, string>} */
      const props = { file: /** @type {string} */ (href) };
      const asset = a.getAttribute('data-leadscore-asset');
      if (asset) props.asset = asset;
      ctx.track('download', props);
    }
  }

  return {
    seconds,
    plan,
    resume,

    /**
     * Tracks the first page views and starts listening: of each route an app
     * went through before (a new path or query), in order, each with its
     * view's journey meta and the dwell marks of the visible time until the
     * next one, then where it is.
     * @param {any[]} [routes] the loader's: the URL the page was loaded
     * with, then the routes, each [URL, visible ms on the loader's clock,
     * Date.now() then, journey meta]; it notes no more once emptied here.
     * Each is stamped when the app went there (on this clock: an
     * init({clock}) ahead of Date.now() moves them as far), its dwell marks
     * when it was left.
     */
    start(routes = []) {
      const [landing, ...seen] = routes.splice(0);
      let last = '';
      let from = 0;
      for (let [url, t, ts, stage] of [...seen, [location.href]]) {
        ts = ts && clock() - Date.now() + ts;
        if (!last || pageKey(url) != pageKey(last)) {
          while (DWELL[dwell] <= (t - from) / 1000) ctx.track('dwell', { seconds: DWELL[dwell++] }, last, ts);
          newPage(last || document.referrer, last ? '' : landing, url, stage, ts);
          from = t;
        }
        last = url;
      }
      for (const m of ['pushState', 'replaceState']) {
        const h = /** @type {any} */ (history);
        const original = h[m];
        if (typeof original !== 'function') continue;
        h[m] = function (/** @type {any[]} */ ...args) {
          const result = original.apply(this, args);
          routeSoon();
          return result;
        };
      }
      addEventListener('popstate', routeSoon);
      // A router on the Navigation API (its navigations intercepted): no pushState, no popstate.
      nav?.addEventListener('currententrychange', routeSoon);
      const html = document.documentElement;
      new MutationObserver(guard(() => {
        busy = html.getAttribute('aria-busy') == 'true';
        if (!busy) routeNow(); // the new page is in (rendered): its page view now
      })).observe(html, { attributeFilter: ['aria-busy'] });
      // Back or Forward to this page kept in the back-forward cache: a page view of it, as a load would be.
      addEventListener('pageshow', guard((/** @type {PageTransitionEvent} */ e) => e.persisted && ((frozen = false), (leaving = went = -Infinity), view(document.referrer))));
      // The window's scrolls, and (captured: they do not bubble) big boxes' ones.
      addEventListener('scroll', (e) => {
        const t = /** @type {any} */ (e.target);
        if (t != document) {
          if (!big(t)) return;
          box = t;
        }
        scrolled = true;
        measureSoon();
      }, { passive: true, capture: true });
      document.addEventListener('visibilitychange', guard(() => {
        if (visible()) {
          resume();
          if (!since) since = clock();
        } else {
          routeNow();
          if (since) ms += clock() - since;
          since = 0;
          ctx.persist();
          ctx.hide();
        }
        plan();
      }));
      addEventListener('pagehide', (e) => (frozen = e.persisted));
      addEventListener('pagehide', routeNow);
      addEventListener('pagehide', guard(ctx.persist));
      addEventListener('pagehide', guard(ctx.hide));
      document.addEventListener('click', guard(click), true);
      document.addEventListener('auxclick', guard(click), true); // the middle button (open in a new tab)
      document.addEventListener('keydown', guard(key), true);
      document.addEventListener('keyup', guard(key), true);
      addEventListener('blur', guard(settle));
      document.addEventListener('mouseout', guard((/** @type {MouseEvent} */ e) => {
        // Leaving through the top of the window; not the moments after a link click or a form sent,
        // nor while the page is leaving for another document.
        // In a frame: only one at the window's top (same-origin), not up into the page around it.
        if (e.relatedTarget || e.clientY > 0 || (self != top && (frameElement?.getBoundingClientRect().top ?? 1) > 0)) return;
        resume(); // after the session timeout: decided in the new visit (its page view first)
        if (exited || clock() - went < 1000 || clock() - leaving < 1e4) return;
        if (!ctx.offers.armed().exit_intent) return;
        exited = !decide('exit_intent'); // not while the page's own modal is open
      }));
      document.addEventListener('input', guard((/** @type {Event} */ e) => {
        const [form] = along(e);
        if (!form || forms.has(form)) return;
        ctx.track('form_start', formProps(form)); // (a new visit's page view first: a new set of forms started)
        forms.add(form);
      }), true);
      document.addEventListener('submit', submit, true);
      // A form sent (its navigation starts a moment later), unless the page's own code took it.
      addEventListener('submit', (e) => e.defaultPrevented || (went = clock()));
      // A filled-in form sent with Enter or by the page's code, nothing typed:
      // a focus in it is enough to hear its shadow root (the page's own
      // HTMLFormElement.prototype is not patched for forms never touched).
      document.addEventListener('focusin', guard(along), true);
    },
  };
}
