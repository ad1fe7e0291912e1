# SPDX-License-Identifier: GPL-2.0-or-later
# livecheck.bash - what the live tests may assert about a run on any host,
# loaded or not; source it after tap.sh. (Not a test itself: run.sh runs
# tests/*.sh only.)
#
# A live test asserts only what always holds: a fixed variant shows no
# event; a deliberately widened window reproduces within a generous bound.
# Whether a natural race shows up within some time depends on the CPU and
# the load, so no test asserts it.

# no_event FILE RC: the run saw no event and said so honestly: exit 0 and
# NOT REPRODUCED, or, on a busy host, exit 125 and INCONCLUSIVE naming the
# starved thread. Never exit 1, never an event line.
no_event() {
    local f=$1 rc=$2 last
    last=$(tail -n 1 "$f")
    grep -Eq "UNEXPECTED ADDR|DOUBLE CONSUMED|WRONG FILL|Maybe hang" "$f" && return 1
    case $rc in
    0) [[ $last == "Verdict: NOT REPRODUCED"* ]] ;;
    125) [[ $last =~ ^Verdict:\ INCONCLUSIVE:\ no\ event\ in\ .*\ (device|driver)\ thread\ got\ only ]] ;;
    *) return 1 ;;
    esac
}

# reproduced DESCRIPTION FILE RC: a widened window reproduced (exit 1), one
# TAP line. A widened window makes the race certain only while both
# threads run: on a host so busy that one of them got less than half a CPU,
# the run says INCONCLUSIVE (125) and the test is skipped, saying so.
# True only for exit 1, so that the caller checks the details only then.
reproduced() {
    local desc=$1 f=$2 rc=$3
    if [ "$rc" -eq 1 ]; then
        ok 0 "$desc: reproduced (exit 1)"
        return 0
    fi
    if [ "$rc" -eq 125 ] && no_event "$f" "$rc"; then
        skip "$desc: reproduced (exit 1)" "busy host: $(tail -n 1 "$f" | cut -c1-120)"
    else
        ok 1 "$desc: reproduced (exit 1; got $rc)"
        diag "$(tail -n 3 "$f")"
    fi
    return 1
}

# starved_note FILE RC: a diagnostic line when no_event passed only because
# the host was busy.
starved_note() {
    [ "$2" -eq 125 ] && diag "busy host: $(tail -n 1 "$1" | cut -c1-160)"
    return 0
}

# WIDEN: options that make the race reproduce within a bound on any
# host: the hardware watchpoint where breakpoints are permitted, else the
# project's double store with a gap between the stores.
widen_pick() {
    local out
    out=$("$BIN" run --widen=watchpoint --qemu-fix=upstream --duration 0.1 2>&1)
    if [ $? -eq 125 ] && grep -q "cannot test --widen=watchpoint here" <<<"$out"; then
        WIDEN=(--copy=double --gap=1000)
        WIDEN_NAME="double, gap 1000 (hardware breakpoints refused or silent here)"
    else
        WIDEN=(--widen=watchpoint)
        WIDEN_NAME="watchpoint"
    fi
}
