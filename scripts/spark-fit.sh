#!/usr/bin/env bash
# Whole fits on Spark (local[2]) against Spark MLlib, same cached data, same objective, judged gradient norm:
#   scripts/spark-fit.sh [quick|full] [REPEATS]
# quick: logistic and least squares on 2e5 x 100 (a few minutes); full: the issue's 1e6 x 100 cases and least
# squares on 2e5 x 1000 (about half an hour on 2 cores). Writes bench-results/<date>/spark-fit-<suite>.json; the
# harness is spark/src/main/java/io/curvature/spark/bench/SparkVsMllib.java.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/setup.sh"
suite=${1:-quick}
repeats=${2:-2}
case "$suite" in
  quick|full) ;;
  *) echo "spark-fit.sh: suite must be quick or full, not '$suite'" >&2; exit 2 ;;
esac
cd "$root"
./mvnw -B -q -ntp -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -pl spark -am install >&2
./mvnw -B -q -ntp -pl spark dependency:build-classpath -Dmdep.includeScope=provided \
  -Dmdep.outputFile="$root/spark/target/classpath.txt" >&2
flags=$(sed -n 's|.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*|\1|p' spark/pom.xml)
out="bench-results/$(date -u +%Y-%m-%d)"
mkdir -p "$out"
# shellcheck disable=SC2086 # the flags are words
"$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED $flags -Xmx14g \
  -cp "spark/target/classes:$(cat spark/target/classpath.txt)" io.curvature.spark.bench.SparkVsMllib \
  "$out/spark-fit-$suite.json" "$suite" "$repeats" 2> >(grep --line-buffered -v '^WARNING\| INFO ' >&2)
