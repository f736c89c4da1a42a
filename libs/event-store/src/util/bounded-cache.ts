/**
 * A Map bounded to `capacity` entries that forgets the least recently *written* one first.
 * Reads do not reorder: on the ingestion path a read-refresh costs more than it saves.
 */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }

  deleteWhere(predicate: (value: V, key: K) => boolean): void {
    for (const [key, value] of this.map) if (predicate(value, key)) this.map.delete(key);
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }
}
