/** Comparisons of ISO instants by the moment they name, whatever offset they are written with. */

/** The later of two instants; an absent one gives way to the other. */
export const later = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : Date.parse(a) >= Date.parse(b) ? a : b;

/** The earlier of two instants; an absent one gives way to the other. */
export const earlier = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : Date.parse(a) <= Date.parse(b) ? a : b;

export const isAfterInstant = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);

export const isBeforeInstant = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

/** Compares instants for `sort`: the earliest first. */
export const byInstant = (a: string, b: string): number => Date.parse(a) - Date.parse(b);
