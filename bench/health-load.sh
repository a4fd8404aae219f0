#!/usr/bin/env bash
# Load test of GET /health (five cached checks, JDK adapter) on loopback; bounded, stops by itself.
# Usage: bench/health-load.sh [connections=16] [seconds=10] [full|status]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl runbook-health -am install -DskipTests
mvn -B -q -pl runbook-health exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.runbook.health.bench.HealthLoad \
  -Dexec.args="${1:-16} ${2:-10} ${3:-full}"
