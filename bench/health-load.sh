#!/usr/bin/env bash
# Load test of GET /health (five cached checks) on HealthHttpServer, against the same server
# answering a fixed body of the same size, and Spring Boot Actuator's /actuator/health (five
# indicators with details, bench/actuator-app), all from one client in one run, on loopback.
# Bounded: each measurement runs for the given seconds; every server is stopped at the end.
# Usage: bench/health-load.sh [connections=16] [seconds=10] [full|status]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl runbook-health -am install -DskipTests
mvn -B -q -f bench/actuator-app/pom.xml package -DskipTests

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar bench/actuator-app/target/actuator-app.jar --server.port="$port" > /dev/null 2>&1 &
actuator=$!
trap 'kill $actuator 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -s -o /dev/null "127.0.0.1:$port/actuator/health" && break
  sleep 0.5
done

mvn -B -q -pl runbook-health exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.runbook.health.bench.HealthLoad \
  -Dexec.args="${1:-16} ${2:-10} ${3:-full} $port"
