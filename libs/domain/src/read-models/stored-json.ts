/**
 * JSON for read models that keep emitter-chosen strings as keys of Maps and members of Sets
 * (never as keys of plain objects, where `__proto__` or `toString` would reach the prototype).
 * Maps and Sets survive the round trip as `{"$map": [[k, v], …]}` and `{"$set": […]}`.
 */
export function toStoredJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return { $map: [...v] };
    if (v instanceof Set) return { $set: [...v] };
    return v;
  });
}

export function fromStoredJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    if (Object.hasOwn(v, '$map')) return new Map((v as { $map: [unknown, unknown][] }).$map);
    if (Object.hasOwn(v, '$set')) return new Set((v as { $set: unknown[] }).$set);
    return v;
  }) as T;
}
