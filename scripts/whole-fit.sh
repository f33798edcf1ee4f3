#!/usr/bin/env bash
# Whole fits against the tools a user would otherwise run, on the same objective and the same gradient norm:
#   scripts/whole-fit.sh [quick|full]
# Curvature (every method and auto, one warm JVM, jmh's WholeFits) against numpy Newton, SciPy L-BFGS-B and
# scikit-learn (scripts/bench/peers.py) on seeded cases; every solution's ||grad f||_inf is recomputed by the
# judge in peers.py. Writes bench-results/<date>/whole-fit-<suite>.json and prints a Markdown table.
# quick: four cases, about five minutes on 2 cores; full adds 2e4 x 1000, 2e5 x 500 and 2e4 x 2000 (about 25 minutes).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/setup.sh"
suite=${1:-quick}
case "$suite" in
  quick) cases=(breast-cancer logistic-1e4x30 logistic-1e5x100 least-squares-1e5x100); repeats=5 ;;
  full) cases=(breast-cancer logistic-1e4x30 logistic-1e5x100 least-squares-1e5x100 logistic-2e4x1000
              logistic-2e5x500 logistic-2e4x2000); repeats=5 ;;
  *) echo "whole-fit.sh: suite must be quick or full, not '$suite'" >&2; exit 2 ;;
esac
. "$root/scripts/lib/peers.sh"
curvature_peers whole-fit
cd "$root"
./mvnw -B -q -ntp -DskipTests -pl jmh -am package >&2
jar=jmh/target/benchmarks.jar
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dirs=()
for c in "${cases[@]}"; do
  dir="$tmp/$c"
  "$py" scripts/bench/peers.py case "$c" "$dir"
  read -r model lambda gtol < <("$py" -c "import json; c = json.load(open('$dir/case.json')); print(c['model'], c['lambda'], c['gtol'])")
  "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
    -cp "$jar" io.curvature.jmh.tools.WholeFits "$dir/X.npy" "$dir/y.npy" "$model" "$lambda" "$gtol" "$repeats" \
    "$dir/curvature.json" 2> >(grep -v '^WARNING' >&2)
  # OpenBLAS as numpy uses it by default on this machine: the variables some hosts set to pin an older kernel are
  # dropped for the peers alone (the library's own tests never change them)
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$(nproc)" \
    "$py" scripts/bench/peers.py fit "$dir" "$repeats" "$dir/peers.json"
  dirs+=("$dir")
done
out="bench-results/$(date -u +%Y-%m-%d)"
mkdir -p "$out"
"$py" scripts/bench/peers.py table "$out/whole-fit-$suite.json.tmp" "${dirs[@]}"
mv "$out/whole-fit-$suite.json.tmp" "$out/whole-fit-$suite.json"
echo "whole-fit: wrote $out/whole-fit-$suite.json" >&2
