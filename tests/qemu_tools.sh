#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# qemu_tools.sh - tools/qemu: the QEMU binaries for e1000_poc vm --qemu. What does not need
# a build always runs (bad input refused, the patches well-formed); what does (the patches
# apply to the cached source, the cached QEMUs list their NICs, the Debian root's wrapper
# runs that root's QEMU as its own PID) runs on what the cache holds and SKIPs otherwise.
# Nothing is built or downloaded here: make qemu-debian13 / make qemu-src do that.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh
. tools/qemu/lib.sh
tmp=$(mktemp -d)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# refused CMD...: exit 2, exactly one line on stderr, nothing written to the empty cache.
refused() {
    local rc
    E1000_POC_QEMU_CACHE=$tmp/cache "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    [ "$rc" -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -s "$tmp/out" ] && [ ! -e "$tmp/cache" ] ||
        { diag "exit $rc, stderr: $(cat "$tmp/err")"; return 1; }
}
check "build-src.sh refuses an unknown patch name (exit 2, one line)" refused tools/qemu/build-src.sh no-such-patch
check "... and names the patches it has" grep -q 'unfix-e1000' "$tmp/err"
check "build-src.sh refuses a patch name that is a path" refused tools/qemu/build-src.sh ../../Makefile
check "build-src.sh refuses no patch at all" refused tools/qemu/build-src.sh ''
check "build-src.sh refuses an unknown source" refused tools/qemu/build-src.sh --source nowhere none
check "build-src.sh refuses an unknown option" refused tools/qemu/build-src.sh --fast none
check "debian-root.sh refuses an unknown Debian root" refused tools/qemu/debian-root.sh debian99
check "check-qemu.sh refuses a QEMU that is not an executable" refused tools/qemu/check-qemu.sh "$tmp/none"

# --print: where a build would be, named by source version, patch and the patch's hash; nothing
# made. Only where apt already knows qemu's source packages (it would add a deb-src entry).
if [ -n "$(apt-cache showsrc qemu 2>/dev/null | sed -n 's/^Version: 1:7\.2+//p' | head -n 1)" ]; then
    h=$(sha256sum tools/qemu/patches/unfix-e1000.patch | cut -c 1-12)
    out=$(E1000_POC_QEMU_CACHE=$tmp/pc tools/qemu/build-src.sh --print unfix-e1000 2>/dev/null)
    check "build-src.sh --print names the build of 7.2 + unfix-e1000 by version, name and hash" \
        grep -qx "$tmp/pc/build/7\.2+[^/]*+unfix-e1000-$h/bin/qemu-system-x86_64 (not built)" <<<"$out"
    check "... and makes nothing" test ! -e "$tmp/pc"
else
    skip "build-src.sh --print names a build" "apt knows no qemu source package here (no deb-src entry)"
fi

# The patches: each a diff of hw/ files, or (none) no diff at all; each base a known one.
for p in tools/qemu/patches/*.patch; do
    n=${p##*/}
    if [ "$n" = none.patch ]; then
        check "patch none holds no diff" bash -c "! grep -q '^--- ' '$p'"
        continue
    fi
    check "patch ${n%.patch} changes only files under hw/" \
        bash -c "grep '^+++ ' '$p' | grep -qv '^+++ b/hw/' && exit 1; grep -q '^+++ b/hw/' '$p'"
done
for p in tools/qemu/patches/*.patch; do
    b=$(sed -n 's/^e1000_poc-base: *//p' "$p")
    [ -n "$b" ] || b=$(head -n 1 "${p%.patch}.base" 2>/dev/null)
    [ -z "$b" ] && continue
    case $b in debian12 | debian13 | newest | [0-9]*:[0-9]*) ok 0 "patch ${p##*/}: base $b is one build-src.sh knows" ;;
    *) ok 1 "patch ${p##*/}: base '$b' is not one build-src.sh knows" ;; esac
done

# apply_to PATCH SRC: PATCH applied to a copy of the files it touches, in $tmp/apply.
apply_to() {
    local f
    rm -rf "$tmp/apply"
    mkdir -p "$tmp/apply"
    for f in $(sed -n 's|^+++ b/||p' "$1"); do
        mkdir -p "$tmp/apply/$(dirname "$f")"
        cp "$2/$f" "$tmp/apply/$f" || return 1
    done
    patch -p1 -N --batch -s -d "$tmp/apply" <"$1" >/dev/null
}
src72=$(ls -d "$QEMU_CACHE"/src/qemu_7.2+dfsg-* 2>/dev/null | tail -n 1)
if [ -n "$src72" ] && [ -f "$src72/.e1000_poc-ok" ]; then
    check "unfix-e1000 applies to the cached ${src72##*/}" apply_to tools/qemu/patches/unfix-e1000.patch "$src72"
    # e1000_receive_iov() after it: DD set in the local copy before the copy of the frame,
    # one 16-byte write of the descriptor, no separate write of the status byte.
    body=$(sed -n '/^e1000_receive_iov(/,/^}/p' "$tmp/apply/hw/net/e1000.c")
    check "... e1000_receive_iov sets DD before the descriptor write" \
        grep -q 'desc.status |= (vlan_status | E1000_RXD_STAT_DD);' <<<"$body"
    check "... and no longer clears it or writes the status byte separately" \
        bash -c '! grep -qE "~E1000_RXD_STAT_DD|offsetof\(struct e1000_rx_desc, status\)"' <<<"$body"
    check "... one descriptor write remains" test "$(grep -c 'pci_dma_write(d, base,' <<<"$body")" -eq 1
else
    skip "unfix-e1000 applies to Debian 12's QEMU source" "no cached 7.2 source in $QEMU_CACHE/src (make qemu-src PATCH=unfix-e1000)"
fi
src102=$(ls -d "$QEMU_CACHE"/src/qemu_10.2.2+* 2>/dev/null | tail -n 1)
if [ -n "$src102" ] && [ -f "$src102/.e1000_poc-ok" ]; then
    check "dd-byte (docs/qemu-patch, v1) applies to the cached ${src102##*/}" \
        apply_to tools/qemu/patches/dd-byte.patch "$src102"
    check "dd-store-v2 (docs/qemu-patch/v2) applies to the cached ${src102##*/}" \
        apply_to tools/qemu/patches/dd-store-v2.patch "$src102"
    # v2: no RX write-back path writes a descriptor through pci_dma_write() itself; all three
    # go through the one helper, which copies the descriptor with bytes 8-15 (DD, the length)
    # zero, then stores those 8 bytes with one address_space_stq_le() after smp_wmb().
    fn() { sed -n "/^$2(/,/^}/p" "$tmp/apply/hw/net/$1"; }
    rx="$(fn e1000.c e1000_receive_iov)$(fn e1000e_core.c e1000e_write_packet_to_guest)$(fn igb_core.c igb_write_packet_to_guest)"
    check "... and no RX write-back path writes a descriptor with pci_dma_write() itself" \
        bash -c '[ -n "$1" ] && ! grep -nE "pci_dma_write\([^,]*, base" <<<"$1"' _ "$rx"
    check "... e1000, e1000e and igb call the helper" \
        bash -c "grep -q e1000x_write_rx_desc '$tmp/apply/hw/net/e1000.c' && grep -q e1000x_write_rx_desc '$tmp/apply/hw/net/e1000e_core.c' &&
                 grep -q e1000x_write_rx_desc '$tmp/apply/hw/net/igb_core.c'"
    helper=$(sed -n '/^void e1000x_write_rx_desc/,/^}/p' "$tmp/apply/hw/net/e1000x_common.c")
    # The order in the helper: zero bytes 8-15, copy, put them back, barrier, one 8-byte store.
    order=$(grep -oE 'stq_le_p\(upper, 0\)|pci_dma_write\(dev, addr, desc, len\)|stq_le_p\(upper, val\)|smp_wmb\(\)|address_space_stq_le\(pci_get_address_space\(dev\), addr \+ 8' <<<"$helper" | tr '\n' '|')
    check "... which copies the descriptor with bytes 8-15 zero, then stores them with one address_space_stq_le() after smp_wmb()" \
        test "$order" = 'stq_le_p(upper, 0)|pci_dma_write(dev, addr, desc, len)|stq_le_p(upper, val)|smp_wmb()|address_space_stq_le(pci_get_address_space(dev), addr + 8|'
    [ $? -eq 0 ] || diag "order in the helper: $order"
    # TX: every write-back of a transmit descriptor goes through the TX helper, which stores
    # bytes 12-15 (DD) with one address_space_stl_le() after smp_wmb(), last.
    tx="$(fn e1000.c txdesc_writeback)$(fn e1000e_core.c e1000e_txdesc_writeback)$(fn igb_core.c igb_txdesc_writeback)"
    check "... no TX write-back writes the descriptor with pci_dma_write() itself; all three call the TX helper" \
        bash -c '[ "$(grep -c e1000x_write_tx_desc <<<"$1")" -eq 3 ] && ! grep -nE "pci_dma_write\([^,]*, base" <<<"$1"' _ "$tx"
    txh=$(sed -n '/^void e1000x_write_tx_desc/,/^}/p' "$tmp/apply/hw/net/e1000x_common.c")
    order=$(grep -oE 'pci_dma_write\(|smp_wmb\(\)|address_space_stl_le\(pci_get_address_space\(dev\), addr \+ 12' <<<"$txh" | tr '\n' '|')
    check "... which writes bytes up to 11, then bytes 12-15 with one address_space_stl_le() after smp_wmb()" \
        test "$order" = 'pci_dma_write(|smp_wmb()|address_space_stl_le(pci_get_address_space(dev), addr + 12|'
    [ $? -eq 0 ] || diag "order in the TX helper: $order"
else
    skip "dd-byte and dd-store-v2 apply to QEMU 10.2.2" "no cached 10.2.2 source in $QEMU_CACHE/src (make qemu-src PATCH=dd-byte)"
fi

# Every cached QEMU: a version, and the NICs e1000_poc vm drives (igb from 8.0 on).
n=0
while IFS=$'\t' read -r exe ver what; do
    n=$((n + 1))
    tools/qemu/check-qemu.sh --no-boot "$exe" >"$tmp/check" 2>&1
    ok $? "cached QEMU $ver ($what): a version and its NICs in -device help"
    [ $? -eq 0 ] || diag "$(cat "$tmp/check")"
done < <(tools/qemu/list.sh)
[ "$n" -gt 0 ] || skip "the cached QEMUs list their NICs" "the cache $QEMU_CACHE holds none (make qemu-debian13, make qemu-src PATCH=...)"

# The Debian root's wrapper: exec, so the PID it started is QEMU's, mapping the root's libc.
w=$QEMU_CACHE/debian13/qemu-system-x86_64
if [ -f "$QEMU_CACHE/debian13/ok" ] && [ -x "$w" ]; then
    "$w" -machine none -nodefaults -display none -S -monitor none -serial none </dev/null >/dev/null 2>&1 &
    pid=$!
    pids+=("$pid")
    found=1
    for _ in $(seq 100); do
        grep -q "$QEMU_CACHE/debian13/root/usr/lib/x86_64-linux-gnu/libc.so.6" "/proc/$pid/maps" 2>/dev/null &&
            { found=0; break; }
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    ok $found "the debian13 wrapper's PID is QEMU's, with the root's libc mapped"
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
else
    skip "the debian13 wrapper's PID is QEMU's" "no Debian 13 root in $QEMU_CACHE (make qemu-debian13)"
fi
done_testing
