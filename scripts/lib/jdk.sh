# shellcheck shell=bash
#
# Source this file (do not run it) to select a JDK for poolbench:
#
#     . scripts/lib/jdk.sh || exit 1
#
# On success it exports JAVA_HOME (a JDK, i.e. it has bin/javac) whose version is >= POOLBENCH_MIN_JAVA
# (default 21), puts "$JAVA_HOME/bin" first on PATH, sets POOLBENCH_JAVA_VERSION (e.g. "25.0.3") and returns 0.
# Otherwise it prints what it found and how to fix it on stderr and returns 1.
#
# Choice: $JAVA_HOME if it is a JDK >= the minimum; otherwise the NEWEST JDK >= the minimum among
# /usr/lib/jvm/*, /usr/lib64/jvm/*, /usr/java/*, /opt/java/*, ~/.sdkman/candidates/java/*,
# /Library/Java/JavaVirtualMachines/*/Contents/Home and the `java` on PATH.
#
# Safe under `set -euo pipefail` and with bash 3.2 (macOS); it does not change the caller's shell options.

if ! (return 0 2>/dev/null); then
  echo "scripts/lib/jdk.sh must be sourced, not run: . scripts/lib/jdk.sh" >&2
  exit 2
fi

# Prints the version string ("21.0.2", "25", "1.8.0_392") of the JDK at $1; returns 1 if $1 is not a
# working JDK (no executable bin/java and bin/javac, or `java -version` fails).
pb_jdk_version() {
  local home=${1-} out v
  [ -n "$home" ] && [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  # No pipes: `java -version | head` could die of SIGPIPE and trip pipefail.
  out=$("$home/bin/java" -version 2>&1) || return 1
  case $out in
    *'version "'*) ;;
    *) return 1 ;;
  esac
  v=${out#*version \"}
  v=${v%%\"*}
  [ -n "$v" ] || return 1
  printf '%s\n' "$v"
}

# Prints the major version of a version string: "21.0.2" -> 21, "25-ea" -> 25, "1.8.0_392" -> 8.
pb_jdk_major() {
  local v=${1-} first rest
  first=${v%%[!0-9]*}
  if [ "$first" = 1 ]; then
    rest=${v#1[!0-9]}
    first=${rest%%[!0-9]*}
  fi
  [ -n "$first" ] || return 1
  printf '%d\n' "$((10#$first))"
}

# True if version string $1 is newer than $2 (numeric, component by component: 25.0.1 > 21.0.9 > 21.0.2).
pb_jdk_newer() {
  local a b i x y IFS=' '
  # Only digits and spaces remain, so the unquoted expansions below split but never glob.
  a=$(printf '%s' "${1-}" | tr -c '0-9' ' ')
  b=$(printf '%s' "${2-}" | tr -c '0-9' ' ')
  set -- $a
  [ "${1-}" != 1 ] || shift # 1.8.0 -> 8.0
  a="${1:-0} ${2:-0} ${3:-0} ${4:-0} ${5:-0}"
  set -- $b
  [ "${1-}" != 1 ] || shift
  b="${1:-0} ${2:-0} ${3:-0} ${4:-0} ${5:-0}"
  for i in 1 2 3 4 5; do
    set -- $a
    eval "x=\${$i}"
    set -- $b
    eval "y=\${$i}"
    if [ "$((10#$x))" -gt "$((10#$y))" ]; then return 0; fi
    if [ "$((10#$x))" -lt "$((10#$y))" ]; then return 1; fi
  done
  return 1
}

# Prints the physical path of directory $1 (symlinks resolved), or returns 1.
pb_jdk_realdir() {
  (cd -P -- "$1" 2>/dev/null && pwd -P)
}

# Prints java.home of the `java` found on PATH, asking that JVM itself (robust against the
# /usr/bin/java -> /etc/alternatives chain and the macOS /usr/bin/java stub).
pb_jdk_path_home() {
  local java out line
  java=$(command -v java 2>/dev/null) || return 1
  out=$("$java" -XshowSettings:properties -version 2>&1) || return 1
  while IFS= read -r line; do
    case $line in
      *'java.home = '*)
        printf '%s\n' "${line#*java.home = }"
        return 0
        ;;
    esac
  done <<EOF
$out
EOF
  return 1
}

pb_select_jdk() {
  local min=${POOLBENCH_MIN_JAVA:-21}
  local best_home='' best_ver='' seen='' rejected='' dir real ver major candidates
  local nl='
'

  # 1. $JAVA_HOME wins if it is good enough.
  if [ -n "${JAVA_HOME-}" ]; then
    if ver=$(pb_jdk_version "$JAVA_HOME") && major=$(pb_jdk_major "$ver") && [ "$major" -ge "$min" ]; then
      best_home=$JAVA_HOME best_ver=$ver
    elif [ -n "$ver" ] && [ -n "${major-}" ]; then
      echo "poolbench: JAVA_HOME=$JAVA_HOME is JDK $ver (< $min); looking for a newer JDK" >&2
    else
      echo "poolbench: JAVA_HOME=$JAVA_HOME is not a JDK (no working bin/java and bin/javac); looking for one" >&2
    fi
  fi

  # 2. Otherwise the newest JDK >= min in the usual places.
  if [ -z "$best_home" ]; then
    candidates=''
    for dir in /usr/lib/jvm/* /usr/lib64/jvm/* /usr/java/* /opt/java/* \
      "${HOME:-/nonexistent}"/.sdkman/candidates/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
      if [ -d "$dir" ]; then candidates="$candidates$dir$nl"; fi
    done
    if dir=$(pb_jdk_path_home); then
      candidates="$candidates$dir$nl"
    fi

    while IFS= read -r dir; do
      [ -n "$dir" ] || continue
      real=$(pb_jdk_realdir "$dir") || continue
      case "$nl$seen" in *"$nl$real$nl"*) continue ;; esac
      seen="$seen$real$nl"
      ver=$(pb_jdk_version "$real") || continue
      major=$(pb_jdk_major "$ver") || continue
      if [ "$major" -lt "$min" ]; then
        rejected="$rejected    $real (JDK $ver)$nl"
        continue
      fi
      if [ -z "$best_home" ] || pb_jdk_newer "$ver" "$best_ver"; then
        best_home=$real best_ver=$ver
      fi
    done <<EOF
$candidates
EOF
  fi

  if [ -z "$best_home" ]; then
    {
      echo "poolbench: no JDK $min or newer found; poolbench needs a JDK >= $min to build (it compiles for Java release 21)."
      if [ -n "$rejected" ]; then
        echo "  Found only older JDKs:"
        printf '%s' "$rejected"
      fi
      echo "  Looked at \$JAVA_HOME, /usr/lib/jvm/*, /usr/lib64/jvm/*, /usr/java/*, /opt/java/*,"
      echo "  ~/.sdkman/candidates/java/*, /Library/Java/JavaVirtualMachines/*/Contents/Home and 'java' on PATH."
      echo "  Install a JDK >= $min (e.g. Eclipse Temurin 21 or 25) and point JAVA_HOME at it, for example:"
      echo "    export JAVA_HOME=/path/to/jdk-$min    # then run the command again"
    } >&2
    return 1
  fi

  JAVA_HOME=$best_home
  POOLBENCH_JAVA_VERSION=$best_ver
  PATH="$JAVA_HOME/bin:$PATH"
  export JAVA_HOME PATH
  return 0
}

pb_select_jdk
