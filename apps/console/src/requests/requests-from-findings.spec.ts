import type { Finding } from '../api/types';
import { requestsFromFindings } from './requests-from-findings';

const finding = (over: Partial<Finding>): Finding => ({
  id: 'x',
  rule: 'request-unanswered',
  article: 'Art. 12(3)',
  status: 'open',
  subjectId: 's-1',
  dueAt: '2026-10-30T10:00:00.000Z',
  summary: '',
  detail: { requestId: 'R-1004-1', right: 'portability', receivedAt: '2026-09-30T10:00:00.000Z' },
  ...over,
});

describe('open requests from the findings', () => {
  it("lists C-1004's unanswered portability request as overdue at the ledger clock", () => {
    expect(requestsFromFindings([finding({ overdue: true }), finding({ rule: 'retention-passed' })], '2026-11-24T12:00:00.000Z')).toEqual([
      { requestId: 'R-1004-1', subjectId: 's-1', right: 'portability', receivedAt: '2026-09-30T10:00:00.000Z', dueAt: '2026-10-30T10:00:00.000Z', status: 'overdue' },
    ]);
  });

  it('keeps a request not yet due open, soonest first', () => {
    const later = finding({ dueAt: '2026-12-20T00:00:00.000Z', detail: { requestId: 'R-2', right: 'access' } });
    const sooner = finding({ dueAt: '2026-12-01T00:00:00.000Z', detail: { requestId: 'R-1', right: 'erasure' } });
    expect(requestsFromFindings([later, sooner], '2026-11-24T12:00:00.000Z').map((r) => [r.requestId, r.status])).toEqual([
      ['R-1', 'open'],
      ['R-2', 'open'],
    ]);
  });
});
