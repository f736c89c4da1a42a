import { readFileSync } from 'node:fs';
import {
  AdequacyDecision,
  ComplianceRules,
  ControllerProfile,
  HolidayCalendar,
  adequacyDecisionProblems,
  complianceRules,
  holidayCalendarProblems,
} from '@ledger/domain';
import type { LedgerConfig } from './ledger-config';

/**
 * The data the GDPR rules read (calendar, adequacy decisions): the controller profile's time zone
 * and member state, and the operator's files where configured. A file that cannot be read or
 * does not fit stops the start with a message that names it.
 */
export function loadComplianceRules(config: Pick<LedgerConfig, 'controllerProfile' | 'adequacyDecisionsFile' | 'holidaysFile'>): ComplianceRules {
  const profile = config.controllerProfile ? readJson<ControllerProfile>('LEDGER_CONTROLLER_PROFILE', config.controllerProfile) : null;
  const adequacyDecisions = config.adequacyDecisionsFile
    ? checked<AdequacyDecision[]>('LEDGER_ADEQUACY_DECISIONS', config.adequacyDecisionsFile, adequacyDecisionProblems)
    : undefined;
  const holidays = config.holidaysFile ? checked<HolidayCalendar>('LEDGER_HOLIDAYS', config.holidaysFile, holidayCalendarProblems) : undefined;
  return complianceRules(profile, { ...(adequacyDecisions ? { adequacyDecisions } : {}), ...(holidays ? { holidays } : {}) });
}

function checked<T>(variable: string, path: string, problemsOf: (value: unknown) => string[]): T {
  const value = readJson<unknown>(variable, path);
  const problems = problemsOf(value);
  if (problems.length) throw new Error(`${variable} ${path}:\n  ${problems.join('\n  ')}`);
  return value as T;
}

function readJson<T>(variable: string, path: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new Error(`${variable}: cannot read ${path}: ${(error as Error).message}`);
  }
}
