#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check-qemu.sh [--no-boot] QEMU - is QEMU a usable qemu-system-x86_64 for e1000_poc vm?
#   1. `QEMU --version` names a QEMU version;
#   2. `QEMU -device help` lists e1000 and e1000e, and igb when the version is 8.0 or later
#      (igb first appeared in QEMU 8.0);
#   3. unless --no-boot: the host's kernel (/boot/vmlinuz-*, the newest) boots under TCG to
#      its first console line ("Linux version"); it then panics for want of a root file
#      system, which ends QEMU (-no-reboot, panic=-1). 180 s at most.
# Prints one line per check; exit 0 all passed, 1 one failed, 2 bad usage, 125 no kernel.
set -u
boot=1
[ "${1:-}" = --no-boot ] && { boot=0; shift; }
[ $# -eq 1 ] || { echo "usage: check-qemu.sh [--no-boot] QEMU" >&2; exit 2; }
q=$1
[ -x "$q" ] || { echo "check-qemu.sh: $q is not an executable" >&2; exit 2; }

ver=$("$q" --version 2>&1 | sed -n 's/^QEMU emulator version \([0-9][0-9.]*\).*/\1/p' | head -n 1)
[ -n "$ver" ] || { echo "FAIL $q --version: no 'QEMU emulator version' line" >&2; exit 1; }
echo "ok version $ver ($("$q" --version | head -n 1))"

devs=$("$q" -machine none -device help 2>&1)
want="e1000 e1000e"
[ "${ver%%.*}" -ge 8 ] && want="$want igb"
for d in $want; do
    printf '%s\n' "$devs" | grep -q "^name \"$d\"" ||
        { echo "FAIL $q -device help does not list $d" >&2; exit 1; }
done
echo "ok -device help lists $want"

[ "$boot" = 1 ] || exit 0
k=$(ls -v /boot/vmlinuz-* 2>/dev/null | tail -n 1)
[ -n "$k" ] || { echo "check-qemu.sh: no /boot/vmlinuz-* to boot" >&2; exit 125; }
out=$(timeout -k 5 180 "$q" -accel tcg -nodefaults -no-user-config -display none -m 256 \
    -kernel "$k" -append "console=ttyS0 panic=-1" -serial stdio -no-reboot 2>&1 </dev/null)
line=$(printf '%s\n' "$out" | grep -m 1 'Linux version')
[ -n "$line" ] || { printf '%s\n' "$out" | tail -n 5 >&2; echo "FAIL $q did not boot $k to its first line" >&2; exit 1; }
echo "ok boots $k: $(printf '%s\n' "$line" | cut -c 1-80)"
printf '%s\n' "$out" | grep -q 'Kernel panic' && echo "ok the kernel ran on to its panic (no root file system: expected)"
exit 0
