#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# try.sh - the real-stack watchpoint on Debian 12's QEMU with a throwaway
# Linux guest, by hand (docs/real-stack-watch.md has what it measured):
#
#   tools/vm-watch-try/try.sh [e1000|e1000e] [FRAMES] [HOLD_MS] [step|debugreg]
#
# Builds an initramfs in a temporary folder (busybox-static and the device's
# module from the installed linux-image-amd64; its init loads the module and
# sets eth0 up), boots it under TCG with the memfd RAM backend, the monitor
# on a unix socket and -netdev socket, then runs try.c: the ring from the
# monitor, the watch on QEMU's main thread, FRAMES frames (default 5) one
# every 3 s, holds of HOLD_MS (default 20). QEMU and the folder are removed
# on exit, also on Ctrl-C. Needs qemu-system-x86, busybox-static, cpio, gcc.
set -eu
dev=${1:-e1000}
frames=${2:-5}
hold=${3:-20}
mode=${4:-step}
case $dev in
e1000) drv=e1000 machine=pc dd=12 ;;
e1000e) drv=e1000e machine=q35 dd=8 ;; # Linux e1000e: extended descriptors, status_error at 8
*) echo "try.sh: device '$dev': use e1000 or e1000e" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
src=$here/../../src
kver=$(ls /lib/modules | sort -V | tail -n 1)
kernel=/boot/vmlinuz-$kver
mod=$(find "/lib/modules/$kver" -name "$drv.ko*" | head -n 1)
for need in qemu-system-x86_64 busybox cpio gcc; do
    command -v "$need" >/dev/null || { echo "try.sh: $need is missing" >&2; exit 125; }
done
[ -r "$kernel" ] && [ -n "$mod" ] || { echo "try.sh: no kernel or $drv module for $kver" >&2; exit 125; }

tmp=$(mktemp -d)
qpid=
cleanup() {
    [ -z "$qpid" ] || kill "$qpid" 2>/dev/null || true
    [ -z "$qpid" ] || wait "$qpid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gcc -D_GNU_SOURCE -I"$src" -std=gnu11 -O2 -pthread -o "$tmp/try" "$here/try.c" \
    "$src/vm/hmp.c" "$src/vm/guestram.c" "$src/vm/ptwatch.c" "$src/vm/x86store.c"

mkdir -p "$tmp/root/bin" "$tmp/root/proc" "$tmp/root/sys" "$tmp/root/dev"
cp "$(command -v busybox)" "$tmp/root/bin/busybox"
case $mod in
*.xz) xz -dc "$mod" >"$tmp/root/$drv.ko" ;;
*.zst) zstd -qdc "$mod" >"$tmp/root/$drv.ko" ;;
*) cp "$mod" "$tmp/root/$drv.ko" ;;
esac
cat >"$tmp/root/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
insmod /$drv.ko
sleep 1
ip link set eth0 up
echo "E1KP ready driver=$drv"
while true; do sleep 1; echo "RX \$(cat /sys/class/net/eth0/statistics/rx_packets)"; done
EOF
chmod +x "$tmp/root/init"
(cd "$tmp/root" && find . | cpio -o -H newc 2>/dev/null | gzip -1 >"$tmp/initrd.gz")

port() { echo $((20000 + RANDOM % 30000)); }
ph=$(port)
pg=$(port)
qemu-system-x86_64 -nodefaults -no-user-config -display none -accel tcg -cpu max -smp 1 -m 1024 \
    -object memory-backend-memfd,id=ram0,size=1024M,share=on -machine "$machine,memory-backend=ram0" \
    -kernel "$kernel" -initrd "$tmp/initrd.gz" -append "console=ttyS0 quiet panic=-1" \
    -serial "file:$tmp/serial.log" -no-reboot -monitor "unix:$tmp/hmp.sock,server=on,wait=off" \
    -netdev "socket,id=n0,udp=127.0.0.1:$ph,localaddr=127.0.0.1:$pg" \
    -device "$dev,netdev=n0,mac=52:54:00:e1:00:01" &
qpid=$!
for _ in $(seq 120); do
    grep -q 'E1KP ready' "$tmp/serial.log" 2>/dev/null && break
    kill -0 "$qpid" 2>/dev/null || { echo "try.sh: QEMU ended" >&2; exit 125; }
    sleep 1
done
grep -q 'E1KP ready' "$tmp/serial.log" || { echo "try.sh: the guest did not come up in 120 s" >&2; exit 125; }
sleep 3 # the link comes up
echo "# $(qemu-system-x86_64 --version | head -n 1); guest $kver, $drv; $(grep -m1 'model name' /proc/cpuinfo)"
rc=0
"$tmp/try" "$qpid" "$tmp/hmp.sock" "$pg" "$frames" 3000 "$hold" "$mode" "$dd" || rc=$?
sleep 2
echo "guest: $(grep '^RX' "$tmp/serial.log" | tail -n 1) frames received"
kill -0 "$qpid" 2>/dev/null && echo "QEMU runs on after the watch"
exit $rc
