#!/usr/bin/env bash
# Runs a JMH suite and writes its results and the machine's metadata to bench-results/:
#   scripts/bench.sh [quick|full] [extra JVM flags...]
#   scripts/bench.sh quick -XX:UseAVX=2        # the same suite with 256-bit vectors
#   scripts/bench.sh fits [quick|full]         # whole fits against numpy, SciPy, scikit-learn (scripts/whole-fit.sh)
#   scripts/bench.sh sparse                    # whole fits on synthetic sparse data, per method (SparseFits)
#   scripts/bench.sh liblinear [quick|full]    # sparse whole fits against LIBLINEAR and scikit-learn (scripts/sparse-fit.sh)
# Files: bench-results/<date>/<host>-<cpu>-<variant>-<suite>.json and ...-meta.json. Compare runs with
# scripts/compare-runs A.json B.json [...]. The quick suite takes under 5 minutes on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/setup.sh"
suite=${1:-quick}
shift || true
if [ "$suite" = fits ]; then
  exec "$root/scripts/whole-fit.sh" "${1:-quick}"
fi
if [ "$suite" = liblinear ]; then
  exec "$root/scripts/sparse-fit.sh" "${1:-quick}"
fi
if [ "$suite" = sparse ]; then
  cd "$root"
  ./mvnw -B -q -ntp -DskipTests -pl jmh -am package >&2
  out="bench-results/$(date -u +%Y-%m-%d)/sparse-fits.json"
  mkdir -p "$(dirname "$out")"
  "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -cp jmh/target/benchmarks.jar io.curvature.jmh.tools.SparseFits "$out"
  echo "$out"
  exit 0
fi
flags=("$@")
case "$suite" in quick|full) ;; *) echo "bench.sh: suite must be quick, full, fits, sparse or liblinear, not '$suite'" >&2; exit 2 ;; esac
cd "$root"
./mvnw -B -q -ntp -DskipTests -pl jmh -am package >&2
jar=jmh/target/benchmarks.jar
variant=default
if [ ${#flags[@]} -gt 0 ]; then
  variant=$(printf '%s' "${flags[*]}" | tr -c 'A-Za-z0-9=' '_' | sed 's/__*/_/g; s/^_//; s/_$//')
fi
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1 | tr -c 'A-Za-z0-9' '-' | sed 's/--*/-/g; s/-$//')
name="$(hostname -s 2>/dev/null || echo host)-${cpu:-cpu}-${variant}-${suite}"
out_dir="bench-results/$(date -u +%Y-%m-%d)"
mkdir -p "$out_dir"
tmp=$(mktemp -d)
jvm=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED "${flags[@]}")
run() { # a JMH invocation into its own JSON file
  local out="$tmp/part$(ls "$tmp" | wc -l).json"
  "$JAVA_HOME/bin/java" -jar "$jar" "$@" -jvmArgsAppend "${jvm[*]}" -rf json -rff "$out" >&2
}
if [ "$suite" = quick ]; then
  # the few benchmarks that show regressions: memory-bound passes, the compute-bound Gram, in-cache
  # level 1, a factorization, the native call overhead, and small fits
  q=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  run 'BandwidthBenchmark' -p d=100 "${q[@]}"
  run 'GlmPassBenchmark' -p d=100 -p loss=LOGISTIC "${q[@]}"
  run 'GramBenchmark' -p d=100 -p kernels=vector "${q[@]}"
  run 'Level1Benchmark.(dot|gemv)$' -p d=100,1000 "${q[@]}"
  run 'LapackBenchmark.syevd' -p d=200 "${q[@]}"
  run 'NativeCallBenchmark' "${q[@]}"
  run 'SmallFitsBenchmark' -p method=AUTO,LBFGS "${q[@]}"
else
  run 'BandwidthBenchmark|GlmPassBenchmark|GramBenchmark|Level1Benchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s
  run 'LapackBenchmark|NativeCallBenchmark|GramPathBenchmark' -f 1 -wi 2 -w 1s -i 3 -r 1s
  run 'FitBenchmark|SmallFitsBenchmark' -f 1
fi
cp="$jar"
"$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED "${flags[@]}" \
  -cp "$cp" io.curvature.jmh.tools.BenchTools merge "$out_dir/$name.json" "$tmp"/part*.json 2>/dev/null
"$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED "${flags[@]}" \
  -cp "$cp" io.curvature.jmh.tools.BenchTools metadata "$suite" "$out_dir/$name-meta.json" "${flags[@]}" 2>/dev/null
rm -rf "$tmp"
echo "$out_dir/$name.json"
