import { DeciderSpecification } from '../testing/decider-specification';
import { fact, inLog } from '../testing/facts';
import { emptyProfile, evolveProfile } from '../read-models/subject-profile';
import { subjectFindings } from '../findings/subject-findings';
import { ErasureCommand, erasureDecider } from './erasure.decider';
import type { SubjectFact } from './erasure.decider';

const given = DeciderSpecification.for(erasureDecider);
const collected = fact(
  'PersonalDataCollected',
  { categories: ['user.name', 'user.contact'], purpose: 'service', legalBasis: 'contract', source: 'data-subject', system: 'portal' },
  '2024-01-01T00:00:00.000Z',
);
const sharedEmail = fact(
  'PersonalDataSharedWithProcessor',
  { recipientId: 'mailer', categories: ['user.contact.email'], purpose: 'news', legalBasis: 'contract' },
  '2024-01-02T00:00:00.000Z',
);
const sharedContact = fact(
  'PersonalDataSharedWithProcessor',
  { recipientId: 'crm', categories: ['user.contact'], purpose: 'support', legalBasis: 'contract' },
  '2024-01-02T00:00:00.000Z',
);
const requested = fact('SubjectRequestReceived', { requestId: 'R', right: 'erasure' }, '2025-02-03T00:00:00.000Z');
const erasedContact = fact(
  'PersonalDataErased',
  { requestId: 'R', ground: 'subject-request', system: 'portal', categories: ['user.name', 'user.contact'] },
  '2025-02-10T00:00:00.000Z',
);
const erasedEmail = fact(
  'PersonalDataErased',
  { requestId: 'R', ground: 'subject-request', system: 'portal', categories: ['user.name', 'user.contact.email'] },
  '2025-02-10T00:00:00.000Z',
);
const told = (recipientId: string) => fact('RecipientNotifiedOfErasure', { recipientId, requestId: 'R' }, '2025-02-11T00:00:00.000Z');
const exempted = (recipientId: string) =>
  fact(
    'RecipientNotificationExempted',
    { recipientId, change: 'erasure', ground: 'impossible', reason: 'the recipient was dissolved', requestId: 'R' },
    '2025-02-12T00:00:00.000Z',
  );
const shred: ErasureCommand = { type: 'ShredDueKeys', eventId: 'proof', at: '2025-03-01T00:00:00.000Z' };

const findings = (facts: SubjectFact[]) =>
  subjectFindings(facts.map((f, i) => inLog(f, i + 1)).reduce(evolveProfile, emptyProfile('S', facts[0].occurredAt)), {
    accountRetentionMonths: 24,
    recipientCountry: () => undefined,
  }).filter((f) => f.rule === 'erasure-not-propagated');

describe('Art. 19 in full: erasure', () => {
  it('erasing a parent category obliges telling a recipient of a child, and the keys wait for it', () => {
    given([collected, sharedEmail, requested, erasedContact]).when(shred).thenNothingHappened();
    expect(findings([collected, sharedEmail, requested, erasedContact])).toEqual([
      expect.objectContaining({ status: 'open', detail: expect.objectContaining({ recipientId: 'mailer', categories: ['user.contact.email'] }) }),
    ]);
    given([collected, sharedEmail, requested, erasedContact, told('mailer')])
      .when(shred)
      .then([expect.objectContaining({ type: 'SubjectDataShredded', data: expect.objectContaining({ reason: 'erasure' }) })] as never);
  });

  it('erasing a child category concerns a recipient of its parent', () => {
    given([collected, sharedContact, requested, erasedEmail]).when(shred).thenNothingHappened();
    expect(findings([collected, sharedContact, requested, erasedEmail]).map((f) => f.detail.categories)).toEqual([['user.contact']]);
  });

  it('an exemption (impossible, disproportionate effort) releases the shredding and leaves no finding', () => {
    const history = [collected, sharedEmail, requested, erasedContact, exempted('mailer')];
    given(history)
      .when(shred)
      .then([expect.objectContaining({ type: 'SubjectDataShredded' })] as never);
    expect(findings(history)).toEqual([]);
  });

  it('an exemption for another change, or for another recipient, does not', () => {
    const other = fact(
      'RecipientNotificationExempted',
      { recipientId: 'mailer', change: 'rectification', ground: 'impossible', reason: 'x', requestId: 'R' },
      '2025-02-12T00:00:00.000Z',
    );
    given([collected, sharedEmail, requested, erasedContact, other]).when(shred).thenNothingHappened();
    given([collected, sharedEmail, requested, erasedContact, exempted('crm')])
      .when(shred)
      .thenNothingHappened();
  });
});

describe('Art. 19 in full: rectification and restriction are passed on', () => {
  const changeFindings = (facts: SubjectFact[]) =>
    subjectFindings(facts.map((f, i) => inLog(f, i + 1)).reduce(evolveProfile, emptyProfile('S', facts[0].occurredAt)), {
      accountRetentionMonths: 24,
      recipientCountry: () => undefined,
    })
      .filter((f) => f.rule === 'change-not-propagated')
      .map((f) => ({ status: f.status, recipientId: f.detail.recipientId, change: f.detail.change, categories: f.detail.categories }));
  const rectified = fact('PersonalDataRectified', { categories: ['user.contact'], system: 'portal', requestId: 'R-rect' }, '2025-03-01T00:00:00.000Z');
  const restricted = fact('ProcessingRestricted', { categories: ['user.contact.email'], system: 'portal', requestId: 'R-restr' }, '2025-03-01T00:00:00.000Z');

  it('a rectification of a parent category is owed to a recipient of a child, until told', () => {
    expect(changeFindings([collected, sharedEmail, rectified])).toEqual([
      { status: 'open', recipientId: 'mailer', change: 'rectification', categories: ['user.contact.email'] },
    ]);
    const toldOf = fact('RecipientNotifiedOfChange', { recipientId: 'mailer', change: 'rectification', requestId: 'R-rect' }, '2025-03-02T00:00:00.000Z');
    expect(changeFindings([collected, sharedEmail, rectified, toldOf])).toEqual([]);
  });

  it('a restriction is owed too; a notice of the other kind does not count, an exemption does', () => {
    const wrongKind = fact('RecipientNotifiedOfChange', { recipientId: 'crm', change: 'rectification' }, '2025-03-02T00:00:00.000Z');
    expect(changeFindings([collected, sharedContact, restricted, wrongKind])).toEqual([
      { status: 'open', recipientId: 'crm', change: 'restriction', categories: ['user.contact'] },
    ]);
    const excused = fact(
      'RecipientNotificationExempted',
      { recipientId: 'crm', change: 'restriction', ground: 'disproportionate-effort', reason: 'archived copy', requestId: 'R-restr' },
      '2025-03-02T00:00:00.000Z',
    );
    expect(changeFindings([collected, sharedContact, restricted, excused])).toEqual([]);
  });

  it('a notice after the internal target closes the finding late; a recipient first served after the change is owed nothing', () => {
    const lateNotice = fact('RecipientNotifiedOfChange', { recipientId: 'mailer', change: 'rectification' }, '2025-05-01T00:00:00.000Z');
    expect(changeFindings([collected, sharedEmail, rectified, lateNotice])).toEqual([
      { status: 'closed', recipientId: 'mailer', change: 'rectification', categories: ['user.contact.email'] },
    ]);
    const sharedLater = fact(
      'PersonalDataSharedWithProcessor',
      { recipientId: 'mailer', categories: ['user.contact.email'], purpose: 'news', legalBasis: 'contract' },
      '2025-04-01T00:00:00.000Z',
    );
    expect(changeFindings([collected, rectified, sharedLater])).toEqual([]);
  });
});
