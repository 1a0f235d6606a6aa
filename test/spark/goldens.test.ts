/**
 * tspark against Spark-made goldens, without Spark: every program of the differential corpus (test/spark/corpus
 * and the public SQL conformance cases) runs on tspark and must give the answer real Apache Spark gave when the
 * goldens were recorded (`npm run goldens:spark`, see docs/spark-oracle.md). A known difference
 * (test/spark/known-differences.json) must still differ, so that the list stays true.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../helpers/stream-test";
import { type Answer, compareAnswers } from "../../scripts/spark/answer";
import { goldenPath, loadKnown } from "../../scripts/spark/corpus";
import { loadSuite } from "../../scripts/spark/suite";
import { runOnTspark } from "../../scripts/spark/tspark-side";

const known = loadKnown();

for (const file of loadSuite()) {
  const path = goldenPath(file.name);
  const goldens: Record<string, Answer> = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
  describe(`Spark goldens: ${file.name}`, () => {
    for (const e of file.entries) {
      if (e.kind === "slot") continue;
      const id = `${file.name}/${e.id}`;
      it(id, async () => {
        const golden = goldens[e.id];
        expect(golden, `no golden for ${id}: run npm run goldens:spark`).toBeDefined();
        const diff = compareAnswers(golden!, await runOnTspark(e, { timeZone: file.timeZone }));
        if (known.has(id)) expect(diff, `${id} is listed as a known difference but now matches Spark: remove it from the list`).not.toBeNull();
        else expect(diff).toBeNull();
      });
    }
  });
}
