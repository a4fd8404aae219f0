#!/usr/bin/env bash
# Pushes a generated backup (1 GiB by default) to a local S3 server (S3Proxy with its filesystem
# backend, on 127.0.0.1) and to a directory target on the same disk, in the same run; prints time,
# throughput and peak heap of each. Bounded, stops by itself, loopback only.
# Usage: bench/offsite-throughput.sh [MiB=1024] [heap=96m]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl runbook-benchmarks -am package -DskipTests
mvn -B -q -pl runbook-backup-s3 generate-test-resources
work=runbook-benchmarks/target/offsite-bench
rm -rf "$work/s3" && mkdir -p "$work/s3/runbook-bench"   # the filesystem backend's bucket
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-key
s3proxy.credential=bench-secret-0123456789
jclouds.provider=filesystem
jclouds.identity=bench-key
jclouds.credential=bench-secret-0123456789
jclouds.filesystem.basedir=$PWD/$work/s3
PROPS
LOG_LEVEL=warn java -Xmx512m -jar runbook-backup-s3/target/s3-servers/s3proxy-jar-with-dependencies.jar \
  --properties "$work/s3proxy.properties" > "$work/s3proxy.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break
  sleep 0.5
done
java -Xmx"${2:-96m}" -cp runbook-benchmarks/target/benchmarks.jar \
  dev.runbook.benchmarks.OffsiteThroughput "${1:-1024}" "$work" "http://127.0.0.1:$port" \
  runbook-bench bench-key bench-secret-0123456789
