#!/bin/bash
# Every comparison of issue 11 one after the other, as run for docs/BENCHMARKS.md ("Issue 11: latest
# run"). Run from the repository root on an otherwise idle machine, after
#   ./mvnw -q -B -pl benchmarks -am package -DskipTests
# Needs PostgreSQL on 127.0.0.1:5432 (trust, database test), Redis on 6379 and pgbench on the PATH.
# PostgreSQL's autovacuum should be on, as in production (the runs print the server's settings).
set -eu
OUT=${1:-target/issue11}
mkdir -p "$OUT"
java -cp benchmarks/target/benchmarks.jar io.github.wecom4j.benchmarks.versus.Issue11Table > "$OUT/sdk-table.txt" 2>&1
B="./mvnw -q -o -B -pl wecom4j-gateway -am test -Dtest=IntakeVersusPgbenchBenchmark -Dsurefire.failIfNoSpecifiedTests=false
   -Dbenchmark=intake -Dbenchmark.clients=16 -Dbenchmark.seconds=10 -Dbenchmark.rounds=3 -Dbenchmark.max-warmup=60"
$B > "$OUT/intake-senders-on.log" 2>&1
$B -Dbenchmark.senders=false > "$OUT/intake-senders-off.log" 2>&1
$B -Dbenchmark.senders=false -Dbenchmark.batch=10 > "$OUT/intake-batch10.log" 2>&1
./mvnw -q -o -B -pl wecom4j-gateway -am test -Dtest=DeliveryDrainBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbenchmark=drain -Dbenchmark.messages=20000 -Dbenchmark.rounds=3 > "$OUT/drain.log" 2>&1
cp wecom4j-gateway/target/intake-benchmark.txt wecom4j-gateway/target/drain-benchmark.txt "$OUT/"
grep -E '^\|' "$OUT/sdk-table.txt"
grep -E 'MEDIAN|^round' "$OUT/intake-benchmark.txt" "$OUT/drain-benchmark.txt"
