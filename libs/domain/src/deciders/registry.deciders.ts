import type { RecipientRegistered, RecipientUpdated } from '../catalog/event-data';
import { Decider, NewFact } from './decider';
import { RecordFact } from './record-fact';

export interface RecipientState {
  registered: boolean;
  current?: RecipientRegistered;
}

/** The processor/recipient register: registration, then updates merged over it. */
export const recipientDecider: Decider<RecordFact, NewFact, RecipientState> = {
  initialState: () => ({ registered: false }),
  decide: (command) => [command.fact],
  evolve(state, event) {
    if (event.type === 'RecipientRegistered') return { registered: true, current: event.data as RecipientRegistered };
    if (event.type === 'RecipientUpdated' && state.current) {
      return { ...state, current: { ...state.current, ...(event.data as RecipientUpdated) } };
    }
    return state;
  },
};

export interface ActivityState {
  declarations: number;
}

/** An Art. 30 record entry; a later declaration supersedes the earlier one. */
export const activityDecider: Decider<RecordFact, NewFact, ActivityState> = {
  initialState: () => ({ declarations: 0 }),
  decide: (command) => [command.fact],
  evolve: (state, event) =>
    event.type === 'ProcessingActivityDeclared' ? { declarations: state.declarations + 1 } : state,
};
