// Types of dist/leadscore-inspector.mjs: the core for tools. It checks config
// documents and shows a stored visitor profile as the widget's core sees it,
// with any config and at any moment, without tracking or storing anything.
// dist/ has this file twice: leadscore-inspector.d.ts, and
// leadscore-inspector.d.mts (TypeScript pairs the .mjs with that name).

import type { LeadScoreProblem, LeadState } from './leadscore.mjs';

export { LeadScoreError } from './leadscore.mjs';
export type { LeadScoreProblem, LeadState };

export interface InspectorOptions {
  /** Where leadscore-inspector.wasm is, relative to the page (browsers only). Default: next to this module. */
  wasmUrl?: string;
  /** The module's bytes (node, which cannot fetch a path). */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/** An offer as the widget renders it. */
export interface ShownOffer {
  offer: string;
  type: string;
  /** "gate": the offer gateStatus() gives for locked content. */
  placement: 'banner' | 'modal' | 'slide-in' | 'inline' | 'gate';
  slot?: string;
  title: string;
  text?: string;
  cta?: string;
  url?: string;
  image?: string;
  form?: string;
}

export interface OfferDecision {
  /** The offers to show now: at most one per placement (per slot inline). */
  show: ShownOffer[];
  /** Triggers still to come on this page for offers that would otherwise show. */
  arm: { delays: number[]; depths: number[]; exit_intent: boolean };
}

export interface OfferContext {
  /** What prompted the decision. Default "load". */
  trigger?: 'load' | 'delay' | 'scroll' | 'exit_intent';
  /** Visible seconds on the page so far. */
  seconds?: number;
  /** Deepest scroll % on the page so far. */
  depth?: number;
  /** The page. */
  url: string;
  /** The inline slots on the page (data-leadscore-slot). */
  slots?: string[];
  /** The ids of the offers already shown on this page view: their types are taken (one pitch of a kind per page view). */
  shown?: string[];
  /** The places offers still hold on the page: "banner", "modal", "slide-in", or "slot:" and an inline slot's name. Offers for them are not chosen, and take no type from offers that can be shown elsewhere. */
  open?: string[];
  /** Epoch ms. */
  now: number;
}

export interface Inspector {
  /** Every error of a config document by JSON path; [] when it is valid. */
  validate(config: unknown): LeadScoreProblem[];
  /**
   * validate() for config text (or its bytes), read as `leadscore validate`
   * reads a file: a key given twice is leadscore.config.duplicate_key, text
   * that is not JSON leadscore.config.syntax with its line and column.
   */
  validateText(text: string | Uint8Array): LeadScoreProblem[];
  /**
   * What in config text loads but likely is a mistake (`leadscore validate`
   * prints these after "warning: "): an event type a typo away from a
   * built-in one, leadscore.config.unknown_event. Never a reason to refuse
   * the config; [] for text that is not JSON.
   */
  warningsText(text: string | Uint8Array): LeadScoreProblem[];
  /**
   * Takes a config and a stored profile (localStorage "leadscore:v1:profile",
   * parsed; null for a new visitor). Returns the config's errors (then nothing
   * is loaded), else why the profile was refused (the visitor starts fresh), else [].
   */
  load(what: { config: unknown; profile?: unknown; visitor?: string }): LeadScoreProblem[];
  /** The loaded visitor at `now` (epoch ms, decay applied up to then); null before a successful load. */
  state(now: number): LeadState | null;
  /**
   * Counts a page view of `url` at `now` (epoch ms) for the loaded visitor, in
   * memory only (load() again to go back): the visitor as the next load of
   * that page starts (its page views, a new visit after the session timeout),
   * for decideOffers(). False before a successful load.
   */
  pageView(view: { url: string; now: number }): boolean;
  /** The offers the widget would show the loaded visitor on a page; null before a successful load. */
  decideOffers(context: OfferContext): OfferDecision | null;
  /** Whether a gated piece of content is open for the loaded visitor; null before a successful load. */
  gateStatus(gate: string, content: string): { status: 'locked' | 'free' | 'unlocked' | 'unknown'; mode?: string; offer?: ShownOffer } | null;
}

/** Loads the core. Rejects with LeadScoreError "leadscore.wasm.failed" (also for a wasmUrl that is no URL). */
export declare function createInspector(options?: InspectorOptions): Promise<Inspector>;
