import { sankey, sankeyLinkHorizontal, SankeyLink, SankeyNode } from 'd3-sankey';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowGraph, FlowLink, FlowNode } from './flow-graph';

type Node = SankeyNode<FlowNode, FlowLink>;
type Link = SankeyLink<FlowNode, FlowLink>;

const WIDTH = 960;
const LABEL_ROOM = 150;
const ROW = 36;
const HEADER = 28;
const NODE_WIDTH = 10;

/**
 * A flow graph drawn as a Sankey diagram (d3-sankey computes the layout; React draws the SVG).
 * Each node stays in its column. Marks show as words beside the node as well as colour and
 * dashes, so the picture reads without colour. For screen readers the SVG is one image with a
 * description; the same facts are in the table that goes with every picture.
 */
export function FlowDiagram({ graph, title, description }: { graph: FlowGraph; title: string; description: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  const descId = useId();
  const perColumn = graph.columns.map((_, c) => graph.nodes.filter((n) => n.column === c).length);
  const height = HEADER + Math.max(2, ...perColumn) * ROW + 16;

  const layout = useMemo(() => {
    if (graph.nodes.length === 0) return undefined;
    const generator = sankey<FlowNode, FlowLink>()
      .nodeId((n) => n.id)
      .nodeAlign((n) => n.column)
      .nodeSort((a, b) => a.label.localeCompare(b.label))
      .nodeWidth(NODE_WIDTH)
      .nodePadding(14)
      .extent([
        [1, HEADER],
        [WIDTH - LABEL_ROOM, height - 8],
      ]);
    const laid = generator({ nodes: graph.nodes.map((n) => ({ ...n })), links: graph.links.map((l) => ({ ...l })) });
    // d3-sankey spreads the layers that the longest path has; the picture keeps every column in
    // its place even when a column has no node on a path through all of them.
    const step = (WIDTH - LABEL_ROOM - 1 - NODE_WIDTH) / Math.max(1, graph.columns.length - 1);
    for (const node of laid.nodes) {
      node.x0 = 1 + node.column * step;
      node.x1 = node.x0 + NODE_WIDTH;
    }
    return laid;
  }, [graph, height]);

  if (!layout) return <p>{t('flow.empty')}</p>;
  const columnX = (c: number) =>
    layout.nodes.some((n) => n.column === c) ? (WIDTH - LABEL_ROOM - 1 - NODE_WIDTH) * (c / Math.max(1, graph.columns.length - 1)) + 1 : undefined;
  const path = sankeyLinkHorizontal<FlowNode, FlowLink>();
  // "Outside the EEA" is written beside the country (recipients there have its colour); every other mark beside its node.
  const notesOf = (n: Node) =>
    n.marks
      .filter((m) => m !== 'outsideEea' || !n.sourceLinks?.length)
      .map((m) => t(`flow.mark.${m}`))
      .join(' · ');

  return (
    <figure className="flow">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="flow-svg">
        <title id={titleId}>{title}</title>
        <desc id={descId}>{description}</desc>
        {graph.columns.map((name, c) => {
          const x = columnX(c);
          return x === undefined ? null : (
            <text key={name} x={x} y={14} className="flow-column">
              {name}
            </text>
          );
        })}
        <g fill="none">
          {(layout.links as Link[]).map((l, i) => (
            <path
              key={i}
              d={path(l) ?? undefined}
              strokeWidth={Math.max(2, l.width ?? 1)}
              className={`flow-link${l.marks.includes('noSafeguard') ? ' flow-link-danger' : ''}`}
            />
          ))}
        </g>
        {(layout.links as Link[])
          .filter((l) => l.label || l.marks.includes('noSafeguard'))
          .map((l) => {
            const source = l.source as Node;
            const target = l.target as Node;
            // At the link's end, where links to one country arrive side by side.
            const x = (target.x0 ?? 0) - 6;
            const y = (l.y1 ?? 0) + 4;
            const text = l.marks.includes('noSafeguard')
              ? t('flow.mark.noSafeguard')
              : l
                  .label!.split(', ')
                  .map((s) => t(`safeguardShort.${s}`, { defaultValue: s }))
                  .join(', ');
            return (
              <text
                key={`${source.id}→${target.id}`}
                x={x}
                y={y}
                textAnchor="end"
                className={`flow-link-label${l.marks.includes('noSafeguard') ? ' danger' : ''}`}
                data-link={`${source.id}→${target.id}`}
              >
                {text}
              </text>
            );
          })}
        {(layout.nodes as Node[]).map((n) => {
          const y = ((n.y0 ?? 0) + (n.y1 ?? 0)) / 2;
          const notes = notesOf(n);
          return (
            <g key={n.id} className={`flow-node ${n.marks.map((m) => `mark-${m}`).join(' ')}`} data-node={n.id}>
              <rect x={n.x0} y={n.y0} width={(n.x1 ?? 0) - (n.x0 ?? 0)} height={Math.max(2, (n.y1 ?? 0) - (n.y0 ?? 0))} />
              <text x={(n.x1 ?? 0) + 6} y={notes ? y - 2 : y + 4} className="flow-label">
                {n.label}
              </text>
              {notes && (
                <text x={(n.x1 ?? 0) + 6} y={y + 11} className="flow-note">
                  {notes}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="flow-legend">
        <span className="legend legend-outside">{t('flow.legend.outsideEea')}</span>
        <span className="legend legend-danger">{t('flow.legend.noSafeguard')}</span>
        <span className="legend legend-erasure">{t('flow.legend.notToldOfErasure')}</span>
        <span className="legend legend-erased">{t('flow.legend.erased')}</span>
      </figcaption>
    </figure>
  );
}
