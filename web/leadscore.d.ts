// Types of the LeadScore JavaScript API: window.LeadScore (script tag,
// dist/leadscore.js) and the ES module (dist/leadscore.mjs) export the same
// functions. dist/ has this file twice: leadscore.d.ts, and leadscore.d.mts
// (TypeScript pairs dist/leadscore.mjs with that name). Nothing here throws into the page: problems go to on('error')
// listeners (and console.warn once per error id); only init() rejects.

/** An error from LeadScore, with a stable id such as "leadscore.config.type". */
export declare class LeadScoreError extends Error {
  constructor(id: string, message: string, path?: string, errors?: LeadScoreProblem[]);
  readonly name: 'LeadScoreError';
  /**
   * Stable id. From the widget: `leadscore.load.failed` (the widget bundle did
   * not load), `leadscore.wasm.failed`, `leadscore.config.fetch`,
   * `leadscore.config.syntax`, `leadscore.config.*` (a refused config: id and
   * path of the first problem, all of them in `errors`), `leadscore.profile.*`
   * (a stored profile was refused and kept under `leadscore:v1:profile-refused`),
   * `leadscore.storage.unavailable`, `leadscore.storage.full`,
   * `leadscore.gate.unknown`, `leadscore.gate.style` (the page's script set a locked
   * element's style back each time: its blur or hiding left to the page),
   * `leadscore.offer.url`, `leadscore.api.argument`,
   * `leadscore.api.queue_full` (calls made before init() past the 200 that
   * wait were dropped; the message says how many),
   * `leadscore.event.*` (an event the core refused), `leadscore.form.unknown`
   * (a data-leadscore-form naming no form of the config), `leadscore.form.element`
   * (data-leadscore-form on an element that is not a `<form>`), `leadscore.form.field`
   * (a data-leadscore-form without an input for some of its config form's
   * fields, named in the message: those are not asked on that page),
   * `leadscore.delivery.refused` (a target answered 4xx: kept and sent once more after `delivery.retry.max_seconds`; refused again, kept until the config corrects that target),
   * `leadscore.delivery.queue_full` (a lead found the delivery queue full),
   * `leadscore.delivery.unanswered` (a lead's third send got no answer while online: the receiver is down or unreachable, or sends no CORS headers; kept and sent again),
   * `leadscore.delivery.failing` (a lead's third failed send was answered 408, 429 or 5xx: the receiver is failing; kept and sent again),
   * `leadscore.queue.*` (a stored delivery queue was refused),
   * `leadscore.internal`.
   */
  readonly id: string;
  /** JSON pointer of the offending value, when there is one. */
  readonly path: string;
  /** Every problem, when there are several (a refused config lists them all). */
  readonly errors: LeadScoreProblem[];
}

export interface LeadScoreProblem {
  id: string;
  path: string;
  message: string;
}

export interface InitOptions {
  /** The config: a URL (fetched, relative to the page) or the config object itself (not an array). */
  config: string | Record<string, unknown>;
  /** Where leadscore.wasm is. Default: next to the widget script (or the ES module). */
  wasmUrl?: string;
  /** Epoch milliseconds now. Default: Date.now. Anything but a function, or one giving no epoch milliseconds (a `Date`, `performance.now()`), rejects init() with `leadscore.api.argument`. */
  clock?: () => number;
  /** Texts of the widget's own UI; each wins over the config's `labels` (in the language of where each box is shown). Other keys, or a text that is not a non-empty string, reject init() with `leadscore.api.argument`. */
  labels?: {
    /** Accessible name of the close buttons. Default: the config's, else "Close". */
    close?: string;
    /** Shown in place of locked content whose gate has no offer, and the name of a gate's card. Default: the config's, else "This content is locked.". */
    locked?: string;
  };
}

export type LifecycleStage = 'visitor' | 'lead' | 'mql' | 'sql' | 'customer' | (string & {});
export type JourneyStage = 'awareness' | 'consideration' | 'decision';
export type Temperature = 'cold' | 'warm' | 'hot';

export interface BreakdownEntry {
  rule: string;
  dimension: 'fit' | 'engagement';
  /** Times the rule matched. */
  fired: number;
  /** Points it is worth now. */
  points: number;
  /** Points its cap withheld. */
  capped: number;
  /** Points lost to decay so far. */
  decayed: number;
}

export interface Touch {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
  gclid?: string;
  fbclid?: string;
  referrer?: string;
  landing_page?: string;
  ts?: number;
}

/** A move of the lifecycle stage, journey stage or temperature, with its cause. */
export interface StageChange {
  kind: 'lifecycle' | 'journey' | 'temperature';
  from: string;
  to: string;
  /** Why, for people (e.g. "known contact, total 65 >= 50"). */
  cause: string;
  /** Epoch ms. */
  ts: number;
}

/** The visitor as the core sees them now. */
export interface LeadState {
  visitor: string;
  /** fit + engagement */
  score: number;
  fit: number;
  engagement: number;
  stage: LifecycleStage;
  journey: JourneyStage;
  temperature: Temperature;
  breakdown: BreakdownEntry[];
  /** Contact data is known (email or phone). */
  known: boolean;
  lifecycle_since: number;
  sessions: number;
  events: number;
  page_views: number;
  first_seen: number;
  last_seen: number;
  contact: Record<string, string | number>;
  attribution: { first?: Touch; last?: Touch };
  /** Newest last (the most recent 20). */
  transitions: StageChange[];
  /** Forms submitted. */
  forms: string[];
  /** Gates unlocked (they stay unlocked). */
  unlocked: string[];
  /** What the visitor did with each offer. */
  offers: Record<string, { views: number; dismissed_at?: number; converted_at?: number }>;
  /** The delivery queue (this tab's view, merged with the stored one). */
  delivery?: DeliveryInfo;
}

export interface OfferEvent {
  /** The offer's id in the config. */
  offer: string;
  /** Its type (ebook, demo, ...). */
  type: string;
  /** Where it was shown; "gate" when in place of locked content. */
  placement: 'banner' | 'modal' | 'slide-in' | 'inline' | 'gate';
  action: 'shown' | 'dismissed' | 'converted';
}

/** A lead payload (leadscore.lead/v1) as the core builds it. */
export interface LeadPayload {
  schema: 'leadscore.lead/v1';
  /** Unique; receivers de-duplicate by it. */
  id: string;
  visitor_id: string;
  reason: 'form_submit' | 'stage_change';
  /** ISO 8601. */
  submitted_at: string;
  /** The form sent (reason form_submit). */
  form?: string;
  /** What the visitor told (their answers, typed: numbers as numbers), with email_domain derived. */
  contact: Record<string, string | number>;
  /** Lifecycle stage, journey stage and temperature when it was made. */
  stage: string;
  journey: 'awareness' | 'consideration' | 'decision';
  temperature: 'cold' | 'warm' | 'hot';
  /** Rounded to two decimals; the breakdown only where the visitor allows tracking. */
  score: {
    total: number;
    fit: number;
    engagement: number;
    breakdown?: Array<{ rule: string; dimension: 'fit' | 'engagement'; fired: number; points: number }>;
  };
  /** The lifecycle move that made it (reason stage_change). */
  transition?: { from: string; to: string; cause: string };
  /** The form's consent box, where the form asks for it. */
  consent?: { granted: boolean; text: string; at: string };
  /** The page it was sent from. */
  page: { url?: string; title?: string; referrer?: string };
  /** Attribution and activity (where the visitor allows tracking), and more in later versions. */
  [field: string]: unknown;
}

/**
 * on('lead'): `captured` once per payload made (a valid form submit, a stage
 * change the config names), with the payload, whether or not it could be
 * queued; `delivered` once per target that accepted it (HTTP 2xx; `status`
 * 0 when the target answers without CORS and the answer cannot be read).
 * A stage change's `id` is the visitor's and the stage's
 * (`<visitor_id>-mql`): two tabs that see the same move hear the same id.
 */
export type LeadEvent =
  | { action: 'captured'; id: string; payload: LeadPayload }
  | { action: 'delivered'; id: string; target: string; status: number };

/** The delivery queue at a glance (state().delivery). */
export interface DeliveryInfo {
  /** Requests waiting (one per payload and target), failed ones included. */
  items: number;
  bytes: number;
  /** When the next send is due (epoch ms), -1 when nothing waits. */
  next_due: number;
  /** Requests a target refused (4xx other than 408/429): kept, sent again once the config corrects that target's url or headers. */
  failed: Array<{ id: string; target: string; status: number; attempts: number }>;
}

export interface LeadScoreEvents {
  /**
   * The score changed: the new state. After an event, and when the visitor
   * starts over (forget(), here or in another tab) or this page takes over
   * the profile another tab of the visitor stored.
   */
  score: LeadState;
  /** One per new lifecycle, journey or temperature transition. */
  stage: StageChange;
  /** An offer was shown, dismissed or converted. */
  offer: OfferEvent;
  /** A lead payload was captured, or delivered to a target. */
  lead: LeadEvent;
  /** Anything that went wrong; the page keeps working. */
  error: LeadScoreError;
}

export interface LeadScoreClient {
  /** Records an event of any type (built-in or custom), e.g. track('demo_request'). NaN or an infinity in props refuses the call (leadscore.api.argument). */
  track(type: string, props?: Record<string, unknown>): void;
  /** Records contact fields: track('identify', fields). A field given as null is forgotten; an `email` that is not an email address refuses the whole call (leadscore.event.email on on('error')), as NaN or an infinity does (leadscore.api.argument: nothing is forgotten). */
  identify(fields: Record<string, string | number | boolean | null>): void;
  /** The visitor now, or null (before init, or under Do Not Track). */
  state(): LeadState | null;
  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof LeadScoreEvents>(event: K, listener: (value: LeadScoreEvents[K]) => void): () => void;
  /**
   * With `privacy.consent: "required"` nothing is stored until consent(true);
   * consent(false) removes everything stored and stores nothing more, in
   * this tab, the visitor's other tabs and later page loads (scoring goes on
   * in memory, for the page). Without the requirement the refusal itself is
   * kept (`leadscore:v1:consent` = "0") until consent(true).
   */
  consent(granted: boolean): void;
  /**
   * Removes every key LeadScore stored, and continues as a new anonymous
   * visitor. A refusal (consent(false)) stays in force: it is the visitor's
   * choice, not data about them.
   */
  forget(): void;
  /**
   * Stores the profile and the delivery queue now (they are also stored ~1 s
   * after events and when the page is hidden) and sends every lead payload
   * waiting in the queue, even one waiting out a retry's backoff (not those
   * refused with a 4xx, nor those another tab is sending); resolves when
   * those sends have been answered (or failed). Before any init(): resolves
   * at once (nothing to send); while init() is under way, once it is done.
   */
  flush(): Promise<void>;
}

/**
 * Starts LeadScore: loads the module and the config, restores the visitor,
 * tracks the page view and starts collectors, offers and gates. Called again,
 * resolves to the same client (or rejects the same way), whatever the options. Rejects with a LeadScoreError (bad options, the
 * widget or module did not load, the config was not found, not JSON or
 * refused); the page keeps working. Under Do Not Track (or Global Privacy
 * Control) with `privacy.respect_dnt`, resolves to a client that tracks and
 * stores nothing (track(), identify() and consent() do nothing, state() is
 * null); only the page's `data-leadscore-form` forms are driven and the leads
 * the visitor sends with them delivered. The options may be left out once
 * LeadScore is starting (the script tag's data-config, or an earlier init()):
 * then it only hands out the client; the first init() without a config
 * rejects with `leadscore.api.argument`.
 */
export declare function init(options?: InitOptions): Promise<LeadScoreClient>;
export declare const track: LeadScoreClient['track'];
export declare const identify: LeadScoreClient['identify'];
export declare const state: LeadScoreClient['state'];
export declare const on: LeadScoreClient['on'];
export declare const consent: LeadScoreClient['consent'];
export declare const forget: LeadScoreClient['forget'];
export declare const flush: LeadScoreClient['flush'];

/** window.LeadScore: the same API. Calls made before the widget has loaded are queued and replayed in order. */
export interface LeadScoreGlobal extends LeadScoreClient {
  init(options?: InitOptions): Promise<LeadScoreClient>;
  /**
   * The class of the errors the widget reports. Read it when you check an
   * error (`e instanceof LeadScore.LeadScoreError`), not once at startup:
   * until the widget has loaded it is the loader's own class, whose only
   * error is `leadscore.load.failed`.
   */
  LeadScoreError: typeof LeadScoreError;
  /** The async-snippet way, also once loaded: push(['track', 'signup']) calls track('signup'). */
  push(...calls: LeadScoreCall[]): void;
}

/** A call queued the async-snippet way: the method's name, then its arguments. */
export type LeadScoreCall = [string, ...unknown[]];

declare global {
  interface Window {
    /**
     * Made by the script tag's loader; before the loader has run, the async
     * snippet's array of queued calls (`window.LeadScore = window.LeadScore || [];
     * window.LeadScore.push([...])`), which the loader takes over; not there
     * on a page that only imports the ES module, nor in a script that runs
     * before the loader without the snippet: check it (and that it is no
     * array, to call init()), or use the module's exports.
     */
    LeadScore?: LeadScoreGlobal | LeadScoreCall[];
  }
}
