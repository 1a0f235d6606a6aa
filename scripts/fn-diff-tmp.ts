import { readFileSync } from "node:fs";
import "../test/helpers/stream-test";
import { compareAnswers } from "../scripts/spark/answer";
import { goldenPath } from "../scripts/spark/corpus";
import { loadSuite } from "../scripts/spark/suite";
import { runOnTspark } from "../scripts/spark/tspark-side";
(async () => {
  const filt = process.argv[2] ?? "";
  let ok = 0, bad = 0;
  for (const file of loadSuite()) {
    if (file.name !== (process.argv[3] ?? "functions")) continue;
    const g = JSON.parse(readFileSync(goldenPath(file.name), "utf8"));
    for (const e of file.entries) {
      if (!e.id.match(filt) || e.kind === "slot") continue;
      const d = compareAnswers(g[e.id], await runOnTspark(e, { timeZone: file.timeZone }));
      if (d === null) ok++; else { bad++; console.log(`FAIL ${e.id}: ${d.slice(0, 1500)}`); }
    }
  }
  console.log(`${ok} ok, ${bad} failed`);
  process.exit(0);
})();
