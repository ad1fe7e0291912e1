/* dma_libc.c - the only place that calls the C library's memcpy for DMA.
 *
 * Built with -fno-builtin and without _FORTIFY_SOURCE (see Makefile), so each
 * function below is a real call (or tail jump) to glibc's memcpy: the variant
 * the dynamic loader picked for this CPU and GLIBC_TUNABLES, exactly as in a
 * QEMU process. tests/memcpy_call.sh checks the built binary for it.
 */
#include <string.h>

#include "model/dma.h"

void dma_copy_libc(volatile void *dst, const void *src, size_t len, unsigned gap)
{
    (void)gap; /* the library decides how many stores it makes */
    memcpy((void *)dst, src, len);
}

void dma_read_libc(void *dst, const volatile void *src, size_t len)
{
    memcpy(dst, (const void *)src, len);
}
