#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/explain.sh - how fast `e1000_poc explain` is on this machine.
#   bench/explain.sh              5 runs per configuration
#   RUNS=11 bench/explain.sh      more runs
#   BIG=0 bench/explain.sh        skip the larger bounds
# Reports medians of the tool's own search timer and of the wall clock
# (process start, search, trace; `date` and `bc` add a few ms):
#   - time to the first (shortest) counterexample for the unfixed default
#     (target: under 0.1 s), with --copy=double, and libc where this host's
#     memcpy pattern can be measured;
#   - time to cover the default bounds for each fixed variant (target: under
#     10 s each), SC and TSO;
#   - the same at larger bounds (ring 4, 5 packets), for information;
#   - the other device x driver pairs at their default bounds: the first
#     counterexample under QEMU's upstream fix on igb and e1000e (the
#     status-word race), and covering atomic-status and the workaround.
#   PAIRS=0 bench/explain.sh skips them.
#   - the reduced cover at realistic bounds (targets on 2 cores):
#     `--all --device=all --driver=all` at the default bounds under 2 s;
#     every row at ring 8 and 16 packets under SC, each fixed row proved in
#     under 10 s; every row at ring 4 and 8 packets under TSO, each under
#     60 s; peak memory (maximum resident set) under 1 GB. Each table runs
#     once; its largest row (most states) is then timed alone, RUNS times.
#   REALISTIC=0 bench/explain.sh skips them.
# Writes bench/results/explain.json. Timings belong here, never in tests.
cd "$(dirname "$0")/.." || exit 1
: "${BIN:=./e1000_poc}" "${RUNS:=5}" "${BIG:=1}" "${PAIRS:=1}" "${REALISTIC:=1}"
out=bench/results/explain.json
mkdir -p bench/results
rows=()

median() { sort -g | awk '{ v[n++] = $1 } END { if (n == 0) print "-"; else print (n % 2) ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2 }'; }

# measure NAME ARGS...: run RUNS times, print one line, remember a JSON row.
measure() {
    local name=$1 rc verdict states secs line
    shift
    local times=() walls=() t0
    for _ in $(seq "$RUNS"); do
        rc=0
        t0=$(date +%s.%N)
        "$BIN" explain "$@" >"$tmp" 2>&1 || rc=$?
        walls+=("$(echo "$(date +%s.%N) - $t0" | bc)")
        if [ "$rc" -eq 125 ]; then
            printf '%-50s not run: %s\n' "$name" "$(head -n 1 "$tmp" | sed 's/^e1000_poc: //' | cut -c1-90)"
            return
        fi
        # The search line's own timer: seconds, without process start-up.
        secs=$(sed -n 's/^  search .*, \([0-9.]*\) s$/\1/p' "$tmp")
        times+=("$secs")
    done
    line=$(tail -n 1 "$tmp")
    case $line in
    "Verdict: VIOLATION"*) verdict="violation: $(sed -n 's/^Interleaving: \(.*\)\.$/\1/p' "$tmp")" ;;
    "Verdict: NO VIOLATION"*) verdict="covered" ;;
    *) verdict="?" ;;
    esac
    states=$(sed -n 's/^  search .*: \([0-9]*\) states,.*/\1/p' "$tmp")
    med=$(printf '%s\n' "${times[@]}" | median)
    wall=$(printf '%s\n' "${walls[@]}" | median)
    printf '%-50s %9s %9.3f %9s  %s\n' "$name" "$med" "$wall" "$states" "$verdict"
    rows+=("{\"name\": \"$name\", \"args\": \"$*\", \"search_s\": $med, \"wall_s\": $wall, \"states\": $states, \"runs\": $RUNS, \"result\": \"$verdict\"}")
}

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.kb"' EXIT

printf '%-50s %9s %9s %9s  %s\n' "configuration ($RUNS runs, medians)" "search s" "wall s" "states" "result"
echo "-- first counterexample, unfixed (target < 0.1 s)"
measure "none/none/double sc (default bounds)" --copy=double
measure "none/none/libc sc (default bounds)" --copy=libc
measure "none/none/double tso (default bounds)" --copy=double --memory=tso
echo "-- cover the default bounds: ring 2, 3 packets, burst 4, every interleaving (target < 10 s)"
for mem in sc tso; do
    for fix in "--qemu-fix=upstream --dpdk-fix=none" "--qemu-fix=none --dpdk-fix=stop-at-rdh"; do
        for copy in single split8 bytes-up bytes-down rep-movsb libc; do
            # shellcheck disable=SC2086
            measure "$(echo "$fix" | sed 's/--qemu-fix=//; s/ --dpdk-fix=/\//')/$copy $mem" $fix --copy=$copy --memory=$mem
        done
    done
done
if [ "$BIG" = 1 ]; then
    echo "-- larger bounds: ring 4, 5 packets, burst 4, every interleaving (information)"
    measure "none/none/double sc r4 p5" --copy=double --ring 4 --packets 5
    # (tso with byte-wise copies at these bounds: millions of states, skipped)
    for mc in "sc single" "sc split8" "sc bytes-down" "tso single" "tso split8"; do
        set -- $mc
        measure "upstream/none/$2 $1 r4 p5" --qemu-fix=upstream --copy=$2 --memory=$1 --ring 4 --packets 5
        measure "none/stop-at-rdh/$2 $1 r4 p5" --dpdk-fix=stop-at-rdh --copy=$2 --memory=$1 --ring 4 --packets 5
    done
fi
if [ "$PAIRS" = 1 ]; then
    echo "-- other device x driver pairs, default bounds (ring: the driver's smallest; linux-e1000e batch 2)"
    for p in "igb dpdk-igb" "e1000e linux-e1000e"; do
        set -- $p
        for copy in libc double; do
            measure "$1/$2 upstream/none/$copy sc" --device=$1 --driver=$2 --qemu-fix=upstream --copy=$copy
        done
        measure "$1/$2 atomic-status/none/libc sc" --device=$1 --driver=$2 --qemu-fix=atomic-status
        measure "$1/$2 upstream/stop-at-rdh/libc sc" --device=$1 --driver=$2 --qemu-fix=upstream --dpdk-fix=stop-at-rdh
        measure "$1/$2 atomic-status/none/libc tso" --device=$1 --driver=$2 --qemu-fix=atomic-status --memory=tso
    done
    for p in "e1000 linux-e1000" "e1000e dpdk-em"; do
        set -- $p
        measure "$1/$2 upstream/none/libc sc" --device=$1 --driver=$2 --qemu-fix=upstream
    done
fi
# table NAME ARGS...: run one `explain --all` table once; print its wall
# clock, peak memory and row tally, remember a JSON row, and leave the row
# with the most states in $largest (its arguments) and $largest_states.
table() {
    local name=$1 rc=0 t0 wall kb tally
    shift
    t0=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$tmp.kb" "$BIN" explain "$@" >"$tmp" 2>&1 || rc=$?
        kb=$(tail -n 1 "$tmp.kb")
    else
        "$BIN" explain "$@" >"$tmp" 2>&1 || rc=$?
        kb=0
    fi
    wall=$(echo "$(date +%s.%N) - $t0" | bc)
    tally=$(tail -n 1 "$tmp")
    printf '%-50s %9s %9.3f %9s  %s; peak %s MB\n' "$name" "-" "$wall" "-" "$tally" "$((kb / 1024))"
    rows+=("{\"name\": \"$name\", \"args\": \"$*\", \"wall_s\": $wall, \"peak_kb\": $kb, \"runs\": 1, \"result\": \"$tally\"}")
    # device driver r/p fix workaround copy "none:" N "states covered"
    read -r largest_states largest < <(awk '$7 == "none:" { print $8, "--device=" $1 " --driver=" $2 " --qemu-fix=" $4 " --dpdk-fix=" $5 " --copy=" $6 }' "$tmp" | sort -n | tail -n 1)
}

if [ "$REALISTIC" = 1 ]; then
    echo "-- the reduced cover at realistic bounds (targets: table at default bounds < 2 s; each fixed row < 10 s at r8 p16 sc, < 60 s at r4 p8 tso; peak < 1 GB)"
    table "--all every pair, default bounds, sc" --all --device=all --driver=all
    table "--all every pair, r8 p16, sc" --all --device=all --driver=all --ring 8 --packets 16
    # shellcheck disable=SC2086
    [ -n "$largest" ] && measure "  largest row ($largest_states states): r8 p16 sc" $largest --ring 8 --packets 16
    table "--all every pair, r4 p8, tso" --all --device=all --driver=all --memory=tso --ring 4 --packets 8
    # shellcheck disable=SC2086
    [ -n "$largest" ] && measure "  largest row ($largest_states states): r4 p8 tso" $largest --memory=tso --ring 4 --packets 8
fi
{
    printf '{"host": "%s", "libc": "%s", "date": "%s", "results": [\n' \
        "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
        "$(ldd --version 2>/dev/null | head -n 1)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    (IFS=','; printf '%s\n' "${rows[*]}" | sed 's/},{/},\n{/g')
    printf ']}\n'
} >"$out"
echo "wrote $out"
