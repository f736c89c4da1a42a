import type { StreamKind } from '../catalog/event-catalog';
import { breachDecider } from './breach.decider';
import { Decider, NewFact } from './decider';
import { activityDecider, recipientDecider } from './registry.deciders';
import { subjectDecider } from './subject.decider';

/** The decider that owns streams of a kind. */
export const DECIDERS: Record<StreamKind, Decider<any, NewFact, any>> = {
  subject: subjectDecider,
  breach: breachDecider,
  recipient: recipientDecider,
  activity: activityDecider,
};
