#!/usr/bin/env bash
# Load test of GET /health (five cached checks) on HealthHttpServer and on the examples' Jetty
# serving, each against the same server answering a fixed body of the same size; then
# bibliotheca's jar as README starts it (allowlisted) against Spring Boot Actuator's
# /actuator/health (five indicators with details, bench/actuator-app). One run, one client, on
# loopback; the in-process pairs run before the other JVMs start, so they do not share the
# machine with them.
# Bounded: each measurement runs for the given seconds; every server is stopped at the end.
# Usage: bench/health-load.sh [connections=16] [seconds=10] [full|status]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl runbook-benchmarks,examples/bibliotheca -am package -DskipTests
mvn -B -q -f bench/actuator-app/pom.xml package -DskipTests

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
connections="${1:-16}"
seconds="${2:-10}"
mode="${3:-full}"
# Phase 1, with no other JVM on the machine: /health against /fixed on HealthHttpServer and on
# the examples' Jetty serving, in alternating pairs.
"$java_bin" -cp runbook-benchmarks/target/benchmarks.jar dev.runbook.benchmarks.HealthLoad \
  "$connections" "$seconds" "$mode"

# Phase 2: bibliotheca's jar as README starts it (allowlisted) against Spring Boot Actuator.
port=18080
example_port=18081
data=$(mktemp -d)
"$java_bin" -jar bench/actuator-app/target/actuator-app.jar --server.port="$port" > /dev/null 2>&1 &
actuator=$!
PORT=$example_port DATA_DIR="$data" HEALTH_ALLOWLIST=127.0.0.1 \
  "$java_bin" -jar examples/bibliotheca/target/bibliotheca.jar > /dev/null 2>&1 &
example=$!
trap 'kill $actuator $example 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -s -o /dev/null "127.0.0.1:$port/actuator/health" \
    && curl -s -o /dev/null "127.0.0.1:$example_port/ping" && break
  sleep 0.5
done

"$java_bin" -cp runbook-benchmarks/target/benchmarks.jar dev.runbook.benchmarks.HealthLoad \
  "$connections" "$seconds" "$mode" "$port" "$example_port"
