#!/usr/bin/env bash
# Runs Quarterdeck's benchmarks and prints measured against target (docs/benchmarks.md).
#
#   tests/bench/run-benchmarks.sh [BUILD_DIR]     BUILD_DIR defaults to build/release
#
# Configures (Release) and builds BUILD_DIR when needed. Exit status: 0 when every benchmark
# passes, 1 when one fails or could not be measured, 2 when nothing could be built.
# Not part of CI's pass/fail: a shared 2-core machine is too noisy for that.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build/release}
[[ "$build" = /* ]] || build=$PWD/$build

if [[ ! -f "$build/CMakeCache.txt" ]]; then
    echo "== configuring $build (Release)"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
          -DQUARTERDECK_BUILD_BENCHMARKS=ON || exit 2
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
if [[ "$build_type" != Release ]]; then
    echo "warning: $build is a '${build_type:-no type}' build; the targets assume Release" >&2
fi

# One target at a time, so that a part that does not build yet leaves the others measurable.
targets=(quarterdeck bare_window content_window shell_window generate_fleet bench_fleet_load bench_startup bench_rss)
targets+=(bench_chart_repaint)
targets+=(bench_change_push)
targets+=(bench_incident_import)
targets+=(bench_slo_compute bench_prometheus_fetch)
targets+=(bench_incident_filter)
for target in "${targets[@]}"; do
    echo "== building $target"
    cmake --build "$build" --target "$target" -j2 >"$build/bench-build-$target.log" 2>&1 \
        || echo "   $target does not build: see $build/bench-build-$target.log" >&2
done

app=$build/quarterdeck
bench=$build/bench
results=$(mktemp)
trap 'rm -f "$results"' EXIT

not_measured() { # name target why
    printf 'RESULT\t%s\t-\t%s\t-\tNOT MEASURED\n' "$1" "$2" >>"$results"
    echo "# $1: not measured: $3"
}

run() { # binary name target arguments...
    local binary=$1 name=$2 target=$3
    shift 3
    if [[ ! -x "$binary" ]]; then
        not_measured "$name" "$target" "$(basename "$binary") was not built"
        return
    fi
    echo "== $(basename "$binary") $*"
    local output
    output=$("$binary" "$@" 2>&1)
    # Warnings Qt's offscreen platform prints for every window: noise, not results.
    printf '%s\n' "$output" | grep -v '^RESULT' | grep -v -e 'XDG_RUNTIME_DIR not set' -e 'does not support propagateSizeHints'
    if ! printf '%s\n' "$output" | grep '^RESULT' >>"$results"; then
        not_measured "$name" "$target" "$(basename "$binary") printed no result"
    fi
}

export QT_QPA_PLATFORM=offscreen
run "$bench/bench_fleet_load" "fleet load: qd::loadFleet" "<= 1000 ms"
run "$bench/bench_startup" "startup: quarterdeck --demo / bare Qt window" "<= 1.50x" \
    --app "$app" --bare "$bench/bare_window" \
    --beside "$bench/content_window" --beside "$bench/shell_window"
run "$bench/bench_rss" "peak RSS: quarterdeck --repo <1000 customers>" "<= 200 MiB" \
    --app "$app"
run "$bench/bench_chart_repaint" "chart repaint: 43,200-point series" "<= 16 ms"
run "$bench/bench_change_push" "change+commit+push: Quarterdeck / git CLI" "<= 0.50x"
run "$bench/bench_incident_import" "incident CSV import: 100,000 rows" "<= 2000 ms"
run "$bench/bench_slo_compute" "SLO computation: 30 d x 1 min x 1,000 clusters" ">= 100 M samples/s"
run "$bench/bench_prometheus_fetch" "Prometheus fetch+parse: 30 d x 200 clusters / promtool" "<= 1.00x"
run "$bench/bench_incident_filter" "incidents: filter keystroke, 100,000 incidents" "<= 16 ms"

echo
echo "Benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"):"
awk -F'\t' '
    { for (i = 2; i <= 6; ++i) { cell[NR, i] = $i; if (length($i) > width[i]) width[i] = length($i) } }
    END {
        split("benchmark measured target ratio result", header, " ")
        for (i = 2; i <= 6; ++i) if (length(header[i - 1]) > width[i]) width[i] = length(header[i - 1])
        line = ""
        for (i = 2; i <= 6; ++i) line = line sprintf("%-*s  ", width[i], header[i - 1])
        print line
        line = ""
        for (i = 2; i <= 6; ++i) { dash = sprintf("%*s", width[i], ""); gsub(/ /, "-", dash); line = line dash "  " }
        print line
        for (r = 1; r <= NR; ++r) {
            line = ""
            for (i = 2; i <= 6; ++i) line = line sprintf("%-*s  ", width[i], cell[r, i])
            print line
        }
    }' "$results"
echo "(ratio = measured / target; 1.00 or less passes)"

if grep -q -v 'PASS$' "$results"; then
    exit 1
fi
exit 0
