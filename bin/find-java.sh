# Sourced by bin/ljuv, bin/test, bin/jmh and .ci/run: find_java prints the home of a Java 25 or newer, in this
# order: $JAVA_HOME, a Temurin 25 under /usr/lib/jvm, the java on the PATH; it fails when there is none.

java_version() { # major version of the java executable $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_version "$JAVA_HOME/bin/java")" -ge 25 ] 2>/dev/null; then
    echo "$JAVA_HOME"; return 0
  fi
  for d in /usr/lib/jvm/temurin-25*; do
    if [ -x "$d/bin/java" ]; then echo "$d"; return 0; fi
  done
  if command -v java >/dev/null 2>&1; then
    local j; j=$(readlink -f "$(command -v java)")
    if [ "$(java_version "$j")" -ge 25 ] 2>/dev/null; then dirname "$(dirname "$j")"; return 0; fi
  fi
  return 1
}
