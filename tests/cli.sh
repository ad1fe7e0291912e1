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
