/**
 * A decider in the Emmett / Jérémie Chassaing style: `decide` turns a command and the current
 * state into new events, `evolve` folds an event into state, `initialState` starts the fold.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState: () => State;
}

/** Folds a stream's events into a decider's state. */
export const fold = <C, E, S>(decider: Decider<C, E, S>, events: Iterable<E>, from = decider.initialState()): S => {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};

/** A command the decider refuses: the caller answers 409 or 404 with this message. */
export class CommandRefused extends Error {
  constructor(
    message: string,
    readonly reason: 'conflict' | 'not-found' = 'conflict',
  ) {
    super(message);
    this.name = 'CommandRefused';
  }
}
