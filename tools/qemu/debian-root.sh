#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# debian-root.sh NAME - a newer Debian's own qemu-system-x86_64, runnable on this host.
#   NAME: debian13 (trixie) or debian14 (forky, Debian's testing: it moves).
# debootstraps a minimal root of that suite holding qemu-system-x86 into the cache
# (QEMU_CACHE/NAME/root, see lib.sh) from the Debian mirror apt uses here, and writes
# QEMU_CACHE/NAME/qemu-system-x86_64: a wrapper that runs that root's QEMU through that root's
# own dynamic loader and libraries, with its firmware (-L) and modules (QEMU_MODULE_DIR).
# No chroot: host paths (-kernel, -initrd, sockets) keep working, and the wrapper execs, so its
# PID is QEMU's (its /proc/PID/comm reads "ld-linux-x86-6", its exe is the root's loader).
# QEMU_MODULE_DIR puts the root's modules first; -L its firmware (QEMU finds neither by itself:
# it looks beside /proc/self/exe, which is the loader).
# A finished root is kept and reused; --force builds it again. Prints the wrapper's path.
# Exit: 0 ready, 2 bad usage, 125 cannot here (not root, no debootstrap, mirror, checks failed).
set -u
. "$(dirname "$0")/lib.sh"

force=0
[ "${1:-}" = --force ] && { force=1; shift; }
[ $# -eq 1 ] || die 2 "usage: debian-root.sh [--force] debian13|debian14"
case $1 in
debian13) suite=trixie ;;
debian14) suite=forky ;;
*) die 2 "unknown Debian root '$1': use debian13 or debian14" ;;
esac
name=$1
dest=$QEMU_CACHE/$name
wrapper=$dest/qemu-system-x86_64

if [ "$force" = 0 ] && [ -x "$wrapper" ] && [ -f "$dest/ok" ]; then
    echo "$wrapper"
    exit 0
fi
need_root debian-root.sh
# The module packages too: a module this QEMU build knows but its root lacks would be looked
# for in the build's module folder, /usr/lib/x86_64-linux-gnu/qemu, which here is the HOST's,
# of another QEMU version ("Only modules from the same build can be loaded", then an abort in
# `-device help`, which loads every device module).
pkgs=qemu-system-x86,qemu-system-modules-opengl,qemu-system-modules-spice
command -v debootstrap >/dev/null || die 125 "debootstrap is missing (apt-get install debootstrap)"
mirror=$(debian_mirror) || die 125 "no Debian mirror found in /etc/apt/sources.list*"

mkdir -p "$QEMU_CACHE" || die 125 "cannot create $QEMU_CACHE"
tmp=$(mktemp -d "$QEMU_CACHE/.$name.XXXXXX") || die 125 "cannot create a folder in $QEMU_CACHE"
cleanup() {
    # debootstrap mounts proc and sys in the root while it works: unmount before removing.
    local m
    for m in $(awk -v t="$tmp/" 'index($2, t) == 1 { print $2 }' /proc/mounts | sort -r); do
        umount -l "$m" 2>/dev/null
    done
    rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "debootstrap $suite from $mirror into $dest (minbase + $pkgs)"
start=$(date +%s)
if ! nice -n 10 debootstrap --variant=minbase --include=$pkgs "$suite" "$tmp/root" "$mirror" \
    >"$tmp/debootstrap.log" 2>&1; then
    tail -n 5 "$tmp/debootstrap.log" >&2
    die 125 "debootstrap of $suite failed (log above)"
fi
t_boot=$(elapsed "$start")
say "debootstrap took $t_boot s"
root=$tmp/root

# Absolute symlinks in the root (firmware links such as usr/share/qemu/bios-256k.bin ->
# /usr/share/seabios/...) would resolve on the host, to the host's older files: point
# them inside the root instead.
find "$root/usr/share/qemu" "$root/usr/share/seabios" "$root/usr/lib/ipxe" -type l 2>/dev/null |
    while read -r l; do
        t=$(readlink "$l")
        case $t in /*) [ -e "$root$t" ] && ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$root$t")" "$l" ;; esac
    done

ld=usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
[ -f "$root/$ld" ] && [ -x "$root/usr/bin/qemu-system-x86_64" ] ||
    die 125 "the $suite root has no $ld or no usr/bin/qemu-system-x86_64"
cat >"$tmp/qemu-system-x86_64" <<WRAP
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Written by e1000_poc tools/qemu/debian-root.sh: Debian $suite's qemu-system-x86_64 run
# through its own root's loader and libraries (no chroot: host paths work), with that
# root's firmware and modules. exec: this PID becomes QEMU's.
d=\$(dirname "\$(readlink -f "\$0")")
r=\$d/root
QEMU_MODULE_DIR=\$r/usr/lib/x86_64-linux-gnu/qemu
export QEMU_MODULE_DIR
exec "\$r/$ld" --argv0 "\$0" \\
    --library-path "\$r/usr/lib/x86_64-linux-gnu:\$r/lib/x86_64-linux-gnu" \\
    "\$r/usr/bin/qemu-system-x86_64" -L "\$r/usr/share/qemu" "\$@"
WRAP
chmod 755 "$tmp/qemu-system-x86_64"
[ -f "$root/usr/share/doc/qemu-system-x86/changelog.Debian.gz" ] &&
    zcat "$root/usr/share/doc/qemu-system-x86/changelog.Debian.gz" | head -n 1 >"$tmp/debian-version"

# The checks' lines go to stderr: stdout is the wrapper's path alone.
if ! "$QEMU_TOOLS/check-qemu.sh" "$tmp/qemu-system-x86_64" >&2; then
    # Kept for a look, out of the way of the cache's finished entries.
    rm -rf --one-file-system "$dest.failed"
    mv "$tmp" "$dest.failed" && trap - EXIT
    die 125 "the $suite QEMU failed its checks (above); its root is kept in $dest.failed"
fi

# Whole and checked: replace any older copy.
if [ -e "$dest" ]; then
    old=$(mktemp -d "$QEMU_CACHE/.old-$name.XXXXXX")
    mv "$dest" "$old/" && rm -rf --one-file-system "$old"
fi
{
    echo "suite: $suite from $mirror"
    echo "packages: minbase + $pkgs"
    echo "debootstrap seconds: $t_boot (nice -n 10; $(nproc) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg))"
    echo "qemu: $(cat "$tmp/debian-version" 2>/dev/null)"
    echo "made: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$tmp/build-info.txt"
touch "$tmp/ok"
mv "$tmp" "$dest" || die 125 "cannot move the root into $dest"
trap - EXIT
echo "$wrapper"
