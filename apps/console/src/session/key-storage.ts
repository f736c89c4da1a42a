/**
 * Where the signed-in API key lives: this tab's sessionStorage (so a reload keeps the DPO signed
 * in, and closing the tab forgets it), never localStorage, a cookie or a URL. Sign-out clears
 * the tab's sessionStorage altogether, the purposes stated for subjects included.
 */
const KEY = 'privacy-ledger.apiKey';
const PURPOSES = 'privacy-ledger.purposes';

export const keyStorage = {
  load: (): string | undefined => sessionStorage.getItem(KEY) ?? undefined,
  save: (key: string) => sessionStorage.setItem(KEY, key),
  forgetAll: () => sessionStorage.clear(),
};

/** The purpose the DPO stated for reading each subject's records, for the rest of the session. */
export const purposeStorage = {
  of(subjectId: string): string | undefined {
    return readPurposes()[subjectId];
  },
  remember(subjectId: string, purpose: string): void {
    sessionStorage.setItem(PURPOSES, JSON.stringify({ ...readPurposes(), [subjectId]: purpose }));
  },
  forget(subjectId: string): void {
    const { [subjectId]: _, ...rest } = readPurposes();
    sessionStorage.setItem(PURPOSES, JSON.stringify(rest));
  },
};

function readPurposes(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(PURPOSES) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}
