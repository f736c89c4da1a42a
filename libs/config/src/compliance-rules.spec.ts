import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestDueAt } from '@ledger/domain';
import { loadComplianceRules } from './compliance-rules';

/** The rules' data from the controller profile and the operator's files (issue 18). */
describe('loadComplianceRules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };
  const profile = file('profile.json', {
    name: 'X',
    address: 'Y',
    contact: { email: 'a@b' },
    dpo: { name: 'D', email: 'd@b' },
    supervisoryAuthority: { id: 'nl-ap', name: 'AP', country: 'NL' },
    timeZone: 'Europe/Amsterdam',
  });

  it('counts in the profile time zone with the built-in holidays of its member state', () => {
    const rules = loadComplianceRules({ controllerProfile: profile });
    expect(rules.calendar.timeZone).toBe('Europe/Amsterdam');
    // Received 2026-11-26: due Saturday 26 December (Boxing Day), rolled to Monday the 28th.
    expect(requestDueAt('2026-11-26T09:00:00Z', rules.calendar)).toBe('2026-12-28T22:59:59.999Z');
  });

  it('takes an operator table of adequacy decisions and a holiday file instead of the built-in ones', () => {
    const decisions = file('decisions.json', [{ country: 'IN', decision: 'hypothetical', from: '2027-01-01' }]);
    const holidays = file('holidays.json', { country: 'NL', holidays: ['2026-12-28'] });
    const rules = loadComplianceRules({ controllerProfile: profile, adequacyDecisionsFile: decisions, holidaysFile: holidays });
    expect(rules.adequacyDecisions).toEqual([{ country: 'IN', decision: 'hypothetical', from: '2027-01-01' }]);
    // Only the 28th is a holiday now: Saturday 26 → Monday 28 (holiday) → Tuesday 29.
    expect(requestDueAt('2026-11-26T09:00:00Z', rules.calendar)).toBe('2026-12-29T22:59:59.999Z');
  });

  it('stops the start with a message naming the variable and the problem', () => {
    expect(() => loadComplianceRules({ adequacyDecisionsFile: file('bad.json', [{ country: 'XX', decision: 'x', from: '2027-01-01' }]) })).toThrow(
      /LEDGER_ADEQUACY_DECISIONS .*bad\.json:\n {2}\[0\]\.country must be an ISO 3166-1 alpha-2 code/,
    );
    expect(() => loadComplianceRules({ holidaysFile: file('broken.json', '{') })).toThrow(/LEDGER_HOLIDAYS: cannot read/);
  });
});
