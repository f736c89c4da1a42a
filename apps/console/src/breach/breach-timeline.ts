import type { Breach } from '../api/types';

/** One moment in a breach's life, for its timeline. */
export interface BreachMoment {
  at: string;
  /** Catalogue key under breachTimeline. */
  kind: 'started' | 'aware' | 'assessed' | 'measure' | 'authorityNotified' | 'subjectsNotified' | 'exempted' | 'ended' | 'closed' | 'deadline';
  values: Record<string, string | number>;
}

/** A breach's timeline from its register entry, oldest first; the notification deadline too while it runs. */
export function breachTimeline(b: Breach): BreachMoment[] {
  const moments: BreachMoment[] = [];
  const f = b.facts;
  if (f?.startedAt) moments.push({ at: f.startedAt, kind: 'started', values: {} });
  if (f?.awareAt) moments.push({ at: f.awareAt, kind: 'aware', values: { description: f.description ?? '' } });
  if (b.effects?.assessedAt)
    moments.push({ at: b.effects.assessedAt, kind: 'assessed', values: { risk: b.effects.risk ?? '', consequences: b.effects.consequences ?? '' } });
  for (const m of b.remedialAction) moments.push({ at: m.at, kind: 'measure', values: { measures: m.measures, status: m.status } });
  for (const p of b.authorityNotification.phases) {
    moments.push({ at: p.at, kind: 'authorityNotified', values: { phase: p.phase, authority: p.authority, reference: p.reference ?? '—' } });
  }
  const c = b.subjectCommunication;
  if (c.notifiedAt) moments.push({ at: c.notifiedAt, kind: 'subjectsNotified', values: { channel: c.channel ?? '' } });
  if (c.exemption) moments.push({ at: c.exemption.at, kind: 'exempted', values: { ground: c.exemption.ground, explanation: c.exemption.explanation } });
  if (f?.endedAt) moments.push({ at: f.endedAt, kind: 'ended', values: {} });
  if (b.closedAt) moments.push({ at: b.closedAt, kind: 'closed', values: {} });
  const n = b.authorityNotification;
  if (n.required && !n.notifiedAt && n.dueAt) moments.push({ at: n.dueAt, kind: 'deadline', values: {} });
  return moments.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}
