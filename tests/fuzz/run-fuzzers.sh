#!/usr/bin/env bash
# Builds the libFuzzer targets (the fuzz preset: Clang, ASan, UBSan) and runs each from its
# committed seed corpus (tests/fuzz/corpus/<target>), for a time or a number of executions.
# New inputs the fuzzer finds go to build/fuzz/corpus/<target>; a crash, a sanitizer report or a
# timeout leaves its input in build/fuzz/artifacts/ and makes the script fail.
#
#   tests/fuzz/run-fuzzers.sh --time 20            each target for 20 s (what CI runs)
#   tests/fuzz/run-fuzzers.sh --runs 1000000       each target for a million executions
#   tests/fuzz/run-fuzzers.sh --runs 1000000 fuzz_kustomize fuzz_yaml_edit
#   tests/fuzz/run-fuzzers.sh --time 600 --seed 0   a new random seed (default 1: CI repeats itself)
#   build/fuzz/tests/fuzz/fuzz_kustomize build/fuzz/artifacts/crash-...   replay one input
set -euo pipefail
cd "$(dirname "$0")/../.."

limit=(-max_total_time=20)
seed=1
targets=()
while (($#)); do
    case $1 in
        --time) limit=(-max_total_time="$2"); shift 2 ;;
        --runs) limit=(-runs="$2"); shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        fuzz_*) targets+=("$1"); shift ;;
        *) echo "run-fuzzers.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
    esac
done
if ((${#targets[@]} == 0)); then
    targets=(fuzz_yaml_edit fuzz_kustomize fuzz_repo_files fuzz_prometheus_json
             fuzz_alertmanager_json fuzz_csv_import)
fi

if ! command -v clang++ >/dev/null; then
    echo "run-fuzzers.sh: clang++ is missing (installer/setup-debian.sh installs clang and libclang-rt-14-dev)" >&2
    exit 2
fi
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

build=build/fuzz
mkdir -p "$build/artifacts"
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export QT_QPA_PLATFORM=offscreen

failed=0
summary=()
for target in "${targets[@]}"; do
    seeds=tests/fuzz/corpus/${target#fuzz_}
    work=$build/corpus/${target#fuzz_}
    log=$build/$target.log
    mkdir -p "$work"
    started=$(date +%s)
    status=0
    "$build/tests/fuzz/$target" "${limit[@]}" -seed="$seed" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$target-" "$work" "$seeds" > "$log" 2>&1 || status=$?
    seconds=$(($(date +%s) - started))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if ((status == 0)); then
        result=ok
    else
        failed=1
        result="FAILED (exit $status; see $log)"
        grep -m3 -E 'ERROR: |property broken|timeout|runtime error' "$log" | sed 's/^/    /' >&2 || true
    fi
    summary+=("$(printf '%-24s %12s runs %6s s  %s' "$target" "${runs:-?}" "$seconds" "$result")")
done
printf '%s\n' "${summary[@]}"
exit $failed
