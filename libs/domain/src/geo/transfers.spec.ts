import { adequacyDecisionFor, adequacyDecisionProblems } from './adequacy-decisions';
import { isInEea } from './countries';
import { judgeTransfer, lacksSafeguard } from './transfers';

describe('Chapter V: transfers judged as of their time', () => {
  it('needs no named safeguard for an adequate country (CH, GB, JP, KR)', () => {
    expect(lacksSafeguard('CH', undefined, '2024-03-02T09:00:00Z')).toBe(false);
    expect(lacksSafeguard('CH', 'none', '2024-03-02T09:00:00Z')).toBe(false);
    expect(judgeTransfer('GB', 'adequacy', '2026-01-10T00:00:00Z')).toMatchObject({ ok: true, ground: 'adequacy' });
    expect(lacksSafeguard('JP', undefined, '2020-01-01T00:00:00Z')).toBe(false);
    expect(lacksSafeguard('KR', undefined, '2021-12-16T12:00:00Z')).toBe(true);
    expect(lacksSafeguard('KR', undefined, '2021-12-17T12:00:00Z')).toBe(false);
  });

  it('accepts dpf only for the US, from 10 July 2023', () => {
    expect(judgeTransfer('US', 'dpf', '2023-07-09T23:00:00Z')).toEqual({ ok: false, problem: 'dpf-not-in-force' });
    expect(judgeTransfer('US', 'dpf', '2023-07-10T08:00:00Z')).toMatchObject({ ok: true, ground: 'adequacy' });
    expect(judgeTransfer('IN', 'dpf', '2024-01-01T00:00:00Z')).toEqual({ ok: false, problem: 'dpf-not-in-force' });
    // The US decision covers certified organisations only: no named safeguard, or a claimed adequacy, is not enough.
    expect(judgeTransfer('US', undefined, '2024-01-01T00:00:00Z')).toEqual({ ok: false, problem: 'no-safeguard' });
    expect(judgeTransfer('US', 'adequacy', '2024-01-01T00:00:00Z')).toEqual({ ok: false, problem: 'no-adequacy-decision' });
  });

  it('accepts adequacy only where a decision covers the destination at the time', () => {
    expect(judgeTransfer('IN', 'adequacy', '2024-01-01T00:00:00Z')).toEqual({ ok: false, problem: 'no-adequacy-decision' });
    expect(lacksSafeguard('BR', 'adequacy', '2025-12-01T00:00:00Z')).toBe(true);
    expect(lacksSafeguard('BR', 'adequacy', '2026-02-01T00:00:00Z')).toBe(false);
    expect(lacksSafeguard('GB', undefined, '2032-01-01T00:00:00Z')).toBe(true);
  });

  it('lets SCCs, BCRs and derogations stand on their own', () => {
    for (const s of ['scc', 'bcr', 'derogation']) expect(lacksSafeguard('IN', s, '2024-01-01T00:00:00Z')).toBe(false);
    expect(lacksSafeguard('IN', 'none', '2024-01-01T00:00:00Z')).toBe(true);
  });

  it('counts outermost regions with their own codes and Åland inside the EEA, not overseas territories', () => {
    for (const c of ['RE', 'GP', 'MQ', 'GF', 'YT', 'MF', 'AX', 'NL', 'NO']) expect(isInEea(c)).toBe(true);
    for (const c of ['BL', 'PF', 'NC', 'GL', 'AW', 'SJ', 'CH', 'GB']) expect(isInEea(c)).toBe(false);
    expect(lacksSafeguard('RE', undefined, '2024-01-01T00:00:00Z')).toBe(false);
  });

  it('reads an operator table instead of the built-in one, and says what is wrong with a bad one', () => {
    const table = [{ country: 'IN', decision: 'hypothetical', from: '2027-01-01' }];
    expect(adequacyDecisionFor('IN', undefined, '2027-01-02T00:00:00Z', table)?.decision).toBe('hypothetical');
    expect(lacksSafeguard('CH', undefined, '2027-01-02T00:00:00Z', table)).toBe(true);
    expect(adequacyDecisionProblems([{ country: 'XX', from: '2027/01/01' }])).toEqual([
      '[0].country must be an ISO 3166-1 alpha-2 code',
      '[0].decision must name the decision',
      '[0].from must be a date YYYY-MM-DD',
    ]);
  });
});
