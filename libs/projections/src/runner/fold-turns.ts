/**
 * Turns of the event loop for folding: one batch of one projection per turn, so that between
 * two batches the loop reads the sockets (a health check, a read) whatever number of
 * projections woke on the same commit. A plain setImmediate is not enough: every projection
 * that yields during one turn would run in the same check phase, back to back.
 */
export class FoldTurns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /** Resolves when it is this caller's turn: at the earliest on the next turn of the loop. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()!();
      // Queued from within this check phase, the next turn waits for the next loop iteration.
      this.schedule();
    });
  }
}

/** One for the process: the projections and the erasure process share the event loop. */
export const FOLD_TURNS = new FoldTurns();
