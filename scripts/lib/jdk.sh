# shellcheck shell=bash
# Sourced by the other scripts: finds a JDK >= 22 and exports JAVA_HOME (and MAVEN_OPTS for JDK >= 24).
# Order: $JAVA_HOME if it is >= 22, else the newest JDK >= 22 under /usr/lib/jvm, else the java on PATH.

curvature_jdk_major() { # $1 = a JDK home; prints its feature version, or nothing
  local home=$1 v=""
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
        sed -n 's/^ *java.specification.version = \([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "$v"
}

curvature_find_jdk() {
  local min=22 best="" best_v=0 v home
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(curvature_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then
      best=$JAVA_HOME best_v=$v
    fi
  fi
  if [ -z "$best" ]; then
    for home in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
      [ -d "$home" ] || continue
      v=$(curvature_jdk_major "$home")
      if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then
        best=$home best_v=$v
      fi
    done
  fi
  if [ -z "$best" ] && command -v java >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    v=$(curvature_jdk_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then
      best=$home best_v=$v
    fi
  fi
  if [ -z "$best" ]; then
    echo "curvature: no JDK >= $min found (looked at JAVA_HOME, /usr/lib/jvm, /opt and PATH)." >&2
    echo "curvature: install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME=$best
  export CURVATURE_JDK_MAJOR=$best_v
  # Maven's own libraries call sun.misc.Unsafe; JDK >= 24 warns about it on every build.
  if [ "$best_v" -ge 24 ]; then
    case " ${MAVEN_OPTS:-} " in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}
