/**
 * A second line of defence against prototype pollution: with Object.prototype frozen, nothing
 * (a `__proto__` key, a `constructor.prototype` chain) can add to or change what every object
 * inherits. The first line is that labels never become keys of plain objects (Maps, and
 * reserved names refused). Imported first by main.ts and the CLI, before any library loads.
 *
 * Freezing alone would break ordinary code: once `Object.prototype.toString` is read-only, an
 * assignment such as `IPv4.prototype.toString = …` (ipaddr.js, under Fastify) throws, because
 * an inherited read-only property forbids shadowing by assignment. So, as SES does, each of
 * its data properties becomes an accessor first: reading gives the same value, assigning to
 * any other object defines that object's own property, and assigning to Object.prototype
 * itself throws.
 */
export function freezeObjectPrototype(): void {
  const proto = Object.prototype as Record<string, unknown>;
  if (Object.isFrozen(proto)) return;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
    if (!('value' in descriptor) || !descriptor.writable) continue;
    const value = descriptor.value as unknown;
    Object.defineProperty(proto, name, {
      get: () => value,
      set(this: object, replacement: unknown) {
        if (this === proto) throw new TypeError(`Cannot assign to read only property '${name}' of Object.prototype`);
        Object.defineProperty(this, name, { value: replacement, writable: true, enumerable: true, configurable: true });
      },
      enumerable: descriptor.enumerable,
      configurable: false,
    });
  }
  Object.freeze(proto);
}

freezeObjectPrototype();
