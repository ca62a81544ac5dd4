// @ts-check
import { stringify } from './json.js';
/**
 * The WebAssembly core as a JS class. The module exports plain functions over
 * integer handles (wasm/bindings.cpp); this wraps them: documents go in as
 * JSON text (text the page already has, such as a fetched config or a stored
 * profile, as it is; a JS value serialised here, refusing what JSON cannot
 * hold), JSON text comes out and is parsed here, and the core's error values
 * become one error type, LeadScoreError.
 */

/** An error from LeadScore, with a stable id such as "leadscore.config.type". */
export class LeadScoreError extends Error {
  /**
   * @param {string} id stable, searchable id
   * @param {string} message what is wrong, for people
   * @param {string} [path] JSON pointer of the offending value
   * @param {Array<{id: string, path: string, message: string}>} [errors] all problems, when several
   */
  constructor(id, message, path = '', errors = []) {
    super(path ? `[${id}] ${path}: ${message}` : `[${id}] ${message}`);
    this.name = 'LeadScoreError';
    this.id = id;
    this.path = path;
    this.errors = errors;
  }
}

/**
 * One LeadScoreError for a list of core errors (id and path of the first, all of them in .errors).
 * @param {Array<{id: string, path: string, message: string}>} errors
 */
export function fromErrors(errors) {
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new LeadScoreError(first.id, first.message + more, first.path, errors);
}

/** Bits of track()'s result. */
export const Changed = Object.freeze({
  accepted: 1, score: 2, lifecycle: 4, journey: 8, temperature: 16, contact: 32, session: 64,
  offers: 128, gates: 256, leads: 512, leadErrors: 1024,
});

/**
 * @typedef {Record<string, string | number | boolean>} FormAnswers answers by field name, as
 *   the inputs hold them (trimmed, NFC); a checkbox as a boolean
 * @typedef {{name: string, type: string, label: string, lang?: string, required: boolean, placeholder?: string, placeholder_lang?: string,
 *   max_length?: number, min?: number, max?: number, options?: Array<{value: string, label: string, lang?: string}>}} FormPlanField
 *   (lang: the label's language, where it is not the page's)
 * @typedef {{id: string, fields: FormPlanField[], consent?: {text: string, required: boolean, lang?: string},
 *   submit: string, submit_lang?: string, thanks: string, thanks_lang?: string, messages_lang?: string, honeypot?: string,
 *   hidden?: string[], missing?: string[]}} FormPlan (a *lang: that text's language, where it is not the page's;
 *   messages_lang: the core's messages', for its mistakes, constraintMessage() and the queue-full message)
 * @typedef {{field: string, code: string, message: string}} FieldError
 * @typedef {{id: string, path: string, message: string}} CoreError
 * @typedef {{id: string, target: string, url: string, content_type: string, headers: Record<string, string>,
 *   body: string, cors: boolean, beacon: boolean, attempts: number}} DeliveryRequest
 */

/** @param {string} key @param {unknown} what */
const notJsonValue = (key, what) => new TypeError(`${key ? `"${key}": ` : ''}${what} is not JSON`);

/**
 * JSON.stringify's replacer for event props: NaN and infinities, which it
 * would make null (in identify(), null forgets a field), throw; undefined
 * and functions are left out, as JSON.stringify does.
 * @param {string} key @param {unknown} value
 */
export function finite(key, value) {
  if (typeof value === 'number' && !isFinite(value)) throw notJsonValue(key, value);
  return value;
}

/**
 * JSON.stringify's replacer for documents: refuses what JSON cannot hold
 * (which JSON.stringify would drop or turn into null): undefined, functions,
 * symbols, bigints, NaN and infinities. Cycles throw anyway.
 * @param {string} key @param {unknown} value
 */
function strict(key, value) {
  const t = typeof value;
  if (t !== 'number' && t !== 'string' && t !== 'boolean' && t !== 'object') throw notJsonValue(key, t);
  return finite(key, value);
}

/**
 * JSON text of a document given as a JS value (throws a TypeError for one
 * JSON cannot hold).
 * @param {unknown} doc
 */
const jsonText = (doc) => /** @type {string} */ (stringify(doc, strict));

/**
 * The error list for a JS value that is no JSON document.
 * @param {string} id @param {unknown} e what JSON.stringify threw
 */
const notJson = (id, e) => [{ id, path: '', message: `not a JSON document: ${/** @type {Error} */ (e).message}` }];

/** Answers as JSON text; answers JSON cannot hold count as none (as before). @param {unknown} answers */
function answersText(answers) {
  try {
    return jsonText(answers);
  } catch (e) {
    return '{}';
  }
}

/**
 * Wraps an instantiated module (the resolved value of createLeadScoreCore()).
 * @param {any} module
 */
export function coreClass(module) {
  const encoder = new TextEncoder();
  // One input buffer in the module's memory, reused by every call and grown
  // when needed. Its address stays valid; the view over it is made again when
  // the memory has grown (growing replaces the module's HEAPU8).
  let inputPtr = 0;
  let inputCap = 0;
  /** @type {Uint8Array | null} the input buffer, as a view of the HEAPU8 it was made from */
  let inputView = null;
  /** @type {Uint8Array | null} */
  let inputHeap = null;
  /** Writes `text` as UTF-8 (bytes as they are) into the input buffer; returns its byte length. */
  function writeInput(/** @type {string | Uint8Array} */ text) {
    for (;;) {
      if (inputCap && inputCap >= text.length) {
        if (!inputView || inputHeap !== module.HEAPU8) {
          inputHeap = /** @type {Uint8Array} */ (module.HEAPU8);
          inputView = inputHeap.subarray(inputPtr, inputPtr + inputCap);
        }
        if (typeof text != 'string') return inputView.set(text), text.length;
        const { read, written } = encoder.encodeInto(text, inputView);
        if (read === text.length) return written;
      }
      // Events get room for any text (UTF-8 needs at most 3 bytes per UTF-16
      // unit). Big batches are encoded straight into the module's memory,
      // first at one byte per unit (ASCII, the usual case), else sized exactly.
      const size = text.length <= 65536 ? Math.max(1024, text.length * 3)
        : inputCap < text.length ? text.length : encoder.encode(/** @type {string} */ (text)).length;
      if (inputPtr) module._free(inputPtr);
      inputCap = size;
      inputPtr = module._malloc(size);
      inputView = null;
    }
  }
  /**
   * Writes a document's text (none: null or '') into the input buffer and
   * returns [address, byte length] for a call made at once: the next write
   * may move the buffer. (The length first: writing may move inputPtr.)
   * @param {string | Uint8Array | null} text
   */
  function input(text) {
    const length = text ? writeInput(text) : 0;
    return [inputPtr, length];
  }
  // track() without Embind's argument conversion: the plain export, looked up
  // at each call, since the glue's first stub replaces itself with the wasm
  // function (a reference kept from before would go through the stub's
  // apply() every time).

  return class Core {
    constructor() {
      /** @private */
      this.handle = module.create();
    }

    /**
     * Loads a config document (a JS value). Returns the errors (empty when
     * it loaded); on errors the previous config stays. A value JSON cannot
     * hold (undefined, a function, NaN, a cycle...) is leadscore.config.syntax.
     * @param {unknown} config
     * @returns {Array<{id: string, path: string, message: string}>}
     */
    loadConfig(config) {
      let text;
      try {
        text = jsonText(config);
      } catch (e) {
        return notJson('leadscore.config.syntax', e);
      }
      return this.loadConfigText(text);
    }

    /**
     * loadConfig() for config text (JSON, e.g. as fetched), which the core
     * parses: text that is not JSON is leadscore.config.syntax, with the line
     * and column. Fetched bytes are given as they are (a Uint8Array): bytes
     * that are not UTF-8 are refused where they are, as `leadscore validate`
     * refuses them, instead of being decoded to U+FFFD.
     * @param {string | Uint8Array} text
     * @returns {Array<{id: string, path: string, message: string}>}
     */
    loadConfigText(text) {
      return JSON.parse(module.loadConfig(this.handle, ...input(text)));
    }

    /**
     * Makes a stored profile (a JS value, or null) the current visitor's.
     * Returns why a stored profile was refused (then the visitor starts fresh
     * as visitorId): a value JSON cannot hold is leadscore.profile.type.
     * @param {unknown} profile
     * @param {string} visitorId
     */
    loadProfile(profile, visitorId) {
      let text = null;
      try {
        if (profile != null) text = jsonText(profile);
      } catch (e) {
        return notJson('leadscore.profile.type', e).concat(this.loadProfileText(null, visitorId));
      }
      return this.loadProfileText(text, visitorId);
    }

    /**
     * loadProfile() for the profile's stored text (or null for none), which
     * the core parses: text that is not JSON is leadscore.profile.syntax.
     * @param {string | null} text
     * @param {string} visitorId
     */
    loadProfileText(text, visitorId) {
      return JSON.parse(module.loadProfile(this.handle, ...input(text), visitorId));
    }

    /**
     * Applies one event (JSON text). Returns the Changed bits, or -1 when the
     * event was refused (see lastError()).
     * @param {string} eventJson
     */
    track(eventJson) {
      const length = writeInput(eventJson);
      return module._leadscore_track(this.handle, inputPtr, length);
    }

    /** @param {string} ndjson events, one per line, each with a "visitor" */
    trackNdjson(ndjson) {
      const length = writeInput(ndjson);
      return JSON.parse(module.trackNdjson(this.handle, inputPtr, length));
    }

    /** Why the last track() returned -1, as a LeadScoreError. */
    lastError() {
      const e = JSON.parse(module.lastError(this.handle));
      return new LeadScoreError(e.id, e.message, e.path);
    }

    /** The current visitor at `now` (epoch ms), or null. @param {number} now */
    state(now) {
      return JSON.parse(module.state(this.handle, now));
    }

    /** Whether a visitor who has had a visit would begin another with an event at `now` (epoch ms: past the session timeout). @param {number} now */
    visitLapsed(now) {
      return module._leadscore_visit_lapsed(this.handle, now);
    }

    /** Score lines of every visitor seen, as the CLI prints them. @param {number} now */
    standings(now) {
      return JSON.parse(module.standings(this.handle, now));
    }

    /** The current visitor's profile in its stored form, or null. */
    profile() {
      return JSON.parse(this.profileText());
    }

    /** profile() as the core writes it, to store as it is ("null" for none). */
    profileText() {
      return module.profile(this.handle);
    }

    /**
     * The offers to show now on this page, and the triggers still to come.
     * shown: the offers already shown on this page view (their types are taken);
     * open: the places offers still hold ('banner', 'modal', 'slide-in', 'slot:' + a slot's name).
     * @param {{trigger?: 'load'|'delay'|'scroll'|'exit_intent', seconds?: number, depth?: number,
     *          url: string, slots?: string[], shown?: string[], open?: string[], now: number}} context
     * @returns {{show: Array<Record<string, string>>, arm: {delays: number[], depths: number[], exit_intent: boolean}} | null}
     */
    decideOffers(context) {
      return JSON.parse(module.decideOffers(this.handle, context.trigger || 'load', context.seconds || 0,
        context.depth || 0, context.url, (context.slots || []).join('\n'), (context.shown || []).join('\n'),
        (context.open || []).join('\n'), context.now));
    }

    /**
     * One gated piece of content.
     * @param {string} gate
     * @param {string} content '': the page's path (setPage's URL), as the core reads it
     * @returns {{status: 'locked'|'free'|'unlocked'|'unknown', mode?: string, offer?: object} | null}
     *          offer: the offer shown in its place (as in decideOffers().show)
     */
    gateStatus(gate, content) {
      return JSON.parse(module.gateStatus(this.handle, gate, content));
    }

    /**
     * Config settings the page side needs: {consent_required, respect_dnt,
     * timeout_ms (delivery), labels (the config's {close?, locked?} in `language`;
     * a key the config gives neither in it, nor in English, nor for all languages is left out),
     * label_languages (the language each of those was given in; none for one given for all languages)}.
     * @param {string} [language] the page's language ("vi-VN" uses "vi"; falls back to English)
     */
    settings(language = 'en') {
      return JSON.parse(module.settings(this.handle, language));
    }

    /**
     * Sets what lead payloads say of the page, and the seed of payload ids
     * (random, once per page load: crypto.randomUUID()). An empty seed keeps
     * the current one. `untracked`: the visitor allows no tracking (consent
     * withheld, Do Not Track): no stage_change leads, and form leads without
     * what tracking learnt (the core decides what that leaves out). Tracked
     * again (consent given): the leads of the delivery stages the visitor
     * reached meanwhile are made, at `now` (default: Date.now()); their Changed bits (leads, and
     * leadErrors if one could not be queued) are returned, 0 if none.
     * @param {{seed?: string, url?: string, title?: string, referrer?: string, hubspotCookie?: string, untracked?: boolean, now?: number}} page
     * @returns {number}
     */
    setPage(page) {
      return module.setPage(this.handle, page.seed ?? '', page.url ?? '', page.title ?? '', page.referrer ?? '',
        page.hubspotCookie ?? '', !page.untracked, page.now ?? Date.now());
    }

    /**
     * The fields of a form to ask the current visitor now (progressive
     * profiling: known fields are skipped), texts in `language`; null for a
     * form the config does not have.
     * @param {string} formId
     * @param {FormAnswers} [answers] answers so far (fields with `if` depend on them)
     * @param {string} [language] the page's language ("vi-VN" uses "vi"; falls back to English)
     * @param {string[]} [inputs] the names of a page form's inputs: fields without one are not asked
     *   (plan.missing names them); none for a form the widget renders
     * @returns {FormPlan | null}
     */
    formPlan(formId, answers = {}, language = 'en', inputs) {
      return JSON.parse(module.formPlan(this.handle, formId, answersText(answers), language, inputs ? stringify(inputs) : ''));
    }

    /**
     * Checks a submit and, if valid, identifies the visitor and queues the
     * lead for every delivery target. A bot (honeypot filled) gets outcome
     * "spam" and nothing is kept; valid answers sent faster than
     * min_fill_seconds are "invalid" with an error {field: '', code:
     * 'too_fast'} (send again). Null for a form the config does not have.
     * @param {{form: string, answers: FormAnswers, consent?: boolean, honeypot?: string, fillMs: number,
     *          language?: string, now: number, inputs?: string[]}} submit inputs: as formPlan's
     * "unsent": the answers were fine but the lead could not be queued (the
     * queue is full) or kept (the profile refused them): nothing was kept; errors holds the visitor's message, lead_errors the
     * site owner's.
     * @returns {{outcome: 'ok'|'invalid'|'spam'|'unsent', errors: FieldError[], changed: number, leads: string[],
     *            lead_errors: CoreError[]} | null}
     */
    submitForm(submit) {
      return JSON.parse(module.submitForm(this.handle, submit.form, answersText(submit.answers ?? {}), submit.consent ?? false,
        submit.honeypot ?? '', submit.fillMs, submit.language ?? 'en', submit.now, submit.inputs ? stringify(submit.inputs) : ''));
    }

    /**
     * Checks answers as submitForm would, in `language`, and does nothing
     * else (no lead, nothing kept): the messages of a refused submit told
     * again in a new language. Null for a form the config does not have.
     * @param {{form: string, answers: FormAnswers, consent?: boolean, fillMs: number, language?: string, inputs?: string[]}} submit
     * @returns {{outcome: 'ok'|'invalid'|'spam', errors: FieldError[]} | null}
     */
    checkForm(submit) {
      return JSON.parse(module.checkForm(this.handle, submit.form, answersText(submit.answers), submit.consent ?? false,
        submit.fillMs, submit.language ?? 'en', submit.inputs ? stringify(submit.inputs) : ''));
    }

    /**
     * What a visitor reads, in `language`, about a control of the page's form
     * whose own constraint is not met: `problem` consent (a box left
     * unticked), option, required, email or number; '' for another.
     * @param {string} problem @param {string} language
     * @returns {string}
     */
    constraintMessage(problem, language) {
      return module.constraintMessage(problem, language);
    }

    /**
     * `url` without its campaign parameters (utm_*, gclid, fbclid; in its
     * query and its hash route's), as attribution reads them.
     * @param {string} url @returns {string}
     */
    withoutCampaignParams(url) {
      return module.withoutCampaignParams(url);
    }

    /**
     * The lead payloads (leadscore.lead/v1) made since the last call, by
     * submits and by stage changes, whether queued or not (no target, queue
     * full); each is handed out once.
     * @returns {Array<{schema: 'leadscore.lead/v1', id: string, visitor_id: string, reason: string,
     *   submitted_at: string, [field: string]: unknown}>}
     */
    takeLeads() {
      return JSON.parse(module.takeLeads(this.handle));
    }

    /**
     * Leads that could not be queued since the last call (track() sets
     * Changed.leadErrors), e.g. leadscore.delivery.queue_full.
     * @returns {CoreError[]}
     */
    takeLeadErrors() {
      return JSON.parse(module.takeLeadErrors(this.handle));
    }

    /**
     * Loads the stored delivery queue (as queueJson() gave it), or null for
     * none. Returns why it was refused (then the queue is empty): a value
     * JSON cannot hold is leadscore.queue.type.
     * @param {unknown} stored
     * @returns {CoreError[]}
     */
    queueLoad(stored) {
      let text = null;
      try {
        if (stored != null) text = jsonText(stored);
      } catch (e) {
        return notJson('leadscore.queue.type', e).concat(this.queueLoadText(null));
      }
      return this.queueLoadText(text);
    }

    /**
     * queueLoad() for the queue's stored text (or null), which the core
     * parses: text that is not JSON is leadscore.queue.syntax.
     * @param {string | null} text
     * @returns {CoreError[]}
     */
    queueLoadText(text) {
      return JSON.parse(module.queueLoad(this.handle, ...input(text)));
    }

    /**
     * Merges another copy of the stored queue (another tab's, as stored) into
     * this one, so that saving loses no tab's lead and brings back no
     * delivered one (union by request id; the copy that has seen more wins;
     * delivered ids are remembered). Returns why it was refused (then nothing
     * changes): a value JSON cannot hold is leadscore.queue.type.
     * @param {unknown} stored
     * @returns {CoreError[]}
     */
    queueMerge(stored) {
      let text = null;
      try {
        if (stored != null) text = jsonText(stored);
      } catch (e) {
        return notJson('leadscore.queue.type', e);
      }
      return this.queueMergeText(text);
    }

    /**
     * queueMerge() for a stored copy's text (or null), which the core parses:
     * text that is not JSON is leadscore.queue.syntax.
     * @param {string | null} text
     * @returns {CoreError[]}
     */
    queueMergeText(text) {
      return JSON.parse(module.queueMerge(this.handle, ...input(text)));
    }

    /**
     * The delivery queue in its stored form, to persist before sending.
     * @returns {{schema: 'leadscore.queue', version: 1, items: Array<Record<string, unknown>>,
     *   delivered: Array<{id: string, at: number}>}}
     */
    queueJson() {
      return JSON.parse(module.queueJson(this.handle));
    }

    /**
     * Leases the requests due at `now` to this tab for `leaseMs` and returns
     * them; another tab's live lease keeps a request out. Their bodies stay
     * within `maxBytes` (UTF-8), oldest first: one that does not fit is left
     * due, untouched, and a later, smaller one may go.
     * @param {number} now epoch ms
     * @param {string} owner this tab's id
     * @param {number} leaseMs
     * @param {number} [max]
     * @param {number} [maxBytes]
     * @returns {DeliveryRequest[]}
     */
    queueTake(now, owner, leaseMs, max = 10, maxBytes = 1e9) {
      return JSON.parse(module.queueTake(this.handle, now, owner, leaseMs, max, maxBytes));
    }

    /**
     * Records the answer to a send: status 0 for no answer (network error,
     * timeout, offline); -1 for a send that was not made (the browser refused
     * to start it): the lease ends, due again, no attempt counted. 2xx delivers, 408/429/5xx/0 retry with backoff
     * (`jitter` in [0, 1), e.g. Math.random()), or as long as the answer's
     * Retry-After asked if longer (never past retry.max_seconds); other
     * statuses are refused and kept for inspection.
     * @param {string} id the request's id
     * @param {number} status
     * @param {number} now epoch ms
     * @param {number} jitter
     * @param {number} [retryAfterMs] the wait Retry-After asked for (-1 or NaN: none)
     * @param {boolean} [online] navigator.onLine: the third send (or a later one) with no answer
     * while online is 'unanswered' (a retry; the site owner is to hear it), once per target
     * @returns {'delivered'|'retry'|'refused'|'unanswered'|'unknown'}
     */
    queueReport(id, status, now, jitter, retryAfterMs = -1, online = false) {
      return /** @type {'delivered'|'retry'|'refused'|'unanswered'|'unknown'} */ (
        module.queueReport(this.handle, id, status, now, jitter, retryAfterMs, online));
    }

    /**
     * The network is back (the browser's `online` event): requests whose last
     * send got no answer are due now (those a server asked to wait keep their
     * backoff). Returns how many became due.
     * @param {number} now epoch ms
     * @returns {number}
     */
    queueNetworkBack(now) {
      return module.queueNetworkBack(this.handle, now);
    }

    /**
     * flush(): every request waiting out a backoff is due at `now` (refused
     * and leased ones are left); how many became due.
     * @param {number} now
     * @returns {number}
     */
    queueFlush(now) {
      return module.queueFlush(this.handle, now);
    }

    /**
     * The queue at a glance at `now`: items, bytes, when the next send is
     * due (-1: nothing to wait for), and the refused requests. A wait or
     * lease longer than any that can be set by `now` (the page's clock went
     * back) ends now. (Null only after delete().)
     * @param {number} now epoch ms
     * @returns {{items: number, bytes: number, next_due: number,
     *            failed: Array<{id: string, target: string, status: number, attempts: number}>}}
     */
    queueInfo(now) {
      return JSON.parse(module.queueInfo(this.handle, now));
    }

    /** Frees the core. */
    delete() {
      module.destroy(this.handle);
      this.handle = -1;
    }
  };
}
