"""
tspark's Spark oracle: one long-lived PySpark driver (local[2]) that runs corpus programs on real Apache Spark.

Protocol: one JSON request per line on stdin, one JSON response per line on the protocol stream (the process's
original stdout). Spark's JVM inherits file descriptor 1, and the console sink prints there, so fd 1 is moved to a
capture file before the JVM starts: the protocol stays clean and console output can be read back byte for byte.

Requests ({"id": n, "op": ...}):
  sql     {sql, setup?: [sql], conf?: {k: v}}                      -> result
  frame   {program: [step], conf?}                                 -> result   (neutral DataFrame steps, see below)
  stream  {schema, batches: [[row]], program: [step] | code, mode, sink?: "foreachBatch" | "console", conf?,
           stream2?: {schema, batches}}   (stream2: a second input stream, see run_two_streams)
          -> {batches: [{batchId, schema, rows}], progress: [lastProgress], console: [text per step]}
  exec    {code, conf?}                                            -> result of the variable `df` the code defines
  version                                                          -> {version}
A result is {ok: true, schema, fields: [{name, type, nullable}], rows: [[hive string]], sorted} or
{ok: false, error: {javaClass, condition, sqlState, message}}. Cells are Spark's own HiveResult strings (what its
SQL golden files print: NULL, 1.0, [1,2], {"a":1}, 2020-01-01 00:00:00), so types and nulls compare exactly.
"""
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback

PROTO = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
CAPTURE_PATH = os.environ.get("TSPARK_SPARK_CONSOLE", os.path.join(tempfile.gettempdir(), f"tspark-spark-console-{os.getpid()}.txt"))
_cap = os.open(CAPTURE_PATH, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
os.dup2(_cap, 1)
sys.stdout = os.fdopen(os.dup(_cap), "w", buffering=1)

# Python UDFs of the corpus run in Spark's Python workers: the same interpreter (the venv's) as this driver.
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

WAREHOUSE = tempfile.mkdtemp(prefix="tspark-oracle-warehouse-")

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

spark = (
    SparkSession.builder.master("local[2]")
    .appName("tspark-oracle")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.shuffle.partitions", "2")
    .config("spark.sql.session.timeZone", "UTC")
    .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC -Dlog4j2.level=ERROR")
    .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
    .config("spark.sql.adaptive.enabled", "false")
    # As Spark's SQLQueryTestSuite: results are java.time values, so HiveResult prints old dates proleptically.
    .config("spark.sql.datetime.java8API.enabled", "true")
    # CREATE TABLE in a case's setup must not write into the repository (Spark's default is ./spark-warehouse).
    .config("spark.sql.warehouse.dir", WAREHOUSE)
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
# PySpark logs every captured SQL error with its stack; the error is the answer here, not news.
logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
JVM = spark._jvm
HIVE = JVM.org.apache.spark.sql.execution.HiveResult
SEP = "\u0001\u0002\u0003"


def field_names(ddl):
    return list(JVM.org.apache.spark.sql.types.StructType.fromDDL(ddl).fieldNames())


def console_text():
    sys.stdout.flush()
    with open(CAPTURE_PATH, "rb") as f:
        return f.read().decode("utf-8", "replace")


def is_sorted(plan):
    """SQLQueryTestHelper's rule: the output keeps its order only when the analyzed plan ends in a Sort."""
    name = plan.getClass().getSimpleName()
    if name == "Sort":
        return True
    if name in ("Project", "Filter", "SubqueryAlias", "Limit", "GlobalLimit", "LocalLimit", "Distinct") or name.startswith("Window"):
        children = plan.children()
        return children.size() == 1 and is_sorted(children.apply(0))
    return False


def result_of(df):
    # HiveResult formats timestamps in SQLConf.get's time zone: the thread's active session, so make it this one.
    JVM.org.apache.spark.sql.SparkSession.setActiveSession(df._jdf.sparkSession())
    qe = df._jdf.queryExecution()
    # A Scala Seq: joined on the JVM side with a separator no value contains, split here (one py4j call).
    seq = HIVE.hiveResultString(qe.executedPlan())
    lines = [] if seq.length() == 0 else seq.mkString(SEP).split(SEP)
    fields = [{"name": f.name, "type": f.dataType.simpleString(), "nullable": f.nullable} for f in df.schema.fields]
    ncol = len(fields)
    rows = [line.split("\t") if ncol > 1 else [line] for line in lines]
    return {
        "ok": True,
        "schema": df._jdf.schema().catalogString(),
        "fields": fields,
        "rows": rows,
        "sorted": is_sorted(qe.analyzed()),
    }


def error_of(e):
    # A SparkThrowable carries its Java exception as _origin; a plain Java one (java.lang.RuntimeException, as
    # the xpath functions raise) reaches Python as a Py4JJavaError holding it in java_exception.
    origin = getattr(e, "_origin", None) or getattr(e, "java_exception", None)
    java_class = None
    if origin is not None:
        try:
            # Golden files print the cause of a SparkException that has one; keep both.
            java_class = origin.getClass().getName()
        except Exception:
            java_class = None
    cond = None
    state = None
    for getter in ("getCondition", "getErrorClass"):
        fn = getattr(e, getter, None)
        if fn is not None:
            try:
                cond = fn()
            except Exception:
                cond = None
            if cond:
                break
    fn = getattr(e, "getSqlState", None)
    if fn is not None:
        try:
            state = fn()
        except Exception:
            state = None
    msg = getattr(e, "desc", None) or None
    if msg is None and getattr(e, "java_exception", None) is not None:
        try:
            msg = e.java_exception.getMessage()  # not py4j's "An error occurred while calling o123..." line
        except Exception:
            msg = None
    msg = msg or str(e)
    return {"ok": False, "error": {"javaClass": java_class or type(e).__name__, "pythonClass": type(e).__name__, "condition": cond, "sqlState": state, "message": msg}}


def session_for(req):
    s = spark.newSession()
    for k, v in (req.get("conf") or {}).items():
        s.conf.set(k, str(v).lower() if isinstance(v, bool) else str(v))
    return s


# ---- neutral DataFrame programs ------------------------------------------------------------------------------
# A program is a list of steps; each engine interprets the same list. Expressions are Spark SQL text.

def source_df(s, src):
    """Rows are JSON values read through Spark's JSON reader with the given schema (the same parser the streaming
    file source uses), built on the JVM: createDataFrame from Python rows would start Python workers."""
    from pyspark.sql import DataFrame

    names = field_names(src["schema"])
    lines = JVM.java.util.ArrayList()
    for r in src["rows"]:
        lines.add(json.dumps(dict(zip(names, r))))
    ds = s._jsparkSession.createDataset(lines, JVM.org.apache.spark.sql.Encoders.STRING())
    return DataFrame(s._jsparkSession.read().schema(src["schema"]).json(ds), s)


def call_arg(a):
    if isinstance(a, list):
        return [call_arg(x) for x in a]
    if isinstance(a, dict) and isinstance(a.get("$col"), str):
        return F.expr(a["$col"])
    if isinstance(a, dict) and isinstance(a.get("$schema"), str):
        from pyspark.sql.types import StructType

        return StructType.fromDDL(a["$schema"])
    return a


def scalar_sql(v):
    """The same SQL text tspark-side.ts's scalarSql writes: the engine parses the number text to a double."""

    def num(x):
        return "CAST(NULL AS DOUBLE)" if x is None else f"CAST('{x!r}' AS DOUBLE)"

    def arr(xs):
        return "CAST(array() AS ARRAY<DOUBLE>)" if len(xs) == 0 else "array(" + ", ".join(num(x) for x in xs) + ")"

    if not isinstance(v, list):
        return f"SELECT {num(v)} AS value"
    if len(v) > 0 and isinstance(v[0], list):
        return "SELECT posexplode(array(" + ", ".join(arr(x) for x in v) + ")) AS (pos, value)"
    return f"SELECT posexplode({arr(v)}) AS (pos, value)"


def call_steps(s, df, calls):
    from pyspark.sql import DataFrame

    cur = df
    for c in calls:
        parts = c["method"].split(".")
        target = cur
        for p in parts[:-1]:
            target = getattr(target, p)
        cur = getattr(target, parts[-1])(*[call_arg(a) for a in c.get("args", [])])
    if isinstance(cur, DataFrame):
        return cur
    return s.sql(scalar_sql(cur))


def apply_steps(s, df, steps, second=None):
    """`second`: the second input stream of a two-stream entry, the other side of a `join` step with "stream": true."""
    for st in steps:
        op = st["op"]
        if op == "selectExpr":
            df = df.selectExpr(*st["exprs"])
        elif op == "filter":
            df = df.filter(st["cond"])
        elif op == "withColumn":
            df = df.withColumn(st["name"], F.expr(st["expr"]))
        elif op == "withColumnRenamed":
            df = df.withColumnRenamed(st["from"], st["to"])
        elif op == "drop":
            df = df.drop(*st["cols"])
        elif op == "groupBy":
            g = df.groupBy(*[F.expr(k) for k in st["keys"]])
            df = g.agg(*[F.expr(a) for a in st["aggs"]]) if st.get("aggs") else g.count()
        elif op == "agg":
            df = df.agg(*[F.expr(a) for a in st["aggs"]])
        elif op == "orderBy":
            cols = []
            for o in st["by"]:
                c = F.expr(o["expr"])
                desc = o.get("desc", False)
                nulls = o.get("nulls")
                if nulls == "first":
                    c = c.desc_nulls_first() if desc else c.asc_nulls_first()
                elif nulls == "last":
                    c = c.desc_nulls_last() if desc else c.asc_nulls_last()
                else:
                    c = c.desc() if desc else c.asc()
                cols.append(c)
            df = df.orderBy(*cols)
        elif op == "limit":
            df = df.limit(st["n"])
        elif op == "distinct":
            df = df.distinct()
        elif op == "dropDuplicates":
            df = df.dropDuplicates(st["cols"]) if st.get("cols") else df.dropDuplicates()
        elif op == "union":
            df = df.union(apply_steps(s, source_df(s, st["other"]), st.get("otherSteps", [])))
        elif op == "unionByName":
            df = df.unionByName(apply_steps(s, source_df(s, st["other"]), st.get("otherSteps", [])))
        elif op == "toDF":
            df = df.toDF(*st["names"])
        elif op == "withWatermark":
            df = df.withWatermark(st["col"], st["delay"])
        elif op == "dropDuplicatesWithinWatermark":
            df = df.dropDuplicatesWithinWatermark(st["cols"]) if st.get("cols") else df.dropDuplicatesWithinWatermark()
        elif op == "observe":
            df = df.observe(st["name"], *[F.expr(e) for e in st["exprs"]])
        elif op == "call":
            df = call_steps(s, df, st["calls"])
        elif op == "join":
            # Join with a static frame (or the entry's second stream); `using` column names, or `cond` over the
            # aliases l (this side) and r.
            base = second if st.get("stream") else source_df(s, st["other"])
            other = apply_steps(s, base, st.get("otherSteps", []))
            how = st.get("how", "inner")
            if st.get("using"):
                df = df.join(other, st["using"], how)
            elif st.get("cond") is not None:
                df = df.alias("l").join(other.alias("r"), F.expr(st["cond"]), how)
            else:
                df = df.crossJoin(other)
        else:
            raise ValueError(f"unknown step {op}")
    return df


def run_frame(req):
    s = session_for(req)
    df = apply_steps(s, source_df(s, req["source"]), req["program"])
    out = result_of(df)
    if req.get("show"):
        out["show"] = df._jdf.showString(20, 20, False)
    return out


def run_exec(req):
    s = session_for(req)
    scope = {"spark": s, "F": F}
    exec(req["code"], scope)
    return result_of(scope["df"])


def run_sql(req):
    s = session_for(req)
    try:
        for u in req.get("udfs") or []:
            # A Python lambda from the corpus (trusted repository text), run by Spark's Python workers.
            s.udf.register(u["name"], eval(u["py"]), u["returnType"])
        for q in req.get("setup") or []:
            s.sql(q)
        return result_of(s.sql(req["sql"]))
    finally:
        # Tables (unlike temp views) outlive the session: drop what a setup created, so the next case can too.
        if any("TABLE" in q.upper() for q in req.get("setup") or []):
            for t in s.catalog.listTables():
                if not t.isTemporary:
                    s.sql(f"DROP TABLE IF EXISTS `{t.name}`")


def write_json_file(folder, name, rows, fields):
    """One input file per trigger; written beside the folder and renamed in, so the source never sees half a file."""
    tmp = os.path.join(os.path.dirname(folder), f".{name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(dict(zip(fields, r))) + "\n")
    os.rename(tmp, os.path.join(folder, name))


def prewrite(folder, batches, fields, base):
    """Every batch's file before the query starts, one per trigger (maxFilesPerTrigger=1), each with its own
    modification time a second after the previous one: the file source takes files oldest first, so batch i reads
    file i whatever order the folder lists them in."""
    for i, rows in enumerate(batches):
        write_json_file(folder, f"part-{i:05d}.json", rows, fields)
        os.utime(os.path.join(folder, f"part-{i:05d}.json"), (base + i, base + i))


def observed_of(q):
    """Each batch's progress observedMetrics (df.observe), as the progress JSON writes them; batches without any
    are left out, so entries without an observe step answer an empty list."""
    by_batch = {}
    for p in q._jsq.recentProgress():
        j = json.loads(p.json())
        if j.get("observedMetrics"):
            by_batch[j["batchId"]] = j["observedMetrics"]
    return [{"batchId": b, "metrics": m} for b, m in sorted(by_batch.items())]


def run_two_streams(req):
    """A two-stream entry (stream-stream joins): two JSON file sources, one folder each, every file written before
    start. Batch i reads file i of each folder (maxFilesPerTrigger=1 on both), so both engines see identical batches;
    feeding a running query step by step could not promise that, since Spark lists the two folders one after the
    other and a file renamed in between would land in different batches. One processAllAvailable() runs the whole
    input, plus the no-data batch a moved watermark asks for at the end."""
    s = session_for(req)
    work = tempfile.mkdtemp(prefix="tspark-oracle-streams-")
    base = int(time.time()) - 10000
    srcs = []
    for name, spec in (("left", {"schema": req["schema"], "batches": req["batches"]}), ("right", req["stream2"])):
        folder = os.path.join(work, name)
        os.mkdir(folder)
        prewrite(folder, spec["batches"], field_names(spec["schema"]), base)
        srcs.append(s.readStream.schema(spec["schema"]).option("maxFilesPerTrigger", 1).json(folder))
    df = apply_steps(s, srcs[0], req["program"], second=srcs[1])
    captured = []

    def capture(batch_df, batch_id):
        r = result_of(batch_df)
        captured.append({"batchId": batch_id, "schema": r["schema"], "rows": r["rows"]})

    q = df.writeStream.outputMode(req["mode"]).option("checkpointLocation", os.path.join(work, "ckpt")).foreachBatch(capture).start()
    try:
        q.processAllAvailable()
        last = q._jsq.lastProgress()
        progress = [json.loads(last.json()) if last is not None else None]
        observed = observed_of(q)
    finally:
        q.stop()
        shutil.rmtree(work, ignore_errors=True)
    return {"ok": True, "batches": captured, "progress": progress, "console": [], "observed": observed}


def run_stream(req):
    if req.get("stream2"):
        return run_two_streams(req)
    s = session_for(req)
    work = tempfile.mkdtemp(prefix="tspark-oracle-stream-")
    folder = os.path.join(work, "in")
    os.mkdir(folder)
    schema = req["schema"]
    fields = field_names(schema)
    src = s.readStream.schema(schema).option("maxFilesPerTrigger", 1).json(folder)
    df = apply_steps(s, src, req["program"]) if req.get("program") is not None else None
    if req.get("code"):
        # A program tspark's toPySpark() wrote, with its reader and writer cut off: it reads `source`, defines `result`.
        scope = {"spark": s, "F": F, "source": src}
        exec(req["code"], scope)
        df = scope["result"] if "result" in scope else scope["df"]
    captured = []

    def capture(batch_df, batch_id):
        r = result_of(batch_df)
        captured.append({"batchId": batch_id, "schema": r["schema"], "rows": r["rows"]})

    w = df.writeStream.outputMode(req["mode"])
    if not req.get("oneTime"):
        w = w.option("checkpointLocation", os.path.join(work, "ckpt"))
    once = req.get("trigger") == "once"
    if once:
        # Trigger.Once: all input is there before start; one batch, then the query stops by itself.
        for i, rows in enumerate(req["batches"]):
            write_json_file(folder, f"part-{i:05d}.json", rows, fields)
        w = w.trigger(once=True)
    sink = req.get("sink", "foreachBatch")
    if sink == "console":
        w = w.format("console").option("truncate", str(req.get("truncate", True)).lower())
        if req.get("numRows"):
            w = w.option("numRows", str(req["numRows"]))
    else:
        w = w.foreachBatch(capture)
    progress = []
    console = []
    q = w.start()
    try:
        if once:
            before = len(console_text())
            q.awaitTermination()
            console.append(console_text()[before:])
            last = q._jsq.lastProgress()
            progress.append(json.loads(last.json()) if last is not None else None)
        for i, rows in enumerate([] if once else req["batches"]):
            before = len(console_text())
            write_json_file(folder, f"part-{i:05d}.json", rows, fields)
            q.processAllAvailable()
            console.append(console_text()[before:])
            last = q._jsq.lastProgress()
            progress.append(json.loads(last.json()) if last is not None else None)
        observed = observed_of(q)
    finally:
        q.stop()
        shutil.rmtree(work, ignore_errors=True)
    return {"ok": True, "batches": captured, "progress": progress, "console": console, "observed": observed}


BLOG_SCHEMA = "id BIGINT, data STRING, date TIMESTAMP"


def blog_query(s, folder):
    """The blog pipeline over a text file source (one JSON event per line)."""
    src = s.readStream.option("maxFilesPerTrigger", 1).text(folder)
    return (
        src.selectExpr("CAST(value AS STRING) AS jsonData")
        .select(F.from_json("jsonData", BLOG_SCHEMA).alias("events"))
        .select("events.*")
        .groupBy("data")
        .count()
    )


def run_bench(req):
    """npm run bench -- spark: throughput over pre-written files, time to first result, latency at a trickle."""
    s = session_for(req)
    lines = req["lines"]
    batches = req["batches"]
    work = tempfile.mkdtemp(prefix="tspark-oracle-bench-")
    folder = os.path.join(work, "in")
    os.mkdir(folder)
    per = -(-len(lines) // batches)
    for b in range(batches):
        tmp = os.path.join(work, f".b{b}")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("\n".join(lines[b * per:(b + 1) * per]) + "\n")
        os.rename(tmp, os.path.join(folder, f"part-{b:05d}.txt"))
    first = []
    t0 = time.time()

    def on_batch(bdf, bid):
        bdf.count()
        if not first:
            first.append(time.time() - t0)

    q = blog_query(s, folder).writeStream.outputMode("update").option("checkpointLocation", os.path.join(work, "ck1")).foreachBatch(on_batch).start()
    q.processAllAvailable()
    total = time.time() - t0
    first_progress = q.recentProgress[0] if q.recentProgress else None
    # The first batch's phases (what a first result waits for); a progress object or, in older PySpark, a dict.
    first_phases = None
    if first_progress is not None:
        first_phases = dict(first_progress.durationMs if hasattr(first_progress, "durationMs") else first_progress["durationMs"])
    q.stop()
    # A trickle: one small file per step, each processed before the next.
    folder2 = os.path.join(work, "in2")
    os.mkdir(folder2)
    q2 = blog_query(s, folder2).writeStream.outputMode("update").option("checkpointLocation", os.path.join(work, "ck2")).format("noop").start()
    lat = []
    trickle = req["trickle"]
    for i in range(req["steps"]):
        tmp = os.path.join(work, f".t{i}")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("\n".join(trickle) + "\n")
        t = time.time()
        os.rename(tmp, os.path.join(folder2, f"t-{i:05d}.txt"))
        q2.processAllAvailable()
        lat.append(time.time() - t)
    q2.stop()
    shutil.rmtree(work, ignore_errors=True)
    return {"ok": True, "totalSec": total, "firstResultSec": first[0] if first else None, "latenciesSec": lat, "firstBatchMs": first_phases}


def run_filestream(req):
    """#16.5 checkpoint exchange: a JSON file source -> JSON file sink query over req["dir"] (in/, out/, ckpt/),
    started (or resumed from the checkpoint), fed the files req["from"]..req["to"]-1 of req["files"] one per trigger,
    then stopped."""
    s = session_for(req)
    d = req["dir"]
    fields = field_names(req["schema"])
    src = s.readStream.schema(req["schema"]).option("maxFilesPerTrigger", 1).json(os.path.join(d, "in"))
    q = src.selectExpr(*req["exprs"]).writeStream.format("json").option("checkpointLocation", os.path.join(d, "ckpt")).start(os.path.join(d, "out"))
    try:
        q.processAllAvailable()
        for i in range(req["from"], req["to"]):
            write_json_file(os.path.join(d, "in"), f"part-{i:05d}.json", req["files"][i], fields)
            q.processAllAvailable()
    finally:
        q.stop()
    return {"ok": True}


OPS = {"filestream": run_filestream, "bench": run_bench, "sql": run_sql, "frame": run_frame, "stream": run_stream, "exec": run_exec}


def _terminate(signum, frame):
    # Stop the JVM with us: a SIGTERM'd Python would otherwise leave Spark's JVM orphaned.
    try:
        spark.stop()
    finally:
        os._exit(143)


def main():
    signal.signal(signal.SIGTERM, _terminate)
    PROTO.write(json.dumps({"ready": True, "version": spark.version}) + "\n")
    parent = os.getppid()
    for line in sys.stdin:
        if os.getppid() != parent:
            break  # the suite is gone: drop the requests still queued in the pipe
        if not line.strip():
            continue
        req = json.loads(line)
        t0 = time.time()
        try:
            if req["op"] == "version":
                out = {"ok": True, "version": spark.version}
            else:
                out = OPS[req["op"]](req)
        except Exception as e:  # noqa: BLE001 - every Spark error is an answer, not a crash
            out = error_of(e)
            if not hasattr(e, "_origin") and not hasattr(e, "getCondition"):
                out["error"]["trace"] = traceback.format_exc()[-2000:]
        out["id"] = req.get("id")
        out["ms"] = round((time.time() - t0) * 1000)
        PROTO.write(json.dumps(out) + "\n")
    spark.stop()
    shutil.rmtree(WAREHOUSE, ignore_errors=True)
    os.remove(CAPTURE_PATH)


if __name__ == "__main__":
    main()
