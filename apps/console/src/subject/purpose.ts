/**
 * A purpose as the ledger takes it in X-Purpose: one line of at most 200 printable characters.
 * Header values must also be Latin-1 (what fetch can send); the catalogue key of the problem, if any.
 */
export function purposeProblem(purpose: string): string | undefined {
  const value = purpose.trim();
  if (!value) return 'purpose.required';
  if (value.length > 200) return 'purpose.tooLong';
  if (/[\u0000-\u001f\u007f]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return 'purpose.characters';
  return undefined;
}
