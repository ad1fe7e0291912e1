/* dma.h - the device's DMA path into guest memory: pci_dma_read/pci_dma_write
 * and the copy routines ("strategies") that move the bytes.
 *
 * QEMU's pci_dma_write() ends in dma_memory_rw(): a full barrier (smp_mb),
 * then the C library's memcpy/memmove of `len` bytes, a length the compiler
 * does not know. How many stores that copy makes, and to which bytes, decides
 * whether a guest that writes the same descriptor can lose its write.
 */
#ifndef E1000_POC_DMA_H
#define E1000_POC_DMA_H

#include <stddef.h>

/* Copy routines, one row each in dma_copies[]. */
enum dma_copy_id {
    DMA_COPY_LIBC, /* the C library's memcpy, called for real */
    DMA_COPY_COUNT
};

struct dma_copy {
    const char *name;    /* --copy=NAME */
    const char *summary; /* one line for --help and the run header */
    /* Copy len bytes to guest memory. gap: pause instructions between the
     * stores of a multi-store routine (ignored by routines that cannot). */
    void (*copy)(volatile void *dst, const void *src, size_t len, unsigned gap);
};

extern const struct dma_copy dma_copies[DMA_COPY_COUNT];
int dma_copy_find(const char *name); /* index, or -1 */

/* What QEMU passes as `d`: here, just how this device's DMA reaches memory. */
typedef struct PCIDevice {
    const struct dma_copy *copy;
    unsigned gap;
} PCIDevice;

/* Barrier, then copy, as QEMU's dma_memory_rw() does. */
void pci_dma_read(PCIDevice *d, const volatile void *addr, void *buf, size_t len);
void pci_dma_write(PCIDevice *d, volatile void *addr, const void *buf, size_t len);

/* The C library's memcpy, called for real (dma_libc.c is built with
 * -fno-builtin so the compiler can neither inline nor replace the call). */
void dma_copy_libc(volatile void *dst, const void *src, size_t len, unsigned gap);
void dma_read_libc(void *dst, const volatile void *src, size_t len);

#endif
