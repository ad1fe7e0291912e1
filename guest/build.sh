#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# build.sh - the guest image of `e1000_poc vm`, from this host's Debian packages
# (docs/real-stack.md "The guest"): the kernel of linux-image-amd64, the NIC
# modules with what they depend on, busybox-static, the DPDK libraries the
# receiver needs with only the PMDs it needs in the plugin folder, and the two
# receivers built here. Nothing is downloaded; nothing needs root.
#
#   guest/build.sh [--force] [--quiet]
#
# The image goes to $E1KP_GUEST_CACHE (default ${XDG_CACHE_HOME:-~/.cache}/e1000_poc/guest)
# under a folder named by the hash of its inputs (package versions, guest
# sources, compiler), and `latest` points at it: it is rebuilt only when an
# input changes. The last line printed is the image's folder.
# Exit: 0 built or cached, 1 failed (one line saying why), 2 bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

force=0 quiet=0
for a in "$@"; do
    case $a in
    --force) force=1 ;;
    --quiet) quiet=1 ;;
    *) echo "guest/build.sh: unknown option '$a' (use --force, --quiet)" >&2; exit 2 ;;
    esac
done
die() { echo "guest/build.sh: $*" >&2; exit 1; }
say() { [ $quiet -eq 1 ] || echo "guest/build.sh: $*" >&2; }

CC=${GUEST_CC:-gcc}
ARCHLIB=/usr/lib/x86_64-linux-gnu
PMDDIR=$ARCHLIB/dpdk/pmds-23.0
PMDS="librte_bus_pci librte_bus_vdev librte_mempool_ring librte_net_e1000"
MODULES="e1000 e1000e igb uio uio_pci_generic"

[ "$(uname -m)" = x86_64 ] || die "the guest is x86-64 and is built on an x86-64 host"
command -v dpkg-query >/dev/null || die "dpkg-query not found: the guest is built from Debian packages"
ver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
kpkg=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null | grep -o 'linux-image-[^ ,(]*' | head -n 1) ||
    true
[ -n "$kpkg" ] || die "linux-image-amd64 is not installed (make deps installs it)"
kver=${kpkg#linux-image-}
vmlinuz=/boot/vmlinuz-$kver
[ -r "$vmlinuz" ] || die "$vmlinuz is missing or unreadable (linux-image-amd64 $kver)"
[ -d "/lib/modules/$kver" ] || die "/lib/modules/$kver is missing"
bb=/bin/busybox
[ -n "$(ver busybox-static)" ] || die "busybox-static is not installed (make deps installs it)"
pkg-config --exists libdpdk 2>/dev/null || die "libdpdk-dev is not installed (make deps installs it)"
dpdkver=$(pkg-config --modversion libdpdk)
case $dpdkver in 22.11*) ;; *) die "DPDK $dpdkver found; the image is made for 22.11 (pmds-23.0)" ;; esac
for p in $PMDS; do [ -f "$PMDDIR/$p.so.23.0" ] || die "$PMDDIR/$p.so.23.0 missing (package dpdk)"; done
command -v cpio >/dev/null || die "cpio is not installed (make deps installs it)"

SOURCES="guest/build.sh guest/init guest/rx_dpdk.c guest/rx_packet.c guest/rx_count.c guest/rx_count.h
guest/rx_opts.c guest/rx_opts.h src/vm/vm_frame.c src/vm/vm_frame.h"
inputs=$(
    echo "kernel $kpkg $(ver "$kpkg")"
    for p in busybox-static libdpdk-dev librte-eal23 librte-ethdev23 librte-net-e1000-23 libc6 libgcc-s1; do
        echo "package $p $(ver "$p")"
    done
    echo "cc $($CC --version | head -n 1)"
    # shellcheck disable=SC2086
    sha256sum $SOURCES
)
hash=$(printf '%s\n' "$inputs" | sha256sum | cut -c1-16)
cache=${E1KP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/e1000_poc/guest}
out=$cache/$hash
if [ $force -eq 0 ] && [ -f "$out/manifest" ]; then
    ln -sfn "$hash" "$cache/latest"
    say "cached: $out"
    echo "$out"
    exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{dev,proc,sys,tmp,var/run,etc/e1kp/mod,usr/bin,usr/sbin,usr/lib64} "$root$ARCHLIB"
# The same merged-/usr layout as the host, so the libraries' paths and
# symbolic links mean the same inside the guest.
for d in bin lib lib64 sbin; do
    [ -L "/$d" ] && ln -s "$(readlink "/$d")" "$root/$d"
done
for d in bin sbin; do [ -e "$root/$d" ] || mkdir -p "$root/$d"; done

say "building the receivers with $CC"
WARN="-Wall -Wextra -Werror -Wshadow"
common="guest/rx_count.c guest/rx_opts.c src/vm/vm_frame.c"
# shellcheck disable=SC2086
$CC -O2 -g0 $WARN -Wstrict-prototypes -Wmissing-prototypes -D_GNU_SOURCE -Iguest -Isrc \
    -o "$work/rx_packet" guest/rx_packet.c $common || die "rx_packet did not build"
# --as-needed: only the libraries the receiver calls are linked; the PMDs
# come from the plugin folder, once (linked as well they would be mapped
# twice and the EAL aborts on a tailq registered twice).
# shellcheck disable=SC2086,SC2046
$CC -O2 -g0 $WARN -D_GNU_SOURCE -Iguest -Isrc $(pkg-config --cflags libdpdk) \
    -o "$work/rx_dpdk" guest/rx_dpdk.c $common -Wl,--as-needed $(pkg-config --libs libdpdk) ||
    die "rx_dpdk did not build"
install -m 755 "$work/rx_packet" "$work/rx_dpdk" "$root/usr/bin/"
install -m 755 guest/init "$root/init"

# copy_chain PATH: PATH in the image under its real folder, each symbolic
# link of its chain kept as a link, the file at the end copied.
copy_chain() {
    local p=$1 n=0
    while :; do
        local dir base
        dir=$(realpath "$(dirname "$p")")
        base=$(basename "$p")
        mkdir -p "$root$dir"
        [ -e "$root$dir/$base" ] || [ -L "$root$dir/$base" ] || cp -P "$dir/$base" "$root$dir/$base"
        [ -L "$dir/$base" ] || return 0
        local t
        t=$(readlink "$dir/$base")
        case $t in /*) p=$t ;; *) p=$dir/$t ;; esac
        n=$((n + 1))
        [ $n -lt 20 ] || die "symbolic link loop at $1"
    done
}
libs_of() {
    ldd "$1" | awk '/=> \//{print $3} /^[ \t]*\//{print $1}'
}
say "collecting libraries"
for p in $PMDS; do
    copy_chain "$PMDDIR/$p.so.23.0"
    copy_chain "$PMDDIR/$p.so.23"
    copy_chain "$ARCHLIB/$p.so.23"
done
for f in "$work/rx_dpdk" "$work/rx_packet" $(for p in $PMDS; do echo "$PMDDIR/$p.so.23.0"; done); do
    for l in $(libs_of "$f"); do copy_chain "$l"; done
done
# pthread_cancel loads libgcc_s at run time; the EAL's threads need it.
copy_chain "$ARCHLIB/libgcc_s.so.1"

say "busybox and modules"
cp "$bb" "$root/bin/busybox"
for a in $("$bb" --list); do
    [ "$a" = busybox ] || [ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done
moddir=/lib/modules/$kver
# deps_of MODULE: its dependency closure, dependencies first.
declare -A seen=()
order=()
deps_of() {
    local m=$1 d
    [ -n "${seen[$m]:-}" ] && return 0
    seen[$m]=1
    for d in $(modinfo -k "$kver" -F depends "$m" | tr , ' '); do deps_of "$d"; done
    order+=("$m")
}
for m in $MODULES; do
    seen=() order=()
    deps_of "$m"
    : >"$root/etc/e1kp/mod/$m"
    for d in "${order[@]}"; do
        src=$(modinfo -k "$kver" -F filename "$d") || die "module $d not found for $kver"
        [ "$src" = "(builtin)" ] && continue
        rel=${src#"$moddir"/}
        dst=$root$moddir/${rel%.ko*}.ko
        mkdir -p "$(dirname "$dst")"
        case $src in
        *.ko) cp "$src" "$dst" ;;
        *.ko.xz) xz -dc "$src" >"$dst" ;;
        *.ko.zst) zstd -qdc "$src" >"$dst" ;;
        *.ko.gz) gzip -dc "$src" >"$dst" ;;
        *) die "module file $src: unknown compression" ;;
        esac
        echo "$moddir/${rel%.ko*}.ko" >>"$root/etc/e1kp/mod/$m"
    done
done

say "packing the initramfs"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$work/initrd.gz"
cp "$vmlinuz" "$work/vmlinuz"
{
    echo "kernel $kver"
    echo "dpdk $dpdkver"
    echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '%s\n' "$inputs"
} >"$work/manifest.tmp"
stage=$work/image
mkdir "$stage"
mv "$work/vmlinuz" "$work/initrd.gz" "$stage/"
mv "$work/manifest.tmp" "$stage/manifest"
rm -rf "$out"
mv "$stage" "$out"
ln -sfn "$hash" "$cache/latest"
say "built: $out ($(du -sh "$out" | cut -f1))"
echo "$out"
