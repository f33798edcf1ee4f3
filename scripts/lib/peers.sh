# Sourced by the benchmark scripts that run other tools beside Curvature (whole-fit.sh, sparse-fit.sh).
# curvature_peers NAME [PACKAGE:COMMAND...]: sets $py to Debian's Python (whose numpy and SciPy use the system
# OpenBLAS that Curvature loads too) and, as root with apt-get, installs numpy, SciPy, scikit-learn and each Debian
# PACKAGE whose COMMAND is missing; without numpy and SciPy it stops with a message naming NAME.
curvature_peers() {
  local name=$1
  shift
  py=python3
  [ -x /usr/bin/python3 ] && py=/usr/bin/python3
  local missing=0 pair packages=()
  "$py" -c 'import numpy, scipy, sklearn' 2>/dev/null || missing=1
  for pair in "$@"; do
    packages+=("${pair%%:*}")
    command -v "${pair#*:}" >/dev/null || missing=1
  done
  if [ "$missing" = 1 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "$name: installing python3-numpy python3-scipy python3-sklearn ${packages[*]} from Debian ..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy python3-scipy \
        python3-sklearn "${packages[@]}"; } >"/tmp/curvature-apt-$name.log" 2>&1 \
      || { echo "$name: apt-get failed, see /tmp/curvature-apt-$name.log" >&2; exit 1; }
  fi
  "$py" -c 'import numpy, scipy' || { echo "$name: numpy and scipy are needed (apt-get install python3-scipy)" >&2; exit 1; }
}
