#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# live.sh - live runs, asserting only what holds on any host, loaded or
# not (tests/livecheck.bash): fixed variants show no event; a deliberately
# widened window (the hardware watchpoint, or a double store with a gap)
# reproduces within a generous bound; Ctrl-C ends a run with its summary.
# No test here asserts that the natural race shows up within some time.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
. tests/livecheck.bash
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

last_line() { tail -n 1 "$1"; }

# wait_for FILE PATTERN [COUNT]: until FILE holds COUNT (1) lines matching
# PATTERN, a minute at most (a busy host starts slowly); false if not.
wait_for() {
    local i
    for i in $(seq 600); do
        [ "$(grep -Ec "$2" "$1" 2>/dev/null)" -ge "${3:-1}" ] && return 0
        sleep 0.1
    done
    return 1
}

clean_run() { # clean_run "description" args...
    local desc=$1
    shift
    "$BIN" run "$@" >"$tmp/out" 2>&1
    local rc=$?
    if no_event "$tmp/out" "$rc"; then
        ok 0 "$desc: no event (exit $rc)"
        starved_note "$tmp/out" "$rc"
    else
        ok 1 "$desc: no event"
        diag "exit $rc" "$(tail -n 8 "$tmp/out")"
    fi
}

clean_run "qemu-fix upstream, lockstep, 3 s" --qemu-fix=upstream --dpdk-fix=none --duration 3
clean_run "qemu-fix upstream, free pace, 2 s" --qemu-fix=upstream --dpdk-fix=none --pace=free --duration 2
clean_run "dpdk-fix stop-at-rdh, lockstep, 3 s" --qemu-fix=none --dpdk-fix=stop-at-rdh --duration 3
clean_run "dpdk-fix stop-at-rdh, free pace, 2 s" --qemu-fix=none --dpdk-fix=stop-at-rdh --pace=free --duration 2
clean_run "igb/dpdk-igb, qemu-fix atomic-status, 2 s" --device=igb --qemu-fix=atomic-status --duration 2
clean_run "e1000e/linux-e1000e, qemu-fix atomic-status, 2 s" --device=e1000e --driver=linux-e1000e --qemu-fix=atomic-status --duration 2
clean_run "e1000e/dpdk-em (legacy), qemu-fix upstream, 2 s" --device=e1000e --driver=dpdk-em --qemu-fix=upstream --duration 2
# The proposed QEMU patch, with no driver work (the widest window) and a copy
# that stores 4 bytes twice with a long gap: its 1-byte write is one store.
clean_run "igb/dpdk-igb, qemu-fix dd-byte, copy double, gap 1000, no work, 2 s" --device=igb --qemu-fix=dd-byte --copy=double --gap 1000 --rx-work 0 --duration 2
clean_run "e1000e/linux-e1000e, qemu-fix dd-byte, copy double, gap 1000, no work, 2 s" --device=e1000e --driver=linux-e1000e --qemu-fix=dd-byte --copy=double --gap 1000 --rx-work 0 --duration 2
clean_run "igb/dpdk-igb, qemu-fix dd-byte, the C library's memmove, 2 s" --device=igb --qemu-fix=dd-byte --duration 2

clean_run "qemu-fix upstream, jitter 64, 2 s" --qemu-fix=upstream --jitter=64 --duration 2
check "--jitter: the header's ring line says so" grep -q "^  ring    32 descriptors; pace auto (free until the first event, then lockstep); jitter 0..63 pauses before each fill;" "$tmp/out"

# The default pace, auto, stays free when nothing happens, and says so.
check "pace auto, no event: the summary says it stayed free" \
    grep -Eq "^  pace auto +free throughout \(no event to turn to lockstep on\)$" "$tmp/out"

# Every run says how much CPU its threads got.
check "the summary gives each thread's CPU share and preemptions" \
    grep -Eq "^  CPU the threads got +device [0-9]+% of [0-9.]+ s \([0-9]+ involuntary context switches\); driver [0-9]+% of" "$tmp/out"

# ... and how far apart the two CPUs ran, before and after (a busy CPU may
# leave it unmeasured: that is said, not hidden).
check "the summary gives the cache line's round trip between the CPUs, before and after" \
    grep -Eq "^  cache line round trip +([0-9]+ ns|not measured \(a CPU was busy\)) before the run, ([0-9]+ ns|not measured \(a CPU was busy\)) after \(" "$tmp/out"

widen_pick
diag "positive runs widen the window with: $WIDEN_NAME"

# The status-word race: QEMU's fix on igb, with a copy that stores the
# 4-byte status_error twice (as glibc does here; double does it anywhere).
"$BIN" run --device=igb --qemu-fix=upstream --copy=double "${WIDEN[@]}" --duration 30 >"$tmp/out" 2>&1
rc=$?
if reproduced "igb/dpdk-igb, upstream fix, copy double, widened" "$tmp/out" "$rc"; then
    check "... the descriptor consumed twice" grep -Eq "^  double consumptions +[1-9]" "$tmp/out"
fi
check "... the header's probe line names the 4-byte status_error" grep -q "4-byte status_error in 2 stores \[8,12) \[8,12)" "$tmp/out"

# The unfixed default, widened: the seed's lines and a ring hang.
"$BIN" run --qemu-fix=none --dpdk-fix=none "${WIDEN[@]}" --duration 30 >"$tmp/out" 2>&1
rc=$?
unfixed_rc=$rc
if reproduced "unfixed default, widened" "$tmp/out" "$rc"; then
    last_line "$tmp/out" | grep -q "^Verdict: REPRODUCED "
    ok $? "unfixed: the last line is the REPRODUCED verdict"
    grep -Eq "^DPDK: UNEXPECTED ADDR: last [0-9a-f]+ current [0-9a-f]+$" "$tmp/out"
    ok $? "unfixed: the seed's UNEXPECTED ADDR line"
    # The first event may be a stale address with no hang before the run's
    # end on a busy host: the hang's lines are checked when there was one
    # (and always on the --continue run below, where hangs are certain).
    if grep -Eq "^  ring hangs +[1-9]" "$tmp/out"; then
        grep -Eq "^Qemu: Maybe hang RDH=([0-9]+) RDT=\1$" "$tmp/out"
        ok $? "unfixed: the seed's Maybe hang line, with RDH == RDT"
        grep -q "ring hang at" "$tmp/out"
        ok $? "unfixed: the verdict names the ring hang"
    fi
    grep -Eq "^  pace auto +free until [0-9.]+ (ms|s|us) \(the first event\), lockstep after$" "$tmp/out"
    ok $? "unfixed, pace auto: the summary says when it turned from free to lockstep"
fi
grep "^Verdict" "$tmp/out" | cut -c1-200 | sed 's/^/# /'

# The watchpoint itself: every line that reports a result says the window
# was widened; fixed variants stay clean under it (their last store sets
# DD, nothing follows); with the real memcpy, the 4-byte status_error at
# offset 8 is lost exactly when the probe saw it stored twice.
if [ "${WIDEN[0]}" = --widen=watchpoint ]; then
    check "watchpoint: the header's widen line" grep -q "^  widen   watchpoint: hardware write breakpoints on the 1-byte status (offset 12)" "$tmp/out"
    # (The verdict and Observation of a run that reproduced; a busy host's
    # INCONCLUSIVE was skipped above.)
    if [ "$unfixed_rc" -eq 1 ]; then
        check "watchpoint: the verdict says the window was widened" grep -q "^Verdict: REPRODUCED with the window widened (--widen=watchpoint)" "$tmp/out"
        check "watchpoint: the Observation line names it" grep -Eq "^Observation e1000/none/dpdk-em-none/libc\+watchpoint Sometimes [0-9]+ [0-9]+$" "$tmp/out"
    fi
    check "watchpoint: the summary counts traps and holds" grep -Eq "^  watchpoint +[1-4] descriptors watched; [0-9]+ stores trapped" "$tmp/out"

    check "watchpoint: the header says how SIGTRAP is delivered" grep -Eq "^  widen   .*device thread only, SIGTRAP by (perf sigtrap|F_SETSIG to the device thread);" "$tmp/out"

    # The route older kernels take (F_SETSIG, F_SETOWN_EX), forced here.
    E1000_POC_WATCH_DELIVERY=fasync "$BIN" run --widen=watchpoint --duration 30 >"$tmp/out" 2>&1
    rc=$?
    reproduced "watchpoint by F_SETSIG: unfixed default" "$tmp/out" "$rc"
    # The route's words are the renderer's (tests/unit_output.c, on a
    # hand-built header); here only that the forced route gave a widen line.
    check "watchpoint by F_SETSIG: the header has its widen line" grep -q "^  widen   watchpoint:" "$tmp/out"

    clean_run "watchpoint, e1000 qemu-fix upstream (1-byte status), 2 s" --qemu-fix=upstream --widen=watchpoint --duration 2
    clean_run "watchpoint, igb qemu-fix atomic-status (status_error), 2 s" --device=igb --qemu-fix=atomic-status --widen=watchpoint --duration 2
    clean_run "watchpoint, dpdk-fix stop-at-rdh, 2 s" --dpdk-fix=stop-at-rdh --widen=watchpoint --duration 2

    "$BIN" run --device=igb --qemu-fix=upstream --widen=watchpoint --duration 30 >"$tmp/out" 2>&1
    rc=$?
    pline=$(grep "^  probe   " "$tmp/out")
    # The stores of the status_error write, and how many of them write the
    # byte that holds DD (offset 8): twice, and the driver's clear can be
    # lost; once, and DD cannot come back, whatever follows it (a byte-wise
    # copy, as ASan's interceptor makes, rewrites only bytes 9..11 after DD).
    st=$(grep -o '4-byte status_error in [0-9]* stores \(\[[0-9]*,[0-9]*) *\)*' <<<"$pline")
    dd_stores=$(grep -o '\[8,' <<<"$st" | wc -l)
    if [ -n "$st" ] && [ "$dd_stores" -ge 2 ]; then
        reproduced "watchpoint, igb upstream, real memcpy storing status_error's DD byte twice" "$tmp/out" "$rc"
    elif [ -n "$st" ] && [ "$dd_stores" -eq 1 ]; then
        no_event "$tmp/out" "$rc"
        ok $? "watchpoint, igb upstream, real memcpy storing status_error's DD byte once: no event"
    else
        skip "watchpoint, igb upstream, real memcpy" "the probe could not measure the copy here"
    fi
    diag "$pline"
    "$BIN" run --device=igb --qemu-fix=upstream --widen=watchpoint --duration 0.5 --json >"$tmp/json" 2>/dev/null
    check "watchpoint --json: config.widen, verdict.widened and the watchpoint's counts" \
        "$BUILD/tests/json_check" widen widened watchpoint traps holds rearmed <"$tmp/json"
else
    skip "watchpoint runs" "hardware breakpoints are refused here"
fi

# --continue: a deliberately widened window hangs the ring again and again;
# each hang is counted and the ring started over.
"$BIN" run --copy=double --gap=1000 --continue --duration 3 >"$tmp/out" 2>&1
rc=$?
hangs=$(sed -n 's/^  ring hangs *\([0-9]*\).*/\1/p' "$tmp/out")
ok $((rc != 1)) "--continue with a widened window: reproduced (exit $rc)"
ok $((${hangs:-0} < 2)) "--continue: the ring hung and recovered, again and again ($hangs hangs in 3 s)"
check "--continue: the verdict counts the hangs" grep -Eq "^Verdict: REPRODUCED .* [0-9]+ ring hangs \(" "$tmp/out"
check "--continue: the seed's Maybe hang line, with RDH == RDT" grep -Eq "^Qemu: Maybe hang RDH=([0-9]+) RDT=\1$" "$tmp/out"

# --baseline: a clean run weighed against the unfixed rate.
"$BIN" run --baseline --qemu-fix=upstream --duration 1 >"$tmp/out" 2>&1
rc=$?
check "--baseline with the upstream fix: no event" no_event "$tmp/out" "$rc"
check "--baseline: the baseline's own line" grep -Eq "^baseline e1000/none/dpdk-em-none/libc, same settings, [0-9]+\.[0-9]{3} s: [0-9]+ events in [0-9]+ descriptors" "$tmp/out"
if [ "$rc" -eq 0 ]; then
    last_line "$tmp/out" | grep -Eq "^Verdict: NOT REPRODUCED: .*(the chance of none in [0-9]+ is|the unfixed baseline showed no event either)"
    ok $? "--baseline: the verdict weighs the clean run against the baseline"
else
    skip "--baseline: the verdict weighs the clean run" "busy host: the run was inconclusive"
fi
check "--baseline: Observation line for the fixed run" grep -Eq "^Observation e1000/upstream/dpdk-em-none/libc Never 0 [0-9]+$" "$tmp/out"

# --json: one valid object on stdout, the human stream on stderr.
"$BIN" run --qemu-fix=upstream --duration 0.5 --json >"$tmp/json" 2>"$tmp/err"
rc=$?
check "--json: no event (exit $rc)" no_event "$tmp/err" "$rc"
"$BUILD/tests/json_check" config host stats events verdict observation exit_status threads cpu_share \
    involuntary_switches starved_thread widen widened round_trip_ns before after lockstep_from_s <"$tmp/json"
ok $? "--json: one well-formed object with config, host, stats (threads' CPU), verdict"
check "--json: the verdict line went to stderr" grep -Eq "^Verdict: (NOT REPRODUCED|INCONCLUSIVE)" "$tmp/err"

# Ctrl-C: the summary and the verdict still come out. The signal comes
# after the first RX COUNT line, however long a busy host takes to print it.
"$BIN" run --qemu-fix=upstream --duration 0 >"$tmp/out" 2>&1 &
pid=$!
wait_for "$tmp/out" "^RX COUNT: "
kill -INT "$pid"
wait "$pid"
rc=$?
check "SIGINT on a clean run: no event (exit $rc)" no_event "$tmp/out" "$rc"
check "SIGINT: summary says a signal stopped it" grep -q "stopped by a signal" "$tmp/out"
check "SIGINT: the Observation line comes right before the verdict" \
    bash -c "tail -n 2 '$tmp/out' | head -n 1 | grep -Eq '^Observation e1000/upstream/dpdk-em-none/libc Never 0 [0-9]+$'"
check "RX COUNT once a second" grep -Eq "^RX COUNT: [0-9]+$" "$tmp/out"

# The seed's slow mode: runs until Ctrl-C, prints a line per descriptor.
# The device sleeps between packets on purpose, so its low CPU share is no
# busy host: the signal ends the run normally, with the verdict's status
# (0 here: a fixed variant), never 125, on the terminal and in the JSON.
get='^\[[0-9]+\.[0-9]{3}\] DPDK: GET rx_id=[0-9]+$'
"$BIN" run --qemu-fix=upstream --interval-ms 20 --vlog >"$tmp/out" 2>&1 &
pid=$!
wait_for "$tmp/out" "$get" 20
kill -0 "$pid" 2>/dev/null
ok $? "interval mode keeps running (no default duration)"
kill -INT "$pid"
wait "$pid"
rc=$?
ok $((rc != 0)) "interval mode: Ctrl-C is its normal end, exit 0 (got $rc)"
check "  ... the verdict: NOT REPRODUCED, not INCONCLUSIVE" grep -q "^Verdict: NOT REPRODUCED" "$tmp/out"
# (The stops line's words for each configuration: tests/unit_output.c.)
check "interval mode: the header says how it stops" grep -q "^  stops   at the first ring hang or " "$tmp/out"
n=$(grep -Ec "$get" "$tmp/out")
ok $((n < 20)) "vlog: one [sec.msec] DPDK: GET rx_id line per descriptor ($n at 20 ms)"
"$BIN" run --qemu-fix=upstream --interval-ms 20 --vlog --json >"$tmp/json" 2>"$tmp/err" &
pid=$!
wait_for "$tmp/err" "$get" 5
kill -INT "$pid"
wait "$pid"
rc=$?
ok $((rc != 0)) "interval mode --json: Ctrl-C, exit 0 (got $rc)"
check "  ... the JSON says exit_status 0 and no starved thread" \
    sh -c "grep -q '\"exit_status\": 0' '$tmp/json' && grep -q '\"starved_thread\": null' '$tmp/json'"
# --duration ending the slow mode: the same rule.
"$BIN" run --qemu-fix=upstream --interval-ms 200 --duration 2 >"$tmp/out" 2>&1
rc=$?
ok $((rc != 0)) "interval mode with --duration: exit 0, not 125 for the sleeping device (got $rc)"

# Breakpoints refused (perf_event_open failing with EACCES, as under
# perf_event_paranoid or seccomp): exit 125, one line saying why, and the
# run does not start.
if command -v strace >/dev/null; then
    # (LeakSanitizer cannot run under ptrace: off for this one command.)
    ASAN_OPTIONS=detect_leaks=0 strace -f -o /dev/null -e inject=perf_event_open:error=EACCES \
        "$BIN" run --widen=watchpoint >"$tmp/out" 2>"$tmp/err"
    rc=$?
    ok $((rc != 125)) "breakpoints refused: exit 125"
    check "breakpoints refused: one line saying why" \
        test "$(grep -c "cannot test --widen=watchpoint here: .*refused by the kernel" "$tmp/err")" -eq 1
    check "breakpoints refused: nothing on stdout, the run did not start" test ! -s "$tmp/out"
else
    skip "breakpoints refused: exit 125" "strace not installed"
fi

# Bad --widen: one line on stderr, exit 2, nothing on stdout.
for a in "--widen=bogus" "--widen" "--widen=watchpoint --copy=double --gap=5" \
    "--widen=watchpoint --copy=rep-movsb"; do
    # shellcheck disable=SC2086
    "$BIN" run $a --duration 0.1 >"$tmp/out" 2>"$tmp/err"
    rc=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$rc" -eq 2 ] && [ "$lines" -eq 1 ] && [ ! -s "$tmp/out" ]; then
        ok 0 "refused with one line and exit 2: run $a"
    else
        ok 1 "refused with one line and exit 2: run $a"
        diag "exit $rc, $lines stderr lines" "$(cat "$tmp/err")"
    fi
done
done_testing
