/**
 * schema_of_variant_agg: the merged schema of every non-null variant in the group (SQL NULLs are skipped;
 * a group with none gives VOID, the merge's starting point).
 */
import { StringType, VariantType } from "../../types/data-types";
import type { VariantVal } from "../../types/variant";
import { unexpectedInputType } from "../analyze";
import type { AggregateDef } from "../functions/aggregate";
import { checkArity } from "../functions/helpers";
import { mergeSchema, schemaOfNode, schemaText, type VariantSchema } from "./schema";

const VOID: VariantSchema = { k: "VOID" };

export const schemaOfVariantAgg: AggregateDef = {
  name: "schema_of_variant_agg",
  resolve: (args) => {
    checkArity("schema_of_variant_agg", args, 1);
    const a = args[0]!;
    if (!(a.dataType instanceof VariantType)) throw unexpectedInputType(`schema_of_variant_agg(${a.name})`, 0, '"VARIANT"', a);
    const merge = (x: unknown, y: unknown) => mergeSchema(x as VariantSchema, y as VariantSchema);
    return {
      inputs: [a],
      fn: {
        dataType: StringType(),
        nullable: false,
        init: () => VOID,
        update: (b, v) => (v === null ? b : mergeSchema(b as VariantSchema, schemaOfNode((v as VariantVal).node))),
        merge,
        evaluate: (b) => schemaText(b as VariantSchema),
      },
    };
  },
};
