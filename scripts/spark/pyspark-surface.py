"""Writes src/engine/api/pyspark-api.json: PySpark's public API as data (issue #19.8/#19.9).

Run with the oracle's interpreter:  .spark/venv/bin/python scripts/spark/pyspark-surface.py
It records, for the pinned pyspark: the functions module's public functions (`__all__`, classes and the
families tspark leaves out marked `excluded` with the family), whether each is also a SQL function of
Spark (SHOW FUNCTIONS), and the public methods/properties of DataFrame, Column, GroupedData, SparkSession,
DataFrameNaFunctions, DataFrameStatFunctions and Catalog. tspark derives its "not in tspark yet" proxies
from this file (src/engine/api/pyspark-surface.ts) and test/engine/pyspark-coverage.test.ts computes coverage.
"""
import functools
import inspect
import json
import os
import re
import sys

import pyspark
import pyspark.sql.functions as F
from pyspark.sql import Column, DataFrame, DataFrameNaFunctions, DataFrameStatFunctions, GroupedData, SparkSession
from pyspark.sql.catalog import Catalog

# Families issue #19.8 leaves out: pandas/arrow UDFs, sketches, geospatial and vector functions.
EXCLUDED = [
    ("pandas", r"^(pandas_udf|arrow_udf|arrow_udtf)$"),
    ("sketch", r"^(hll_|theta_|kll_|tuple_|approx_top_k|count_min_sketch|bitmap_)"),
    ("geospatial", r"^st_"),
    ("vector", r"^vector_"),
]


def family(name):
    for fam, pat in EXCLUDED:
        if re.match(pat, name):
            return fam
    return None


def param_kind(p):
    """How a builder argument is read: a column (a string is a column name), a literal (a string is a
    value), a lambda, an options map or a schema. From PySpark's type annotations."""
    a = str(p.annotation)
    if "Callable" in a and "DataTypeOrString" not in a:
        return "lambda"
    if "ColumnOrName" in a:
        return "column"
    if "Mapping" in a:
        return "options"
    if "StructType" in a or "DataTypeOrString" in a:
        return "schema"
    return "literal"


def signature(fn):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    out = []
    for p in sig.parameters.values():
        if p.kind == p.VAR_KEYWORD:
            continue
        e = {"name": p.name, "kind": param_kind(p)}
        if p.kind == p.VAR_POSITIONAL:
            e["variadic"] = True
        elif p.default is not p.empty:
            e["optional"] = True
        if p.kind == p.KEYWORD_ONLY:
            e["keywordOnly"] = True
        out.append(e)
    return out


def members(cls):
    methods, props = [], []
    for n in dir(cls):
        if n.startswith("_") or n[0].isupper():
            continue  # private names and nested classes (SparkSession.Builder)
        v = inspect.getattr_static(cls, n)
        prop = isinstance(v, (property, functools.cached_property)) or type(v).__name__ == "classproperty"
        (props if prop else methods).append(n)
    return {"methods": sorted(methods), "properties": sorted(props)}


spark = SparkSession.builder.master("local[1]").config("spark.ui.enabled", "false").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
sql_names = {r[0] for r in spark.sql("SHOW FUNCTIONS").collect()}
spark.stop()

functions = []
for n in sorted(F.__all__):
    obj = getattr(F, n)
    if inspect.isclass(obj) or not callable(obj):
        continue  # types and exceptions re-exported by the module
    entry = {"name": n, "sql": n in sql_names, "params": signature(obj)}
    fam = family(n)
    if fam:
        entry["excluded"] = fam
    functions.append(entry)

out = {
    "pyspark": pyspark.__version__,
    "generatedBy": "scripts/spark/pyspark-surface.py",
    "excludedFamilies": {fam: pat for fam, pat in EXCLUDED},
    "functions": functions,
    "classes": {
        "DataFrame": members(DataFrame),
        "Column": members(Column),
        "GroupedData": members(GroupedData),
        "SparkSession": members(SparkSession),
        "DataFrameNaFunctions": members(DataFrameNaFunctions),
        "DataFrameStatFunctions": members(DataFrameStatFunctions),
        "Catalog": members(Catalog),
    },
}
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
path = os.path.join(root, "src", "engine", "api", "pyspark-api.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"{path}: pyspark {pyspark.__version__}, {len(functions)} functions", file=sys.stderr)
