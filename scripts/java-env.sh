# Sourced by ./recllm, scripts/test and .ci/run: selects a JDK >= 25 (JAVA_HOME first, then the system's JVM
# folder) and exports JAVA_HOME and PATH for it and for Maven. Fails with a clear message when none is installed.

recllm_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

recllm_find_java() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(recllm_java_major "$JAVA_HOME")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$JAVA_HOME"; return 0
    fi
  fi
  local best="" best_major=0
  for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(recllm_java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}

if ! RECLLM_JAVA_HOME=$(recllm_find_java); then
  echo "error: RecLLM needs a JDK 25 or newer. Set JAVA_HOME to one, or install one under /usr/lib/jvm (e.g. Temurin 25)." >&2
  exit 1
fi
export JAVA_HOME="$RECLLM_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own libraries still call sun.misc.Unsafe; JDK 24+ warns about it on every build. Maven's jansi prints
# colour-reset codes on exit even in batch mode (-B); jansi.noreset keeps them out of logs.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -Djansi.noreset=true"
