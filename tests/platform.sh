#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# platform.sh - a build for another platform (docs/platforms.md): what must
# hold there. Run by `make check-aarch64` (EMU=qemu-aarch64: the binary runs
# under user-mode emulation) and `make check-musl` (PLATFORM=musl: a static
# musl build runs natively). With neither set (plain `make check`) it skips.
#
# Live runs under emulation mean nothing for timing: only bounded runs that
# must come out the same whatever the speed - fixed variants show no event,
# a window widened by --copy=double --gap=1000 reproduces (milliseconds
# natively and under qemu-aarch64; the bound is 20 s).
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
. tests/livecheck.bash
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -z "${EMU:-}" ] && [ -z "${PLATFORM:-}" ]; then
    echo "# nothing to do here: run by make check-aarch64, make check-musl, make check-other-arch"
    echo "1..0"
    exit 0
fi
run_bin() { ${EMU:-} "$BIN" "$@"; }
file_arch=$(od -An -tx1 -j18 -N2 "$BIN" | tr -d ' \n') # ELF e_machine
case $file_arch in
b700) arch=aarch64 ;;
3e00) arch=x86-64 ;;
*) arch=other ;; # an architecture the tool has no code for (riscv64 in make check-other-arch)
esac
where=natively
[ -n "${EMU:-}" ] && where="under $EMU"
diag "binary for $arch, run $where${PLATFORM:+, C library $PLATFORM}"

# one_line_refusal "description" STATUS args...: nothing on stdout, one
# line on stderr, the exit status given.
one_line_refusal() {
    local desc=$1 want=$2 rc=0
    shift 2
    run_bin "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if [ "$rc" -eq "$want" ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
        ok 0 "$desc: exit $want, one line: $(cat "$tmp/err")"
    else
        ok 1 "$desc: exit $want, one line on stderr, nothing on stdout"
        diag "exit $rc" "$(head -c 600 "$tmp/out" "$tmp/err")"
    fi
}

# ---- explain: deterministic, so the same verdicts as on x86-64 ----------
rc=0; run_bin explain --copy=double >"$tmp/out" 2>&1 || rc=$?
ok $([ "$rc" -eq 1 ] && grep -q 'RDH == RDT\|stale\|VIOLATION\|violat' "$tmp/out"; echo $?) \
    "explain: unfixed e1000 + double copy violates (exit $rc)"
rc=0; run_bin explain --copy=double --qemu-fix=upstream >"$tmp/out" 2>&1 || rc=$?
ok $([ "$rc" -eq 0 ]; echo $?) "explain: upstream fix + double copy, no violation within the bounds (exit $rc)"
rc=0; run_bin explain --copy=single --memory=tso >"$tmp/out" 2>&1 || rc=$?
ok $([ "$rc" -eq 0 ]; echo $?) "explain: unfixed e1000 + one 16-byte store, TSO: no violation (exit $rc)"
run_bin explain --copy=double >"$tmp/a" 2>&1
run_bin explain --copy=double >"$tmp/b" 2>&1
ok $(grep -v '^  search' "$tmp/a" >"$tmp/a2"; grep -v '^  search' "$tmp/b" >"$tmp/b2"; cmp -s "$tmp/a2" "$tmp/b2"; echo $?) \
    "explain: the same output twice"

# e1000's own fix (a 1-byte status copy) under aarch64 glibc's declared stores: the byte
# is stored three times and explain finds the driver's clear undone; the patch v2 is clean.
rc=0; run_bin explain --qemu-fix=upstream --copy=aarch64-generic >"$tmp/out" 2>&1 || rc=$?
ok $([ "$rc" -eq 1 ]; echo $?) "explain: e1000 upstream fix + aarch64-generic copy violates (exit $rc)"
rc=0; run_bin explain --qemu-fix=dd-byte --copy=aarch64-generic >"$tmp/out" 2>&1 || rc=$?
ok $([ "$rc" -eq 0 ]; echo $?) "explain: e1000 dd-byte (the patch v2) + aarch64-generic: no violation (exit $rc)"

# ---- probe ---------------------------------------------------------------
if [ "$arch" = other ]; then
    # No tracer for this architecture: refused at run time, one line.
    one_line_refusal "probe on an architecture without a tracer" 125 probe
    check "probe's refusal names the architecture" grep -q 'another architecture' "$tmp/err"
    rc=0; run_bin run --qemu-fix=upstream --duration 1 >"$tmp/out" 2>&1 || rc=$?
    check "run still races, its header saying the probe did not measure" grep -q 'not measured: ' "$tmp/out"
    one_line_refusal "run --copy=single without a 16-byte store" 125 run --copy=single --duration 1
    one_line_refusal "run --copy=double without a 16-byte store" 125 run --copy=double --duration 1
    one_line_refusal "run --copy=rep-movsb off x86" 125 run --copy=rep-movsb --duration 1
elif [ -n "${EMU:-}" ]; then
    # User-mode emulation has no ptrace: say so, in one line, exit 125.
    one_line_refusal "probe under user-mode emulation" 125 probe
    check "probe's refusal names the missing ptrace and qemu-user" grep -q 'no ptrace.*qemu-user' "$tmp/err"
    rc=0; run_bin run --qemu-fix=upstream --duration 1 >"$tmp/out" 2>&1 || rc=$?
    check "run still races, its header saying the probe did not measure" \
        grep -q 'not measured: .*no ptrace' "$tmp/out"
else
    rc=0; run_bin probe >"$tmp/out" 2>"$tmp/err" || rc=$?
    if grep -q 'ptrace is not permitted' "$tmp/err"; then
        skip "probe traces the static C library's memcpy" "ptrace is not permitted here"
        skip "the 1-byte status write is one store" "ptrace is not permitted here"
    else
        ok $([ "$rc" -le 1 ] || [ "$rc" -eq 125 ]; echo $?) "probe traces the C library's memcpy (exit $rc)"
        check "the 1-byte status write is one store [12,13)" grep -q '^  1 B at 12: 1 store \[12,13)$' "$tmp/out"
        diag "$(sed -n '/^Stores/,/^  8 B/p' "$tmp/out")"
    fi
fi

# ---- the barriers each side needs, in the aarch64 binary ------------------
if [ "$arch" = aarch64 ] && command -v aarch64-linux-gnu-objdump >/dev/null; then
    aarch64-linux-gnu-objdump -d "$BIN" >"$tmp/dis"
    for insn in 'dmb	ish$' 'dmb	oshst' 'dmb	oshld' 'yield'; do
        name=$(printf '%s' "${insn%\$}" | tr '\t' ' ')
        check "the aarch64 binary has $name (util/cpu.h)" grep -q "	$insn" "$tmp/dis"
    done
    # eth_em_recv_pkts gets the RDT write's dmb oshst (rte_write32), and no
    # read barrier, as upstream.
    sed -n '/<eth_em_recv_pkts>:/,/^$/p' "$tmp/dis" >"$tmp/em"
    check "eth_em_recv_pkts: dmb oshst before the RDT write" grep -q 'dmb	oshst' "$tmp/em"
fi

# ---- what this architecture cannot run: refused at run time, one line ----
if [ "$arch" = aarch64 ]; then
    one_line_refusal "run --copy=rep-movsb on aarch64" 125 run --copy=rep-movsb --duration 1
    if grep -q '^Features.*uscat' /proc/cpuinfo 2>/dev/null && [ -z "${EMU:-}" ]; then
        skip "run --copy=single refused without FEAT_LSE2" "this CPU has it"
    else
        one_line_refusal "run --copy=single without FEAT_LSE2" 125 run --copy=single --duration 1
    fi
fi

# ---- live: bounded runs whose outcome does not depend on speed -----------
clean_run() { # clean_run "description" args...
    local desc=$1 rc=0
    shift
    run_bin run "$@" >"$tmp/out" 2>&1 || rc=$?
    # No event: NOT REPRODUCED, or INCONCLUSIVE (exit 125) where emulation
    # or a busy host starved a thread (tests/livecheck.bash).
    if no_event "$tmp/out" "$rc"; then
        ok 0 "$desc: no event (exit $rc)"
        starved_note "$tmp/out" "$rc"
    else
        ok 1 "$desc: no event (exit $rc)"
        diag "exit $rc" "$(tail -n 8 "$tmp/out")"
    fi
}
# A multi-store routine this architecture runs: double (16-byte stores)
# where it has them, bytes-down elsewhere. bytes-down stores byte 12 (DD)
# before bytes 0-7, so a gap between its stores opens the same window as
# double's.
multi=double
[ "$arch" = other ] && multi=bytes-down
clean_run "qemu-fix upstream, $multi copy, 2 s" --qemu-fix=upstream --copy=$multi --duration 2
clean_run "dpdk-fix stop-at-rdh, $multi copy, 2 s" --dpdk-fix=stop-at-rdh --copy=$multi --duration 2
clean_run "igb atomic-status, $multi copy, 2 s" --device=igb --qemu-fix=atomic-status --copy=$multi --duration 2
# The model of the QEMU patch v2 (dd-byte: bytes 8-15 in one 8-byte store, not a copy) with
# this platform's own C library, whose aarch64 generic and simd variants store 1 byte three
# times (docs/platforms.md), and with those stores declared and widened.
clean_run "qemu-fix dd-byte, this C library's memcpy, 2 s" --qemu-fix=dd-byte --copy=libc --duration 2
clean_run "igb/linux-igb, qemu-fix dd-byte, this C library's memmove, 2 s" \
    --device=igb --driver=linux-igb --qemu-fix=dd-byte --copy=libc-memmove --duration 2
if [ "$arch" != other ]; then
    clean_run "qemu-fix dd-byte, aarch64-generic copy, gap 1000, 2 s" \
        --qemu-fix=dd-byte --copy=aarch64-generic --gap=1000 --duration 2
fi

rc=0; run_bin run --copy=$multi --gap=1000 --duration 20 >"$tmp/out" 2>&1 || rc=$?
if [ "$rc" -eq 1 ] && tail -n 1 "$tmp/out" | grep -q '^Verdict: REPRODUCED'; then
    ok 0 "unfixed, window widened by --copy=$multi --gap=1000: reproduced within 20 s"
else
    ok 1 "unfixed, window widened by --copy=$multi --gap=1000: reproduced within 20 s"
    diag "exit $rc" "$(tail -n 6 "$tmp/out")"
fi

done_testing
