#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - run every test, print its TAP, end with "N passed, N failed".
#   tests/run.sh                     unit tests, then every shell test
#   tests/run.sh --unit [SCRIPT...]  unit tests, then only the scripts named
#                                    (for the clang and sanitizer builds)
#   tests/run.sh --scripts SCRIPT... only the scripts named, no unit tests
#                                    (make check-loaded LOADED_TESTS=...)
# Environment: BIN (the binary, default ./e1000_poc), BUILD (default build),
# EMU (a command that runs the unit tests of a cross build, e.g. qemu-aarch64).
cd "$(dirname "$0")/.." || exit 1
: "${BIN:=./e1000_poc}" "${BUILD:=build}"
export BIN BUILD

passed=0 failed=0 skipped=0
run_one() { # run_one NAME COMMAND...: run it, count its TAP lines
    local name=$1 out rc start plan n
    shift
    start=$(date +%s.%N)
    out=$("$@" 2>&1)
    rc=$?
    printf '# --- %s (%.1f s)\n' "$name" "$(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo 0)"
    printf '%s\n' "$out"
    n=$(printf '%s\n' "$out" | grep -Ec '^(not )?ok [0-9]+')
    skipped=$((skipped + $(printf '%s\n' "$out" | grep -Ec '^ok [0-9]+ .*# SKIP')))
    passed=$((passed + $(printf '%s\n' "$out" | grep -Ec '^ok [0-9]+') -
        $(printf '%s\n' "$out" | grep -Ec '^ok [0-9]+ .*# SKIP')))
    failed=$((failed + $(printf '%s\n' "$out" | grep -Ec '^not ok [0-9]+')))
    plan=$(printf '%s\n' "$out" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p' | tail -n 1)
    # A crash, a missing plan or a wrong count is a failure of its own.
    if [ "$plan" != "$n" ] || { [ "$rc" -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; }; then
        echo "not ok - $name: exit status $rc, plan '${plan}', $n results"
        failed=$((failed + 1))
    fi
}

units=("$BUILD"/tests/unit_*)
[ "${1:-}" = "--scripts" ] && units=()
for t in "${units[@]}"; do
    case $t in *.d) continue ;; esac
    # EMU: a user-mode emulator for a cross build (make check-aarch64).
    # unit_reduce cross-checks two whole searches over 280 rows: minutes
    # natively, far too long emulated; the explorer's own tests run there.
    if [ -n "${EMU:-}" ] && [ "${t##*/}" = unit_reduce ]; then
        echo "# --- unit_reduce: not run under $EMU (minutes natively; make check runs it)"
        continue
    fi
    [ -x "$t" ] && run_one "$(basename "$t")" ${EMU:-} "$t"
done
scripts=()
for t in tests/*.sh; do
    case $t in tests/run.sh | tests/tap.sh | tests/deps.sh) ;; *) scripts+=("$t") ;; esac
done
if [ "${1:-}" = "--unit" ] || [ "${1:-}" = "--scripts" ]; then
    shift
    scripts=("$@")
fi
for t in "${scripts[@]}"; do
    run_one "$(basename "$t")" "$t"
done
[ "$skipped" -eq 0 ] || echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
