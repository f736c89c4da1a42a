import { lazy } from 'react';
import type { ScreenId } from '../session/permissions';

/**
 * The console's screens: each its own URL (under /console) and its own chunk, loaded when first
 * opened. `nav` screens appear in the navigation of the roles that may open them.
 */
export interface ScreenDef {
  id: ScreenId;
  path: string;
  /** The catalogue key of its name in the navigation; screens without one are reached from others. */
  nav?: string;
  component: ReturnType<typeof lazy>;
}

export const SCREENS: readonly ScreenDef[] = [
  { id: 'overview', path: 'overview', nav: 'nav.overview', component: lazy(() => import('../screens/Overview')) },
  { id: 'findings', path: 'findings', nav: 'nav.findings', component: lazy(() => import('../screens/Findings')) },
  { id: 'subjects', path: 'subjects', nav: 'nav.subjects', component: lazy(() => import('../screens/SubjectLookup')) },
  { id: 'subjects', path: 'subjects/:subjectId', component: lazy(() => import('../subject/SubjectScreen')) },
  { id: 'breaches', path: 'breaches', nav: 'nav.breaches', component: lazy(() => import('../breach/BreachRegister')) },
  { id: 'breaches', path: 'breaches/new', component: lazy(() => import('../breach/NewBreach')) },
  { id: 'breaches', path: 'breaches/:breachId', component: lazy(() => import('../breach/BreachDetail')) },
  { id: 'breach-summary', path: 'breach-summaries', nav: 'nav.breachSummaries', component: lazy(() => import('../breach/SummaryLookup')) },
  { id: 'breach-summary', path: 'breaches/:breachId/summary', component: lazy(() => import('../breach/BreachSummaryScreen')) },
  { id: 'requests', path: 'requests', nav: 'nav.requests', component: lazy(() => import('../screens/Requests')) },
  { id: 'record-of-processing', path: 'record-of-processing', nav: 'nav.recordOfProcessing', component: lazy(() => import('../screens/RecordOfProcessing')) },
  { id: 'recipients', path: 'recipients', nav: 'nav.recipients', component: lazy(() => import('../screens/Recipients')) },
  { id: 'audit', path: 'audit', nav: 'nav.audit', component: lazy(() => import('../screens/AccessAudit')) },
  { id: 'integrity', path: 'integrity', nav: 'nav.integrity', component: lazy(() => import('../screens/Integrity')) },
  { id: 'keys', path: 'keys', nav: 'nav.keys', component: lazy(() => import('../screens/ApiKeys')) },
];

export const pathOf = (id: ScreenId): string => `/${SCREENS.find((s) => s.id === id && s.nav)!.path}`;
