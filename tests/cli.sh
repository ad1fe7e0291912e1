#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cli.sh - the binary's front door: help, bad input (one line, exit 2,
# nothing else printed: the table in tests/cli_bad.txt, every option of every
# command and the make switches), "cannot test here" (exit 125), output that
# cannot be written (exit 128); signals are tests/signals.sh.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT

"$BIN" --help >"$tmp/out" 2>"$tmp/err"
ok $? "--help exits 0"
check "--help shows usage and every run option" \
    grep -q -- "--qemu-fix=none|upstream" "$tmp/out"
check "--help documents exit statuses 128 and 130" bash -c "grep -q '^  128  the output could not be written' '$tmp/out' && grep -q '^  130  interrupted' '$tmp/out'"
"$BIN" run --help >/dev/null
ok $? "run --help exits 0"
"$BIN" --version | grep -q "^e1000_poc [0-9]"
ok $? "--version names the tool"

# ---- bad input: the table ---------------------------------------------------
# One line on stderr, nothing on stdout, the status the table gives. A case
# the binary wrongly accepts must not run for long: 20 s at most.
refused() { # refused STATUS WORDS...: run them, check the three things
    local want=$1 rc lines
    shift
    if [ "$1" = make ]; then
        shift
        # A clean make: nothing inherited, a scratch build directory.
        env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS timeout 20 \
            make --no-print-directory -s BUILD="$tmp/mk" "$@" >"$tmp/out" 2>"$tmp/err"
        rc=$?
        prefix='^(Makefile:[0-9]+: \*\*\* |make: \*\*\* )'
    else
        timeout 20 "$BIN" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
        rc=$?
        prefix='^e1000_poc: '
    fi
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -eq "$want" ] && [ "$lines" -eq 1 ] && [ ! -s "$tmp/out" ] &&
        grep -Eq "$prefix" "$tmp/err"; then
        return 0
    fi
    diag "exit $rc (want $want), $lines stderr lines, $(wc -c <"$tmp/out") bytes on stdout" \
        "$(head -c 600 "$tmp/err")"
    return 1
}
n=0
while IFS= read -r line; do
    case $line in '' | '#'*) continue ;; esac
    want=${line%% | *} args=${line#* | }
    eval "set -- $args"
    refused "$want" "$@"
    ok $? "refused ($want, one line): $args"
    n=$((n + 1))
done <tests/cli_bad.txt
check "the table holds at least 300 cases ($n)" test "$n" -ge 300

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
# Every choice option's list in --help is its whole table: the one the
# parser names when it refuses a value (no list cut short, no dangling '|').
nchoice=0
for cmd in run matrix explain probe report; do
    "$BIN" $cmd --help >"$tmp/out"
    check "$cmd --help: no option line ends with '|'" sh -c "! grep -q '|\$' '$tmp/out'"
    while IFS='=' read -r opt list; do
        "$BIN" $cmd "$opt=zz-not-a-choice" >/dev/null 2>"$tmp/err" </dev/null
        table=$(sed -n 's/.*: unknown; choose \(.*\)$/\1/p' "$tmp/err")
        check "$cmd --help: $opt lists its whole table ($table)" test -n "$table" -a "$list" = "$table"
        nchoice=$((nchoice + 1))
    done < <(sed -n 's/^  \(--[a-z0-9-]*=[^ ]*\).*/\1/p' "$tmp/out")
done
check "--help: at least 15 choice options checked ($nchoice)" test "$nchoice" -ge 15

# --ring: run and explain take different ranges; each --help says both,
# and each range is the one the parser enforces.
for cmd in run:8..65536:7:65544 explain:2..64:1:65; do
    IFS=: read -r c range low high <<<"$cmd"
    "$BIN" $c --help >"$tmp/out"
    check "$c --help: --ring says run's 8..65536 and explain's 2..64" \
        sh -c "grep -- '--ring N' '$tmp/out' | grep -q '8\.\.65536' && grep -- '--ring N' '$tmp/out' | grep -q '2\.\.64'"
    for n in $low $high; do
        "$BIN" $c --ring $n >/dev/null 2>"$tmp/err" </dev/null
        check "$c --ring $n: refused, in the range --help gives ($range)" grep -q "in $range\$" "$tmp/err"
    done
done
"$BIN" explain --ring 8 --packets 2 --qemu-fix=upstream --copy=single >"$tmp/out"
check "explain: 'an 8-descriptor ring'" grep -q " through an 8-descriptor ring " "$tmp/out"

"$BIN" run --help >"$tmp/out"
check "run --help: 125 for a copy routine this CPU cannot run" grep -q "a copy routine this CPU cannot run" "$tmp/out"
"$BIN" matrix --help >"$tmp/out"
check "matrix --help: no 'reproduced' status of run's" bash -c "! grep -q '^  1 ' '$tmp/out'"

# The PID: in the header, and in --pid-file while the run lasts. The run
# lasts until the signal (--duration 0), so a slow start cannot end it
# before the file is read.
"$BIN" run --qemu-fix=upstream --duration 0 --pid-file "$tmp/pid" >"$tmp/out" 2>&1 &
runner=$!
pids+=("$runner")
for _ in $(seq 600); do [ -s "$tmp/pid" ] && break; sleep 0.1; done
check "--pid-file holds the run's PID while it runs" test "$(cat "$tmp/pid" 2>/dev/null)" = "$runner"
# The file is written before the race starts and catches SIGINT (a known
# gap: a signal sent at once, while `&` has SIGINT ignored, is lost): wait
# for the race's first line.
for _ in $(seq 600); do grep -q '^RX COUNT: ' "$tmp/out" && break; sleep 0.1; done
kill -INT "$runner"
wait "$runner"
check "the header names the PID" grep -qx "  pid     $runner (attach: gdb -p $runner -x gdb.cmd)" "$tmp/out"
check "--pid-file is removed when the run ends" test ! -e "$tmp/pid"
"$BIN" run --pid-file "$tmp/no/such/dir/pid" >"$tmp/out" 2>"$tmp/err"
ok $(($? != 2)) "--pid-file in a missing directory: exit 2"
check "... one line, nothing on stdout" bash -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && [ ! -s '$tmp/out' ]"

# Escaping: a newline or an escape sequence in an argument stays on the one
# line, written as \xNN, and never reaches the terminal raw.
"$BIN" run --copy=$'a\nb\e[31m' 2>"$tmp/err"
check "control bytes are escaped (\\x0a, \\x1b)" grep -qF 'a\x0ab\x1b[31m' "$tmp/err"
check "... and no raw escape byte is printed" sh -c "! grep -q \"$(printf '\033')\" '$tmp/err'"
"$BIN" run --ring 99999999999 2>"$tmp/err"
check "a whole number too large is out of range, not 'not a whole number'" grep -q "must be a multiple of 8 in 8..65536" "$tmp/err"
"$BIN" run --rx-free-thresh 31 2>"$tmp/err"
check "a ring that hangs by construction says so" grep -q "hangs without any race" "$tmp/err"

# ---- cannot test here -------------------------------------------------------
# One usable CPU: cannot test the race (125), unless forced.
if command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then
    taskset -c 0 "$BIN" run --duration 0.2 >"$tmp/out" 2>"$tmp/err"
    rc=$?
    ok $((rc != 125)) "one usable CPU: exit 125"
    check "one usable CPU: says why" grep -q "cannot test here: 1 usable CPU;" "$tmp/err"
    check "one usable CPU: no run started" test ! -s "$tmp/out"
    taskset -c 0 "$BIN" run --cpus 0,1 >"$tmp/out" 2>"$tmp/err"
    check "--cpus outside the usable set: '1 usable CPU', not 'CPUs'" grep -q "(1 usable CPU, first 0)" "$tmp/err"
    taskset -c 0 "$BIN" run --force --qemu-fix=upstream --duration 1 >"$tmp/out" 2>&1
    rc=$?
    # Both threads on one CPU: no share is judged, so 0; or, on a host so
    # busy that not one descriptor went through, 125 saying so.
    if [ "$rc" -eq 0 ] || { [ "$rc" -eq 125 ] && grep -q "^Verdict: INCONCLUSIVE: no descriptor was received" "$tmp/out"; }; then
        ok 0 "one usable CPU with --force: runs (fixed variant, exit $rc)"
    else
        ok 1 "one usable CPU with --force: runs (fixed variant, exit 0; got $rc)"
        diag "$(tail -n 3 "$tmp/out")"
    fi
    check "--force run reports threads not pinned" grep -q "CPUs    not pinned" "$tmp/out"
else
    skip "one usable CPU: exit 125" "taskset not available"
fi

# ---- output that cannot be written: one line, exit 128 ------------------------
lost() { # lost DESCRIPTION WORDS...: with stdout on /dev/full, then closed
    local desc=$1 rc
    shift
    timeout 60 "$BIN" "$@" >/dev/full 2>"$tmp/err"
    rc=$?
    ok $((rc != 128)) "stdout full: exit 128: $desc"
    # With --json the usual text goes to stderr: there, the last line.
    if [ "$2" = --json ]; then
        check "  ... the last line on stderr says the result is lost" \
            sh -c "tail -n 1 '$tmp/err' | grep -q '^e1000_poc: cannot write the output.*the result is lost'"
    else
        check "  ... one line saying the result is lost" \
            sh -c "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -q '^e1000_poc: cannot write the output.*the result is lost' '$tmp/err'"
    fi
    timeout 60 "$BIN" "$@" >&- 2>"$tmp/err"
    rc=$?
    ok $((rc != 128)) "stdout closed: exit 128: $desc"
}
lost "--help" --help
lost "--version" --version
lost "run --help" run --help
lost "explain (a violation)" explain --copy=double
lost "explain --replay" explain --replay x2/e1000/dpdk-em/none/none/double/sc/r2p3b4t0/6:1/91ab8408
lost "probe --copy=double" probe --copy=double
lost "run --json (the result)" run --json --qemu-fix=upstream --duration 0.2
lost "run (stops before the run)" run --qemu-fix=upstream --duration 30
lost "matrix (stops before the first cell)" matrix --each 30
# It stops before the run: gone long before the 300 s it was given, however
# slowly a busy host starts it (a minute allowed).
"$BIN" run --qemu-fix=upstream --duration 300 >/dev/full 2>/dev/null &
p=$!
pids+=("$p")
for _ in $(seq 600); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
kill -0 "$p" 2>/dev/null
ok $((1 - $?)) "run with stdout full does not spend its 300 s"
kill -KILL "$p" 2>/dev/null
wait "$p" 2>/dev/null

done_testing
