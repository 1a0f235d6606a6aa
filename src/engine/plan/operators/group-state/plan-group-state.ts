/**
 * Plans `[flat]MapGroupsWithState` (Spark's FlatMapGroupsWithState): binds the user's key function (or key
 * column), value conversion, output schema and state schema to the child's output. Over a stream the operator
 * keeps state across batches (exec/group-state/); over a batch DataFrame it is Spark's MapGroupsExec: each key
 * is called once with all its rows and an empty state, and no timeout ever fires.
 */
import { columnLayout } from "../../../api/row-columns";
import { converter, rowFactory } from "../../../api/row-factory";
import { AnalysisException, IllegalArgumentException, sparkError } from "../../../errors";
import type { Attr } from "../../../expr/analyze";
import { fromUdfValue } from "../../../expr/functions/udf-values";
import { FlatMapGroupsWithStateOperator } from "../../../exec/group-state/flat-map-groups-with-state";
import { TransformWithStateOperator } from "../../../exec/transform-with-state/transform-with-state";
import type { StructTypeImpl } from "../../../types/struct-type";
import type { Row } from "../../../types/values";
import type { FlatMapGroupsWithState } from "../../nodes";
import type { PhysicalNode, StatefulPlanner } from "../../physical";
import type { GroupsWithStateBinding } from "./spec";

function show(v: unknown): string {
  try {
    return typeof v === "string" ? v : (JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? String(x) : x)) ?? String(v));
  } catch {
    return String(v);
  }
}

/** The binding of `p`'s spec to `child`'s rows. */
export function bindGroupsWithState(p: FlatMapGroupsWithState, child: PhysicalNode): GroupsWithStateBinding {
  const { spec } = p;
  const name = spec.transform !== undefined ? "transformWithState" : spec.isMapGroupsWithState ? "mapGroupsWithState" : "flatMapGroupsWithState";
  const schema = child.schema;
  const toUser = rowFactory(schema);
  const layout = columnLayout(schema);
  let keyOf: GroupsWithStateBinding["keyOf"];
  let putKeyed: GroupsWithStateBinding["putKeyed"];
  if ("column" in spec.key) {
    const wanted = spec.key.column.toLowerCase();
    const i = child.attrs.findIndex((a) => a.name.toLowerCase() === wanted);
    if (i < 0) {
      throw sparkError(AnalysisException, "UNRESOLVED_COLUMN.WITH_SUGGESTION", {
        objectName: `\`${spec.key.column}\``,
        proposal: child.attrs.map((a) => `\`${a.name}\``).join(", "),
      });
    }
    const convert = converter(child.attrs[i]!.dataType);
    keyOf = (r) => convert(r[i] ?? null);
    putKeyed = layout.putReturning(i) ?? undefined;
  } else {
    const fn = spec.key.fn;
    keyOf = (r, user) => fn(user(r));
  }
  const out = spec.outputSchema;
  const toOutput = (value: unknown, key: unknown): Row => {
    const row = value === null || typeof value !== "object" ? null : (fromUdfValue(value, out) as Row | null);
    if (row === null) {
      throw new IllegalArgumentException(
        `The ${name} function returned ${show(value)} for key ${show(key)}, which is not a row of the output schema ${out.simpleString()}: return a Row, an array or an object with those fields`,
      );
    }
    return row;
  };
  const stateSchema = spec.stateSchema;
  const checkState =
    stateSchema === null
      ? () => {}
      : (value: unknown) => {
          if (typeof value !== "object" || value === null || fromUdfValue(value, stateSchema) === null) {
            throw new IllegalArgumentException(
              `The state value ${show(value)} is not a row of the state schema ${stateSchema.simpleString()}: update the state with an object with those fields`,
            );
          }
        };
  return { spec, keyOf, toUser, layout, putKeyed, toOutput, checkState, eventTimeIndex: child.attrs.findIndex((a) => a.eventTime !== undefined) };
}

/** The physical operator; `stateful` is set when the child is a stream. */
export function planGroupsWithState(p: FlatMapGroupsWithState, child: PhysicalNode, stateful: StatefulPlanner | undefined): PhysicalNode {
  const binding = bindGroupsWithState(p, child);
  const schema: StructTypeImpl = p.spec.outputSchema;
  const attrs: Attr[] = schema.fields.map((f) => ({ name: f.name, qualifier: null, dataType: f.dataType, nullable: f.nullable }));
  if (stateful !== undefined) {
    if (stateful.groupsWithState === undefined) throw new AnalysisException(`${binding.spec.transform !== undefined ? "transformWithState" : p.spec.isMapGroupsWithState ? "mapGroupsWithState" : "flatMapGroupsWithState"} is not supported by this streaming planner`);
    return stateful.groupsWithState(binding, child, attrs, schema);
  }
  // a batch DataFrame: every key once, with an empty state that is thrown away (Spark's MapGroupsExec)
  const batchBinding = { ...binding, eventTimeIndex: -1 };
  // (transformWithState on a batch DataFrame likewise: every key once, fresh state, no timer fires)
  const run = (ctx: Parameters<PhysicalNode["run"]>[0]): Row[] =>
    (p.spec.transform !== undefined ? new TransformWithStateOperator(batchBinding, false) : new FlatMapGroupsWithStateOperator(batchBinding)).process(
      (visit) => child.produce(ctx, visit),
      0,
      "append",
    );
  return {
    kind: "MapGroups",
    children: [child],
    attrs,
    schema,
    sorted: false,
    run,
    produce: (ctx, emit) => {
      for (const r of run(ctx)) emit(r);
    },
  };
}
