#!/usr/bin/env bash
# Set-up, then the whole build with every test of every module.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=setup.sh
. "$root/scripts/setup.sh"
cd "$root"
exec ./mvnw -B -ntp verify "$@"
