import type { StreamKind } from '../catalog/event-catalog';
import { breachDecider } from './breach.decider';
import { Decider, NewFact } from './decider';
import { activityDecider, recipientDecider } from './registry.deciders';
import { subjectDecider } from './subject.decider';

/** The decider that owns streams of a kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind's decider has a state and events of its own
export const DECIDERS: Record<StreamKind, Decider<any, NewFact, any>> = {
  subject: subjectDecider,
  breach: breachDecider,
  recipient: recipientDecider,
  activity: activityDecider,
};
