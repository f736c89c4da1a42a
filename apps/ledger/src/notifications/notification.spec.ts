import { createHmac } from 'node:crypto';
import { finding } from '@ledger/domain';
import { findingNotification, notificationId, routingKeyOf, signature } from './notification';

describe('a finding notification', () => {
  const f = finding('request-unanswered', 'R-1004-1', {
    subjectId: 'c0ffee00-0000-4000-8000-000000000001',
    dueAt: '2026-10-30T10:00:00Z',
    visibleFrom: '2026-09-30T10:00:00Z',
    summary: 'access request R-1004-1 of Jan Jansen <jan@example.nl> is unanswered',
    detail: { requestId: 'R-1004-1', right: 'access', note: 'Jan Jansen called' },
  });

  it('carries ids, the rule, its article, the due date and links, and no summary or detail', () => {
    const n = findingNotification('opened', f, '2026-11-24T12:00:00.000Z');
    expect(n).toEqual({
      id: notificationId('opened', f.id),
      type: 'finding.opened',
      at: '2026-11-24T12:00:00.000Z',
      finding: {
        id: f.id,
        rule: 'request-unanswered',
        article: 'Art. 12(3)',
        status: 'open',
        dueAt: '2026-10-30T10:00:00.000Z',
        subjectId: 'c0ffee00-0000-4000-8000-000000000001',
        requestId: 'R-1004-1',
      },
      links: {
        findings: '/v1/findings?rule=request-unanswered',
        subject: '/v1/subjects/c0ffee00-0000-4000-8000-000000000001/data-map',
      },
    });
    expect(JSON.stringify(n)).not.toMatch(/Jansen|@/);
    expect(routingKeyOf(n)).toBe('finding.opened.request-unanswered');
  });

  it('has one id per finding and kind, whenever it is made', () => {
    expect(findingNotification('due-soon', f, '2026-01-01T00:00:00.000Z').id).toBe(findingNotification('due-soon', f, '2027-01-01T00:00:00.000Z').id);
    expect(notificationId('due-soon', f.id)).not.toBe(notificationId('opened', f.id));
    expect(notificationId('opened', f.id)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is signed with HMAC-SHA256 over the exact body', () => {
    const body = JSON.stringify(findingNotification('closed', f, '2026-11-24T12:00:00.000Z'));
    expect(signature('k'.repeat(32), body)).toBe(`sha256=${createHmac('sha256', 'k'.repeat(32)).update(body).digest('hex')}`);
  });
});
