// @ts-check
/**
 * The URL a page was loaded with and the routes its app goes through before
 * LeadScore has started, noted for the widget's first page views (see
 * collectors.js start()). Both ways a page includes LeadScore note them as
 * soon as they run: the loader (dist/leadscore.js), and the ES module when
 * there is no loader to hand them over (an app's bundle imports it before
 * its router rewrites the URL and calls init()).
 */

/**
 * Runs `f` once the page's DOMContentLoaded has begun: the page's deferred
 * scripts (a router's redirect) run after this one, in the "interactive"
 * state already; added after it (a tag manager), at once.
 * @param {() => void} f
 */
export const ready = (f) => {
  const nav = /** @type {any} */ (performance.getEntriesByType('navigation')[0]);
  nav && !nav.domContentLoadedEventStart ? addEventListener('DOMContentLoaded', f, { once: true }) : f();
};

/**
 * Starts noting: returns the URL the page was loaded with (its campaign
 * tags, before an app's router rewrote it), then the app's routes until the
 * widget has started (it empties the list; so does a failed load), each a
 * page view then: [URL, visible ms since noting began (hidden time does not
 * count) when the app went there, Date.now() then, the journey meta of its
 * view once rendered]. As after the start, a route change (pushState,
 * replaceState, popstate) is a new route once the view before has rendered
 * (the next frame; 100 ms in a hidden tab), and rewrites the route before
 * until then (a router's redirect).
 * @returns {any[]}
 */
export function noteRoutes() {
  /** Visible ms since noting began, up to `at`, then since. */
  let shown = 0;
  let at = performance.now();
  const seen = () => shown + (document.hidden ? 0 : performance.now() - at);
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) shown += performance.now() - at;
    else at = performance.now();
  });

  /** @type {any[]} */
  let route = [location.href, 0, Date.now()];
  const routes = [location.href, route];
  /** The last route's view has not rendered yet (the page's own: not before DOMContentLoaded). */
  let fresh = 1;
  /** The view of the last route has rendered: its journey meta is noted. */
  const shownNow = () => {
    const meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="leadscore:journey"]'));
    route[3] = meta && meta.content;
    fresh = 0;
  };
  let ticket = 0;
  /** In the next frame (100 ms in a hidden tab), unless the route changes first. */
  const soon = () => {
    const t = ++ticket;
    const done = () => t == ticket && shownNow();
    setTimeout(done, 100);
    requestAnimationFrame(() => setTimeout(done));
  };
  ready(soon); // the page's own view not before then
  const note = () => {
    if (!routes[0] || (!fresh && routes.length > 49)) return; // the widget has started (or failed), or 49 routes wait
    if (!fresh) routes.push((route = [0, seen(), Date.now()]));
    route[0] = location.href;
    fresh = 1;
    soon();
  };
  const h = /** @type {any} */ (history);
  for (const m of ['pushState', 'replaceState']) {
    const f = h[m];
    // (both return undefined)
    if (f) h[m] = (/** @type {any[]} */ ...a) => {
      f.apply(h, a);
      note();
    };
  }
  addEventListener('popstate', note);
  return routes;
}
