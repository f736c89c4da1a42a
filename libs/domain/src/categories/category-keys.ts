/**
 * Category keys are dotted, broader first (fideslang): `user.contact` covers `user.contact.email`.
 * What is said of a category is said of everything under it.
 */

/** `user.contact.email` → `user`, `user.contact`, `user.contact.email`: the keys that cover a category. */
export function* coveringKeys(category: string): Generator<string> {
  for (let dot = category.indexOf('.'); dot >= 0; dot = category.indexOf('.', dot + 1)) yield category.slice(0, dot);
  yield category;
}

/** Whether `broader` is `category` or one of the keys above it. */
export const covers = (broader: string, category: string): boolean => category === broader || category.startsWith(`${broader}.`);
