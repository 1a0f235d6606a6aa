#!/usr/bin/env bash
# npm run spark:setup — creates the project-local Python environment that runs real Apache Spark
# for the differential suite: .spark/venv (git-ignored), interpreter .spark/venv/bin/python.
# Idempotent: the venv carries a stamp (sha256 of requirements.txt + python version); when it
# matches, nothing is done. Needs python3 >= 3.11 (PYTHON=... to choose one) and Java 17+ on PATH.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
REQ="$ROOT/scripts/spark/requirements.txt"
VENV="$ROOT/.spark/venv"
STAMP="$VENV/.tspark-stamp"
PY="${PYTHON:-python3}"

want="$(sha256sum "$REQ" | cut -d' ' -f1) $("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  echo "spark:setup: up to date ($VENV/bin/python)"
  exit 0
fi

if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "spark:setup: $PY is $("$PY" --version 2>&1); pyspark 4.3 needs Python >= 3.11 (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi
if ! command -v java >/dev/null 2>&1; then
  echo "spark:setup: no 'java' on PATH; Spark 4 needs Java 17 or newer (e.g. apt-get install openjdk-17-jre-headless)" >&2
  exit 1
fi

echo "spark:setup: creating $VENV (pyspark download is ~450 MB, once)"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$REQ"
"$VENV/bin/python" -c 'import pyspark; print("spark:setup: pyspark", pyspark.__version__, "installed")'
echo "$want" > "$STAMP"
echo "spark:setup: ready ($VENV/bin/python)"
