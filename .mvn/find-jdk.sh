# Sourced by ./mvnw and ./run: makes JAVA_HOME point at a JDK 21 or newer.
# Many machines still default to Java 17 while Helidon 4 needs 21+, so look for one before giving up.

pv_java_major() {
  # Prints the major version of the JDK at $1 (empty when it is not a JDK).
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case "$v" in 1.*) v=${v#1.} ;; esac
  printf '%s\n' "${v%%[!0-9]*}"
}

pv_find_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    m=$(pv_java_major "$JAVA_HOME")
    [ -n "$m" ] && [ "$m" -ge 21 ] && return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    m=$(pv_java_major "$home")
    if [ -n "$m" ] && [ "$m" -ge 21 ]; then JAVA_HOME=$home; export JAVA_HOME; return 0; fi
  fi
  best=; best_major=0
  for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
              "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] || continue
    m=$(pv_java_major "$home")
    if [ -n "$m" ] && [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best=$home; best_major=$m; fi
  done
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  echo "This project needs a JDK 21 or newer, and none was found (JAVA_HOME, PATH, /usr/lib/jvm, ~/.sdkman)." >&2
  echo "Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21/25, or point JAVA_HOME at it." >&2
  return 1
}

# Maven 3.9 (through Guice) calls sun.misc.Unsafe, and JDK 24 or newer prints four lines of warnings about it at
# every build, the first thing a newcomer sees. Allow those calls quietly, unless MAVEN_OPTS already decides.
pv_quiet_maven() {
  m=$(pv_java_major "$JAVA_HOME")
  [ -n "$m" ] && [ "$m" -ge 24 ] || return 0
  case " ${MAVEN_OPTS-} " in
    *" --sun-misc-unsafe-memory-access="*) ;;
    *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"; export MAVEN_OPTS ;;
  esac
}

pv_find_jdk || exit 1
pv_quiet_maven
