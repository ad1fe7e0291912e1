#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cli.sh - the binary's front door: help, bad input (one line, exit 2,
# nothing else printed: the table in tests/cli_bad.txt, every option of every
# command and the make switches), "cannot test here" (exit 125), output that
# cannot be written (exit 128) and signals (a summary marked interrupted,
# exit 130).
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
. tests/livecheck.bash
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

# ---- signals: the whole command stops, says what it did, exits 130 ----------
# A script's background jobs start with SIGINT ignored; the tool catches it
# all the same (only SIGHUP ignored from the start, as under nohup, stays
# ignored), so these jobs are started plainly.
interrupt() { # interrupt SIGNAL READY-PATTERN DESCRIPTION WORDS...
    local sig=$1 ready=$2 desc=$3 rc i
    shift 3
    "$BIN" "$@" >"$tmp/sig" 2>&1 &
    local p=$!
    pids+=("$p")
    # A busy host may take long to get there: up to a minute.
    for i in $(seq 600); do grep -Eq "$ready" "$tmp/sig" && break; sleep 0.1; done
    sleep 0.3
    kill -"$sig" "$p"
    for i in $(seq 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$p" 2>/dev/null; then
        kill -KILL "$p"
        ok 1 "SIG$sig stops $desc within 30 s (still running; killed)"
        wait "$p" 2>/dev/null
        return
    fi
    wait "$p"
    rc=$?
    ok $((rc != 130)) "SIG$sig stops $desc: exit 130 (got $rc)"
    check "  ... with a summary marked interrupted" grep -q "^Interrupted: stopped by a signal" "$tmp/sig"
}
interrupt INT "^baseline: " "run --baseline (during the baseline)" \
    run --baseline --qemu-fix=upstream --duration 60
check "  ... and the run itself does not start" grep -q "the run itself did not start" "$tmp/sig"
# The run's header comes after the whole baseline; 5 s leave a busy host
# time to deliver the signal before the run's own end.
interrupt INT "^  stops " "run --baseline (during the run)" \
    run --baseline --qemu-fix=upstream --duration 5
# A whole baseline: 5 s or more (a busy host may overrun it, never cut it).
bl=$(sed -n 's/^baseline e1000\/none\/dpdk-em-none\/libc, same settings, \([0-9.]*\) s: .*/\1/p' "$tmp/sig")
check "  ... after a whole baseline (${bl:-no baseline line} s of 5)" awk -v t="${bl:-0}" 'BEGIN { exit !(t >= 5) }'
# Under nohup (or anything else that starts this script with SIGHUP
# ignored) the run inherits the ignore and keeps it, by design (tested
# below): then there is nothing to stop it with here.
sigign=$(awk '/^SigIgn:/ {print $2}' /proc/$$/status 2>/dev/null)
if [ -n "$sigign" ] && [ $((0x$sigign & 1)) -ne 0 ]; then
    skip "SIGHUP stops run" "this test runs with SIGHUP ignored (nohup?), which the run keeps"
    skip "  ... the summary says the run was cut short" "SIGHUP ignored here"
else
    interrupt HUP "^  stops" "run (SIGHUP)" run --qemu-fix=upstream --duration 60
    check "  ... the summary says the run was cut short" grep -q "(stopped by a signal)" "$tmp/sig"
fi
interrupt TERM "^device " "matrix" matrix --each 2
check "  ... says how many cells ran" grep -Eq "after [0-9]+ of 64 cells" "$tmp/sig"
interrupt INT "^device " "explain --all" explain --all --device=all --driver=all --memory=tso
check "  ... with the tally of the rows run" grep -Eq "^[0-9]+ rows: [0-9]+ agree" "$tmp/sig"
nohup "$BIN" run --qemu-fix=upstream --duration 2 >"$tmp/sig" 2>&1 &
p=$!
pids+=("$p")
sleep 1
kill -HUP "$p"
wait "$p"
rc=$?
# Not 129 (killed) nor 130 (interrupted): the verdict's own status, 0, or
# 125 on a host too busy to judge (as tests/live.sh accepts).
if no_event "$tmp/sig" "$rc"; then
    ok 0 "under nohup, SIGHUP is ignored: the run goes its full time (exit $rc)"
    starved_note "$tmp/sig" "$rc"
else
    ok 1 "under nohup, SIGHUP is ignored: the run goes its full time, exit 0 or 125 (got $rc)"
    diag "$(tail -n 3 "$tmp/sig")"
fi
check "  ... and is not marked interrupted" sh -c "! grep -q 'Interrupted' '$tmp/sig'"
interrupt INT "^  bounds" "explain's search" \
    explain --ring 8 --packets 9 --qemu-fix=upstream --copy=bytes-down --memory=tso
check "  ... verdict INTERRUPTED, nothing proven" grep -q "^Verdict: INTERRUPTED" "$tmp/sig"
done_testing
