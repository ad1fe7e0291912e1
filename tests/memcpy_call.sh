#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# memcpy_call.sh - the device's DMA copy really calls the C library's memcpy:
# the compiler neither inlined it nor replaced it with its own stores.
cd "$(dirname "$0")/.." || exit 1
. tests/tap.sh

if ! command -v objdump >/dev/null; then
    skip "dma_copy_libc calls memcpy" "objdump not installed"
    done_testing
    exit
fi
body=$(objdump -d --no-show-raw-insn "$BIN" |
    awk '/^[0-9a-f]+ <dma_copy_libc>:$/ {on = 1; next} on && /^$/ {exit} on {print}')
check "dma_copy_libc is in the binary" test -n "$body"
echo "$body" | grep -Eq '(call|jmp|bl|b)[a-z]*[[:space:]].*<memcpy(@plt)?>'
ok $? "dma_copy_libc calls or tail-jumps to memcpy"
echo "$body" | grep -Eiq 'mov(dq|ups|aps|q|l)?[a-z]*[[:space:]].*,[[:space:]]*-?(0x[0-9a-f]+)?\(%r'
ok $((1 - $?)) "dma_copy_libc stores nothing itself"
[ -n "$body" ] || diag "no dma_copy_libc in $BIN"
nm -D "$BIN" 2>/dev/null | grep -Eq '^[[:space:]]+U memcpy(@|$)'
ok $? "the binary imports memcpy from the C library"

# QEMU 8.0 and later call memmove: --copy=libc-memmove must really call it.
body=$(objdump -d --no-show-raw-insn "$BIN" |
    awk '/^[0-9a-f]+ <dma_copy_libc_memmove>:$/ {on = 1; next} on && /^$/ {exit} on {print}')
check "dma_copy_libc_memmove is in the binary" test -n "$body"
echo "$body" | grep -Eq '(call|jmp|bl|b)[a-z]*[[:space:]].*<memmove(@plt)?>'
ok $? "dma_copy_libc_memmove calls or tail-jumps to memmove"
echo "$body" | grep -Eiq 'mov(dq|ups|aps|q|l)?[a-z]*[[:space:]].*,[[:space:]]*-?(0x[0-9a-f]+)?\(%r'
ok $((1 - $?)) "dma_copy_libc_memmove stores nothing itself"
nm -D "$BIN" 2>/dev/null | grep -Eq '^[[:space:]]+U memmove(@|$)'
ok $? "the binary imports memmove from the C library"
done_testing
