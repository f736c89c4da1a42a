/**
 * A flow picture's content, independent of layout: nodes in columns and weighted links, with
 * the marks a DPO must not miss (a transfer outside the EEA, a missing safeguard, a recipient
 * not told of an erasure, erased or retained data). FlowDiagram lays it out with d3-sankey.
 */
export type Mark = 'erased' | 'retained' | 'outsideEea' | 'noSafeguard' | 'notToldOfErasure';

export interface FlowNode {
  id: string;
  column: number;
  label: string;
  marks: Mark[];
}

export interface FlowLink {
  source: string;
  target: string;
  value: number;
  marks: Mark[];
  /** Shown on the link: a transfer's safeguard. */
  label?: string;
}

export interface FlowGraph {
  columns: string[];
  nodes: FlowNode[];
  links: FlowLink[];
}

/** Builds a graph node by node and link by link; repeated links add up. */
export class FlowGraphBuilder {
  private readonly nodes = new Map<string, FlowNode>();
  private readonly links = new Map<string, FlowLink>();

  constructor(private readonly columns: string[]) {}

  node(id: string, column: number, label: string, marks: Mark[] = []): string {
    const known = this.nodes.get(id);
    if (known) known.marks = [...new Set([...known.marks, ...marks])];
    else this.nodes.set(id, { id, column, label, marks: [...new Set(marks)] });
    return id;
  }

  link(source: string, target: string, value = 1, marks: Mark[] = [], label?: string): void {
    const key = `${source}→${target}`;
    const known = this.links.get(key);
    if (known) {
      known.value += value;
      known.marks = [...new Set([...known.marks, ...marks])];
      if (label && !known.label?.split(', ').includes(label)) known.label = known.label ? `${known.label}, ${label}` : label;
    } else this.links.set(key, { source, target, value, marks: [...new Set(marks)], ...(label ? { label } : {}) });
  }

  build(): FlowGraph {
    const nodes = [...this.nodes.values()].sort((a, b) => a.column - b.column || a.label.localeCompare(b.label));
    return { columns: this.columns, nodes, links: [...this.links.values()] };
  }
}

/** A transfer outside the EEA needs a Chapter V safeguard; "none" or nothing is a missing one. */
export const lacksSafeguard = (outsideEea: boolean | undefined, safeguard: string | undefined): boolean =>
  outsideEea === true && (!safeguard || safeguard === 'none');
