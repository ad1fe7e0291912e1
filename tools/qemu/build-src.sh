#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# build-src.sh [--source SOURCE] [--print] PATCH - qemu-system-x86_64 from Debian's QEMU source
# package, with a named patch applied, built for x86_64-softmmu only, cached.
#   PATCH   a file tools/qemu/patches/PATCH.patch (`none`: Debian's source as it is).
#   SOURCE  debian12 (the newest 7.2 Debian 12 has), debian13, newest (the newest qemu source
#           package apt knows), or an exact Debian version such as 1:7.2+dfsg-7+deb12u18.
#           Default: the patch's own base ("e1000_poc-base: S" in it, or PATCH.base), else newest.
#   --print only print where the build is (or would be) and whether it is there; build nothing.
# The source comes from `apt-get source` (a deb-src entry of our own is added under
# /etc/apt/sources.list.d/ when apt has none for qemu), Debian's patches applied, and is kept
# in QEMU_CACHE/src/. A build is kept in QEMU_CACHE/build/VERSION+PATCH-HASH/ (HASH: of the
# patch file, so an edited patch is a new build) and never rebuilt once there: its
# bin/qemu-system-x86_64 is the executable to give `e1000_poc vm --qemu` (its firmware path
# is the host's /usr/share/qemu, seabios and ipxe; keymaps and option ROMs are its own).
# Configured with every optional feature off (--without-default-features), no tools, docs,
# guest agent or user-mode targets, and --without-default-devices with a device list of our
# own: the pc and q35 machines, e1000, e1000e, igb where the source has it, and what those
# machines select (the serial port among them). Compiled under nice -n 10 with make -j$(nproc).
# Prints the executable's path. Exit: 0 built or cached, 2 bad usage (unknown patch or
# source, a patch that does not apply), 125 cannot build here (not root, no network, a
# build error: its log is kept, named on stderr).
set -u
. "$(dirname "$0")/lib.sh"

usage="usage: build-src.sh [--source debian12|debian13|newest|VERSION] [--print] PATCH"
source_spec= print=0
while [ $# -gt 0 ]; do
    case $1 in
    --source) [ $# -ge 2 ] || die 2 "$usage"; source_spec=$2; shift 2 ;;
    --source=*) source_spec=${1#--source=}; shift ;;
    --print) print=1; shift ;;
    -*) die 2 "unknown option '$1': $usage" ;;
    *) break ;;
    esac
done
[ $# -eq 1 ] || die 2 "$usage"
patch_name=$1
[ -n "$patch_name" ] || die 2 "no patch named (make qemu-src PATCH=NAME; none: the source unchanged): $usage"
case $patch_name in
*[!A-Za-z0-9._-]* | .* | '') die 2 "bad patch name '$patch_name': letters, digits, . _ - only" ;;
esac
patch_file=$QEMU_TOOLS/patches/$patch_name.patch
[ -f "$patch_file" ] ||
    die 2 "unknown patch '$patch_name': use one of $(cd "$QEMU_TOOLS/patches" && ls -- *.patch | sed 's/\.patch$//' | tr '\n' ' ')"
# The patch's own base: a line "e1000_poc-base: S" in its free text, or (for a patch kept in
# git format-patch form, whose text is its commit message) a file NAME.base beside it.
[ -n "$source_spec" ] || source_spec=$(sed -n 's/^e1000_poc-base: *//p' "$patch_file" | head -n 1)
[ -n "$source_spec" ] || source_spec=$(head -n 1 "${patch_file%.patch}.base" 2>/dev/null)
[ -n "$source_spec" ] || source_spec=newest
case $source_spec in
debian12 | debian13 | newest | [0-9]*:[0-9]* | [0-9]*.[0-9]*) ;;
*) die 2 "unknown source '$source_spec': use debian12, debian13, newest or a Debian version" ;;
esac

# sort_debian_versions: stdin versions, newest first, by dpkg's rules.
sort_debian_versions() {
    local v out=()
    while read -r v; do
        local i=0
        while [ $i -lt ${#out[@]} ] && dpkg --compare-versions "${out[$i]}" ge "$v"; do i=$((i + 1)); done
        out=("${out[@]:0:$i}" "$v" "${out[@]:$i}")
    done
    [ ${#out[@]} -eq 0 ] || printf '%s\n' "${out[@]}"
}

ensure_deb_src() {
    [ -n "$(apt-cache showsrc qemu 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)" ] && return 0
    need_root build-src.sh
    local mirror
    mirror=$(debian_mirror) || die 125 "no Debian mirror found in /etc/apt/sources.list*"
    say "adding deb-src entries for qemu in /etc/apt/sources.list.d/e1000_poc-deb-src.sources"
    cat >/etc/apt/sources.list.d/e1000_poc-deb-src.sources <<EOF
# e1000_poc tools/qemu: Debian's QEMU source packages (source only: no binary package comes from here)
Types: deb-src
URIs: $mirror
Suites: bookworm bookworm-updates trixie forky sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    apt-get update -q >/dev/null 2>&1 || die 125 "apt-get update failed"
}

ensure_deb_src
versions=$(apt-cache showsrc qemu 2>/dev/null | sed -n 's/^Version: //p' | sort -u | sort_debian_versions)
case $source_spec in
debian12) candidates=$(printf '%s\n' "$versions" | grep -m 1 '^1:7\.2+') ;;
debian13) candidates=$(printf '%s\n' "$versions" | grep -m 1 '+deb13u') ;;
# Newest first; a version apt lists but the mirror cannot serve is passed over (below).
newest) candidates=$versions ;;
*) candidates=$(printf '%s\n' "$versions" | grep -m 1 -xF -- "$source_spec") ;;
esac
[ -n "$candidates" ] || die 2 "no qemu source '$source_spec' known to apt (known: $(echo $versions))"
hash=$(sha256sum "$patch_file" | cut -c 1-12)

# build_dir VERSION: the cache folder of VERSION + this patch (no epoch in folder names).
build_dir() {
    local v=${1#*:}
    echo "$QEMU_CACHE/build/$v+$patch_name-$hash"
}

# A finished build of the first candidate that has one is the answer: never rebuilt.
for version in $candidates; do
    dest=$(build_dir "$version")
    if [ -f "$dest/ok" ] && [ -x "$dest/bin/qemu-system-x86_64" ]; then
        echo "$dest/bin/qemu-system-x86_64"
        exit 0
    fi
done
if [ "$print" = 1 ]; then
    echo "$(build_dir "$(printf '%s\n' "$candidates" | head -n 1)")/bin/qemu-system-x86_64 (not built)"
    exit 0
fi
need_root build-src.sh

# ---- build dependencies: a short explicit list, not Debian's whole build-dep ----
deps="gcc make ninja-build meson pkg-config python3-venv python3-distlib libglib2.0-dev libpixman-1-dev zlib1g-dev flex bison"
missing=$(for p in $deps; do dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null | grep -qx installed || echo "$p"; done)
if [ -n "$missing" ]; then
    say "installing build dependencies: $(echo $missing)"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $missing >/dev/null ||
        die 125 "apt-get install $(echo $missing) failed"
fi

# ---- the source, kept per version ----
# fetch_source VERSION: Debian's source of VERSION, unpacked with Debian's patches applied,
# in QEMU_CACHE/src/qemu_VERSION (kept). 1 when the mirror cannot serve it.
stmp=
trap '[ -z "$stmp" ] || rm -rf "$stmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
fetch_source() {
    local v=$1 dir=$QEMU_CACHE/src/qemu_${1#*:} d
    [ -f "$dir/.e1000_poc-ok" ] && return 0
    mkdir -p "$QEMU_CACHE/src" || die 125 "cannot create $QEMU_CACHE/src"
    stmp=$(mktemp -d "$QEMU_CACHE/src/.qemu.XXXXXX") || die 125 "cannot create a folder in $QEMU_CACHE/src"
    say "apt-get source qemu=$v"
    if ! (cd "$stmp" && apt-get source -q "qemu=$v" >fetch.log 2>&1); then
        grep -m 2 -E '^(E|Err):' "$stmp/fetch.log" | sed 's/^/  /' >&2
        rm -rf "$stmp"
        stmp=
        return 1
    fi
    d=$(find "$stmp" -mindepth 1 -maxdepth 1 -type d -name 'qemu-*' | head -n 1)
    [ -n "$d" ] && [ -f "$d/configure" ] || die 125 "apt-get source gave no qemu-* folder with a configure script"
    touch "$d/.e1000_poc-ok"
    rm -rf "$dir"
    mv "$d" "$dir" || die 125 "cannot move the source to $dir"
    rm -rf "$stmp"
    stmp=
}
version=
for v in $candidates; do
    if fetch_source "$v"; then
        version=$v
        break
    fi
    say "qemu $v: apt lists it but the mirror cannot serve it; trying the next"
done
[ -n "$version" ] || die 125 "no qemu source '$source_spec' could be fetched"
srcdir=$QEMU_CACHE/src/qemu_${version#*:}
dest=$(build_dir "$version")
key=${dest##*/}
exe=$dest/bin/qemu-system-x86_64


# ---- meson: QEMU 8.1 and later name the version they need in pythondeps.toml ----
# Debian 12's meson (1.0) is too old for QEMU 10; Debian's source package has no bundled
# meson wheel (python/wheels is stripped). Then Debian 13's meson package (pure Python) is
# downloaded with apt through a state folder of its own (the host's apt setup is untouched),
# unpacked into QEMU_CACHE/tools/meson (kept), and put on PYTHONPATH: QEMU's configure finds
# it there as an installed package and writes its own pyvenv/bin/meson from it.
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3)
meson_version() { # meson_version [PYTHONPATH]: the version of meson that python imports
    PYTHONPATH=${1:-} "$python" -c 'import importlib.metadata as m; print(m.version("meson"))' 2>/dev/null
}
need_meson=$(sed -n '/^\[meson\]/,/^\[/s/^meson *= *{ *accepted *= *">=\([0-9.]*\)".*/\1/p' \
    "$srcdir/pythondeps.toml" 2>/dev/null | head -n 1)
if [ -n "$need_meson" ] && ! dpkg --compare-versions "$(meson_version)" ge "$need_meson"; then
    mdir=$QEMU_CACHE/tools/meson
    mpath=$mdir/usr/lib/python3/dist-packages
    if ! [ -f "$mdir/ok" ] || ! dpkg --compare-versions "$(meson_version "$mpath")" ge "$need_meson"; then
        say "qemu $version needs meson >= $need_meson; fetching Debian 13's meson package"
        mtmp=$(mktemp -d "$QEMU_CACHE/.meson.XXXXXX") || die 125 "cannot create a folder in $QEMU_CACHE"
        trap 'rm -rf "$mtmp"' EXIT
        mkdir -p "$mtmp/state/lists/partial" "$mtmp/cache/archives/partial" "$mtmp/deb"
        echo "deb $(debian_mirror) trixie main" >"$mtmp/sources.list"
        aopt=(-o Dir::Etc::SourceList="$mtmp/sources.list" -o Dir::Etc::SourceParts=/nonexistent
            -o Dir::State="$mtmp/state" -o Dir::Cache="$mtmp/cache" -o Debug::NoLocking=1)
        { apt-get "${aopt[@]}" update -q && (cd "$mtmp/deb" && apt-get "${aopt[@]}" download meson); } \
            >"$mtmp/log" 2>&1 || { tail -n 3 "$mtmp/log" >&2; die 125 "could not download Debian 13's meson"; }
        dpkg-deb -x "$mtmp"/deb/meson_*.deb "$mtmp/meson" || die 125 "could not unpack Debian 13's meson"
        got=$(meson_version "$mtmp/meson/usr/lib/python3/dist-packages")
        dpkg --compare-versions "$got" ge "$need_meson" || die 125 "Debian 13's meson is $got, qemu $version needs $need_meson"
        touch "$mtmp/meson/ok"
        mkdir -p "$QEMU_CACHE/tools"
        rm -rf "$mdir"
        mv "$mtmp/meson" "$mdir" || die 125 "cannot move meson into $mdir"
        rm -rf "$mtmp"
        trap - EXIT
    fi
    export PYTHONPATH=$mpath
    say "using meson $(meson_version "$mpath") from $mdir"
fi

# ---- the build ----
# It happens in one work tree per source version, QEMU_CACHE/work/qemu_VERSION/{src,build}, at
# a fixed path (the build files hold absolute paths) and kept: a later build of the same version
# with another patch takes the last patch out (patch -R), puts its own in, and make compiles
# only what changed. Any doubt about the tree (a patch that does not come out cleanly, an
# interrupted patch step) and it starts again from the cached source. One build per version at
# a time (a lock). What is installed goes to a temporary folder, renamed into the cache entry
# only when it passed its checks.
mkdir -p "$QEMU_CACHE/build" "$QEMU_CACHE/work" || die 125 "cannot create $QEMU_CACHE/build or work"
work=$QEMU_CACHE/work/qemu_${version#*:}
exec 9>"$work.lock" || die 125 "cannot create $work.lock"
flock -n 9 || { say "another build of qemu $version holds $work.lock; waiting for it"; flock 9; }
tmp=$(mktemp -d "$QEMU_CACHE/build/.$key.XXXXXX") || die 125 "cannot create a folder in $QEMU_CACHE/build"
keep_log=
cleanup() {
    if [ -n "$keep_log" ] && [ -f "$tmp/build.log" ]; then
        cp "$tmp/build.log" "$QEMU_CACHE/build/$key.failed.log"
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

has_diff() { grep -q '^--- ' "$1"; }
# The tree holds the patch work/applied.patch, or is not to be trusted (no such file).
from=
if [ -f "$work/applied.patch" ] && [ -f "$work/src/.e1000_poc-ok" ]; then
    from=$(sed -n 's/^e1000_poc-name: //p' "$work/applied.name" 2>/dev/null)
    cp "$work/applied.patch" "$tmp/old.patch"
    rm -f "$work/applied.patch"
    if has_diff "$tmp/old.patch" && ! (cd "$work/src" && patch -R -p1 --batch -s <"$tmp/old.patch" >/dev/null 2>&1); then
        say "the work tree's last patch did not come out cleanly: starting from the source again"
        from=
    fi
fi
if [ -z "$from" ] || ! [ -f "$work/src/.e1000_poc-ok" ]; then
    from=
    rm -rf "$work"
    mkdir -p "$work/build" || die 125 "cannot create $work"
    cp -a "$srcdir" "$work/src" || die 125 "cannot copy the source"
fi
if has_diff "$patch_file"; then
    (cd "$work/src" && patch -p1 -N --batch --dry-run -s <"$patch_file" >/dev/null 2>&1) ||
        { rm -rf "$work"; die 2 "patch '$patch_name' does not apply to qemu $version"; }
    (cd "$work/src" && patch -p1 -N --batch -s <"$patch_file") ||
        { rm -rf "$work"; die 2 "patch '$patch_name' failed on qemu $version"; }
fi
cp "$patch_file" "$work/applied.patch"
echo "e1000_poc-name: $patch_name" >"$work/applied.name"

# The device list: the boards and NICs e1000_poc vm uses; everything they select comes along.
mak=$work/src/configs/devices/x86_64-softmmu/e1000_poc.mak
{
    echo "# e1000_poc tools/qemu/build-src.sh: pc and q35 with Intel's emulated NICs"
    echo "CONFIG_I440FX=y"
    echo "CONFIG_Q35=y"
    echo "CONFIG_E1000_PCI=y"
    echo "CONFIG_E1000E_PCI_EXPRESS=y"
    grep -q '^config IGB_PCI_EXPRESS' "$work/src/hw/net/Kconfig" && echo "CONFIG_IGB_PCI_EXPRESS=y"
    # 10.2.2: hw/acpi/cxl.c comes with the pc board but calls hw/cxl's cxl_fmws_get_all_sorted(),
    # built only with CXL: without it the link fails (a gap in QEMU's Kconfig for minimal lists).
    # CXL depends on PXB (hw/pci-bridge/Kconfig), which a minimal list does not select either
    # (CXL=y without PXB=y is a contradiction minikconf refuses), and hw/cxl's events call
    # cxl_type3.c's cxl_assign_event_header(), built only with CXL_MEM_DEVICE; and CXL's root
    # port (cxl-rp) derives from pcie-root-port-base, built only with PCIE_PORT (without it
    # every -device help stops at "Type 'cxl-rp' is missing its parent").
    if grep -q '^config CXL$' "$work/src/hw/cxl/Kconfig" 2>/dev/null; then
        grep -q '^config PXB$' "$work/src/hw/pci-bridge/Kconfig" && echo "CONFIG_PXB=y"
        grep -q '^config PCIE_PORT$' "$work/src/hw/pci-bridge/Kconfig" && echo "CONFIG_PCIE_PORT=y"
        echo "CONFIG_CXL=y"
        grep -q '^config CXL_MEM_DEVICE$' "$work/src/hw/mem/Kconfig" && echo "CONFIG_CXL_MEM_DEVICE=y"
    fi
} >"$tmp/devices.mak"
cmp -s "$tmp/devices.mak" "$mak" || cp "$tmp/devices.mak" "$mak"

firmware=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu
# --python: the Debian python that meson above was checked with; QEMU before 8.1 (no
# pythondeps.toml) refuses it without its own bundled meson, and takes python3 from PATH.
pyopt=()
[ -f "$work/src/pythondeps.toml" ] && pyopt=(--python="$python")
conf=("${pyopt[@]}" --target-list=x86_64-softmmu --prefix=/qemu --firmwarepath="$firmware"
    --without-default-features --without-default-devices --with-devices-x86_64=e1000_poc
    --disable-docs --disable-tools --disable-guest-agent --disable-user --disable-install-blobs
    --disable-werror)
say "building qemu $version + $patch_name${from:+ (incremental: the work tree held $from)} in $work (log: $tmp/build.log)"
keep_log=1
start=$(date +%s)
: >"$tmp/build.log"
if [ -z "$from" ] || [ "$(cat "$work/configured" 2>/dev/null)" != "${conf[*]} PYTHONPATH=${PYTHONPATH:-}" ]; then
    rm -f "$work/configured"
    (cd "$work/build" && nice -n 10 ../src/configure "${conf[@]}") >>"$tmp/build.log" 2>&1 ||
        { tail -n 5 "$tmp/build.log" >&2; die 125 "configure failed; log kept in $QEMU_CACHE/build/$key.failed.log"; }
    echo "${conf[*]} PYTHONPATH=${PYTHONPATH:-}" >"$work/configured"
fi
t_conf=$(elapsed "$start")
# Only the emulator: QEMU's default target also builds its unit and qtest programs, about 40%
# of the steps (7.2: 2072 in all, 1220 for the emulator; 10.2.2: 2261 and 1378).
steps=$(cd "$work/build" && ninja -n qemu-system-x86_64 2>/dev/null | grep -c '^\[')
(cd "$work/build" && nice -n 10 make -j"$(nproc)" qemu-system-x86_64) >>"$tmp/build.log" 2>&1 ||
    { tail -n 5 "$tmp/build.log" >&2; die 125 "the build failed; log kept in $QEMU_CACHE/build/$key.failed.log"; }
t_build=$(elapsed "$start")
# CPU seconds (user + system) of configure and the compile, all processes: what the build
# costs whatever else shares the CPUs (wall time on an idle host is about this / CPUs).
times >"$tmp/times"
cpu=$(tail -n 1 "$tmp/times" | awk '{ split($1, u, "m"); split($2, s, "m"); printf "%d", u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
# The entry: the executable alone (with its symbols: gdb and watchpoints want them). Its data
# folder would be ../share/qemu, absent; the firmware path above names the host's firmware.
mkdir -p "$tmp/out/bin" && cp "$work/build/qemu-system-x86_64" "$tmp/out/bin/" ||
    die 125 "cannot copy qemu-system-x86_64 out of $work/build"
"$QEMU_TOOLS/check-qemu.sh" "$tmp/out/bin/qemu-system-x86_64" >"$tmp/out/check.txt" 2>&1 ||
    { cat "$tmp/out/check.txt" >&2; die 125 "the built QEMU failed its checks; log kept in $QEMU_CACHE/build/$key.failed.log"; }
keep_log=
cp "$patch_file" "$tmp/out/applied.patch"
cp "$tmp/build.log" "$tmp/out/build.log"
{
    echo "source: qemu $version (Debian source package, Debian's patches applied)"
    echo "patch: $patch_name (sha256 $hash...)"
    echo "configure: ${conf[*]}"
    echo "devices: $(grep -v '^#' "$mak" | tr '\n' ' ')"
    echo "ninja steps: $steps${from:+ (incremental: from the build with patch $from)}"
    echo "configure seconds: $t_conf"
    echo "configure+build CPU seconds (user+system): $cpu"
    echo "configure+build seconds: $t_build (make -j$(nproc), nice -n 10, $(nproc) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg))"
    echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$tmp/out/build-info.txt"
touch "$tmp/out/ok"
rm -rf "$dest"
mv "$tmp/out" "$dest" || die 125 "cannot move the build into $dest"
say "built in $t_build s ($cpu CPU seconds): $exe"
echo "$exe"
