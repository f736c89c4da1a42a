import { NotAcceptableException } from '@nestjs/common';

export const SUMMARY_FORMATS = ['json', 'html', 'pdf'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export const SUMMARY_MEDIA_TYPES: Record<SummaryFormat, string> = {
  json: 'application/json',
  html: 'text/html',
  pdf: 'application/pdf',
};

/** Media ranges that mean "any of ours": the first format listed under each is the one served. A Map: `Accept: constructor` names nothing. */
const RANGES = new Map<string, SummaryFormat>([
  ['application/json', 'json'],
  ['text/html', 'html'],
  ['application/pdf', 'pdf'],
  ['text/*', 'html'],
  ['application/*', 'json'],
  ['*/*', 'json'],
]);

/**
 * The format a summary is served in: `?format=` when given, else the best match of the Accept
 * header (by q, then by the order the client listed), JSON when there is no Accept header.
 */
export function summaryFormat(format: SummaryFormat | undefined, accept: string | undefined): SummaryFormat {
  if (format) return format;
  if (!accept || !accept.trim()) return 'json';
  const candidates = accept
    .split(',')
    .map((range, order) => {
      const [type, ...params] = range.split(';').map((p) => p.trim().toLowerCase());
      const q = params.map((p) => /^q=([0-9.]+)$/.exec(p)).find(Boolean);
      return { format: RANGES.get(type), q: q ? Number(q[1]) : 1, specific: !type.includes('*'), order };
    })
    .filter((c): c is { format: SummaryFormat; q: number; specific: boolean; order: number } => c.format !== undefined && c.q > 0)
    .sort((a, b) => b.q - a.q || Number(b.specific) - Number(a.specific) || a.order - b.order);
  if (!candidates.length) {
    throw new NotAcceptableException(
      `a breach summary is available as ${Object.values(SUMMARY_MEDIA_TYPES).join(', ')} (or ?format=json|html|pdf); the Accept header asks for none of them`,
    );
  }
  return candidates[0].format;
}
