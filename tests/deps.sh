#!/usr/bin/env bash
# deps.sh - install what the tests use beyond a C compiler and make (gdb for
# the gdb scripts, binutils' objdump for the memcpy check, strace to forbid
# the probe its ptrace), when possible.
missing=()
command -v gdb >/dev/null || missing+=(gdb)
command -v objdump >/dev/null || missing+=(binutils)
command -v taskset >/dev/null || missing+=(util-linux)
command -v strace >/dev/null || missing+=(strace)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "tests/deps.sh: installing ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } \
        >/dev/null 2>&1 || echo "tests/deps.sh: could not install ${missing[*]}; those tests will be skipped"
else
    echo "tests/deps.sh: ${missing[*]} not installed; those tests will be skipped"
fi
exit 0
