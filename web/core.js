// @ts-check
/**
 * The WebAssembly core as a JS class. The module exports plain functions over
 * integer handles (wasm/bindings.cpp); this wraps them: JS values go in,
 * JSON text comes out and is parsed here, and the core's error values become
 * one error type, LeadScoreError.
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

/** Bits of track()'s result. */
export const Changed = Object.freeze({
  accepted: 1, score: 2, lifecycle: 4, journey: 8, temperature: 16, contact: 32, session: 64,
  offers: 128, gates: 256,
});

/**
 * Wraps an instantiated module (the resolved value of createLeadScoreCore()).
 * @param {any} module
 */
export function coreClass(module) {
  const encoder = new TextEncoder();
  // One input buffer in the module's memory, reused by every call and grown
  // when needed. Its address stays valid; the HEAPU8 view over it is fetched
  // on every use because growing the memory replaces it.
  let inputPtr = 0;
  let inputCap = 0;
  /** Writes `text` as UTF-8 into the input buffer; returns its byte length. */
  function writeInput(/** @type {string} */ text) {
    if (text.length > 65536) {
      // Big batches: encode once and copy, sizing the buffer exactly.
      const bytes = encoder.encode(text);
      if (bytes.length > inputCap) {
        if (inputPtr) module._free(inputPtr);
        inputCap = bytes.length;
        inputPtr = module._malloc(inputCap);
      }
      module.HEAPU8.set(bytes, inputPtr);
      return bytes.length;
    }
    for (;;) {
      if (inputCap) {
        const { read, written } = encoder.encodeInto(text, module.HEAPU8.subarray(inputPtr, inputPtr + inputCap));
        if (read === text.length) return written;
      }
      if (inputPtr) module._free(inputPtr);
      inputCap = Math.max(1024, text.length * 3);  // UTF-8 needs at most 3 bytes per UTF-16 unit
      inputPtr = module._malloc(inputCap);
    }
  }

  return class Core {
    constructor() {
      /** @private */
      this.handle = module.create();
    }

    /**
     * Loads a config document (already parsed). Returns the errors (empty when
     * it loaded); on errors the previous config stays.
     * @param {unknown} config
     * @returns {Array<{id: string, path: string, message: string}>}
     */
    loadConfig(config) {
      return JSON.parse(module.loadConfig(this.handle, config));
    }

    /**
     * Makes a stored profile (or null) the current visitor's. Returns why a
     * stored profile was refused (then the visitor starts fresh as visitorId).
     * @param {unknown} profile
     * @param {string} visitorId
     */
    loadProfile(profile, visitorId) {
      return JSON.parse(module.loadProfile(this.handle, profile ?? null, visitorId));
    }

    /**
     * Applies one event (JSON text). Returns the Changed bits, or -1 when the
     * event was refused (see lastError()).
     * @param {string} eventJson
     */
    track(eventJson) {
      const length = writeInput(eventJson);
      return module.track(this.handle, inputPtr, length);
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

    /** Score lines of every visitor seen, as the CLI prints them. @param {number} now */
    standings(now) {
      return JSON.parse(module.standings(this.handle, now));
    }

    /** The current visitor's profile in its stored form, or null. */
    profile() {
      return JSON.parse(module.profile(this.handle));
    }

    /**
     * The offers to show now on this page, and the triggers still to come.
     * @param {{trigger?: 'load'|'delay'|'scroll'|'exit_intent', seconds?: number, depth?: number,
     *          url: string, slots?: string[], now: number}} context
     * @returns {{show: Array<Record<string, string>>, arm: {delays: number[], depths: number[], exit_intent: boolean}} | null}
     */
    decideOffers(context) {
      return JSON.parse(module.decideOffers(this.handle, context.trigger || 'load', context.seconds || 0,
        context.depth || 0, context.url, (context.slots || []).join('\n'), context.now));
    }

    /**
     * One gated piece of content.
     * @param {string} gate
     * @param {string} content
     * @returns {{status: 'locked'|'free'|'unlocked'|'unknown', mode?: string, offer?: object} | null}
     *          offer: the offer shown in its place (as in decideOffers().show)
     */
    gateStatus(gate, content) {
      return JSON.parse(module.gateStatus(this.handle, gate, content));
    }

    /** Config settings the page side needs: {consent_required, respect_dnt}. */
    settings() {
      return JSON.parse(module.settings(this.handle));
    }

    /** Frees the core. */
    delete() {
      module.destroy(this.handle);
      this.handle = -1;
    }
  };
}
