#!/usr/bin/env bash
# gdb.sh - gdb.cmd and gdb-detail.cmd work against a live e1000_poc the way
# docs/seed.md says: attach, set hardware watchpoints, see them hit.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

if ! command -v gdb >/dev/null; then
    skip "gdb.cmd" "gdb not installed"
    skip "gdb-detail.cmd" "gdb not installed"
    done_testing
    exit
fi
scope=$(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo 0)
if [ "$(id -u)" -ne 0 ] && [ "$scope" -gt 0 ]; then
    skip "gdb.cmd" "ptrace_scope $scope forbids attaching"
    skip "gdb-detail.cmd" "ptrace_scope $scope forbids attaching"
    done_testing
    exit
fi

attach() { # attach SCRIPT: run a slow e1000_poc, attach gdb in batch mode
    # The fixed device, so that the run cannot end (by reproducing) before
    # gdb is attached; its status byte is written just the same.
    "$BIN" run --ring 8 --interval-ms 2 --duration 3 --qemu-fix=upstream >"$tmp/run" 2>&1 &
    pid=$!
    sleep 0.3
    timeout 60 gdb -nx -batch -p "$pid" -x "$1" >"$tmp/gdb" 2>&1
    wait "$pid"
}

attach gdb.cmd
grep -q 'hit Hardware watchpoint 1: -location g_shm->rx_rings\[4\].status' "$tmp/gdb"
ok $? "gdb.cmd: hardware watchpoint on descriptor 4's status hits"
grep -Eq '^[0-9]+: g_shm->rdh = [0-9]+$' "$tmp/gdb"
ok $? "gdb.cmd: displays RDH"
grep -q 'Old value = ' "$tmp/gdb"
ok $? "gdb.cmd: shows old and new values"
[ "$TAP_FAILED" -eq 0 ] || diag "$(head -30 "$tmp/gdb")"

attach gdb-detail.cmd
grep -q 'hit Hardware watchpoint 1: -location g_shm->rdt' "$tmp/gdb"
ok $? "gdb-detail.cmd: watchpoint on RDT hits"
grep -q 'hit Hardware watchpoint 2: -location g_shm->rx_rings\[4\].status' "$tmp/gdb"
ok $? "gdb-detail.cmd: watchpoint on descriptor 4's status hits"
grep -Eq '^(rip|pc) +0x' "$tmp/gdb"
ok $? "gdb-detail.cmd: dumps registers at the hit"
grep -Eq '^=> 0x' "$tmp/gdb"
ok $? "gdb-detail.cmd: dumps the instructions around the hit"
grep -q "^Verdict:" "$tmp/run"
ok $? "the run under gdb still ends with a verdict"
done_testing
