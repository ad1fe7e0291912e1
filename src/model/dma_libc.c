// SPDX-License-Identifier: GPL-2.0-or-later
/* dma_libc.c - the only place that calls the C library's memcpy and memmove
 * for DMA.
 *
 * Built with -fno-builtin and without _FORTIFY_SOURCE (see Makefile), so each
 * function below is a real call (or tail jump) to glibc's memcpy or memmove:
 * the variant the dynamic loader picked for this CPU and GLIBC_TUNABLES,
 * exactly as in a QEMU process. tests/memcpy_call.sh checks the built binary
 * for it.
 */
#include <string.h>

#include "model/dma.h"

void dma_copy_libc(volatile void *dst, const void *src, size_t len, unsigned gap)
{
    (void)gap; /* the library decides how many stores it makes */
    memcpy((void *)dst, src, len);
}

/* QEMU 8.0 and later: flatview_write_continue() copies into guest RAM with
 * memmove (commit 4a73aee881). On glibc x86-64 memmove and memcpy of the
 * same family are one routine; elsewhere they may differ, so `probe`
 * measures both. */
void dma_copy_libc_memmove(volatile void *dst, const void *src, size_t len, unsigned gap)
{
    (void)gap;
    memmove((void *)dst, src, len);
}

void dma_read_libc(void *dst, const volatile void *src, size_t len)
{
    memcpy(dst, (const void *)src, len);
}
