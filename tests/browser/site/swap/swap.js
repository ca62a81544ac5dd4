// Navigation by swapping <body>, as Turbo Drive, htmx's hx-boost, Astro's
// view transitions, swup and pjax do it (imitated here, no framework): a
// click on a link fetches the next page and puts its <body> in place of
// this one; the <head> and its scripts stay (they never run again).
//   Turbo Drive (links without data-swap): history.pushState first and
//   <html aria-busy="true"> (Turbo marks the page busy for the whole visit),
//   then, when the response is in, the new page's head merged in (its
//   <title> and named meta tags, such as leadscore:journey, in place of the
//   old ones), document.body.replaceWith(the new page's body), and the busy
//   mark taken away; the page being left is kept as a snapshot (deep clones
//   of its head and body, as Turbo's cache does) and the back button shows
//   that clone again (a restoration visit: popstate, no request).
//   htmx hx-boost (data-swap="inner"): the new head merged in, body.innerHTML
//   = the new body's markup, then history.pushState.
// A form that is not the widget's is sent the same way (its GET URL).
// window.swapHold, if a tests sets it to a promise, holds each swap until it
// resolves (a slow response).
const snapshots = new Map();
/** The URL of the body shown now. */
let here = location.href;

/** Keeps the page shown now (its head and body) as the snapshot of its URL. */
const keep = () => snapshots.set(here, [document.head.cloneNode(true), document.body.cloneNode(true)]);

/** Merges a page's head into this one: its title and named meta tags replace this one's. @param {HTMLHeadElement} head */
function mergeHead(head) {
  document.title = head.querySelector('title')?.textContent || '';
  for (const meta of document.head.querySelectorAll('meta[name]')) meta.remove();
  for (const meta of head.querySelectorAll('meta[name]')) document.head.append(meta.cloneNode());
}

/** @param {string} url @param {boolean} inner @param {boolean} [push] */
async function visit(url, inner, push = true) {
  if (!inner) {
    if (push) history.pushState({ swap: 1 }, '', url);
    document.documentElement.setAttribute('aria-busy', 'true');
  }
  const html = await (await fetch(url)).text();
  await window.swapHold;
  const next = new DOMParser().parseFromString(html, 'text/html');
  keep();
  here = url;
  mergeHead(next.head);
  if (inner) {
    document.body.innerHTML = next.body.innerHTML;
    if (push) history.pushState({ swap: 1 }, '', url);
  } else {
    document.body.replaceWith(document.adoptNode(next.body));
    document.documentElement.removeAttribute('aria-busy');
  }
  scrollTo(0, 0);
}

document.addEventListener('click', (e) => {
  const a = e.target instanceof Element && e.target.closest('a[href]');
  if (!a || e.defaultPrevented || e.button || a.origin !== location.origin || !a.pathname.startsWith('/swap/')) return;
  e.preventDefault();
  visit(a.href, a.getAttribute('data-swap') === 'inner');
});

document.addEventListener('submit', (e) => {
  const form = e.target;
  if (e.defaultPrevented || form.hasAttribute('data-leadscore-form')) return;
  e.preventDefault();
  const url = new URL(form.action);
  url.search = new URLSearchParams(new FormData(form)).toString();
  visit(url.href);
});

addEventListener('popstate', () => {
  const snapshot = snapshots.get(location.href);
  if (!snapshot) return void visit(location.href, false, false);
  keep();
  here = location.href;
  mergeHead(snapshot[0]);
  document.body.replaceWith(snapshot[1].cloneNode(true));
});
