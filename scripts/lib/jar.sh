# Builds target/benchmarks.jar when it is missing or older than the sources; sourced by the scripts in scripts/
# from the project root, after jdk.sh. $1 names the script in its message.
build_jar_if_stale() {
  local jar=target/benchmarks.jar
  if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main src/jmh src/build -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
    echo "$1: building $jar (sources changed or jar missing)" >&2
    ./mvnw -q -Dmaven.test.skip=true package >&2
  fi
}
