#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# .ci/valgrind.sh - memcheck over the unit tests and explain: any error
# report is a failure. TAP, then "N passed, N failed".
#   .ci/valgrind.sh BIN BUILD
# Left out: unit_explore and unit_reduce (minutes natively, far longer
# under valgrind; explain below runs the same explorer, both searches,
# snapshots and coroutine switches)
# and unit_probe (the probe ptrace-steps the real memcpy, which cannot be
# done under valgrind's translation; it says so and exits 125 there).
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
bin=${1:-./e1000_poc} build=${2:-build}
vg=(valgrind -q --error-exitcode=99 --leak-check=no)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

memcheck() { # memcheck DESCRIPTION EXPECTED-STATUS COMMAND...
    local desc=$1 want=$2 rc
    shift 2
    "${vg[@]}" "$@" >/dev/null 2>"$log"
    rc=$?
    if [ "$rc" -eq "$want" ] && ! grep -q '^==[0-9]*==' "$log"; then
        ok 0 "memcheck-clean, exit $want: $desc"
    else
        ok 1 "memcheck-clean, exit $want: $desc"
        diag "exit $rc" "$(grep '^==' "$log" | head -n 12)"
    fi
}

for t in "$build"/tests/unit_*; do
    case $t in *.d | */unit_explore | */unit_reduce | */unit_probe) continue ;; esac
    [ -x "$t" ] && memcheck "$(basename "$t")" 0 "$t"
done
# explain: the search (levels, then depth-first from snapshots), a trace,
# a replay, TSO store buffers, and a linux-e1000e pair.
memcheck "explain --qemu-fix=upstream --copy=double" 0 "$bin" explain --qemu-fix=upstream --copy=double
memcheck "explain --copy=double" 1 "$bin" explain --copy=double
memcheck "explain --copy=double --memory=tso" 1 "$bin" explain --copy=double --memory=tso
memcheck "explain --qemu-fix=upstream --copy=split8 --memory=tso" 0 \
    "$bin" explain --qemu-fix=upstream --copy=split8 --memory=tso
memcheck "explain --device=e1000e --driver=linux-e1000e --qemu-fix=upstream --copy=double" 1 \
    "$bin" explain --device=e1000e --driver=linux-e1000e --qemu-fix=upstream --copy=double
memcheck "explain --replay (a violation)" 1 \
    "$bin" explain --replay x2/e1000/dpdk-em/none/none/double/sc/r2p3b4t0/6:1/91ab8408
memcheck "explain --replay (a token that does not fit)" 2 \
    "$bin" explain --replay x2/e1000/dpdk-em/none/none/double/sc/r2p3b4t0/199999:1/16df722e
done_testing
echo "$((TAP_N - TAP_FAILED)) passed, $TAP_FAILED failed"
[ "$TAP_FAILED" -eq 0 ]
