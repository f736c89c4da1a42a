import type { NewFact, SubjectEventType } from '../catalog/event-data';
import { fold } from '../deciders/decider';
import { subjectFindings } from '../findings/subject-findings';
import { emptyProfile, evolveProfile } from '../read-models/subject-profile';
import { fact, inLog } from '../testing/facts';
import { erasureDecider, keysDue, recipientsAwaitingErasureNotice } from './erasure.decider';
import { erasureStatus } from './erasure-status';

/**
 * Art. 19 answered twice must be answered once: for every order of erasure request, erasure and
 * notice (with and without request ids, a notice for another request, two erasures), the erasure
 * decider shreds exactly when the findings have no recipient awaiting notice — and both follow
 * the rule written in erasure-notices.ts. The expected answer comes from the rule as the README
 * states it, computed apart from the code under test.
 */

type Step = { kind: 'request' } | { kind: 'erasure'; system: 'portal' | 'helpdesk'; requestId?: string } | { kind: 'notice'; requestId?: string };

const REQUEST = 'R-1';
const OTHER_REQUEST = 'R-2';
const NOW = '2025-12-01T00:00:00.000Z';

const at = (i: number) => new Date(Date.UTC(2025, 1, 1 + i, 10)).toISOString();

const toFact = (step: Step, i: number): NewFact<SubjectEventType> => {
  switch (step.kind) {
    case 'request':
      return fact('SubjectRequestReceived', { requestId: REQUEST, right: 'erasure' }, at(i));
    case 'erasure':
      return fact(
        'PersonalDataErased',
        {
          ground: 'subject-request',
          system: step.system,
          categories: ['user.name', 'user.contact.email'],
          ...(step.requestId ? { requestId: step.requestId } : {}),
        },
        at(i),
      );
    case 'notice':
      return fact('RecipientNotifiedOfErasure', { recipientId: 'cpanel', ...(step.requestId ? { requestId: step.requestId } : {}) }, at(i));
  }
};

/** The rule, apart from the code: a notice naming a request counts for that request's erasure; one naming none counts from the first request or erasure on. */
function toldByTheRule(steps: readonly Step[]): boolean {
  const notice = steps.findIndex((s) => s.kind === 'notice');
  const { requestId } = steps[notice] as Extract<Step, { kind: 'notice' }>;
  const requests = new Set(steps.flatMap((s) => (s.kind === 'request' ? [REQUEST] : s.kind === 'erasure' && s.requestId ? [s.requestId] : [])));
  if (requestId !== undefined) return requests.has(requestId);
  const start = steps.findIndex((s) => s.kind === 'request' || s.kind === 'erasure');
  return notice > start;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const label = (s: Step) =>
  s.kind === 'request'
    ? `request ${REQUEST}`
    : s.kind === 'erasure'
      ? `erasure by ${s.system}${s.requestId ? ` for ${s.requestId}` : ''}`
      : `notice${s.requestId ? ` for ${s.requestId}` : ' without request'}`;

const request: Step = { kind: 'request' };
const portal = (requestId?: string): Step => ({ kind: 'erasure', system: 'portal', requestId });
const helpdesk = (requestId?: string): Step => ({ kind: 'erasure', system: 'helpdesk', requestId });
const notice = (requestId?: string): Step => ({ kind: 'notice', requestId });

const CASES: Step[][] = [
  // request, erasure and notice in every order: the notice names the request, names none, or names another.
  ...permutations([request, portal(REQUEST), notice(REQUEST)]),
  ...permutations([request, portal(REQUEST), notice()]),
  ...permutations([request, portal(REQUEST), notice(OTHER_REQUEST)]),
  // the erasure names no request (it belongs to the request's episode all the same)
  ...permutations([request, portal(), notice(REQUEST)]),
  ...permutations([request, portal(), notice()]),
  // no request recorded at all
  ...permutations([portal(), notice()]),
  ...permutations([portal(REQUEST), notice(REQUEST)]),
  ...permutations([portal(), notice(REQUEST)]),
  // two erasures, by two systems
  ...permutations([request, portal(REQUEST), helpdesk(REQUEST), notice()]),
  ...permutations([request, portal(REQUEST), helpdesk(), notice(REQUEST)]),
  ...permutations([portal(), helpdesk(), notice()]),
];

const setup = [
  fact(
    'PersonalDataCollected',
    { categories: ['user.name', 'user.contact.email'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'portal' },
    '2024-01-01T00:00:00.000Z',
  ),
  fact(
    'PersonalDataCollected',
    { categories: ['user.name'], purpose: 'support', legalBasis: 'contract', source: 'data-subject', system: 'helpdesk' },
    '2024-01-01T00:00:00.000Z',
  ),
  fact(
    'PersonalDataSharedWithProcessor',
    { recipientId: 'cpanel', categories: ['user.name'], purpose: 'hosting', legalBasis: 'contract' },
    '2024-01-02T00:00:00.000Z',
  ),
];
const policy = { accountRetentionMonths: 24, recipientCountry: () => undefined };

/** Both folds over the same facts: what the decider would do, and what the findings say. */
function answers(facts: readonly NewFact<SubjectEventType>[]) {
  const state = fold(erasureDecider, facts);
  const profile = facts.map((f, i) => inLog(f, i + 1)).reduce(evolveProfile, emptyProfile('S', setup[0].occurredAt));
  const open = subjectFindings(profile, policy).filter((f) => f.rule === 'erasure-not-propagated' && f.status === 'open');
  return {
    state,
    profile,
    shreds: keysDue(state, NOW).some((p) => p.reason === 'erasure'),
    awaiting: recipientsAwaitingErasureNotice(state),
    status: erasureStatus('S', state, new Date(NOW)),
    openFindingsFor: open.map((f) => f.detail.recipientId),
  };
}

describe('Art. 19: the erasure decider and the findings agree (shredded ⇔ no recipient awaiting notice)', () => {
  it('covers every order of every combination', () => {
    expect(CASES).toHaveLength(6 * 5 + 2 * 3 + 24 * 2 + 6);
  });

  it.each(CASES.map((steps) => [steps.map(label).join(' → '), steps]))('%s', (_, steps) => {
    const told = toldByTheRule(steps);
    // Every system that holds data reports an erasure: only the notice can hold the shredding up.
    const reported = steps.some((s) => s.kind === 'erasure' && s.system === 'helpdesk') ? steps : [...steps, helpdesk()];
    const facts = [...setup, ...reported.map((s, i) => toFact(s, i))];
    const before = answers(facts);

    expect(before.shreds).toBe(told);
    expect(before.awaiting).toEqual(told ? [] : ['cpanel']);
    expect(before.openFindingsFor).toEqual(told ? [] : ['cpanel']);
    expect(before.status.awaitingRecipients).toEqual(before.awaiting);
    expect(before.status.state).toBe(told ? 'retained' : 'awaiting-recipients');

    if (!told) return;
    // The decider's proof, folded into both: the episode is over, and nothing is left open.
    const [proof] = erasureDecider.decide({ type: 'ShredDueKeys', eventId: 'proof', at: NOW }, before.state);
    const after = answers([...facts, proof]);
    expect(after.shreds).toBe(false);
    expect(after.awaiting).toEqual([]);
    expect(after.openFindingsFor).toEqual([]);
    expect(after.status.state).toBe('shredded');
  });
});

describe('Art. 19: episodes end with the shredding', () => {
  const base = [...setup, toFact(request, 0), toFact(portal(REQUEST), 1), toFact(helpdesk(REQUEST), 2)];

  it('does not count a notice without a request recorded after the keys were shredded for the next erasure', () => {
    const told = [...base, toFact(notice(), 3)];
    const [proof] = erasureDecider.decide({ type: 'ShredDueKeys', eventId: 'proof', at: at(4) }, fold(erasureDecider, told));
    expect(proof.type).toBe('SubjectDataShredded');
    // After the shredding: a notice without a request, then a new erasure (of data kept till now) without one.
    const later = [
      ...told,
      proof,
      toFact(notice(), 5),
      fact('PersonalDataErased', { ground: 'retention-expired', system: 'portal', categories: ['user.name'] }, at(6)),
    ];
    const answer = answers(later);
    expect(answer.awaiting).toEqual(['cpanel']);
    expect(answer.openFindingsFor).toEqual(['cpanel']);
  });

  it('counts a late notice for the request of an episode that is over, closing what it owed', () => {
    // An older ledger shredded although cpanel was not told: the finding stays open until a notice for that request comes.
    const shredded = fact('SubjectDataShredded', { keyGroups: ['identity', 'contact', 'fiscal'], reason: 'erasure', requestId: REQUEST }, at(3));
    expect(answers([...base, shredded]).openFindingsFor).toEqual(['cpanel']);
    const late = answers([...base, shredded, fact('RecipientNotifiedOfErasure', { recipientId: 'cpanel', requestId: REQUEST }, '2025-06-01T00:00:00.000Z')]);
    expect(late.openFindingsFor).toEqual([]);
    const findings = subjectFindings(late.profile, policy).filter((f) => f.rule === 'erasure-not-propagated');
    expect(findings).toEqual([expect.objectContaining({ status: 'closed', closedAt: '2025-06-01T00:00:00.000Z' })]);
  });

  it('does not owe a notice for data shared after the keys were shredded (that is processing after erasure)', () => {
    const told = [...base, toFact(notice(REQUEST), 3)];
    const [proof] = erasureDecider.decide({ type: 'ShredDueKeys', eventId: 'proof', at: at(4) }, fold(erasureDecider, told));
    const sharedLater = fact(
      'PersonalDataSharedWithProcessor',
      { recipientId: 'mailer', categories: ['user.name'], purpose: 'newsletter', legalBasis: 'consent' },
      at(5),
    );
    const answer = answers([...told, proof, sharedLater]);
    expect(answer.openFindingsFor).toEqual([]);
    expect(subjectFindings(answer.profile, policy).map((f) => f.rule)).toContain('processing-after-erasure');
  });

  it('measures the month from the erasure, and a notice given before the erasure is in time', () => {
    const early = answers([...setup, toFact(request, 0), toFact(notice(REQUEST), 1), toFact(portal(REQUEST), 40), toFact(helpdesk(), 41)]);
    expect(subjectFindings(early.profile, policy).filter((f) => f.rule === 'erasure-not-propagated')).toEqual([]);
    const late = answers([...setup, toFact(request, 0), toFact(portal(REQUEST), 1), toFact(helpdesk(), 2), toFact(notice(REQUEST), 40)]);
    expect(subjectFindings(late.profile, policy).filter((f) => f.rule === 'erasure-not-propagated')).toEqual([
      expect.objectContaining({ status: 'closed', dueAt: '2025-03-02T10:00:00.000Z', closedAt: at(40), visibleFrom: at(1) }),
    ]);
  });
});
