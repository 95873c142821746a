# Shared by the scripts: find a JDK >= 25 ($JAVA_HOME first, then /usr/lib/jvm/*) and the project root.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The JDK folder of a java executable (bin/java's parent), symlinks (such as /usr/bin/java) resolved only
# where there is one: each extra process costs milliseconds of every run.
java_home() {
    local exe="$1" home
    if [ -L "$exe" ]; then exe="$(readlink -f "$exe" 2>/dev/null || echo "$exe")"; fi
    home="${exe%/*}"
    echo "${home%/*}"
}

# The major version of a java executable. Read from the JDK's `release` file (JAVA_VERSION="25.0.1", or
# "1.8.0_402" for 8), found next to bin/ after resolving symlinks such as /usr/bin/java, which needs no JVM
# start (starting each installed JDK cost 0.4-0.7 s per run); only a JDK without that file is asked.
java_major() {
    local home v=""
    home="$(java_home "$1")"
    if [ -f "$home/release" ]; then
        # bash's own matching: no sed/head processes per JDK
        local line re='^JAVA_VERSION="(1\.)?([0-9]+)'
        while IFS= read -r line || [ -n "$line" ]; do
            if [[ $line =~ $re ]]; then v="${BASH_REMATCH[2]}"; break; fi
        done < "$home/release"
    fi
    if [ -z "$v" ]; then
        v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1)"
    fi
    echo "$v"
}

find_java() {
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    for d in /usr/lib/jvm/*/; do candidates+=("${d}bin/java"); done
    local best="" best_v=0 v c
    for c in "${candidates[@]}"; do
        [ -x "$c" ] || continue
        v="$(java_major "$c")"
        [ -n "$v" ] || continue
        if [ "$v" -ge 25 ] && [ "$v" -gt "$best_v" ]; then best="$c"; best_v="$v"; fi
        # $JAVA_HOME wins when it is new enough
        if [ -n "${JAVA_HOME:-}" ] && [ "$c" = "$JAVA_HOME/bin/java" ] && [ "$v" -ge 25 ]; then best="$c"; break; fi
    done
    if [ -z "$best" ]; then
        echo "snn4j needs a JDK >= 25 (set JAVA_HOME or install one under /usr/lib/jvm)" >&2
        return 1
    fi
    echo "$best"
}

# A JDK 17 for the library's baseline test runs: $SNN4J_JDK17 (a java executable or a JDK folder),
# else the default java if it is 17, else /usr/lib/jvm/*17*. Prints nothing if there is none.
find_java17() {
    local c
    for c in "${SNN4J_JDK17:-}" "${SNN4J_JDK17:-}/bin/java" "$(command -v java || true)" /usr/lib/jvm/*17*/bin/java; do
        [ -n "$c" ] && [ -f "$c" ] && [ -x "$c" ] || continue
        if [ "$(java_major "$c")" = "17" ]; then echo "$c"; return 0; fi
    done
    return 0
}
