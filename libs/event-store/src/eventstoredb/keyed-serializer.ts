/**
 * Runs tasks one at a time per key, in call order; tasks for different keys run side by side.
 * The adapter serializes appends per stream inside one process: each append reads the stream's
 * head and chains onto it, so concurrent appends to one stream would only lose races to each
 * other. Other processes are still handled by the expected-revision retry.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
