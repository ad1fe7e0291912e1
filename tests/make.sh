#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# make.sh - the seed's make commands: build switches set the run's defaults,
# stay in effect for `make run`, rebuild only what they affect, and bad
# values stop the build. Uses its own build directory. Holds on a loaded
# host: the reproducing run widens the window (tests/livecheck.bash).
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
. tests/livecheck.bash
# A clean slate: nothing inherited from an outer make or the caller.
unset MAKEFLAGS MAKEOVERRIDES MFLAGS MAKELEVEL WITH_QEMU_PATCH WITH_PATCH WITH_DPDK_PATCH \
    RX_DESC_NUM SLOW_MEMCPY RX_INTERVAL DPDK_VLOG DURATION ARGS BIN
B=build/t-make
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$B"' EXIT
rm -rf "$B"
m() { make --no-print-directory BUILD="$B" "$@" >"$tmp/out" 2>&1; }
header() { grep -E "^  (device|driver|ring|build|copy) " "$tmp/out"; }

m RX_DESC_NUM=7
ok $(($? == 0)) "make RX_DESC_NUM=7 fails"
check "... and says why" grep -q "RX_DESC_NUM=7: use a multiple of 8" "$tmp/out"
m RX_DESC_NUM=70000
ok $(($? == 0)) "make RX_DESC_NUM=70000 fails"
m RX_DESC_NUM=eight
ok $(($? == 0)) "make RX_DESC_NUM=eight fails"
m WITH_QEMU_PATCH=2
ok $(($? == 0)) "make WITH_QEMU_PATCH=2 fails"
check "... and says why" grep -q "WITH_QEMU_PATCH=2: use 0 or 1" "$tmp/out"
m run SLOW_MEMCPY=yes
ok $(($? == 0)) "make run SLOW_MEMCPY=yes fails (not silently ignored)"
check "... and says why" grep -q "SLOW_MEMCPY=yes: use 0 or 1" "$tmp/out"
m run RX_INTERVAL=1s
ok $(($? == 0)) "make run RX_INTERVAL=1s fails"
check "... and says why" grep -q "RX_INTERVAL=1s: use a whole number of milliseconds" "$tmp/out"
m run DPDK_VLOG=on
ok $(($? == 0)) "make run DPDK_VLOG=on fails"

m
ok $? "make builds"
check "make builds $B/e1000_poc" test -x "$B/e1000_poc"
# A widened window, so that it reproduces on any host within the bound
# (whether the natural race shows up in some time depends on CPU and load).
BIN=$B/e1000_poc widen_pick
m run DURATION=30 "ARGS=${WIDEN[*]}"
rc=$?
# A host too busy to race says INCONCLUSIVE (125, so make run fails): skipped.
if grep -q "^Verdict: INCONCLUSIVE: no event .* thread got only" "$tmp/out"; then
    skip "make run exits 0 even when the verdict is REPRODUCED" "busy host: the run was INCONCLUSIVE"
    skip "make run: unfixed default, widened ($WIDEN_NAME), reproduces" "busy host"
else
    ok $rc "make run exits 0 even when the verdict is REPRODUCED (got $rc)"
    check "make run: unfixed default, widened ($WIDEN_NAME), reproduces" grep -q "^Verdict: REPRODUCED" "$tmp/out"
fi

m WITH_QEMU_PATCH=1
ok $? "make WITH_QEMU_PATCH=1"
check "... recompiles build_defaults.c" grep -q "build_defaults.c" "$tmp/out"
grep -Eq "device/e1000.c|driver/em.c|live.c" "$tmp/out"
ok $((1 - $?)) "... and nothing else"
m run DURATION=1
check "make run after it: qemu-fix upstream" grep -q "qemu-fix upstream" "$tmp/out"
check "make run after it: header names the switch" grep -q "build   defaults set by make WITH_QEMU_PATCH=1" "$tmp/out"
check "make run after it: no event (NOT REPRODUCED, or INCONCLUSIVE on a busy host)" \
    grep -Eq "^Verdict: (NOT REPRODUCED|INCONCLUSIVE: no event .* thread got only)" "$tmp/out"
m WITH_QEMU_PATCH=1
check "same switch again: nothing rebuilt" grep -q "Nothing to be done" "$tmp/out"

m WITH_PATCH=1
m run DURATION=1
check "WITH_PATCH=1 (older spelling): qemu-fix upstream" grep -q "qemu-fix upstream" "$tmp/out"

m WITH_DPDK_PATCH=1
m run DURATION=1
check "WITH_DPDK_PATCH=1: dpdk-fix stop-at-rdh" grep -q "dpdk-fix stop-at-rdh" "$tmp/out"
check "WITH_DPDK_PATCH=1: qemu-fix back to none (plain make takes only what it is given)" \
    grep -q "qemu-fix none" "$tmp/out"
check "WITH_DPDK_PATCH=1: no event (NOT REPRODUCED, or INCONCLUSIVE on a busy host)" \
    grep -Eq "^Verdict: (NOT REPRODUCED|INCONCLUSIVE: no event .* thread got only)" "$tmp/out"

m RX_DESC_NUM=8
m run RX_INTERVAL=20 DPDK_VLOG=1 DURATION=1 ARGS=--qemu-fix=upstream
check "RX_DESC_NUM=8 sticks for make run" grep -q "ring    8 descriptors" "$tmp/out"
check "RX_INTERVAL=20: interval pace" grep -q "pace interval (20 ms)" "$tmp/out"
check "DPDK_VLOG=1: GET lines" grep -Eq '^\[[0-9]+\.[0-9]{3}\] DPDK: GET rx_id=[0-7]$' "$tmp/out"

m run SLOW_MEMCPY=1 DURATION=0.5 ARGS=--qemu-fix=upstream
check "SLOW_MEMCPY=1 sets GLIBC_TUNABLES with old and new names" \
    grep -q "GLIBC_TUNABLES glibc.cpu.hwcaps=-AVX_Usable,-AVX2_Usable,.*-AVX,-AVX2,.*-AVX_Fast_Unaligned_Load" "$tmp/out"
check "SLOW_MEMCPY=1: the header's probe line says whether the seed's advice holds" \
    grep -Eq "^  probe   (not measured: |.*SLOW_MEMCPY advice (holds here|does not hold))" "$tmp/out"

m
m run DURATION=0.5 ARGS=--qemu-fix=upstream
check "plain make resets to the defaults: ring 32" grep -q "ring    32 descriptors" "$tmp/out"
grep -q "build   defaults" "$tmp/out"
ok $((1 - $?)) "plain make resets to the defaults: no switch named"
done_testing
