#!/usr/bin/env bash
# One fuzz target's smoke run for ctest (tests/fuzz/CMakeLists.txt): SECONDS seconds from its
# committed corpus and regressions; new units go to a temporary directory (never into the
# committed corpus). Fails on a crash, a leak, a timeout, an out-of-memory, or a missing binary.
# Usage: run_target.sh FUZZER_BINARY TESTS_FUZZ_DIR NAME SECONDS
set -euo pipefail
binary=$1 source_dir=$2 name=$3 seconds=$4

if [[ ! -x $binary ]]; then
    echo "error: $binary not found: build the fuzz tree (scripts/fuzz, or build_all)" >&2
    exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/portal-fuzz-$name.XXXXXX")
mkdir -p "$work/new" "$work/findings"
inputs=("$work/new" "$source_dir/corpus/$name")
[[ -d $source_dir/regressions/$name ]] && inputs+=("$source_dir/regressions/$name")
options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
         -artifact_prefix="$work/findings/")
[[ -f $source_dir/dict/$name.dict ]] && options+=(-dict="$source_dir/dict/$name.dict")

status=0
"$binary" "${options[@]}" "${inputs[@]}" >"$work/log" 2>&1 || status=$?
grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec)' "$work/log" || true
if ((status != 0)) || compgen -G "$work/findings/*" >/dev/null; then
    tail -n 60 "$work/log" >&2
    echo "fuzz.$name failed (exit $status); the log and findings are kept in $work" >&2
    exit 1
fi
rm -rf "$work"
