// Size budgets of what a page loads (gzip -9 bytes, as a server would send
// them), with the figures printed:
//   - the loader a page fetches first, dist/leadscore.js: <= 3 KB (enforced);
//   - everything the widget loads with the script tag (loader + widget JS,
//     which carries the CSS, + wasm; tests/browser/smoke.test.mjs checks that
//     the page fetches nothing else): the target is 45 KB. It is NOT met yet
//     (the wasm alone is ~72 KB); until it is, a ceiling slightly above the
//     measured total keeps it from growing, and the test says NOT MET;
//   - internal budgets of the JS parts, so each stays small on its own.
// 1 KB = 1024 bytes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transform } from 'esbuild';
import { root, dist } from './support.mjs';

const KB = 1024;
const gzip = (/** @type {Buffer | Uint8Array} */ bytes) => gzipSync(bytes, { level: 9 }).length;
const sizeOf = (/** @type {string} */ f) => gzip(readFileSync(join(dist, f)));
const kb = (/** @type {number} */ n) => `${(n / KB).toFixed(1)} KB`;

/** What the script tag makes a page load, in order. */
const PAGE = ['leadscore.js', 'leadscore-widget.js', 'leadscore.wasm'];
const LOADER_BUDGET = 3 * KB;
const TOTAL_TARGET = 45 * KB;
/**
 * Regression ceiling while the 45 KB target is not met: the total measured
 * on 2026-11-22 with forms and delivery in (95,120 B: loader 1,043 + widget
 * 18,478 + wasm 75,599) plus ~1%; raised to 97,000 for a full queue
 * refusing a form submit (the profile kept to undo it, ~580 B, and the
 * visitor's message in four languages), flush(), and header and
 * duplicate-id checks on the stored queue (96,876 B measured); raised to
 * 97,600 for track() as a plain export and init() in three tasks (97,109 B
 * measured); lowered to 92,200 after trimming the build (Embind registering
 * only the types used, no RTTI, heap sort in the queue merge, wasm-opt
 * --converge, no std::to_string, merged constants, libc++ strings compiled
 * with the core: 91,674 B measured); lowered to 91,700 with the wasm
 * features of Safari 15 / Chrome 75 / Firefox 79 (bulk memory, sign
 * extension, non-trapping float-to-int: 91,194 B measured); raised to
 * 92,200 for the scoring speed work (Binaryen inlining up to size 6, the
 * parser's whitespace test inline: wasm batch 0.74 -> ~1.0 M events/s;
 * 91,763 B measured); raised to 92,500 for fixes a user would notice
 * (tabs sharing one profile, a consent refusal that lasts, middle-button and
 * shadow-DOM clicks, Esc on the slide-in, a full profile making room for a
 * form's answers, fields typed into staying asked, validation of settings
 * that could never take effect: ~+1.3 KB), after documents began crossing
 * into the wasm as JSON text (no Embind walk, no emscripten::val: -0.7 KB)
 * and the widget's CSS began to be minified (-0.1 KB); 92,431 B measured;
 * raised to 92,900 for leads that were lost or held back (valid answers
 * sent too fast asked to be sent again instead of dropped, with its message
 * in four languages: +182 B; a redirect no longer counted delivered and a
 * clock going back no longer holding a lead back: +68 B; Retry-After
 * honoured: +56 B; real calendar days in ISO dates: +6 B); 92,846 B measured;
 * raised to 93,000 for leads refused by a target address or header since
 * corrected in the config, sent again (+133 B); 92,979 B measured;
 * raised to 93,100 for the events a tab had not stored yet when another tab
 * stored first, applied again instead of lost (+77 B); 93,056 B measured;
 * lowered to 92,800 with the glue through Closure Compiler (-0.6 KB) after
 * four tracking fixes (scroll in app shells, campaign tags an SPA router
 * drops, data: downloads, CTA labels: +280 B); 92,729 B measured;
 * raised to 92,950 for config errors a marketer was not told (a key given
 * twice, +74 B; where 1e400 is, +18 B; no false "no form"/"no offer" beside
 * a form's or offer's own error, +64 B) and two tabs on two configs (+21 B);
 * 92,903 B measured; raised to 93,050 for texts running in their own
 * direction (an English offer on a Persian page, +99 B) and another tab's
 * write wiped when a consent refusal reaches it (+18 B); 93,022 B measured;
 * raised to 93,150 for pages enforcing Trusted Types, where the widget did
 * not load at all (the loader's "leadscore" policy: +82 B); 93,104 B measured;
 * raised to 93,450 for three tracking gaps (routes an SPA took before the
 * widget started, noted by the loader: +108 B loader, +76 B widget; forms in
 * web components' shadow roots: +68 B; pages shown again from the
 * back-forward cache: +28 B); 93,403 B measured; raised to 93,650 for leads
 * held back or sent twice at page hide (Chromium's 64 KiB keepalive quota
 * kept, a tab only hidden sending by fetch, not beacon, flush() waiting for
 * its sends: +148 B), gates a page nests, replaces or adds to and long offers
 * on phones (+37 B), form errors and CTA text readable on dark themes (+29 B),
 * after configs that are not UTF-8 refused and faster validation (-22 B);
 * 93,595 B measured; raised to 93,750 for a target that never answers (down,
 * unreachable, no CORS) reported instead of retried in silence (+104 B);
 * 93,699 B measured (93,719 with broken offer images removed, +20 B);
 * raised to 93,780 for duplicate offer, gate, form, field and target ids
 * said even after an item with other errors (+29 B) and syntax error columns
 * counted in characters, as editors count them (+10 B); 93,758 B measured;
 * raised to 93,990 for SPA routes taken before the widget started counted as
 * after it (a replaceState once the view has rendered is a route; journey
 * meta and dwell of each: +168 B loader, +32 B widget) and shadow-root forms
 * sent with Enter, nothing typed (+10 B); 93,964 B measured; raised to
 * 94,040 for a router's redirect in a deferred script (the page's own view
 * and the widget's start wait for DOMContentLoaded: +43 B); 94,007 B measured;
 * a last wasm-opt round after emcc's, run twice (--flatten --rereloop -Oz
 * --converge: -609 B), and -sSUPPORT_ERRNO=0 (-20 B), took 629 B off;
 * with leads the host page's keepalive requests held back (sent without
 * keepalive on an open page, by fetchLater at close: +125 B), and the UI on
 * hostile pages (focus kept on a thank-you through a double-click, the
 * widget's own custom element registry, boxes beside a body that holds fixed
 * boxes, sizes in em: +141 B), 93,748 B measured: lowered to 93,780;
 * lowered to 93,488 with config errors' literal messages built once in
 * Checker::fail, not at each call site (-292 B); 93,456 B measured;
 * lowered to 93,292 with "expected X, got Y" built in one place
 * (Checker::fail_type) and the event parser's literal errors assigned
 * without temporaries (-196 B); 93,260 B measured; lowered to 93,272
 * with errors at a named member built in Checker::fail_at (-20 B); 93,240 B
 * measured; lowered to 93,259 with messages quoting a value built in
 * Checker::fail_quoted (-13 B); 93,227 B measured; raised to 93,590 for
 * the UI round on host pages (direction following a page that flips dir,
 * no offer over or counted under the page's own modal, a double-click's
 * second press kept off page links, boxes and CTAs outlined in forced colors,
 * fixed hosts immune to page rules, input edges at 3:1) and tracking (hash
 * routes, keyboard and input CTAs, campaign keys read by the core from the
 * landing URL, URLs cut to the core's limits): +328 B; 93,555 B measured;
 * raised to 93,710 for a lead the browser would not send from a hidden tab
 * no longer held by the lease it released (+85 B) and the "unanswered"
 * decision moved from the widget into the core (+38 B); 93,678 B measured;
 * raised to 94,410 for forms the page's code sends with form.submit()
 * heard, their leads captured and the honeypot kept out of their post
 * (+156 B), one POST per failed keepalive attempt where there were two and
 * Retry-After past any sane wait honoured (+42 B), offers stepping aside
 * for the page's own modal, including an app root made inert and modals in
 * shadow roots, with the exit intent kept armed (+237 B), and a tab used
 * again past the session timeout beginning its visit with a page view,
 * hash routes' paths matched by path patterns, routes before the start
 * stamped when they happened (+291 B); 94,379 B measured; metered gates
 * on hash routes and exit intent in a new visit (+40 B) and three cuts in
 * src/url.cpp (-33 B) leave 94,388 B; raised to 95,880 in the ninth session
 * for: offers stepping aside giving back a keyboard user's focus, not sliding
 * in again, and Radix, MUI, react-modal and Bootstrap modals detected
 * (+164 B); a hash route's own query read by query rules and attribution,
 * metered gates' content id from the core (+163 B, wasm); one API per page
 * with the ES module beside the script tag, an empty data-config reported
 * (+70 B); printing without the overlays, Global Privacy Control (+34 B);
 * Turbo/htmx body swaps and their back button (+177 B); the ES module noting
 * the landing URL and routes (-9 B); focus kept and dialogs described for
 * screen readers (+125 B); the widget's own texts in the config's `labels`
 * by language, and init({labels}) checked (+377 B, 251 of them wasm); gates,
 * slots and forms in web components' open shadow roots (+~350 B); 95,858 B
 * measured; raised to 96,730 in the tenth session for: a remove-mode gate's
 * content back on a body the back button puts back, and a tampered
 * data-leadscore-locked ignored (+207 B); a Turbo slow visit's page view
 * taking the new page's details, route notes once with the module and the
 * script tag (+87 B); gates, slots and forms the page marks on elements
 * already there, a gate taken off or renamed (+66 B); decorative aria-hidden
 * layers no page modal, <div> hosts left out, focus given back from the inline
 * offer and after a page's modal over ours (+101 B); labels in the language of
 * where they are shown, the config's labels only in other languages giving the
 * English default (+69 B, 29 of them wasm); banner and slide-in open together
 * no longer covering each other (+234 B); identify() refusing an email that
 * is no email address (+121 B, wasm), each measured on its branch; 96,699 B
 * measured together; raised to 97,160 later in that session for: a slow
 * receiver told apart from one that is down (+34 B); Persian digits in
 * Persian form messages (+135 B, wasm); one offer of a type per page view
 * (+189 B, 174 of them wasm); the forms a Do Not Track or GPC visitor sends
 * still delivered, nothing else tracked (+78 B); 97,135 B measured; raised
 * to 97,650 for page forms asked only the config's fields they have inputs
 * for, the developer told which are missing, and error messages kept out of
 * a field's <label> (+491 B, 308 of them wasm); 97,626 B measured. Raised
 * to 98,380 in the eleventh session for: a refused submit kept from the
 * page's own submit listeners, data-leadscore-form on a non-form reported, a
 * driven form following a changed data-leadscore-form (+301 B); a later
 * offer whose place is still held taking no type (+128 B, 118 of them wasm);
 * a strict Retry-After (+7 B); a bottom banner leaving room at the page's end
 * (+54 B); labels following a language switch, gate notices with their lang
 * (+208 B, 56 of them wasm); Do Not Track forms sent by form.submit(), data
 * stored before Do Not Track wiped (+24 B); campaign tags of an event's own
 * URL for props.utm_* rules (wasm); 98,348 B measured together. Raised to
 * 99,630 in the twelfth session for: driven page forms given back as the
 * page made them, forms in open boxes following a language switch (the
 * checkForm binding), forms moved into a shadow root (+468 B, 201 of them
 * wasm); Do Not Track keeping a partly read queue and another tab's leads,
 * a stricter Retry-After (+69 B); the banner's room as an element of its
 * own, beside flex-row bodies and in app shells, not printed (+259 B); gated
 * content hidden while the widget loads (+112 B, 90 of them the loader's);
 * field errors on inputs no one can focus marked on their group, named
 * summaries, aria-required consent and checkboxes (+340 B); 99,595 B
 * measured together. Raised to 100,240 in the thirteenth session for: an
 * empty required choice or box asked to be chosen or ticked (+30 B, wasm);
 * page forms following a language switch, under Do Not Track too (+40 B);
 * a partly read queue removed under Do Not Track, a group around the whole
 * form not marked, the focused control described by its message (+60 B);
 * gated content hidden 8 seconds at most (+15 B, the loader's); focus not
 * obscured by the banner or slide-in (+259 B), Esc closing the banner (-5 B),
 * offers held back while the visitor fills in a form, a replaced app-shell box
 * padded (+155 B), but not for an autofocused field not typed in (+36 B);
 * 100,204 B measured together. Raised to 100,690 in the fourteenth session for:
 * a field box's first control the keyboard reaches, not a link without href,
 * a control of a disabled fieldset, an invisible or inert one (+72 B); no Web
 * Lock asked for without storage, a stored queue with a byte order mark (+18 B);
 * the loader's rule taken out once the gates are decided (+34 B, the
 * loader's); an article id over 512 bytes metered by its first 512 (+70 B,
 * wasm); the card of locked content the page moves moved with it (+20 B);
 * page forms: a choice among radios or checkboxes read as the one chosen, a
 * "no" radio not taken for a ticked box, such a group marked and named as one,
 * controls the page disabled left disabled (+79 B); the page's own constraints
 * on controls the config does not know checked first (+70 B); an SPA route's
 * page view before its scroll depths, a role=button CTA's key let go where
 * the page moved the focus, Navigation API routes (+13 B); known fields not
 * asked again put in the page form's FormData (+49 B); a page back from the
 * back-forward cache after the session timeout one page view (+18 B); a
 * blob: download by its name (+9 B); a typed field kept past max_fields (+12 B,
 * wasm); 100,669 B measured together. Raised to 101,100 in the fifteenth
 * session for: Retry-After dates in RFC 850 and asctime form (+41 B); a
 * required field the page disabled not asked (+65 B); the banner's and
 * slide-in's texts and buttons clear of a phone's notch and home indicator
 * (+66 B); the widget's own CTA links holding off exit intent (+7 B), a
 * middle click on a CTA a conversion (+14 B), a place the visitor closed an
 * offer in kept for the page view, offers held while the widget's modal is
 * open (+22 B), no exit intent out of an iframe into its page (+33 B); an
 * inline offer in a slot out of sight viewed once shown (+76 B); the other
 * tabs going on as the same visitor after consent(false) in one (+3 B); a
 * consent() before the widget started followed before anything is stored
 * (+24 B); NaN and infinities refused in identify() and track() (+51 B);
 * flush() before any init() settled (+7 B, 2 of them the loader's); a
 * clock that gives no epoch milliseconds refused at init() (+18 B);
 * 101,096 B measured together, lowered to 101,090 after one JSON replacer
 * was shared (101,087 B). Raised to 101,250 in the sixteenth session for: a
 * modal offer waiting while the page has a popover open (+55 B); an
 * async-snippet entry that calls no method reported (+56 B, 20 of them the
 * loader's); calls queued before the start replayed with their own URL and
 * time (+49 B, 14 of them the loader's); 101,247 B measured together; to
 * 101,260 for no layout forced by the page-modal check on pages without
 * dialogs (+11 B; 101,258); to 101,270 for offer images fetched once near
 * the window (+9 B; 101,267). Raised to 101,830 in the seventeenth session
 * for: an inline offer viewed once it is in the window (+13 B); a held offer
 * kept waiting while the page refuses its form silently (+80 B); the page's
 * own required privacy box told in the page's language (+201 B widget,
 * +163 B wasm); gate unlocks giving back the page's !important styles
 * (+60 B); the gate card's thank-you announced after the card goes (+88 B);
 * gates in web components' shadow roots hidden while the widget loads (+5 B,
 * the loader's); 101,823 B measured together; to 101,840 for a gate card's
 * CTA converting once, not on every click (+8 B; 101,831); to 101,850 once
 * every offer's conversion is counted once in one place, fill(), instead of
 * in each box (+13 B; 101,844). Raised to 101,870 in the eighteenth session
 * for offer images given their room while they load, so nothing under them
 * moves when they arrive (+24 B; 101,868); to 101,910 for components an app
 * defines together looked into once, not the whole page once for each (a
 * 60 ms long task on a page of 5,000 elements defining 40: +38 B; 101,906);
 * to 102,160 for: a locked gate kept locked under the page's own !important
 * rules and script restyling (+65 B); no empty style="" left after unlock
 * (+20 B); a page's observer fighting the lock's style given way to, not
 * hung (+103 B); a refused submit's mistakes in the form's order (+38 B); a
 * form the page resets heard at once (+43 B); 102,159 B measured together;
 * to 102,220 for offers due during a press (a button or finger down) waiting
 * for its release, so the click is the page's, not taken by the box that came
 * under it (+59 B; 102,218). Raised to 102,235 in the nineteenth session
 * for a gate whose style attribute the page took off while it was locked
 * left without one on unlock, not with style="" (+15 B; 102,233); to
 * 102,270 for locked gates kept from a page's filter or display transition
 * (shown for its length before) and older widgets' locked copies still
 * unlocked (+34 B; 102,267); to 102,280 for a press released by its click
 * too, where the page stops pointerup before the widget hears it (offers
 * waited for the next press: +7 B; 102,274); to 102,305 for the loader's
 * and the widget's walks for shadow roots as indexed loops, not for-of (run
 * once, cold: about half the time on big pages; bench/bench-element-walk.mjs;
 * +26 B; 102,300); in the twentieth to 102,325 for the forms of open offers
 * and gate cards planned again when contact data becomes known (they asked
 * for the known email until the visitor's next change there), their fields
 * no longer moved (+18 B; 102,318); in the twenty-first to 102,675 for
 * leads that say only what the visitor sent while they allow no tracking
 * (consent refused or pending, Do Not Track): no stage_change leads then, no
 * attribution, activity, breakdown, referrer or HubSpot cookie, and the page
 * URL without campaign tags (the core's without_campaign_params: +171 B of
 * wasm; the rest of the core's part +152 B; the widget passing the page's
 * tracking state to the core whenever consent changes: +32 B), and the close
 * buttons' edge in forced colors (−1 B; 102,672); to 102,830 for a form's
 * mistakes checked again at the visitor's change, one put right going at
 * once (it stayed until the next submit), after the click when a pointer is
 * pressed so nothing moves under it (+155 B; 102,827); to 102,860 for the
 * banner's room at the page's end as tall as the banner and the slide-in
 * standing on it (the footer's links were under the slide-in; +30 B; 102,857);
 * to 102,890 for the close buttons' lang, the language their label is in
 * (+27 B; 102,884); to 103,065 for a form sent while the widget loads held by
 * the loader and taken once it has started (loader +158 B, widget +17 B; 103,059);
 * to 103,075 for the widget's text following the browser's default font
 * size (+9 B; 103,068); to 103,215 for a review's fixes: the held forms'
 * fallbacks in older browsers (loader +45 B), one press tracker for offers
 * and forms that a page stopping pointerup does not leave stuck, the
 * slide-in's 1em measured, every host's font size the browser's default
 * whatever the page's rules (widget +50 B), and campaign tags with
 * percent-encoded names taken out too (wasm +48 B; 103,211); to 103,230 for
 * the press tracker listening only once used (the ES module is imported where
 * there is no DOM too; +15 B; 103,226); in the twenty-second to 103,260 for a
 * stage change's lead named by the visitor and the stage, so two tabs that
 * see the same move make one lead, not two (wasm +32 B; 103,258); to 103,530
 * for the lead of a stage reached while tracking was not allowed, made when
 * the visitor consents (it was never sent: the lifecycle does not go back),
 * and the core told of consent changes in one place, where storing is
 * allowed or stops (wasm +253 B, widget +16 B; 103,527); to 103,870 for form
 * texts marked with their language where it is not the page's, so a screen
 * reader on a German page reads the English defaults and mistakes in English
 * (WCAG 3.1.2; wasm +206 B, widget +128 B; 103,861); to 103,880 for press.js
 * running a form's re-check once after a press (+15 B; 103,876); to 104,090 for
 * a review's fixes: a stage lead's id valid whatever visitor id a page gave
 * (a hash of one that cannot stand in an id: the receiver refused it, 400,
 * and the lead was lost), a lead made again queued once, mistakes marked
 * again when only the page's language changed (wasm +184 B, widget +21 B; 104,081);
 * to 104,120 for room at the page's end under a slide-in alone too (+29 B; 104,110);
 * to 104,140 for none on a page that does not scroll (+20 B; 104,130); in the
 * twenty-third to 104,180 for a stage lead made again by a tab with an older
 * profile not announced on('lead') as captured a second time (wasm +37 B), and
 * the room at the page's end held by one of banner and slide-in (+8 B; 104,174);
 * to 104,240 for a review's gate fixes: a blurred gate on a display: contents
 * wrapper was readable, a meter's piece read locked under the reader by another
 * tab, a gate in content an unlock put back shown for a frame, a remove gate
 * whose content the page replaced lost its card (+61 B; 104,235); to 104,280
 * for a review's form fixes: choices the config writes with spaces or in
 * decomposed Unicode could never be sent, Enter did not send a one-field form
 * (the honeypot counted as a second field), a form the page sends out of sight
 * was always too fast, "(+84) 912 345 678" was no phone number (widget +45 B,
 * wasm -10 B; 104,270); lowered to 104,230 for what a cap withheld kept per
 * rule in the profile (version 3) rather than worked out from the rule's points
 * now, which read wrong after a points change (wasm -48 B; 104,222); to 104,240
 * for form fields of at least 16px (iOS Safari zooms into smaller; +10 B; 104,232);
 * to 104,300 for a page the browser prerenders counted, stored and shown only once
 * the visitor opens it (loader +29 B, widget +32 B; 104,293); to 104,380 for a
 * review's API fixes: methods a page kept before the widget loaded called it
 * (they lost every call), the arguments of early calls copied when made,
 * labels with an undefined one taken, a prerendered page's view dated when
 * it is opened (loader +36 B, widget +42 B; 104,371); to 104,440 for a page
 * that takes its campaign tags out of the address bar once read being one page
 * view, not two (the core's without_campaign_params for the page key; wasm +31 B,
 * widget +28 B; 104,430); to 104,510 for a route's view measured unscrolled
 * once its height has held for half a second (a spinner view credited every
 * depth to an article the visitor never scrolled; +79 B; 104,509); to 104,530
 * for a key press on a role=button CTA counted when the window loses the focus
 * (the key let go in a frame the page opened was counted at a later key, or
 * never; +12 B; 104,521); to 104,610 for identify() saying which fields it
 * could not keep (an object, a list: passed over unsaid; +79 B; 104,600); to
 * 104,720 for a review's fixes: a route's view scrolled to the top in the route's
 * frame measured once its height has held too, early calls' arguments copied as
 * JSON sends them (toJSON kept), a remove gate added to with innerHTML += keeping
 * its content (loader +53 B, widget +67 B; 104,720); to 104,750 for emails and
 * phone numbers typed full-width (an input method's ＠) taken as ASCII (+28 B; 104,748);
 * to 104,800 for a stage's lead no target wants made once across tabs (wasm +8 B) and no
 * exit intent while the page is leaving for another document (widget +44 B; 104,793); to
 * 104,860 for a page's aria-modal box kept faded out or slid out of the window holding no
 * offer back (checkVisibility, the window's bounds: +63 B; 104,856); to 104,950 for a
 * move past a delivery stage (lead straight to SQL with on_stage ["mql"]) and a form that
 * makes one reaching the targets that take stage changes alone (wasm +92 B; 104,948); to
 * 105,010 for a stored visitor id over 256 bytes standing as its hash, not refused at every
 * load (wasm +53 B; 105,001); to 105,040 for identify() leaving out a field that refers back
 * to itself, a BigInt or a function, not the whole call (widget +37 B; 105,038); to 105,090
 * for a receiver answering 408, 429 or 5xx three times told (leadscore.delivery.failing:
 * widget +29 B, wasm +17 B; 105,084); to 105,210 for a config, wasm or widget request that
 * stalls failing after 30 s (loader +83 B, widget +36 B; 105,207; the loader's share taken
 * back, its widget given up after a minute instead, and lists written as JSON whatever a
 * page's Array.prototype.toJSON (Prototype.js 1.6) makes of them: 105,312), to 105,320; to
 * 105,330 for a frozen window.LeadScore standing aside (loader +12 B; 105,324); to 105,350
 * for overlays waiting until a tab opened in the background is seen (widget +21 B; 105,345);
 * to 105,380 for a review's fixes (a download link or a cancelled navigation no leaving,
 * checkVisibility's older option names, a model's toJSON in identify(), the widget's give-up
 * timer a plain setTimeout: widget +45 B, loader -12 B; 105,378); to 105,480 for a click
 * on the modal's backdrop closing it, unless the visitor has typed in its form (widget +97 B;
 * 105,475); to 105,590 for control characters pasted into a form's answers not kept
 * (wasm +110 B; 105,585); to 105,740 for a forms review: a form sent is not taken again, known
 * values only for the inputs a form has, passwords and card fields never read, the page's own
 * constraints on the config's fields (widget +140 B, wasm +4 B; 105,733); to 105,950 for a
 * gates review: remove on an element that draws no children hidden instead, media in locked
 * content paused, inert and aria-hidden held, no offer in a locked slot, one article under
 * its other spellings (widget +163 B, wasm +47 B; 105,944); to 106,050 for the rendered form's
 * required marks, autofill by type and email as text (widget +100 B; 106,044); to 106,130 for
 * a refused lead sent once more after the longest wait (wasm +41 B, widget +35 B; 106,120); to
 * 106,190 for a privacy review: forget() told to pages that may not store, no stored profile
 * read before consent under "required", a newer stored profile taken over before a write
 * (widget +65 B; 106,185); to 106,600 for what a lead says of a page: no in-page anchor, no
 * parameter that may carry a credential or an email, a referrer without its query (wasm +410 B;
 * 106,595); to 106,790 for a review of this session's change (the profile stored only as
 * storage holds it, a meter key read as written, a refused lead due at once at a corrected
 * target and not flushed, gates on images hidden by kind, more secret parameters: widget +100 B,
 * wasm +83 B; 106,782), lowered to 106,760 by a tidy-up (one route test in the core, one queue
 * writer in delivery.js; 106,757).
 * Lower it whenever the total goes down; delete it once the target holds.
 */
const TOTAL_CEILING = 106_760;

test(`the loader a page fetches first (dist/leadscore.js) is <= ${kb(LOADER_BUDGET)} gzip`, (t) => {
  const loader = sizeOf('leadscore.js');
  const line = `loader dist/leadscore.js: ${loader} B = ${kb(loader)} gzip (budget ${kb(LOADER_BUDGET)}): ${loader <= LOADER_BUDGET ? 'met' : 'NOT MET'}`;
  t.diagnostic(line);
  assert.ok(loader <= LOADER_BUDGET, line);
});

test(`everything the widget loads (JS + CSS + wasm) against ${kb(TOTAL_TARGET)} gzip; a ceiling while the target is not met`, (t) => {
  const parts = PAGE.map((f) => [f, sizeOf(f)]);
  const total = parts.reduce((n, [, s]) => n + Number(s), 0);
  const met = total <= TOTAL_TARGET;
  const line = `widget total ${parts.map(([f, s]) => `${f} ${s}`).join(' + ')} = ${total} B = ${kb(total)} gzip; ` +
    `target ${kb(TOTAL_TARGET)}: ${met ? 'met' : `NOT MET (${kb(total - TOTAL_TARGET)} over; ceiling ${TOTAL_CEILING} B keeps it from growing)`}`;
  t.diagnostic(line);
  assert.ok(met || total <= TOTAL_CEILING, `${line}: above the regression ceiling`);
});

const WIDGET_BUDGET = 23_250;
test(`internal budgets: loader <= 2,175 B gzip, widget JS without the Emscripten glue <= ${WIDGET_BUDGET.toLocaleString('en')} B gzip`, async (t) => {
  const loader = sizeOf('leadscore.js');
  // 1,536 until the twelfth session; raised to 1,640 for the rule that hides
  // gated content until the widget has decided (1,606 measured; 1,621 with its 8 s limit);
  // to 1,680 in the fourteenth session for the rule taken out once decided (1,655);
  // to 1,700 in the sixteenth for async-snippet typos reported and queued calls' URL and time (1,691);
  // to 1,715 in the nineteenth for its walk for shadow roots as an indexed loop (1,711);
  // to 1,875 in the twenty-first for the submits of the widget's forms held while it loads
  // (they went to their action, a GET with the answers in the URL, and made no lead; 1,869);
  // to 1,920 for their fallbacks where the browser lacks requestSubmit (Safari 15) or
  // constructed stylesheets (its 8 s limit then too) (1,914); in the twenty-third to 1,950
  // for that limit counted from when a prerendered page is opened (1,943); to 1,980 for the
  // stub's methods calling the widget once it has registered (a page that kept them, as
  // wrappers do, lost every call) and copying the arguments of calls it queues (1,979); to
  // 2,040 for that copy made as JSON sends it (snapshot.js: structuredClone lost a value's
  // toJSON, a date library's; 2,032); in the twenty-fourth to 2,165 for a widget request that
  // stalls given up after a minute (init() and flush() waited for ever) and the copy written
  // whatever a page's Array.prototype.toJSON (Prototype.js 1.6) makes of lists (2,161); to
  // 2,175 for a window.LeadScore the page froze standing aside for a new stub (2,173).
  assert.ok(loader <= 2175, `dist/leadscore.js is ${loader} B gzip`);
  // The widget as the build bundles it, with the glue left out.
  // web/widget.css minified, as wasm/web.cmake gives it to dom.js's "leadscore-widget-css".
  const css = (await transform(readFileSync(join(root, 'web', 'widget.css'), 'utf8'), { loader: 'css', minify: true })).code;
  const out = await build({
    entryPoints: [join(root, 'web', 'widget.js')], bundle: true, minify: true, format: 'iife', target: 'es2020',
    legalComments: 'none', write: false, logLevel: 'silent',
    external: ['../dist/leadscore-core.mjs'],
    plugins: [{
      name: 'widget-css',
      setup(b) {
        b.onResolve({ filter: /^leadscore-widget-css$/ }, () => ({ path: 'widget.css', namespace: 'widget-css' }));
        b.onLoad({ filter: /.*/, namespace: 'widget-css' }, () => ({ contents: css, loader: 'text' }));
      },
    }],
  });
  const widget = gzip(out.outputFiles[0].contents);
  t.diagnostic(`widget JS without the glue: ${widget} B gzip`);
  // 9 KB before forms and delivery; forms-ui.js and delivery.js add ~3 KB;
  // raised from 13,312 to 13,400 for Retry-After and the clock going back (13,349 measured);
  // to 13,480 for a tab's unstored events kept when another tab stores first (13,420 measured);
  // to 13,720 for scroll in app shells, an SPA's dropped campaign tags, data: downloads and
  // CTA labels (13,690 measured; the whole page went down: the glue through Closure);
  // to 13,750 for two tabs on two configs no longer writing the queue back and forth (13,722);
  // to 13,850 for texts in their own direction and a late write wiped on a refusal (13,839);
  // to 14,000 for SPA routes before the start, shadow-root forms, back-forward cache views (13,993);
  // to 14,050 for a config that is not UTF-8 refused as the CLI refuses it (bytes to the core: 14,010);
  // to 14,200 for page hide within the keepalive quota, gates a page changes, dark themes (14,175);
  // to 14,300 for a target that never answers reported (14,253);
  // to 14,350 for SPA routes before the start counted as after it, with journey and dwell (14,316);
  // to 14,680 for leads the host's keepalive requests held back (+130) and the UI on hostile
  // pages (+198: double-click focus, own element registry, a body holding fixed boxes) (14,644).
  // to 14,880 for the UI round on host pages and keyboard/input CTAs, hash routes, URL limits (14,851);
  // to 15,350 for forms sent by form.submit(), one POST per failed keepalive attempt, offers
  // stepping aside for the page's modals, a new visit's page view in a tab used again (15,319);
  // to 15,390 for metered gates on hash routes and exit intent in a new visit (15,358);
  // to 16,380 for page modals of UI libraries and focus given back, body swaps (Turbo, htmx),
  // one API per page, printing, GPC, screen-reader fixes, config labels, web components'
  // shadow roots (16,350; the total's comment above lists what each cost);
  // to 17,030 in the tenth session for the UI fixes the total's comment lists (17,000);
  // to 17,150 for a slow receiver's message, offers already shown passed to the core,
  // Do Not Track visitors' forms (17,125); to 17,320 for page forms' missing inputs (17,290);
  // to 17,870 in the eleventh session for the fixes the total's comment lists (17,845);
  // to 18,830 in the twelfth session for the fixes the total's comment lists (18,802);
  // to 19,390 in the thirteenth for the fixes the total's comment lists (19,360);
  // to 19,720 in the fourteenth for the fixes the total's comment lists (19,701);
  // to 20,140 in the fifteenth for the fixes the total's comment lists (20,134),
  // then lowered to 20,120 (20,119); to 20,240 in the sixteenth for the fixes the
  // total's comment lists (20,239); to 20,270 for no forced layout on pages without dialogs (20,265);
  // to 20,280 for offer images fetched once near the window (20,274); to 20,640 in the
  // seventeenth for the fixes the total's comment lists (20,637); to 20,650 for a gate
  // card's CTA converting once (20,646); to 20,660 for that counted once in fill() (20,656);
  // to 20,680 in the eighteenth for offer images' room kept while they load (20,679); to
  // 20,720 for components defined together looked into once (20,720); to 21,020 for
  // the gate and form fixes the total's comment lists (21,016); to 21,080 for offers
  // waiting for a press's release (21,077); to 21,095 in the nineteenth for a gate's
  // style attribute the page took off while locked left off on unlock (21,093); to 21,125
  // for no page transition while locked and older widgets' copies unlocked (21,120); to
  // 21,130 for a press released by its click too (21,128); to 21,145 for the shadow
  // root walk as an indexed loop (21,141); to 21,165 in the twentieth for offer and gate
  // card forms planned again as contact data becomes known (21,159); to 21,195 in the
  // twenty-first for the page's tracking state passed to the core whenever consent changes,
  // here or in another tab (21,190); to 21,360 for mistakes put right going at the
  // visitor's change (21,357); to 21,390 for the banner's room as tall as the slide-in on it (21,388);
  // to 21,410 for the close buttons' lang (21,404); to 21,440 for a submit held by the
  // loader taking its fill time from there (21,435); to 21,450 for the text following the
  // browser's default font size (21,445); to 21,500 for a review's fixes (one press tracker,
  // the slide-in's 1em measured, the hosts' font size; 21,495; 21,499 with the press
  // tracker listening once used); in the twenty-second to 21,650 for form texts marked
  // with their language where it is not the page's (labels, options, consent, button,
  // mistakes and their summary, thank-you: English on a German page; 21,644); to 21,660
  // for press.js running a form's re-check once after a press (afterPress), where forms-ui
  // kept a set of its own (21,657); to 21,680 for a review's fixes (mistakes shown marked
  // again when only the page's language changed; a select's empty choice marked; 21,672);
  // to 21,700 for room at the page's end under a slide-in alone too (its footer's links
  // were under it; 21,694); to 21,720 for none on a page that does not scroll (a full-screen
  // app would have scrolled by its height; 21,713); in the twenty-third to 21,800 for a
  // review's gate fixes (display: contents locked hidden, a meter's read piece not locked
  // later in its page view, a gate in content an unlock put back met in the same task, a
  // remove gate's replaced content kept with its card back; 21,797; 21,716 before them);
  // to 21,840 for a review's form fixes (a select's choice sent as the config writes it,
  // the honeypot a textarea so Enter sends a one-field form, the fill time of a form
  // never on screen from when the widget took it; 21,839); to 21,850 for form fields of at
  // least 16px, which iOS Safari does not zoom into (21,849); to 21,890 for a prerendered
  // page started only once it is opened (21,881); to 21,930 for a review's API fixes (early
  // calls' arguments copied when made, labels with an undefined one, a prerendered page's
  // view dated when it is opened; 21,925); to 21,960 for campaign tags taken out of the
  // address bar being no new page view (21,951); to 22,020 for a route's view measured
  // unscrolled once its height has held (a spinner first; 22,019); to 22,050 for a key
  // press on a role=button CTA counted when the window loses the focus (22,046); to 22,130
  // for identify() naming the fields it cannot keep (22,126); to 22,200 for a review's fixes
  // (a route's view measured once it has held also when scrolled to the top in its frame,
  // early calls' arguments copied as JSON sends them, innerHTML += on a remove gate; 22,192);
  // to 22,220 for emails and phone numbers typed full-width taken as ASCII (22,215); to
  // 22,250 for no exit intent while the page is leaving for another document (22,246); to
  // 22,320 for an aria-modal box faded out or slid out of the window holding no offer back (22,311);
  // to 22,350 for identify() leaving out a cyclic, BigInt or function field, not the call (22,349);
  // to 22,385 for a receiver failing with 408, 429 or 5xx three times told (22,380); to
  // 22,425 for a config or wasm request that stalls failing after 30 s (22,421); to 22,460
  // for lists written as JSON whatever a page's Array.prototype.toJSON makes of them (22,456);
  // to 22,480 for overlays waiting until a tab opened in the background is seen (22,477); to
  // 22,530 for a review's fixes (download links, cancelled navigations, older checkVisibility
  // option names, a model's toJSON in identify(), load failures named as timeouts; 22,528);
  // to 22,630 for a click on the modal's backdrop closing it (22,629); to 22,770 for a forms
  // review (a form not taken twice, secret inputs, the page's own constraints; 22,769); to
  // 22,940 for a gates review (img/video/textarea gates, media, inert held, locked slots; 22,932);
  // to 23,030 for the rendered form's required marks, autofill by type, email as text (23,028);
  // to 23,070 for a refused lead sent once more, said in leadscore.delivery.refused (23,063);
  // to 23,160 for a privacy review (forget() told to every page, consent read first; 23,158);
  // to 23,260 for the change's review (synced as stored, gates by kind, no rewrite of the lock; 23,258),
  // lowered to 23,250 by a tidy-up (23,247).
  assert.ok(widget <= WIDGET_BUDGET, `widget JS without the glue is ${widget} B gzip`);
});
