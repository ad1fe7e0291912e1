// SPDX-License-Identifier: GPL-2.0-or-later
/* guest_mem.h - the shared "guest memory" and the one accessor layer.
 *
 * Device code (QEMU side) and driver code (guest side) reach shared state only
 * through the gm_* functions below and through pci_dma_read/pci_dma_write
 * (dma.h). Every access names the address space it goes through, a struct
 * gm_as the harness sets up and hands to the device (its PCIDevice) and to
 * each driver queue when it initialises them. Its hooks decide what an access
 * does:
 *
 *   live     hooks == NULL (gm_as_live): plain volatile loads and stores, so
 *            the compiler emits exactly one access of the given width;
 *   explore  hooks != NULL: every access is handed to the hooks, with the
 *            space's arg (the explorer's executor), which make it a
 *            scheduling point of a deterministic scheduler.
 *
 * So the same device and driver sources serve both; there is no second model
 * of the protocol that could drift, and no global says which mode runs: two
 * executors, or an executor and a live run, never see each other's hooks.
 */
#ifndef E1000_POC_GUEST_MEM_H
#define E1000_POC_GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "model/desc.h"
#include "util/cpu.h"

#define GM_CACHE_LINE 64

/* The shared region: the MAC registers both sides touch, then the RX ring.
 *
 * In QEMU the registers live in E1000State.mac_reg[] and the guest reaches
 * them by MMIO; the ring lives in guest RAM. Here both are plain memory, each
 * register on its own cache line so that register traffic does not disturb
 * the descriptors' cache lines (as real MMIO would not). */
struct gm_region {
    uint32_t rdh __attribute__((aligned(GM_CACHE_LINE))); /* RDH: written by the device only */
    uint32_t rdt __attribute__((aligned(GM_CACHE_LINE))); /* RDT: written by the driver only */
    uint32_t rdlen __attribute__((aligned(GM_CACHE_LINE))); /* ring bytes: driver, at init */
    uint32_t rfctl; /* e1000e RFCTL: EXTEN picks extended descriptors; driver, at init */
#define E1000_RFCTL_EXTEN 0x00008000u
    uint32_t nb_desc;  /* rdlen / 16, kept for the harness and debuggers */
    size_t map_bytes;  /* size of the mapping, for gm_free() */
    /* RDBA: the descriptor ring, page aligned like a guest's DMA ring. */
    struct e1000_rx_desc rx_rings[] __attribute__((aligned(4096)));
};

/* The live run's region. Named as the seed's gdb scripts expect
 * (g_shm->rdh, g_shm->rdt, g_shm->rx_rings[i].status); set by the live runner
 * so that `gdb -p $(pidof e1000_poc) -x gdb.cmd` finds the ring. */
extern struct gm_region *g_shm;

/* Map a zeroed region with nb_desc descriptors. Returns NULL on failure. */
struct gm_region *gm_alloc(uint32_t nb_desc);
void gm_free(struct gm_region *gm);

/* Which side performs an access; the explore harness uses it for its trace. */
enum gm_side { GM_SIDE_DEVICE, GM_SIDE_DRIVER };

/* What an explore harness does for each access. Each hook gets the address
 * space's arg first; every pointer handed to a hook points into the shared
 * region that harness set up. */
struct gm_hooks {
    void (*load)(void *arg, void *dst, const volatile void *src, unsigned len);
    void (*store)(void *arg, volatile void *dst, const void *src, unsigned len);
    void (*fence)(void *arg);
    /* DMA: the explore harness splits a write into the stores of the copy
     * routine's measured or declared pattern. */
    void (*dma_read)(void *arg, void *dst, const volatile void *src, size_t len);
    void (*dma_write)(void *arg, volatile void *dst, const void *src, size_t len);
};

/* An address space (QEMU's AddressSpace, as a PCIDevice's bus-master DMA
 * goes through one): hooks NULL is live memory; otherwise every access goes
 * to the hooks with arg. A harness may change its own space's hooks between
 * runs (the explorer sets its ring up live, then hooks the race); the
 * device and the drivers only read it. */
struct gm_as {
    const struct gm_hooks *hooks;
    void *arg;
};

/* Live memory: what the live runner, the benches and most tests use. */
extern const struct gm_as gm_as_live;

#define GM_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Single-copy loads and stores of 1, 2, 4 and 8 bytes. Live, each is one
 * volatile access of that width: the compiler may neither split, merge,
 * reorder against other volatile accesses, nor drop it. */
#define GM_DEFINE_ACCESS(bits)                                                          \
    static inline uint##bits##_t gm_load##bits(const struct gm_as *as,                  \
                                               const volatile void *p)                  \
    {                                                                                   \
        if (GM_UNLIKELY(as->hooks != NULL)) {                                           \
            uint##bits##_t v;                                                           \
            as->hooks->load(as->arg, &v, p, sizeof(v));                                 \
            return v;                                                                   \
        }                                                                               \
        return *(const volatile uint##bits##_t *)p;                                     \
    }                                                                                   \
    static inline void gm_store##bits(const struct gm_as *as, volatile void *p,         \
                                      uint##bits##_t v)                                 \
    {                                                                                   \
        if (GM_UNLIKELY(as->hooks != NULL)) {                                           \
            as->hooks->store(as->arg, p, &v, sizeof(v));                                \
            return;                                                                     \
        }                                                                               \
        *(volatile uint##bits##_t *)p = v;                                              \
    }
GM_DEFINE_ACCESS(8)
GM_DEFINE_ACCESS(16)
GM_DEFINE_ACCESS(32)
GM_DEFINE_ACCESS(64)
#undef GM_DEFINE_ACCESS

/* A driver's `rxd = *rxdp` of a volatile 16-byte descriptor (any format):
 * two 8-byte loads, low half first, which is what compilers emit for it on
 * 64-bit hosts. */
static inline void gm_load_desc(const struct gm_as *as, void *dst, const volatile void *src)
{
    uint64_t half[2];
    half[0] = gm_load64(as, (const volatile uint8_t *)src);
    half[1] = gm_load64(as, (const volatile uint8_t *)src + 8);
    __builtin_memcpy(dst, half, sizeof(half));
}

/* Full barrier: QEMU's smp_mb() before every DMA access (util/cpu.h: mfence
 * on x86, dmb ish on arm64). */
static inline void gm_mb(const struct gm_as *as)
{
    if (GM_UNLIKELY(as->hooks != NULL)) {
        as->hooks->fence(as->arg);
        return;
    }
    cpu_mb();
}

/* Compiler-only barrier. It orders nothing at run time, so the explore
 * harness has nothing to do for it. */
static inline void gm_compiler_barrier(void)
{
    cpu_compiler_barrier();
}

/* The guest's write barrier before a doorbell: DPDK's rte_io_wmb() inside
 * rte_write32(), Linux's dma_wmb() before writel(). A compiler barrier on
 * x86, dmb oshst on arm64 (util/cpu.h). The explorer's memory models (SC,
 * x86-TSO) keep stores in order already, so it is no step there. */
static inline void gm_io_wmb(void)
{
    cpu_io_wmb();
}

/* The guest's read barrier between DD and the rest of the descriptor:
 * Linux's dma_rmb(). A compiler barrier on x86, dmb oshld on arm64. SC and
 * x86-TSO keep loads in order already, so it is no step in the explorer. */
static inline void gm_io_rmb(void)
{
    cpu_io_rmb();
}

#endif
