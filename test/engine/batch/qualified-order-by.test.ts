import { describe, expect, it } from "vitest";
import { SparkSession } from "../../../src/engine/session";

// Found by the Spark oracle (test/spark/corpus/joins.json): a column a projection passes on unchanged keeps its
// qualifier, so ORDER BY may name it as `alias.column`, as in Spark.
describe("ORDER BY a qualified column of the SELECT list", () => {
  const spark = SparkSession.builder.create();
  spark.sql("CREATE OR REPLACE TEMP VIEW emp AS SELECT * FROM VALUES (1, 'bob', 10), (2, 'ann', 20) AS emp(id, name, dept)");
  spark.sql("CREATE OR REPLACE TEMP VIEW dept AS SELECT * FROM VALUES (10, 'eng'), (20, 'ops') AS dept(dept, title)");

  it("resolves e.name after SELECT e.name, over a join", () => {
    const df = spark.sql("SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept = d.dept ORDER BY e.name");
    expect(df.collectValues()).toEqual([
      ["ann", "ops"],
      ["bob", "eng"],
    ]);
  });
});
