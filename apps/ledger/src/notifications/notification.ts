import { createHash, createHmac } from 'node:crypto';
import type { Finding } from '@ledger/domain';

export type NotificationKind = 'opened' | 'closed' | 'due-soon';

/**
 * What a webhook receives and the exchange carries: ids, the rule and its article, the due
 * date and links, never a personal value (no summary or detail text, which can quote free text).
 */
export interface FindingNotification {
  /** The same for every delivery of this notification, and after a restart or a rebuild: for deduplication. */
  id: string;
  type: `finding.${NotificationKind}`;
  /** When the ledger noticed (its clock). */
  at: string;
  finding: {
    id: string;
    rule: string;
    article: string;
    status: 'open' | 'closed';
    dueAt: string;
    closedAt?: string;
    subjectId?: string;
    breachId?: string;
    requestId?: string;
    recipientId?: string;
  };
  links: Record<string, string>;
}

/** A stable id: the kind and the finding's id, hashed (the finding's id is long and says what the body says). */
export const notificationId = (kind: NotificationKind, findingId: string): string =>
  createHash('sha256').update(`${kind}\n${findingId}`).digest('hex').slice(0, 32);

export function findingNotification(kind: NotificationKind, f: Finding, at: string): FindingNotification {
  const detail = f.detail ?? {};
  const text = (key: string) => (typeof detail[key] === 'string' ? { [key]: detail[key] as string } : {});
  return {
    id: notificationId(kind, f.id),
    type: `finding.${kind}`,
    at,
    finding: {
      id: f.id,
      rule: f.rule,
      article: f.article,
      status: kind === 'closed' ? 'closed' : f.status,
      dueAt: f.dueAt,
      ...(f.closedAt ? { closedAt: f.closedAt } : {}),
      ...(f.subjectId ? { subjectId: f.subjectId } : {}),
      ...(f.breachId ? { breachId: f.breachId } : {}),
      ...text('requestId'),
      ...text('recipientId'),
    },
    links: {
      findings: `/v1/findings?rule=${encodeURIComponent(f.rule)}`,
      ...(f.subjectId ? { subject: `/v1/subjects/${encodeURIComponent(f.subjectId)}/data-map` } : {}),
      ...(f.breachId ? { breach: `/v1/breaches/${encodeURIComponent(f.breachId)}` } : {}),
    },
  };
}

/** The signature header's value: HMAC-SHA256 of the exact body bytes, hex. */
export const signature = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The routing key on the notifications exchange: `finding.<kind>.<rule>`. */
export const routingKeyOf = (n: FindingNotification): string => `${n.type}.${n.finding.rule}`;
