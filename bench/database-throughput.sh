#!/usr/bin/env bash
# Backs up and drills a generated ~1 GiB SQLite database and a ~300 MB PostgreSQL database (local
# server, 127.0.0.1:5432) and compares with sqlite3 .backup + gzip + sha256sum and bare
# pg_dump -Fc in the same run; bounded, stops by itself, local disk and loopback only.
# Usage: bench/database-throughput.sh [SQLite MiB=1024] [PostgreSQL MiB=300, 0 skips] [heap=64m]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl runbook-benchmarks -am package -DskipTests
work=runbook-benchmarks/target/db-bench
mkdir -p "$work"
java -Xmx"${3:-64m}" -cp runbook-benchmarks/target/benchmarks.jar \
  dev.runbook.benchmarks.DatabaseThroughput "${1:-1024}" "${2:-300}" "$work"
