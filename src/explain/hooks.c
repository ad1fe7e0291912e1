// SPDX-License-Identifier: GPL-2.0-or-later
/* hooks.c - the hooks of the explorer's address space (each executor's
 * x->as, whose arg is the executor): every access of the device and driver
 * code, and every store of a DMA copy, becomes the coroutine's pending
 * operation, and the coroutine yields until the scheduler has performed it
 * (xp_exec_step). */
#include <string.h>

#include "explain/pattern.h"
#include "model/desc.h"
#include "explain/state.h"

/* Announce op as this thread's pending access and wait until the scheduler
 * has performed it (a load's bytes are then in op->data). */
static void wait_turn(struct xp_exec *x, struct xp_op *op)
{
    struct xp_thread_state *th = &x->th[x->running];
    th->op = *op;
    xp_coro_yield(&th->coro);
    *op = th->op;
}

static uint32_t region_off(const struct xp_exec *x, const volatile void *p)
{
    const uint8_t *b = (const uint8_t *)(uintptr_t)p;
    if (b < x->base || b >= x->base + x->gm->map_bytes)
        xp_fatal("an access outside the shared region");
    return (uint32_t)(b - x->base);
}

static void hook_load(void *arg, void *dst, const volatile void *src, unsigned len)
{
    struct xp_exec *x = arg;
    struct xp_op op = {.kind = XP_OP_LOAD, .origin = XP_ORIG_ACCESS, .len = (uint8_t)len,
                       .off = region_off(x, src)};
    wait_turn(x, &op);
    memcpy(dst, op.data, len);
}

static void hook_store(void *arg, volatile void *dst, const void *src, unsigned len)
{
    struct xp_exec *x = arg;
    struct xp_op op = {.kind = XP_OP_STORE, .origin = XP_ORIG_ACCESS, .len = (uint8_t)len,
                       .off = region_off(x, dst)};
    memcpy(op.data, src, len);
    wait_turn(x, &op);
}

/* gm_mb(): the full barrier before the atomic-status store. Under SC it
 * orders nothing that is not ordered already, so, like the DMA barrier
 * below, it is a step only under TSO. */
static void hook_fence(void *arg)
{
    struct xp_exec *x = arg;
    if (x->cfg.memory == XP_MEM_TSO) {
        struct xp_op op = {.kind = XP_OP_FENCE, .origin = XP_ORIG_MB};
        wait_turn(x, &op);
    }
}

/* pci_dma_read/pci_dma_write begin with smp_mb(). Under SC it orders
 * nothing that is not ordered already, so it is a step only under TSO. */
static void dma_fence(struct xp_exec *x)
{
    if (x->cfg.memory == XP_MEM_TSO) {
        struct xp_op op = {.kind = XP_OP_FENCE, .origin = XP_ORIG_DMA_FENCE};
        wait_turn(x, &op);
    }
}

/* The copy's loads happen before any of its stores and nothing the device
 * reads is written concurrently in correct operation, so a DMA read is one
 * load of the whole length (at most 16 bytes; longer in 16-byte pieces). */
static void hook_dma_read(void *arg, void *dst, const volatile void *src, size_t len)
{
    struct xp_exec *x = arg;
    uint32_t off = region_off(x, src);
    dma_fence(x);
    for (size_t done = 0; done < len; done += 16) {
        size_t n = len - done < 16 ? len - done : 16;
        struct xp_op op = {.kind = XP_OP_LOAD, .origin = XP_ORIG_DMA_READ, .len = (uint8_t)n,
                           .dma_len = (uint8_t)len, .dma_off = (uint8_t)(off % 16u),
                           .off = off + (uint32_t)done};
        wait_turn(x, &op);
        memcpy((uint8_t *)dst + done, op.data, n);
    }
}

/* Every store of the copy routine's pattern is a step of its own. */
static void hook_dma_write(void *arg, volatile void *dst, const void *src, size_t len)
{
    struct xp_exec *x = arg;
    uint32_t off = region_off(x, dst);
    const struct dma_pattern *p;
    struct dma_pattern other;
    const char *why = NULL;

    if (len == 16 && off % 16u == 0)
        p = &x->pat_desc;
    else if (len == x->status_len && off % 16u == x->status_off)
        p = &x->pat_status;
    else if (xp_copy_pattern(x->cfg.copy, len, off % 16u, &other, &why) == 0)
        p = &other;
    else
        xp_fatal(why != NULL ? why : "no store pattern for a DMA write");
    dma_fence(x);
    for (unsigned i = 0; i < p->n; i++) {
        struct xp_op op = {.kind = XP_OP_STORE, .origin = XP_ORIG_DMA_WRITE,
                           .len = (uint8_t)p->s[i].len, .dma_store = (uint8_t)(i + 1),
                           .dma_stores = (uint8_t)p->n, .dma_len = (uint8_t)len,
                           .dma_off = (uint8_t)(off % 16u), .off = off + p->s[i].off};
        if (p->s[i].len > 16 || p->s[i].off + p->s[i].len > len)
            xp_fatal("a copy pattern store outside the copied bytes");
        memcpy(op.data, (const uint8_t *)src + p->s[i].off, p->s[i].len);
        wait_turn(x, &op);
    }
}

const struct gm_hooks xp_hooks = {hook_load, hook_store, hook_fence, hook_dma_read, hook_dma_write};

