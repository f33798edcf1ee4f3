#!/usr/bin/env bash
# Curvature set-up. Idempotent: run it as often as you like.
#  1. finds a JDK >= 22 (JAVA_HOME if good, else the newest under /usr/lib/jvm) and says which;
#  2. installs OpenBLAS + LAPACKE from Debian when missing and possible (root with apt-get);
#  3. says plainly what it did, or why it could not.
# Source it (". scripts/setup.sh") to keep JAVA_HOME in your shell; the other scripts call it themselves.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/jdk.sh
. "$here/lib/jdk.sh"

say() { printf 'setup: %s\n' "$*" >&2; }

if ! curvature_find_jdk; then
  return 1 2>/dev/null || exit 1
fi
say "JDK $CURVATURE_JDK_MAJOR at $JAVA_HOME"

have_native() {
  # Both the LAPACKE interface and OpenBLAS (which provides CBLAS and LAPACK) must be loadable.
  ldconfig -p 2>/dev/null | grep -q 'liblapacke\.so\.3 ' && ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0 '
}

if have_native; then
  say "OpenBLAS and LAPACKE present ($(ldconfig -p | awk '/libopenblas\.so\.0 /{print $NF; exit}'))"
elif [ "$(id -u)" -ne 0 ]; then
  say "OpenBLAS/LAPACKE missing and not root: not installed; Curvature will use its pure-Java linear algebra."
  say "  to install: sudo apt-get install libopenblas0-pthread liblapacke"
elif ! command -v apt-get >/dev/null 2>&1; then
  say "OpenBLAS/LAPACKE missing and no apt-get here: Curvature will use its pure-Java linear algebra."
else
  say "installing libopenblas0-pthread liblapacke from Debian ..."
  if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread liblapacke; } >/tmp/curvature-apt.log 2>&1; then
    ldconfig 2>/dev/null || true
    if have_native; then
      say "installed OpenBLAS and LAPACKE"
    else
      say "apt-get succeeded but the libraries are not visible to ldconfig; see /tmp/curvature-apt.log"
    fi
  else
    say "apt-get failed (see /tmp/curvature-apt.log); Curvature will use its pure-Java linear algebra."
  fi
fi
return 0 2>/dev/null || exit 0
