import type { Recipient, RecordOfProcessing } from '../api/types';
import { FlowGraph, FlowGraphBuilder, Mark, lacksSafeguard } from './flow-graph';

/**
 * Where data goes, for the recipients screen: declared activities → recipients → countries, from
 * the record of processing, with the register's recipients that no activity names linked from
 * "not in any activity".
 */
export function recipientsGraph(
  record: RecordOfProcessing | undefined,
  register: readonly Recipient[],
  columns: [string, string, string],
  unassigned: string,
): FlowGraph {
  const g = new FlowGraphBuilder(columns);
  const seen = new Set<string>();
  const add = (from: string, r: Recipient) => {
    const noSafeguard = lacksSafeguard(r.outsideEea, r.safeguard);
    const marks: Mark[] = [...(r.outsideEea ? (['outsideEea'] as const) : []), ...(noSafeguard ? (['noSafeguard'] as const) : [])];
    const recipient = g.node(`recipient:${r.recipientId}`, 1, r.name ?? r.recipientId, marks);
    g.link(from, recipient);
    if (r.country)
      g.link(recipient, g.node(`country:${r.country}`, 2, r.country, r.outsideEea ? ['outsideEea'] : []), 1, noSafeguard ? ['noSafeguard'] : [], r.safeguard);
    seen.add(r.recipientId);
  };
  for (const a of record?.activities ?? []) {
    const activity = g.node(`activity:${a.activityId}`, 0, a.name);
    for (const r of a.recipients) add(activity, r);
  }
  const rest = register.filter((r) => !seen.has(r.recipientId));
  if (rest.length) {
    const none = g.node('activity:-', 0, unassigned);
    for (const r of rest) add(none, r);
  }
  return g.build();
}
