#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# list.sh - the QEMU executables the cache holds, one a line:
#   PATH <tab> QEMU VERSION <tab> WHAT (Debian root, or source version + patch)
# Only finished entries (an "ok" stamp); nothing is built or fetched. Exit 0, also when empty.
set -u
. "$(dirname "$0")/lib.sh"

row() { # row EXE WHAT
    local v
    v=$("$1" --version 2>/dev/null | sed -n 's/^QEMU emulator version \([0-9][0-9.]*\).*/\1/p' | head -n 1)
    printf '%s\t%s\t%s\n' "$1" "${v:-?}" "$2"
}
for d in "$QEMU_CACHE"/debian*; do
    [ -f "$d/ok" ] && [ -x "$d/qemu-system-x86_64" ] || continue
    row "$d/qemu-system-x86_64" "Debian root ${d##*/}: $(cat "$d/debian-version" 2>/dev/null | cut -d ' ' -f 2 | tr -d '()')"
done
for d in "$QEMU_CACHE"/build/*; do
    [ -f "$d/ok" ] && [ -x "$d/bin/qemu-system-x86_64" ] || continue
    row "$d/bin/qemu-system-x86_64" "source $(sed -n 's/^source: qemu \([^ ]*\).*/\1/p' "$d/build-info.txt") + patch $(sed -n 's/^patch: \([^ ]*\).*/\1/p' "$d/build-info.txt")"
done
exit 0
