import type { AuthorityNotified, BreachAssessed, BreachDetected, EventDataByType, LedgerEvent, LedgerEventType } from '../catalog/event-data';
import type { BreachRisk, NotificationPhase } from '../catalog/vocabulary';
import { event as built } from '../testing/facts';
import type { ControllerProfile } from '../controller/controller-profile';
import { BreachRecord, emptyBreach, evolveBreach, linkSubject } from '../read-models/breach-record';
import { DetectedBreach, buildBreachSummary, isDetected } from './build-breach-summary';

const event = <T extends LedgerEventType>(type: T, occurredAt: string, data: EventDataByType[T]) => built(type, data, occurredAt, 'breach-B-1');

const AWARE = '2025-06-10T14:00:00Z';
const detected = (extra: Partial<BreachDetected> = {}) =>
  event('BreachDetected', AWARE, {
    awareAt: AWARE,
    startedAt: '2025-06-09T07:00:00Z',
    endedAt: '2025-06-10T16:00:00Z',
    nature: ['confidentiality'],
    description: 'Phishing collected portal log-ins.',
    categories: ['user.name', 'user.contact.email'],
    subjectCategories: ['customers'],
    approxSubjects: 1200,
    approxRecords: 1300,
    ongoing: false,
    detectedBy: 'security team',
    ...extra,
  });
const assessed = (risk: BreachRisk, at = '2025-06-11T09:00:00Z', extra: Partial<BreachAssessed> = {}) =>
  event('BreachAssessed', at, { risk, consequences: 'Further phishing.', measuresInPlace: 'passwords stored hashed', ...extra });
const notified = (phase: NotificationPhase, at: string, extra: Partial<AuthorityNotified> = {}) =>
  event('AuthorityNotified', at, { authority: 'nl-ap', phase, ...extra });

const breach = (...events: LedgerEvent[]): DetectedBreach => {
  const b = events.reduce(evolveBreach, emptyBreach('B-1', AWARE));
  if (!isDetected(b)) throw new Error('not detected');
  return b;
};

const PROFILE: ControllerProfile = {
  name: 'HostingHuis B.V.',
  address: 'Voorbeeldstraat 1, Utrecht',
  registration: 'KvK 00000000',
  contact: { email: 'privacy@hostinghuis.example', phone: '+31 30 000 0000' },
  dpo: { name: 'FG', email: 'fg@hostinghuis.example' },
  reporter: { name: 'Security officer', email: 'security@hostinghuis.example' },
  supervisoryAuthority: { id: 'nl-ap', name: 'Autoriteit Persoonsgegevens', country: 'NL' },
  securityMeasures: 'TLS everywhere',
};
const at = (iso: string) => new Date(iso);

describe('breach summary (Art. 33(3))', () => {
  it('gives every section for a breach notified in time, with its subjects told', () => {
    const b = breach(
      detected(),
      assessed('high'),
      event('BreachMeasuresTaken', '2025-06-11T12:00:00.000Z', { measures: 'Passwords reset.', status: 'taken' }),
      event('BreachMeasuresTaken', '2025-06-11T13:00:00.000Z', { measures: 'Two-factor log-in for all.', status: 'proposed' }),
      notified('initial', '2025-06-12T10:00:00.000Z', { reference: 'AP-1' }),
      event('SubjectsNotified', '2025-06-13T09:00:00.000Z', { channel: 'email', approxSubjects: 1200 }),
      event('BreachClosed', '2025-07-01T09:00:00.000Z', { summary: 'Done.' }),
    );
    expect(buildBreachSummary(b, PROFILE, at('2026-01-01T00:00:00.000Z'))).toEqual({
      format: 'privacy-ledger.breach-summary.v1',
      breachId: 'B-1',
      generatedAt: '2026-01-01T00:00:00.000Z',
      notification: {
        type: 'initial',
        notifiable: true,
        status: 'notified',
        supervisoryAuthority: { id: 'nl-ap', name: 'Autoriteit Persoonsgegevens', country: 'NL' },
        layout: 'sections of the EDPB common breach-notification template (draft of June 2026, for consultation)',
        dueAt: '2025-06-13T14:00:00.000Z',
        late: false,
        notifiedAt: '2025-06-12T10:00:00.000Z',
        hoursAfterAwareness: 44,
        phases: [{ phase: 'initial', at: '2025-06-12T10:00:00.000Z', authority: 'nl-ap', reference: 'AP-1', hoursAfterAwareness: 44 }],
      },
      controller: {
        name: 'HostingHuis B.V.',
        address: 'Voorbeeldstraat 1, Utrecht',
        registration: 'KvK 00000000',
        contact: { email: 'privacy@hostinghuis.example', phone: '+31 30 000 0000' },
      },
      reporter: { name: 'Security officer', email: 'security@hostinghuis.example' },
      dpo: { name: 'FG', email: 'fg@hostinghuis.example' },
      nature: {
        types: ['confidentiality'],
        description: 'Phishing collected portal log-ins.',
        detectedBy: 'security team',
        startedAt: '2025-06-09T07:00:00.000Z',
        endedAt: '2025-06-10T16:00:00.000Z',
        awareAt: '2025-06-10T14:00:00.000Z',
        ongoing: false,
        durationHours: 33,
      },
      affected: {
        subjectCategories: ['customers'],
        approxSubjects: 1200,
        approxRecords: 1300,
        dataCategories: ['user.contact.email', 'user.name'],
        specialCategories: false,
        childrensData: false,
      },
      measuresInPlace: { description: 'passwords stored hashed', generalSecurityMeasures: 'TLS everywhere' },
      consequences: { risk: 'high', description: 'Further phishing.', assessedAt: '2025-06-11T09:00:00.000Z' },
      measures: {
        taken: [{ at: '2025-06-11T12:00:00.000Z', description: 'Passwords reset.' }],
        proposed: [{ at: '2025-06-11T13:00:00.000Z', description: 'Two-factor log-in for all.' }],
      },
      subjectCommunication: { required: true, status: 'notified', notifiedAt: '2025-06-13T09:00:00.000Z', channel: 'email', approxSubjects: 1200 },
      closure: { closedAt: '2025-07-01T09:00:00.000Z', summary: 'Done.' },
    });
  });

  it("leaves out the subjects and categories that subject streams link to the breach; the DPO's revised categories count", () => {
    const b = breach(detected(), assessed('high'));
    const before = buildBreachSummary(b, PROFILE, at('2026-01-01T00:00:00.000Z'));
    for (let i = 0; i < 50; i++) linkSubject(b, ['user.biometric', 'user.health_and_medical', 'user.financial.bank_account'], true);
    expect(buildBreachSummary(b, PROFILE, at('2026-01-01T00:00:00.000Z'))).toEqual(before);
    expect(b.linkedSubjects).toBe(50);

    const revised = breach(detected(), assessed('high', '2025-06-12T09:00:00Z', { categories: ['user.name', 'user.contact.email', 'user.biometric'] }));
    expect(buildBreachSummary(revised, PROFILE, at('2026-01-01T00:00:00.000Z')).affected.dataCategories).toEqual([
      'user.biometric',
      'user.contact.email',
      'user.name',
    ]);
    // Biometric data is an Art. 9 special category: the flag follows from the categories.
    expect(buildBreachSummary(revised, PROFILE, at('2026-01-01T00:00:00.000Z')).affected).toMatchObject({ specialCategories: true, childrensData: false });
  });

  it('calls a breach unlikely to result in a risk "documented only", with its Art. 34(3) exemption', () => {
    const b = breach(
      detected(),
      assessed('unlikely'),
      event('SubjectNotificationExempted', '2025-06-11T10:00:00.000Z', { ground: 'art34-3a', explanation: 'Encrypted disk.' }),
    );
    const s = buildBreachSummary(b, PROFILE, at('2025-07-01T00:00:00.000Z'));
    expect(s.notification).toMatchObject({ type: 'documented-only', notifiable: false, status: 'not-required', late: false, phases: [] });
    expect(s.notification.hoursLeft).toBeUndefined();
    expect(s.subjectCommunication).toEqual({
      required: false,
      status: 'exempted',
      exemption: {
        ground: 'art34-3a',
        article: 'Art. 34(3)(a)',
        condition: expect.stringContaining('encryption'),
        explanation: 'Encrypted disk.',
        at: '2025-06-11T10:00:00.000Z',
      },
    });
  });

  it('makes an unnotified breach the initial notification due, and late once 72 hours have passed', () => {
    const b = breach(detected(), assessed('risk'));
    const at71 = buildBreachSummary(b, PROFILE, at('2025-06-13T13:00:00.000Z')).notification;
    expect(at71).toMatchObject({ type: 'initial', status: 'not-notified', dueAt: '2025-06-13T14:00:00.000Z', hoursLeft: 1, late: false });
    const at73 = buildBreachSummary(b, PROFILE, at('2025-06-13T15:00:00.000Z')).notification;
    expect(at73).toMatchObject({ type: 'initial', status: 'not-notified', hoursLeft: -1, late: true });
    expect(at73.delayReason).toBeUndefined();
  });

  it('keeps a late notification late, with its reason for the delay', () => {
    const b = breach(detected(), assessed('risk'), notified('initial', '2025-06-14T15:00:00.000Z', { delayReason: 'Extent unknown.' }));
    expect(buildBreachSummary(b, PROFILE, at('2025-07-01T00:00:00.000Z')).notification).toMatchObject({
      type: 'initial',
      status: 'notified',
      late: true,
      hoursAfterAwareness: 97,
      delayReason: 'Extent unknown.',
    });
  });

  it('follows the phases: the type is the latest, lateness comes from the first, the estimate is the revised one', () => {
    const b = breach(
      detected({ ongoing: true, endedAt: undefined }),
      assessed('risk'),
      notified('initial', '2025-06-11T14:00:00.000Z', { pendingInformation: 'the number of subjects' }),
      assessed('risk', '2025-06-15T09:00:00.000Z', { approxSubjects: 2400, endedAt: '2025-06-12T07:00:00.000Z' }),
      notified('follow-up', '2025-06-16T09:00:00.000Z', { pendingInformation: 'the forensic report' }),
    );
    const followUp = buildBreachSummary(b, PROFILE, at('2025-06-20T00:00:00.000Z'));
    expect(followUp.notification).toMatchObject({
      type: 'follow-up',
      late: false,
      notifiedAt: '2025-06-11T14:00:00.000Z',
      pendingInformation: 'the forensic report',
    });
    expect(followUp.notification.phases.map((p) => p.phase)).toEqual(['initial', 'follow-up']);
    expect(followUp.affected).toMatchObject({ approxSubjects: 2400, approxRecords: 1300, estimateRevisedAt: '2025-06-15T09:00:00.000Z' });
    expect(followUp.nature).toMatchObject({ ongoing: false, endedAt: '2025-06-12T07:00:00.000Z', durationHours: 72 });

    const final = buildBreachSummary(
      breach(
        detected(),
        assessed('risk'),
        notified('initial', '2025-06-11T14:00:00.000Z', { pendingInformation: 'x' }),
        notified('final', '2025-06-30T09:00:00.000Z'),
      ),
      PROFILE,
      at('2025-07-01T00:00:00.000Z'),
    );
    expect(final.notification.type).toBe('final');
    expect(final.notification.pendingInformation).toBeUndefined();
  });

  it('measures an ongoing breach up to now, and says when it is not yet assessed', () => {
    const b = breach(detected({ ongoing: true, endedAt: undefined }));
    const s = buildBreachSummary(b, PROFILE, at('2025-06-10T17:00:00.000Z'));
    expect(s.nature).toMatchObject({ ongoing: true, durationHours: 34 });
    expect(s.nature.endedAt).toBeUndefined();
    expect(s.consequences).toEqual({ risk: 'not-assessed' });
    expect(s.notification).toMatchObject({ notifiable: true, type: 'initial', hoursLeft: 69 });
  });

  it('gives every instant in UTC, whatever offset the emitter used', () => {
    const s = buildBreachSummary(
      breach(detected({ awareAt: '2025-06-10T16:00:00+02:00', startedAt: '2025-06-09T09:00:00+02:00' })),
      PROFILE,
      at('2025-07-01T00:00:00Z'),
    );
    expect(s.nature).toMatchObject({ awareAt: '2025-06-10T14:00:00.000Z', startedAt: '2025-06-09T07:00:00.000Z' });
    expect(s.notification.dueAt).toBe('2025-06-13T14:00:00.000Z');
  });

  it("names the controller's contact as reporter when the profile names none", () => {
    const { reporter: _, ...withoutReporter } = PROFILE;
    expect(buildBreachSummary(breach(detected()), withoutReporter, at('2025-07-01T00:00:00.000Z')).reporter).toEqual({
      name: 'HostingHuis B.V.',
      email: 'privacy@hostinghuis.example',
      phone: '+31 30 000 0000',
    });
  });

  it('does not summarise a breach whose detection is not recorded', () => {
    const b: BreachRecord = evolveBreach(emptyBreach('B-1', AWARE), notified('initial', AWARE));
    expect(isDetected(b)).toBe(false);
  });
});
