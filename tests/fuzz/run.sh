#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - run each libFuzzer target for FUZZ_SECONDS from its seed corpus;
# TAP, then "N passed, N failed" (a finding, or a target that does not run,
# is a failure). Used by `make fuzz` and CI.
#   tests/fuzz/run.sh TARGET...      (names: fuzz_token fuzz_options ...)
# Environment: FUZZ_BUILD (default build-fuzz), FUZZ_SECONDS (default 60).
cd "$(dirname "$0")/../.." || exit 1
. tests/tap.sh
: "${FUZZ_BUILD:=build-fuzz}" "${FUZZ_SECONDS:=60}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for t in "$@"; do
    bin=$FUZZ_BUILD/fuzz/$t seeds=tests/fuzz/corpus/$t
    if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
        ok 1 "$t: built, with a seed corpus in $seeds"
        continue
    fi
    mkdir -p "$work/$t"
    # New inputs go to the scratch dir; the seeds stay as they are. The
    # targets' own error lines are closed off (-close_fd_mask=3); libFuzzer's
    # and the sanitizers' reports still come out.
    "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 \
        -artifact_prefix="$work/$t-" -print_final_stats=1 "$work/$t" "$seeds" >"$work/$t.log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
    cov=$(grep -Eo 'cov: [0-9]+' "$work/$t.log" | tail -n 1)
    crashes=$(ls "$work/$t"-* 2>/dev/null | wc -l)
    if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ] && [ -n "$runs" ]; then
        ok 0 "$t: ${runs} executions in ${FUZZ_SECONDS} s, ${cov:-cov: ?} edges, no finding"
    else
        ok 1 "$t: exit $rc, $crashes finding(s)"
        diag "$(grep -E 'ERROR|SUMMARY|property failed|Test unit written' "$work/$t.log" | head -n 8)"
        for f in "$work/$t"-*; do [ -f "$f" ] && diag "input (base64): $(base64 -w0 "$f" | head -c 400)"; done
    fi
done
done_testing
echo "$((TAP_N - TAP_FAILED)) passed, $TAP_FAILED failed"
[ "$TAP_FAILED" -eq 0 ]
