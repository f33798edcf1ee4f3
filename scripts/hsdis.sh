#!/usr/bin/env bash
# Builds the development disassembler plugin (scripts/hsdis/hsdis_objdump.c) into target/hsdis and prints
# that directory, for reading what C2 made of a method:
#
#   LD_LIBRARY_PATH=$(scripts/hsdis.sh) java -XX:+UnlockDiagnosticVMOptions \
#       -XX:CompileCommand=print,io.curvature.kernel.VectorRowPasses::dot4 ...
#
# Needs gcc and objdump (binutils), both on this project's machines. Idempotent: rebuilds only when the
# source is newer than the library.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$(uname -m)" in
    x86_64) name=hsdis-amd64.so ;;
    aarch64) name=hsdis-aarch64.so ;;
    *) echo "hsdis.sh: no plugin for $(uname -m) (x86_64 and aarch64 only)" >&2; exit 1 ;;
esac
for tool in gcc objdump; do
    if ! command -v "$tool" >/dev/null; then
        echo "hsdis.sh: $tool not found (Debian: apt-get install gcc binutils)" >&2
        exit 1
    fi
done
out="$root/target/hsdis"
src="$root/scripts/hsdis/hsdis_objdump.c"
mkdir -p "$out"
if [[ ! -f "$out/$name" || "$src" -nt "$out/$name" ]]; then
    gcc -O2 -Wall -Wextra -shared -fPIC -o "$out/$name" "$src"
fi
echo "$out"
