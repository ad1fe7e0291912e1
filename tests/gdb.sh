#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# gdb.sh - the gdb scripts work against a live e1000_poc the way their
# headers say: attach, set hardware watchpoints, see them hit; the detail
# scripts say who wrote and show the storing instruction from an
# instruction boundary. (Whether a damaging write shows up in a few seconds
# is timing: not asserted; that none shows up with a fixed device is.)
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

if ! command -v gdb >/dev/null; then
    skip "gdb.cmd" "gdb not installed"
    skip "gdb-detail.cmd" "gdb not installed"
    skip "gdb-status-error*.cmd" "gdb not installed"
    done_testing
    exit
fi
scope=$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)
if [ "$(id -u)" -ne 0 ] && [ "$scope" -gt 0 ]; then
    skip "gdb.cmd" "ptrace_scope $scope forbids attaching"
    skip "gdb-detail.cmd" "ptrace_scope $scope forbids attaching"
    skip "gdb-status-error*.cmd" "ptrace_scope $scope forbids attaching"
    done_testing
    exit
fi

# Some hypervisors grant debug registers but never deliver their traps:
# gdb's hardware watchpoints then never hit. The run's own self-test says so.
if "$BIN" run --widen=watchpoint --qemu-fix=upstream --duration 0.1 2>&1 |
    grep -q "granted but do not fire on this host"; then
    why="hardware watchpoints do not fire on this host (its hypervisor delivers no debug-register traps)"
    skip "gdb.cmd" "$why"
    skip "gdb-detail.cmd" "$why"
    skip "gdb-status-error*.cmd" "$why"
    done_testing
    exit
fi

attach() { # attach SCRIPT [RUN OPTIONS]: run a slow e1000_poc, attach gdb in batch mode
    # A fixed device by default, so that the run cannot end (by
    # reproducing) before gdb is attached; its status is written just the same.
    local script=$1
    shift
    # --continue and a long --hang-ms: a thread held at a watchpoint looks
    # like a stuck ring, and the run must not end before gdb is done. 6 s:
    # on a busy host gdb can take seconds to attach and load libc's debug
    # symbols, and every hit costs it a register dump and a disassembly.
    [ $# -gt 0 ] || set -- --qemu-fix=upstream
    "$BIN" run --ring 8 --interval-ms 2 --duration 6 --continue --hang-ms 500 "$@" >"$tmp/run" 2>&1 &
    pid=$!
    sleep 0.3
    timeout 60 gdb -nx -batch -p "$pid" -x "$script" >"$tmp/gdb" 2>&1
    wait "$pid"
}

# attach_until PATTERN SCRIPT [RUN OPTIONS]: attach, up to 3 times, until
# gdb's output shows PATTERN. Whether a given window of a few seconds
# catches the device's DD store depends on how fast gdb attaches and
# handles each hit on a busy host; three windows make it near certain.
# Every attempt's output is kept in $tmp/gdb.all (for checks that must
# hold in all of them); $tmp/gdb is the last one.
attach_until() {
    local pattern=$1 try
    shift
    : >"$tmp/gdb.all"
    for try in 1 2 3; do
        attach "$@"
        cat "$tmp/gdb" >>"$tmp/gdb.all"
        grep -q "$pattern" "$tmp/gdb" && return 0
    done
    return 1
}

attach gdb.cmd
grep -q 'hit Hardware watchpoint 1: -location g_shm->rx_rings\[4\].status' "$tmp/gdb"
ok $? "gdb.cmd: hardware watchpoint on descriptor 4's status hits"
grep -Eq '^[0-9]+: g_shm->rdh = [0-9]+$' "$tmp/gdb"
ok $? "gdb.cmd: displays RDH"
grep -q 'Old value = ' "$tmp/gdb"
ok $? "gdb.cmd: shows old and new values"
[ "$TAP_FAILED" -eq 0 ] || diag "$(head -30 "$tmp/gdb")"

attach_until '^>>> device: published descriptor 4 (DD set, 0x7)$' gdb-detail.cmd
grep -q 'hit Hardware watchpoint 1: -location g_shm->rdt' "$tmp/gdb"
ok $? "gdb-detail.cmd: watchpoint on RDT hits"
grep -q 'hit Hardware watchpoint 3: -location g_shm->rx_rings\[4\].status' "$tmp/gdb"
ok $? "gdb-detail.cmd: watchpoint on descriptor 4's status hits"
grep -Eq '^(rip|pc) +0x' "$tmp/gdb"
ok $? "gdb-detail.cmd: dumps registers at the hit"
grep -Eq '^=> 0x' "$tmp/gdb"
ok $? "gdb-detail.cmd: dumps the instructions around the hit"
grep -Eq '^  0x[0-9a-f]+ <[A-Za-z0-9_.]+\+[0-9]+>: .*   <- the store$' "$tmp/gdb"
ok $? "gdb-detail.cmd: names the storing instruction, disassembled from its function's start"
grep -q '^>>> device: published descriptor 4 (DD set, 0x7)$' "$tmp/gdb"
ok $? "gdb-detail.cmd: says when the device publishes the descriptor (DD|EOP|IXSM = 7)"
grep -q '^>>> driver: wrote descriptor 4.s status (0x0)$' "$tmp/gdb"
ok $? "gdb-detail.cmd: says when the driver clears it"
grep -q 'DAMAGING' "$tmp/gdb.all"
ok $((1 - $?)) "gdb-detail.cmd: no damaging write with the fixed device"
grep -q "^Verdict:" "$tmp/run"
ok $? "the run under gdb still ends with a verdict"

# status_error, offset 8 of advanced descriptors: igb with DPDK's igb PMD,
# and with the proposed patch (dd-byte), which must never show damage.
attach gdb-status-error.cmd --device=igb --qemu-fix=dd-byte --rx-free-thresh 0
grep -q 'hit Hardware watchpoint 1: -location ((union e1000_adv_rx_desc \*)&g_shm->rx_rings\[4\])->wb.upper.status_error' "$tmp/gdb"
ok $? "gdb-status-error.cmd: hardware watchpoint on descriptor 4's status_error hits"
grep -q 'Old value = ' "$tmp/gdb"
ok $? "gdb-status-error.cmd: shows old and new values"
[ "$TAP_FAILED" -eq 0 ] || diag "$(head -30 "$tmp/gdb")"

attach_until '^>>> device: published descriptor 4 (DD set, 0x3)$' \
    gdb-status-error-detail.cmd --device=igb --qemu-fix=dd-byte --rx-free-thresh 0
grep -q 'hit Hardware watchpoint 3: -location ((union e1000_adv_rx_desc \*)&g_shm->rx_rings\[4\])->wb.upper.status_error' "$tmp/gdb"
ok $? "gdb-status-error-detail.cmd: watchpoint on status_error hits"
grep -q '^>>> device: published descriptor 4 (DD set, 0x3)$' "$tmp/gdb"
ok $? "gdb-status-error-detail.cmd: the device publishes (DD|EOP = 3)"
grep -q '^>>> driver: wrote descriptor 4.s status (0x0)$' "$tmp/gdb"
ok $? "gdb-status-error-detail.cmd: the driver clears (hdr_addr = 0)"
grep -Eq '   <- the store$' "$tmp/gdb"
ok $? "gdb-status-error-detail.cmd: names the storing instruction"
grep -q 'DAMAGING' "$tmp/gdb.all"
ok $((1 - $?)) "gdb-status-error-detail.cmd: no damaging write with the proposed patch"
[ "$TAP_FAILED" -eq 0 ] || diag "$(grep '>>>' "$tmp/gdb" | head -20)"
done_testing
