// Navigation by swapping <body>, as Turbo Drive, htmx's hx-boost, Astro's
// view transitions, swup and pjax do it (imitated here, no framework): a
// click on a link fetches the next page and puts its <body> in place of
// this one; the <head> and its scripts stay (they never run again).
//   Turbo Drive (links without data-swap): history.pushState first, then,
//   when the response is in, document.body.replaceWith(the new page's body);
//   the body being left is kept as a snapshot (a deep clone, as Turbo's
//   cache does) and the back button shows that clone again (a restoration
//   visit: popstate, no request).
//   htmx hx-boost (data-swap="inner"): body.innerHTML = the new body's
//   markup, then history.pushState.
// A form that is not the widget's is sent the same way (its GET URL).
// window.swapHold, if a tests sets it to a promise, holds each swap until it
// resolves (a slow response).
const snapshots = new Map();
/** The URL of the body shown now. */
let here = location.href;

/** Keeps the body shown now as the snapshot of its URL. */
const keep = () => snapshots.set(here, [document.title, document.body.cloneNode(true)]);

/** @param {string} url @param {boolean} inner @param {boolean} [push] */
async function visit(url, inner, push = true) {
  if (push && !inner) history.pushState({ swap: 1 }, '', url);
  const html = await (await fetch(url)).text();
  await window.swapHold;
  const next = new DOMParser().parseFromString(html, 'text/html');
  keep();
  here = url;
  document.title = next.title;
  if (inner) {
    document.body.innerHTML = next.body.innerHTML;
    if (push) history.pushState({ swap: 1 }, '', url);
  } else {
    document.body.replaceWith(document.adoptNode(next.body));
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
  document.title = snapshot[0];
  document.body.replaceWith(snapshot[1].cloneNode(true));
});
