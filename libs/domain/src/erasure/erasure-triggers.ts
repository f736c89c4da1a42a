import type { SubjectEventType } from '../catalog/event-data';

/** Facts after which keys of a subject with an erasure may have become due: the erasure process decides again after them. */
const TRIGGERS: ReadonlySet<SubjectEventType> = new Set([
  'PersonalDataErased',
  'RecipientNotifiedOfErasure',
  'RecipientNotificationExempted',
  'SubjectRequestReceived',
  'ServiceEnded',
]);

export const isErasureTrigger = (type: string): boolean => TRIGGERS.has(type as SubjectEventType);
