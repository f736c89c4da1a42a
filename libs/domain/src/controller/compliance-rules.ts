import { ADEQUACY_DECISIONS, AdequacyDecision } from '../geo/adequacy-decisions';
import { BUILT_IN_HOLIDAYS, HolidayCalendar } from '../deadlines/holiday-calendar';
import { DeadlineCalendar, UTC_CALENDAR, deadlineCalendar } from '../deadlines/deadline-calendar';
import type { ControllerProfile } from './controller-profile';

/**
 * The data the rules read besides the facts, which the operator may update without a release:
 * the controller's calendar (time zone and its member state's public holidays) and the
 * Commission's adequacy decisions.
 */
export interface ComplianceRules {
  calendar: DeadlineCalendar;
  adequacyDecisions: readonly AdequacyDecision[];
}

export const DEFAULT_COMPLIANCE_RULES: ComplianceRules = { calendar: UTC_CALENDAR, adequacyDecisions: ADEQUACY_DECISIONS };

/**
 * The rules for a controller: its time zone (profile `timeZone`, else UTC) and the holidays of
 * its member state (profile `memberState`, else its supervisory authority's country), from the
 * operator's files where given, else the built-in tables.
 */
export function complianceRules(
  profile: Pick<ControllerProfile, 'timeZone' | 'memberState' | 'supervisoryAuthority'> | null,
  files: { holidays?: HolidayCalendar; adequacyDecisions?: readonly AdequacyDecision[] } = {},
): ComplianceRules {
  const memberState = profile?.memberState ?? profile?.supervisoryAuthority.country;
  const holidays = files.holidays ?? (memberState ? BUILT_IN_HOLIDAYS.get(memberState) : undefined);
  return {
    calendar: profile?.timeZone || holidays ? deadlineCalendar(profile?.timeZone ?? 'UTC', holidays) : UTC_CALENDAR,
    adequacyDecisions: files.adequacyDecisions ?? ADEQUACY_DECISIONS,
  };
}
