#!/usr/bin/env bash
# Compares builds of the migrate command: runs each jar N times, interleaved (a slow moment of the
# machine hits every build alike), each a fresh JVM copying FILE into a new SQLite database, and
# prints the median, min and max wall time per jar (GNU time).
#
#   samples/bench/ab-migrate.sh 5 /tmp/bench/apps-100000.json before.jar after.jar
#
# FILE: a legacy apps.json, e.g. from ../shared/tools/gen-legacy-apps.py 100000.
# JARs: samples/target/proximity.jar (or proximity-bench.jar) of each build, copied aside.
# JVM options: as the bench's child JVM, override with JVM_OPTS.
set -euo pipefail
runs=$1; file=$2; shift 2
jvm_opts=${JVM_OPTS:--Xmx128m -XX:+UseSerialGC}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A times
for _ in $(seq "$runs"); do
  for jar in "$@"; do
    rm -f "$work"/ab.db*
    # shellcheck disable=SC2086
    /usr/bin/time -o "$work/time" -f "%e" java $jvm_opts -cp "$jar" dev.proximity.samples.cli.ProximityCommand \
      migrate --from "json:$file" --to "jdbc:sqlite:$work/ab.db" > /dev/null 2>&1
    times[$jar]="${times[$jar]:-} $(cat "$work/time")"
  done
done
for jar in "$@"; do
  echo "$jar: $(tr ' ' '\n' <<< "${times[$jar]}" | grep . | sort -n \
    | awk '{t[NR] = $1} END {print "median", t[int((NR + 1) / 2)], "s, min", t[1], "s, max", t[NR], "s over", NR, "runs"}')"
done
