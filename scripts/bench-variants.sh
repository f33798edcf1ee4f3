#!/usr/bin/env bash
# The same suite three times on one machine, to measure the effect of vector width:
# default (widest vectors), -XX:UseAVX=2 (256-bit), -XX:MaxVectorSize=16 (128-bit); then compares them.
#   scripts/bench-variants.sh [quick|full]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
suite=${1:-quick}
a=$("$root/scripts/bench.sh" "$suite")
b=$("$root/scripts/bench.sh" "$suite" -XX:UseAVX=2)
c=$("$root/scripts/bench.sh" "$suite" -XX:MaxVectorSize=16)
"$root/scripts/compare-runs" --plot "$root/$(dirname "$a")/variants-$suite.png" "$root/$a" "$root/$b" "$root/$c"
