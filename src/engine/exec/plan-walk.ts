/**
 * Plan-shape helpers the streaming engine needs: find streaming leaves, stateful operators and watermarks.
 * Plan nodes are frozen data with a `kind` (STYLE example 1); children sit in `child`, `left`/`right` or
 * `children`. Walking by those fields keeps this file independent of every node's other fields.
 */
export interface PlanNodeLike {
  readonly kind: string;
}

const CHILD_FIELDS = ["child", "left", "right"] as const;

function isNode(v: unknown): v is PlanNodeLike {
  return typeof v === "object" && v !== null && typeof (v as { kind?: unknown }).kind === "string";
}

export function childrenOf(node: PlanNodeLike): PlanNodeLike[] {
  const rec = node as unknown as Record<string, unknown>;
  const out: PlanNodeLike[] = [];
  for (const f of CHILD_FIELDS) if (isNode(rec[f])) out.push(rec[f] as PlanNodeLike);
  if (Array.isArray(rec.children)) for (const c of rec.children) if (isNode(c)) out.push(c);
  return out;
}

/** Nodes in pre-order (parent before children, left before right). */
export function collect(node: PlanNodeLike, pred: (n: PlanNodeLike) => boolean): PlanNodeLike[] {
  const out: PlanNodeLike[] = [];
  const visit = (n: PlanNodeLike): void => {
    if (pred(n)) out.push(n);
    for (const c of childrenOf(n)) visit(c);
  };
  visit(node);
  return out;
}

/** A copy of `node` with `target` (by identity) replaced by `replacement`. */
export function replaceNode(node: PlanNodeLike, target: PlanNodeLike, replacement: PlanNodeLike): PlanNodeLike {
  if (node === target) return replacement;
  const rec = node as unknown as Record<string, unknown>;
  let changed = false;
  const copy: Record<string, unknown> = { ...rec };
  for (const f of CHILD_FIELDS) {
    if (isNode(rec[f])) {
      const r = replaceNode(rec[f] as PlanNodeLike, target, replacement);
      if (r !== rec[f]) {
        copy[f] = r;
        changed = true;
      }
    }
  }
  if (Array.isArray(rec.children)) {
    const kids = rec.children.map((c: unknown) => (isNode(c) ? replaceNode(c, target, replacement) : c));
    if (kids.some((k, i) => k !== (rec.children as unknown[])[i])) {
      copy.children = kids;
      changed = true;
    }
  }
  return changed ? (Object.freeze(copy) as unknown as PlanNodeLike) : node;
}
