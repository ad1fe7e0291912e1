#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# deps.sh - the optional tools of tests/packages.txt.
#   tests/deps.sh            say which are missing (make check: installs nothing)
#   tests/deps.sh --install  install the missing ones with apt-get (make deps)
#   tests/deps.sh aarch64    install the cross compiler, its C library and
#                            qemu-user (make check-aarch64 asks for them)
#   tests/deps.sh musl       install musl-gcc (make check-musl)
#   tests/deps.sh riscv64    a cross compiler for an architecture the tool has
#                            no code for, and qemu-user (make check-other-arch)
cd "${0%/*}/.." || exit 1 # no dirname: it must run with a bare PATH too

# The platform targets install what they name: they are asked for by name.
platform=()
case ${1:-} in
aarch64)
    command -v "${AARCH64_CC:-aarch64-linux-gnu-gcc}" >/dev/null || platform+=(gcc-aarch64-linux-gnu)
    [ -e /usr/aarch64-linux-gnu/lib/libc.so.6 ] || platform+=(libc6-dev-arm64-cross)
    command -v qemu-aarch64 >/dev/null || platform+=(qemu-user)
    ;;
musl)
    command -v musl-gcc >/dev/null || platform+=(musl-tools)
    ;;
riscv64)
    command -v riscv64-linux-gnu-gcc >/dev/null || platform+=(gcc-riscv64-linux-gnu)
    [ -e /usr/riscv64-linux-gnu/lib/libc.so.6 ] || platform+=(libc6-dev-riscv64-cross)
    command -v qemu-riscv64 >/dev/null || platform+=(qemu-user)
    ;;
esac
case ${1:-} in
aarch64 | musl | riscv64)
    [ ${#platform[@]} -eq 0 ] && exit 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "tests/deps.sh: install these first: ${platform[*]}" >&2
        exit 1
    fi
    echo "tests/deps.sh: installing ${platform[*]}"
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        "${platform[@]}" >/dev/null 2>&1 || { echo "tests/deps.sh: could not install ${platform[*]}" >&2; exit 1; }
    exit 0
    ;;
esac
# installed PACKAGE COMMAND: the command is on PATH, or, for "-", dpkg says
# the package is installed (a kernel, libraries, a static busybox).
installed() {
    if [ "$2" = - ]; then
        command -v dpkg-query >/dev/null &&
            dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q ' installed$'
    else
        command -v "$2" >/dev/null
    fi
}
missing=() why=()
while read -r package command reason; do
    case $package in '' | '#'*) continue ;; esac
    installed "$package" "$command" && continue
    missing+=("$package")
    [ "$command" = - ] && command=$package
    why+=("  $command ($package): $reason")
done <tests/packages.txt
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "${1:-}" != "--install" ]; then
    echo "tests/deps.sh: not installed, their tests will be skipped (make deps installs them):"
    printf '%s\n' "${why[@]}"
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "tests/deps.sh: no apt-get here; install these yourself: ${missing[*]}" >&2
    exit 1
fi
sudo=()
[ "$EUID" -eq 0 ] || sudo=(sudo)
echo "tests/deps.sh: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        "${missing[@]}"
