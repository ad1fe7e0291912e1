// SPDX-License-Identifier: GPL-2.0-or-later
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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copy routines, one row each in dma_copies[] (dma_copy.c). */
enum dma_copy_id {
    DMA_COPY_LIBC,       /* the C library's memcpy, called for real */
    DMA_COPY_SINGLE,     /* one store of the whole length */
    DMA_COPY_DOUBLE,     /* glibc's overlapping head + tail: 16 B = [0,16) twice */
    DMA_COPY_SPLIT8,     /* stores of at most 8 bytes, ascending */
    DMA_COPY_BYTES_UP,   /* one byte at a time, ascending */
    DMA_COPY_BYTES_DOWN, /* one byte at a time, descending */
    DMA_COPY_REP_MOVSB,  /* the x86 string instruction */
    DMA_COPY_LIBC_MEMMOVE, /* the C library's memmove, called for real: what
                              QEMU 8.0 and later call (flatview_write_continue,
                              commit 4a73aee881); appended so that replay
                              tokens naming the rows above still decode */
    DMA_COPY_AARCH64_GENERIC, /* glibc 2.36's aarch64 memcpy/memmove small
                                 copies (__memcpy_generic, __memcpy_simd), as
                                 declared stores: double's, but 1-3 bytes as
                                 first, middle, last byte, so 1 byte is stored
                                 three times (docs/platforms.md) */
    DMA_COPY_COUNT
};

/* One store of a copy: bytes [off, off + len) of the destination. */
struct dma_store {
    uint16_t off, len;
};

/* The stores one copy makes, in program order. */
#define DMA_PATTERN_MAX 64
struct dma_pattern {
    unsigned n;
    struct dma_store s[DMA_PATTERN_MAX];
};

enum {
    DMA_F_GAP = 1u << 0,         /* makes several stores and honours --gap */
    DMA_F_NEEDS_VEC16 = 1u << 1, /* needs a 16-byte store instruction (x86-64, arm64) */
    DMA_F_NEEDS_X86 = 1u << 2,   /* x86 only */
    DMA_F_UNKNOWN_AT_SPEED = 1u << 3, /* single-stepping shows a pattern, but
                                         the CPU may store differently at speed */
    DMA_F_LIBC = 1u << 4,        /* a C library routine called for real: its
                                    stores only the probe can tell */
    DMA_F_NEEDS_ATOMIC16 = 1u << 5, /* its 16-byte store must be single-copy
                                       atomic: always on x86-64 (aligned
                                       movdqu), on arm64 only with FEAT_LSE2 */
};

struct dma_copy {
    const char *name;    /* --copy=NAME */
    const char *summary; /* one line for --help and the run header */
    /* Copy len bytes to guest memory. gap: pause instructions between
     * consecutive stores (only routines with DMA_F_GAP). */
    void (*copy)(volatile void *dst, const void *src, size_t len, unsigned gap);
    /* The stores the routine makes for len bytes, fixed by its code; NULL
     * for libc, whose pattern only the probe can tell. Returns 0, or -1 if
     * the pattern does not fit a struct dma_pattern. */
    int (*pattern)(size_t len, struct dma_pattern *p);
    unsigned flags;
};

extern const struct dma_copy dma_copies[DMA_COPY_COUNT];

/* Can this build copy with routine id on this architecture? If not, and
 * why is given, a sentence saying why goes there. */
bool dma_copy_available(enum dma_copy_id id, const char **why);

/* The stores routine id makes for len bytes written at byte `off` of a
 * 16-byte-aligned descriptor, as the routine declares them. Returns 0, or
 * -1 with a reason in *why: too many stores, or a routine (libc) whose
 * stores only the probe can tell (explain/pattern.h asks it). */
int dma_copy_pattern(enum dma_copy_id id, size_t len, size_t off, struct dma_pattern *p,
                     const char **why);

/* Is routine id one of the C library's (memcpy or memmove)? */
static inline bool dma_copy_is_libc(enum dma_copy_id id)
{
    return (dma_copies[id].flags & DMA_F_LIBC) != 0;
}

/* Pause instructions, the --gap between two stores. */
void dma_gap(unsigned gap);

struct gm_as;

/* What QEMU passes as `d`: here, just how this device's DMA reaches memory:
 * the address space it goes through (QEMU's bus_master_as; guest_mem.h),
 * which the device's register accesses use too, and the copy routine. */
typedef struct PCIDevice {
    const struct gm_as *as;
    const struct dma_copy *copy;
    unsigned gap;
} PCIDevice;

/* Barrier, then copy, as QEMU's dma_memory_rw() does, through d->as. */
void pci_dma_read(PCIDevice *d, const volatile void *addr, void *buf, size_t len);
void pci_dma_write(PCIDevice *d, volatile void *addr, const void *buf, size_t len);

/* The C library's memcpy and memmove, called for real (dma_libc.c is built
 * with -fno-builtin so the compiler can neither inline nor replace the
 * call). */
void dma_copy_libc(volatile void *dst, const void *src, size_t len, unsigned gap);
void dma_copy_libc_memmove(volatile void *dst, const void *src, size_t len, unsigned gap);
void dma_read_libc(void *dst, const volatile void *src, size_t len);

#endif
