import { NotAcceptableException } from '@nestjs/common';

export const MEDIA_TYPES = {
  json: 'application/json',
  csv: 'text/csv',
  pdf: 'application/pdf',
  html: 'text/html',
} as const;
export type ResponseFormat = keyof typeof MEDIA_TYPES;

/** Wildcards: `text/*` is the page where one is offered, else the CSV; `application/*` and the any-type wildcard are JSON. */
const WILDCARDS: Record<string, readonly ResponseFormat[]> = { 'text/*': ['html', 'csv'], 'application/*': ['json'], '*/*': ['json'] };

/**
 * The format an answer is served in: `?format=` when given, else the best of the Accept header
 * that the route offers (by q, then specific before wildcard, then the order listed), JSON
 * without an Accept header. 406, naming what is offered, when the header accepts none of them.
 */
export function responseFormat<F extends ResponseFormat>(format: F | undefined, accept: string | undefined, offered: readonly F[], what: string): F {
  if (format) return format;
  if (!accept || !accept.trim()) return offered[0];
  const byType = new Map<string, F>(offered.map((f) => [MEDIA_TYPES[f], f]));
  const candidates = accept
    .split(',')
    .map((range, order) => {
      const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
      const q = params.map((p) => /^q=([0-9.]+)$/.exec(p)).find(Boolean);
      const wildcard = Object.hasOwn(WILDCARDS, type) ? WILDCARDS[type].find((f) => (offered as readonly string[]).includes(f)) : undefined;
      return { format: byType.get(type) ?? (wildcard as F | undefined), q: q ? Number(q[1]) : 1, specific: !type.includes('*'), order };
    })
    .filter((c): c is { format: F; q: number; specific: boolean; order: number } => c.format !== undefined && c.q > 0)
    .sort((a, b) => b.q - a.q || Number(b.specific) - Number(a.specific) || a.order - b.order);
  if (!candidates.length) {
    throw new NotAcceptableException(
      `${what} is available as ${offered.map((f) => MEDIA_TYPES[f]).join(', ')} (or ?format=${offered.join('|')}); the Accept header asks for none of them`,
    );
  }
  return candidates[0].format;
}
