/**
 * Variant extraction paths as variant_get takes them: `$` then any of `.name`, `['name']`, `["name"]`, `[123]`.
 * A step that does not apply (a key on an array, an index past the end, a missing field) gives no value,
 * which variant_get turns into NULL.
 */
import { SparkRuntimeException } from "../../errors";
import { VariantObject, type VariantNode } from "../../types/variant";

export type PathStep = { readonly key: string } | { readonly index: number };

export function invalidVariantPath(path: string, functionName: string): SparkRuntimeException {
  return new SparkRuntimeException(
    `[INVALID_VARIANT_GET_PATH] The path \`${path}\` is not a valid variant extraction path in \`\`${functionName}\`\`.\nA valid path should start with \`$\` and is followed by zero or more segments like \`[123]\`, \`.name\`, \`['name']\`, or \`["name"]\`. SQLSTATE: 22023`,
    { errorClass: "INVALID_VARIANT_GET_PATH", sqlState: "22023", messageParameters: { path, functionName: `\`${functionName}\`` } },
  );
}

/** Parses a path; null when it is not valid. */
export function parseVariantPath(path: string): PathStep[] | null {
  if (!path.startsWith("$")) return null;
  const steps: PathStep[] = [];
  const re = /\.([^.[]+)|\['([^']*)'\]|\["([^"]*)"\]|\[(\d+)\]/y;
  let i = 1;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (m === null) return null;
    if (m[4] !== undefined) {
      const n = Number(m[4]);
      if (!Number.isSafeInteger(n) || n > 2147483647) return null;
      steps.push({ index: n });
    } else steps.push({ key: m[1] ?? m[2] ?? m[3]! });
    i = re.lastIndex;
  }
  return steps;
}

/** The node at `steps` below `node`, or undefined when the path leads nowhere. */
export function navigate(node: VariantNode, steps: readonly PathStep[]): VariantNode | undefined {
  let cur: VariantNode | undefined = node;
  for (const s of steps) {
    if (cur === undefined) return undefined;
    if ("key" in s) cur = cur instanceof VariantObject ? cur.get(s.key) : undefined;
    else cur = Array.isArray(cur) ? (cur as readonly VariantNode[])[s.index] : undefined;
  }
  return cur;
}
