import type { BreachEventType } from '../event-data';
import { ART34_EXEMPTIONS, BREACH_NATURES, BREACH_RISKS, MEASURE_STATUSES, NOTIFICATION_PHASES } from '../vocabulary';
import { JsonSchema, categories, count, freeText, identifier, instant, list, oneOf, record, textLabel } from './fragments';

export const BREACH_EVENT_SCHEMAS = {
  BreachDetected: record(
    {
      awareAt: instant('when the controller became aware (starts the 72-hour clock)'),
      startedAt: instant('when the breach began, if known'),
      endedAt: instant('when the breach ended, if it has'),
      nature: { ...list(oneOf(BREACH_NATURES)), uniqueItems: true },
      description: freeText(),
      categories: categories(),
      subjectCategories: {
        ...list(textLabel()),
        uniqueItems: true,
        description: 'Art. 33(3)(a): categories of data subjects concerned, e.g. customers, employees',
      },
      approxSubjects: count('approximate number of data subjects concerned'),
      approxRecords: count('approximate number of personal data records concerned'),
      ongoing: { type: 'boolean' },
      detectedBy: textLabel('who noticed, e.g. security team'),
    },
    ['awareAt', 'nature', 'description', 'categories', 'approxSubjects', 'approxRecords', 'ongoing'],
  ),
  BreachAssessed: record(
    {
      risk: oneOf(BREACH_RISKS),
      consequences: freeText('likely consequences for the data subjects'),
      measuresInPlace: freeText('protection in place before the breach, e.g. full-disk encryption'),
      // A later assessment may revise the extent as the investigation learns it (Art. 33(4)).
      approxSubjects: count('revised approximate number of data subjects concerned'),
      approxRecords: count('revised approximate number of personal data records concerned'),
      endedAt: instant('when the breach ended, as established by this assessment'),
      categories: categories('revised categories of personal data concerned: replace the detected ones in the register and the summary'),
    },
    ['risk', 'consequences'],
  ),
  BreachMeasuresTaken: record({ measures: freeText(), status: oneOf(MEASURE_STATUSES) }, ['measures', 'status']),
  AuthorityNotified: record(
    {
      authority: textLabel('e.g. nl-ap'),
      phase: oneOf(NOTIFICATION_PHASES),
      reference: identifier("the authority's case reference"),
      delayReason: freeText('required by Art. 33(1) when later than 72 hours after awareness'),
      pendingInformation: freeText('Art. 33(4): the information this phase could not yet give, to follow in a later phase'),
    },
    ['authority', 'phase'],
  ),
  SubjectsNotified: record({ channel: identifier('e.g. email, letter, public-notice'), approxSubjects: count(), message: freeText() }, ['channel']),
  SubjectNotificationExempted: record(
    {
      ground: oneOf(ART34_EXEMPTIONS),
      explanation: freeText(),
      publicCommunication: freeText('art34-3c: the public communication made instead, e.g. notice on the website on 2026-11-25'),
    },
    ['ground', 'explanation'],
  ),
  BreachClosed: record({ summary: freeText() }, []),
} satisfies Record<BreachEventType, JsonSchema>;
