#!/usr/bin/env bash
# deps.sh - install what the tests use beyond a C compiler and make (gdb for
# the gdb scripts, binutils' objdump for the memcpy check, strace to forbid
# the probe its ptrace), when possible.
#
#   tests/deps.sh           what make check uses
#   tests/deps.sh aarch64   the cross compiler, its C library, qemu-user
#                           (make check-aarch64)
#   tests/deps.sh musl      musl-gcc (make check-musl)
#   tests/deps.sh riscv64   a cross compiler for an architecture the tool
#                           has no code for, and qemu-user (make check-other-arch)
missing=()
case ${1:-} in
aarch64)
    command -v "${AARCH64_CC:-aarch64-linux-gnu-gcc}" >/dev/null || missing+=(gcc-aarch64-linux-gnu)
    [ -e /usr/aarch64-linux-gnu/lib/libc.so.6 ] || missing+=(libc6-dev-arm64-cross)
    command -v qemu-aarch64 >/dev/null || missing+=(qemu-user)
    ;;
musl)
    command -v musl-gcc >/dev/null || missing+=(musl-tools)
    ;;
riscv64)
    command -v riscv64-linux-gnu-gcc >/dev/null || missing+=(gcc-riscv64-linux-gnu)
    [ -e /usr/riscv64-linux-gnu/lib/libc.so.6 ] || missing+=(libc6-dev-riscv64-cross)
    command -v qemu-riscv64 >/dev/null || missing+=(qemu-user)
    ;;
*)
    command -v gdb >/dev/null || missing+=(gdb)
    command -v objdump >/dev/null || missing+=(binutils)
    command -v taskset >/dev/null || missing+=(util-linux)
    command -v strace >/dev/null || missing+=(strace)
    ;;
esac
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "tests/deps.sh: installing ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"; } \
        >/dev/null 2>&1 || echo "tests/deps.sh: could not install ${missing[*]}; those tests will be skipped"
else
    echo "tests/deps.sh: ${missing[*]} not installed; those tests will be skipped"
fi
exit 0
