#!/usr/bin/env bash
# cli.sh - the binary's front door: help, bad input (one line, exit 2,
# nothing else printed), and "cannot test here" (exit 125).
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$BIN" --help >"$tmp/out" 2>"$tmp/err"
ok $? "--help exits 0"
check "--help shows usage and every run option" \
    grep -q -- "--qemu-fix=none|upstream" "$tmp/out"
"$BIN" run --help >/dev/null
ok $? "run --help exits 0"
"$BIN" --version | grep -q "^e1000_poc [0-9]"
ok $? "--version names the tool"

# Each line: arguments that must be refused.
bad_args=(
    "run --ring 7"
    "run --ring 65544"
    "run --ring 0"
    "run --ring abc"
    "run --ring"
    "run --qemu-fix=bogus"
    "run --dpdk-fix=bogus"
    "run --pace=bogus"
    "run --copy=bogus"
    "run --burst 0"
    "run --burst 513"
    "run --duration -1"
    "run --duration soon"
    "run --interval-ms 0"
    "run --hang-ms 0"
    "run --cpus 0"
    "run --cpus 0,99999"
    "run --cpus 0,0"
    "run --cpus 4000,4001"
    "run --rx-free-thresh 32 --ring 32"
    "run --rx-free-thresh 31 --ring 32"
    "run --device=igb --ring 32"
    "run --rx-work -1"
    "run --rx-work abc"
    "run --rx-work 1e3"
    "run --rx-work 1000000001"
    "run --rx-work 99999999999999999999"
    "run --rx-work"
    "matrix --rx-work -5"
    "run --interval-ms 5 --pace=free"
    "run --vlog=1"
    "run --continue=yes"
    "run --baseline --duration 0"
    "run --baseline --interval-ms 5"
    "run --copy=single --gap 5"
    "matrix --each 0"
    "matrix --each x"
    "matrix --qemu-fix=none"
    "matrix --ring 9"
    "run --device=bogus"
    "run --device=igb --driver=dpdk-em"
    "run --device=e1000 --driver=linux-e1000e"
    "run --device=e1000e --driver=linux-e1000e --ring 16"
    "matrix --device=bogus"
    "run --bogus"
    "run extra"
    "bogus"
)
for a in "${bad_args[@]}"; do
    # shellcheck disable=SC2086
    "$BIN" $a >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && [ ! -s "$tmp/out" ] &&
        grep -q "^e1000_poc: " "$tmp/err"; then
        ok 0 "refused with one line and exit 2: $a"
    else
        ok 1 "refused with one line and exit 2: $a"
        diag "exit $rc, $lines stderr lines" "$(cat "$tmp/err")" "stdout: $(head -2 "$tmp/out")"
    fi
done

# A pair that does not bind: matrix says why in the same words as run.
for cmd in run matrix; do
    "$BIN" $cmd --device=e1000 --driver=dpdk-igb >/dev/null 2>"$tmp/err"
    check "$cmd --device=e1000 --driver=dpdk-igb: says which device dpdk-igb drives" \
        grep -qx "e1000_poc: --device=e1000 --driver=dpdk-igb: dpdk-igb does not drive e1000 (it drives: igb)" "$tmp/err"
done

# --help of each subcommand ends with its own exit statuses.
for cmd in run matrix explain probe; do
    "$BIN" $cmd --help >"$tmp/out"
    check "$cmd --help states its own exit statuses" grep -qx "exit status of $cmd:" "$tmp/out"
done
"$BIN" run --help >"$tmp/out"
check "run --help: 125 for a copy routine this CPU cannot run" grep -q "a copy routine this CPU cannot run" "$tmp/out"
"$BIN" matrix --help >"$tmp/out"
check "matrix --help: no 'reproduced' status of run's" bash -c "! grep -q '^  1 ' '$tmp/out'"

# The PID: in the header, and in --pid-file while the run lasts.
"$BIN" run --qemu-fix=upstream --duration 1 --pid-file "$tmp/pid" >"$tmp/out" 2>&1 &
runner=$!
for _ in $(seq 50); do [ -s "$tmp/pid" ] && break; sleep 0.02; done
check "--pid-file holds the run's PID while it runs" test "$(cat "$tmp/pid" 2>/dev/null)" = "$runner"
wait "$runner"
check "the header names the PID" grep -qx "  pid     $runner (attach: gdb -p $runner -x gdb.cmd)" "$tmp/out"
check "--pid-file is removed when the run ends" test ! -e "$tmp/pid"
"$BIN" run --pid-file "$tmp/no/such/dir/pid" >"$tmp/out" 2>"$tmp/err"
ok $(($? != 2)) "--pid-file in a missing directory: exit 2"
check "... one line, nothing on stdout" bash -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && [ ! -s '$tmp/out' ]"

# One usable CPU: cannot test the race (125), unless forced.
if command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then
    taskset -c 0 "$BIN" run --duration 0.2 >"$tmp/out" 2>"$tmp/err"
    rc=$?
    ok $((rc != 125)) "one usable CPU: exit 125"
    check "one usable CPU: says why" grep -q "cannot test here: 1 usable CPU" "$tmp/err"
    check "one usable CPU: no run started" test ! -s "$tmp/out"
    taskset -c 0 "$BIN" run --force --qemu-fix=upstream --duration 0.3 >"$tmp/out" 2>&1
    rc=$?
    ok $((rc != 0)) "one usable CPU with --force: runs (fixed variant, exit 0)"
    check "--force run reports threads not pinned" grep -q "CPUs    not pinned" "$tmp/out"
else
    skip "one usable CPU: exit 125" "taskset not available"
fi
done_testing
