import type { BreachAssessed, BreachDetected } from '../catalog/event-data';
import type { BreachRisk } from '../catalog/vocabulary';
import { Decider, NewFact } from './decider';
import { RecordFact } from './record-fact';

export type BreachCommand = RecordFact;

export interface BreachState {
  detected: boolean;
  awareAt?: string;
  risk?: BreachRisk;
  authorityNotified: boolean;
  closed: boolean;
}

/** Breach facts are recorded as they come; out-of-order facts are findings, not refusals. */
export const breachDecider: Decider<BreachCommand, NewFact, BreachState> = {
  initialState: () => ({ detected: false, authorityNotified: false, closed: false }),
  decide: (command) => [command.fact],
  evolve(state, event) {
    switch (event.type) {
      case 'BreachDetected':
        return state.detected ? state : { ...state, detected: true, awareAt: (event.data as BreachDetected).awareAt };
      case 'BreachAssessed':
        return { ...state, risk: (event.data as BreachAssessed).risk };
      case 'AuthorityNotified':
        return { ...state, authorityNotified: true };
      case 'BreachClosed':
        return { ...state, closed: true };
      default:
        return state;
    }
  },
};
