import { Decider, fold } from '../deciders/decider';

/**
 * Given/when/then for deciders, in the style of Emmett's DeciderSpecification:
 *
 *   const given = DeciderSpecification.for(erasureDecider);
 *   given([collected, requested]).when(shred).then([proof]);
 *   given([]).when(request).thenThrows(CommandRefused);
 *
 * `given` folds the events into the decider's state from its initial state; `when` decides the
 * command on it; `then` compares what was decided (jest's toEqual).
 */
export const DeciderSpecification = {
  for<Command, Event, State>(decider: Decider<Command, Event, State>) {
    return (given: readonly Event[]) => ({
      when(command: Command) {
        const decide = () => decider.decide(command, fold(decider, given));
        return {
          then(expected: readonly Event[]): void {
            expect(decide()).toEqual(expected);
          },
          thenNothingHappened(): void {
            expect(decide()).toEqual([]);
          },
          thenThrows<E extends Error>(type?: abstract new (...args: never[]) => E, check?: (error: E) => void): void {
            let thrown: unknown;
            try {
              decide();
            } catch (error) {
              thrown = error;
            }
            expect(thrown).toBeInstanceOf(type ?? Error);
            check?.(thrown as E);
          },
        };
      },
    });
  },
};
