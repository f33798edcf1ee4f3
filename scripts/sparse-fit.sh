#!/usr/bin/env bash
# Sparse whole fits against LIBLINEAR and scikit-learn, on the same objective and the same gradient norm:
#   scripts/sparse-fit.sh [quick|full]
# Seeded text-like cases (scripts/bench/sparse_peers.py: Zipf-distributed columns, unit rows, planted labels) are
# fitted by Curvature (jmh's SparseFileFits: CSR read from the LIBSVM file, 1 thread and every processor), by
# Debian's liblinear-train -s 0 and by scikit-learn on CSR; the judge in sparse_peers.py recomputes every
# solution's ||grad f||_inf. Writes bench-results/<date>/sparse-fit-<suite>.json and prints Markdown tables.
# quick: 1e5 x 2e4 and 1e5 x 1e5, about ten minutes on 2 cores; full adds 1e6 x 1e6.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/setup.sh"
suite=${1:-quick}
case "$suite" in
  quick) cases=(text-1e5x2e4 text-1e5x1e5); repeats=3 ;;
  full) cases=(text-1e5x2e4 text-1e5x1e5 text-1e6x1e6); repeats=3 ;;
  *) echo "sparse-fit.sh: suite must be quick or full, not '$suite'" >&2; exit 2 ;;
esac
. "$root/scripts/lib/peers.sh"
curvature_peers sparse-fit liblinear-tools:liblinear-train
cd "$root"
./mvnw -B -q -ntp -DskipTests -pl jmh -am package >&2
jar=jmh/target/benchmarks.jar
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dirs=()
for c in "${cases[@]}"; do
  dir="$tmp/$c"
  "$py" scripts/bench/sparse_peers.py case "$c" "$dir"
  read -r lambda gtol < <("$py" -c "import json; c = json.load(open('$dir/case.json')); print(c['lambda'], c['gtol'])")
  "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
    -cp "$jar" io.curvature.jmh.tools.SparseFileFits "$dir/data.svm" "$lambda" "$gtol" "$repeats" "$dir/curvature.json" \
    2> >(grep -v '^WARNING' >&2)
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$(nproc)" \
    "$py" scripts/bench/sparse_peers.py fit "$dir" "$repeats" "$dir/peers.json"
  dirs+=("$dir")
done
out="bench-results/$(date -u +%Y-%m-%d)"
mkdir -p "$out"
"$py" scripts/bench/sparse_peers.py table "$out/sparse-fit-$suite.json.tmp" "${dirs[@]}"
mv "$out/sparse-fit-$suite.json.tmp" "$out/sparse-fit-$suite.json"
echo "sparse-fit: wrote $out/sparse-fit-$suite.json" >&2
