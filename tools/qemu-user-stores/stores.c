// SPDX-License-Identifier: GPL-2.0-or-later
/* stores.c - the target tools/qemu-user-stores/measure.sh single-steps:
 * one call of the C library's memcpy (or memmove, with MOVE set) of LEN
 * bytes at byte OFF of a 16-byte-aligned descriptor, into a window of
 * sentinel bytes. Built static, so that only the C library's own code runs
 * between the breakpoint and the return (no dynamic loader, no PLT).
 *
 * The source bytes are never the sentinel (0xA5): every byte a store covers
 * changes, every other byte keeps the sentinel - the same method as
 * src/probe/trace.c, with qemu-user's gdb stub in place of ptrace. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SENTINEL 0xA5
#define GUARD 16

_Alignas(64) uint8_t window[64]; /* read and reset by trace.py */
_Alignas(64) uint8_t source[64];
_Alignas(64) uint8_t scratch[64];

/* Called through volatile pointers: the compiler can neither inline nor
 * replace the call. */
void *(*volatile copy_fn)(void *, const void *, size_t) = memcpy;
void *(*volatile move_fn)(void *, const void *, size_t) = memmove;

__attribute__((noinline)) void traced(void *(*fn)(void *, const void *, size_t), size_t off,
                                      size_t len)
{
    fn(window + GUARD + off, source + GUARD + off, len);
    __asm__ __volatile__("" ::: "memory");
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    size_t off = strtoul(argv[1], NULL, 0), len = strtoul(argv[2], NULL, 0);
    if (off + len > 16)
        return 2;
    void *(*fn)(void *, const void *, size_t) = getenv("MOVE") != NULL ? move_fn : copy_fn;
    for (int i = 0; i < 64; i++)
        source[i] = (uint8_t)(0x10 + (i & 0x3f));
    memset(window, SENTINEL, sizeof(window));
    for (int i = 0; i < 3; i++) /* resolve the IFUNC, fault the pages in */
        fn(scratch + GUARD + off, source + GUARD + off, len);
    traced(fn, off, len);
    return 0;
}
