#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# measure.sh - the stores of aarch64 glibc's memcpy (or memmove) for the
# writes that matter, per CPU qemu-user emulates (glibc picks its variant by
# CPU through IFUNC), by single-stepping under qemu-aarch64's gdb stub:
#
#   tools/qemu-user-stores/measure.sh [CPU...]     (default: max neoverse-n1 cortex-a72)
#   MOVE=1 tools/qemu-user-stores/measure.sh ...   memmove (QEMU >= 8.0 copies with it)
#
# Needs gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, qemu-user,
# gdb-multiarch. Used for docs/platforms.md. User-mode emulation runs the
# real aarch64 glibc code, so the instructions are the ones a host with that
# CPU runs; what it cannot show is how those stores become visible to other
# CPUs on real hardware (arm64 may reorder them).
set -eu
cd "$(dirname "$0")"
out=${TMPDIR:-/tmp}/e1000_poc-stores.$$
trap 'rm -f "$out"' EXIT
aarch64-linux-gnu-gcc -O2 -g -static -o "$out" stores.c
[ $# -gt 0 ] || set -- max neoverse-n1 cortex-a72
echo "# $(dpkg-query -W -f '${Package} ${Version}' libc6-dev-arm64-cross 2>/dev/null); $(qemu-aarch64 --version | head -n 1)"
for cpu in "$@"; do
    for write in "0 16" "12 1" "8 4"; do
        set -- $write
        port=$((20000 + RANDOM % 20000))
        qemu-aarch64 ${MOVE:+-E MOVE=1} -cpu "$cpu" -g "$port" "$out" "$1" "$2" >/dev/null 2>&1 &
        q=$!
        sleep 0.5
        echo "== -cpu $cpu: ${MOVE:+memmove}${MOVE:-memcpy} of $2 B at $1"
        timeout 120 gdb-multiarch -q -batch -ex "target remote :$port" -x trace.py "$out" 2>&1 |
            grep -E '^(store|steps) '
        kill "$q" 2>/dev/null || true
        wait "$q" 2>/dev/null || true
    done
done
