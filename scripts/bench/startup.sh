#!/usr/bin/env bash
# Time to first result of a whole process, JVM start included, against scikit-learn's in a fresh Python:
#   scripts/bench/startup.sh [ROUNDS]
# Fits logistic regression to the bundled breast-cancer data (lambda 1e-4, i.e. C = 1 / (n lambda)) in turns:
# the command line as it started before its start-up work (no AOT cache, vector kernels), as it starts now,
# and scikit-learn. Writes bench-results/<date>/startup.json and prints the medians.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rounds=${1:-7}
cd "$root"
scripts/curvature info >/dev/null 2>&1   # builds the jar and the start-up cache when needed
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
sk="import numpy as np
from sklearn.linear_model import LogisticRegression
d = np.loadtxt('examples/breast_cancer.csv', delimiter=',', skiprows=1)
m = LogisticRegression(C=1 / (569 * 1e-4), tol=1e-8, max_iter=10000).fit(d[:, :-1], d[:, -1])
print(m.score(d[:, :-1], d[:, -1]))"
out="bench-results/$(date -u +%Y-%m-%d)"
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seconds() { /usr/bin/time -f %e -o "$tmp/t" "$@" >/dev/null 2>&1; cat "$tmp/t"; }
for _ in $(seq "$rounds"); do
  echo "before $(CURVATURE_AOT=0 seconds scripts/curvature fit examples/breast_cancer.csv --quiet --kernels vector)" >>"$tmp/all"
  echo "now $(seconds scripts/curvature fit examples/breast_cancer.csv --quiet)" >>"$tmp/all"
  echo "sklearn $(seconds "$py" -c "$sk")" >>"$tmp/all"
done
"$py" - "$tmp/all" "$out/startup.json" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, t = line.split()
    runs.setdefault(name, []).append(float(t))
result = {k: {"median_seconds": statistics.median(v), "seconds": sorted(v)} for k, v in runs.items()}
json.dump({"case": "logistic, breast cancer 569 x 30, lambda 1e-4, gtol 1e-8", "runs": result}, open(sys.argv[2], "w"), indent=1)
for k, v in result.items():
    print(f"{k:8s} median {v['median_seconds']:.2f} s  {v['seconds']}")
PY
echo "startup: wrote $out/startup.json" >&2
