// A TypeScript user of dist/: the ES module, the script tag's global and the
// inspector, as tests/node/types.test.mjs compiles it (tsc --strict, node16
// and bundler resolution). Lines under @ts-expect-error must NOT compile:
// tsc fails when such a line is accepted.
import { init, identify, on, state, track, LeadScoreError, type LeadState } from '../../../dist/leadscore.mjs';
import {
  createInspector, LeadScoreError as InspectorError, type ShownOffer, type LeadScoreProblem,
} from '../../../dist/leadscore-inspector.mjs';

export async function page(): Promise<string> {
  const client = await init({ config: '/leadscore.json', clock: () => Date.now(), labels: { close: 'Schließen', locked: undefined } });
  client.track('demo_request', { plan: 'pro', seats: 12 });
  identify({ email: 'ada@example.com', newsletter: true, employees: 250, phone: null }); // null forgets a field
  track('download');
  const off = on('lead', (e) => {
    if (e.action === 'delivered') console.log(e.target, e.status.toFixed(0));
    else console.log(e.payload.schema, e.payload.reason);
  });
  // README's example (on('lead')): the payload's stage and score are typed.
  on('lead', (e) => {
    if (e.action === 'captured') console.log('lead', e.id, e.payload.stage, e.payload.score.total, e.payload.contact.email);
  });
  off();
  on('error', (e) => console.log(e.id, e.path, e.errors.length));
  on('stage', (t) => console.log(t.kind, t.from, t.to, t.cause));
  const s: LeadState | null = state();
  await client.flush();
  return s ? `${s.stage} ${s.journey} ${s.score}` : 'no state';
}

export async function scriptTag(): Promise<void> {
  const ls = window.LeadScore;
  if (!ls || Array.isArray(ls)) return; // a page with only the ES module, or a script before the loader (the snippet's array)
  await ls.init({ config: { version: 1 } });
  const client = await ls.init(); // started already (data-config): the same client
  client.track('signup');
  ls.push(['track', 'signup'], ['identify', { email: 'x@example.com' }]);
  try {
    await ls.init({ config: '/missing.json' });
  } catch (e) {
    if (e instanceof ls.LeadScoreError) console.log(e.id);
  }
}

export function snippet(): void {
  // The async snippet (docs/widget.md): calls queued before the loader has run, taken over by it.
  window.LeadScore = window.LeadScore || [];
  window.LeadScore.push(['track', 'signup'], ['identify', { email: 'x@example.com' }]);
}

export async function tool(): Promise<boolean> {
  const inspector = await createInspector({ wasmUrl: '/leadscore/leadscore-inspector.wasm' });
  const errors: LeadScoreProblem[] = inspector.validate({ version: 1 });
  const textErrors: LeadScoreProblem[] = inspector.validateText('{"version": 1}');
  void textErrors;
  inspector.load({ config: { version: 1 }, profile: null });
  const counted: boolean = inspector.pageView({ url: 'https://example.com/', now: Date.now() });
  const gate = inspector.gateStatus('pricing', 'table');
  const offer: ShownOffer | undefined = gate?.offer;
  if (offer && offer.placement === 'gate') console.log(offer.title); // the offer shown in place of locked content
  try {
    await createInspector({ wasmUrl: 'http://[' });
  } catch (e) {
    if (e instanceof InspectorError) return e.id === 'leadscore.wasm.failed'; // a class, not only a type
  }
  return errors.length === 0 && new LeadScoreError('leadscore.internal', 'x') instanceof Error;
}

export async function mistakes(): Promise<void> {
  // @ts-expect-error config is required
  await init({});
  // @ts-expect-error a config is a URL or an object, not an array
  await init({ config: [] });
  // @ts-expect-error clock is a function
  await init({ config: '/c.json', clock: 5 });
  // @ts-expect-error no such event
  on('click', () => {});
  // @ts-expect-error contact fields are strings, numbers, booleans or null
  identify({ address: { city: 'Paris' } });
  // @ts-expect-error the event type is a string
  track(42);
  // @ts-expect-error state() may be null
  console.log(state().score);
  // @ts-expect-error window.LeadScore may be missing (the ES module alone makes none)
  window.LeadScore.track('signup');
  const queued = window.LeadScore;
  // @ts-expect-error before the loader, it may be the async snippet's array of calls
  if (queued) queued.track('signup');
  await init(); // typed: the same client once started (at run time the first one needs a config)
}
