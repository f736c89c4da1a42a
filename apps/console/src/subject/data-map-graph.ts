import type { DataMap, ErasureStatus, HistoryEvent } from '../api/types';
import { FlowGraph, FlowGraphBuilder, Mark, lacksSafeguard } from '../flow/flow-graph';

/**
 * A subject's data map as a picture: categories → purposes → recipients → countries. Which
 * purpose a recipient received a category for comes from the sharing facts in the history
 * (PersonalDataSharedWithProcessor), and the category flows through that purpose; a recipient
 * the data map lists without such a fact is linked to the category itself. Recipients still to be told of an erasure are those the erasure status
 * waits for, and those an open erasure-not-propagated finding names.
 */
export function dataMapGraph(
  map: DataMap,
  sharing: readonly HistoryEvent[],
  erasure: ErasureStatus | undefined,
  columns: [string, string, string, string],
): FlowGraph {
  const notTold = new Set([
    ...(erasure?.awaitingRecipients ?? []),
    ...map.openFindings.filter((f) => f.rule === 'erasure-not-propagated').map((f) => String(f.detail.recipientId)),
  ]);
  const g = new FlowGraphBuilder(columns);
  for (const entry of map.categories) {
    const categoryMarks: Mark[] = entry.status === 'held' ? [] : [entry.status];
    const category = g.node(`category:${entry.category}`, 0, entry.category, categoryMarks);
    for (const purpose of entry.purposes) g.link(category, g.node(`purpose:${purpose}`, 1, purpose));
    for (const r of entry.recipients) {
      const noSafeguard = lacksSafeguard(r.outsideEea, r.safeguard);
      const marks: Mark[] = [
        ...(r.outsideEea ? (['outsideEea'] as const) : []),
        ...(noSafeguard ? (['noSafeguard'] as const) : []),
        ...(notTold.has(r.recipientId) ? (['notToldOfErasure'] as const) : []),
      ];
      const recipient = g.node(`recipient:${r.recipientId}`, 2, r.name ?? r.recipientId, marks);
      const purposes = new Set(
        sharing
          .filter((e) => e.data.recipientId === r.recipientId && Array.isArray(e.data.categories) && e.data.categories.includes(entry.category))
          .map((e) => String(e.data.purpose)),
      );
      if (purposes.size === 0) g.link(category, recipient);
      for (const purpose of purposes) {
        // Shared for a purpose is used for it: the category flows through that purpose to the recipient.
        const node = g.node(`purpose:${purpose}`, 1, purpose);
        g.link(category, node);
        g.link(node, recipient);
      }
      if (r.country) {
        const country = g.node(`country:${r.country}`, 3, r.country, r.outsideEea ? ['outsideEea'] : []);
        g.link(recipient, country, 1, noSafeguard ? ['noSafeguard'] : [], r.safeguard);
      }
    }
  }
  return g.build();
}
