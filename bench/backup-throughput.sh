#!/usr/bin/env bash
# Backs up a generated file set (default 1 GiB) with each compression and compares each run with
# `tar | <compressor> | sha256sum` over the same files; bounded, stops by itself, local disk only.
# Usage: bench/backup-throughput.sh [size MiB=1024] [heap=64m]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl runbook-benchmarks -am package -DskipTests
work=runbook-benchmarks/target/backup-bench
mkdir -p "$work"
java -Xmx"${2:-64m}" -cp runbook-benchmarks/target/benchmarks.jar \
  dev.runbook.benchmarks.BackupThroughput "${1:-1024}" "$work"
