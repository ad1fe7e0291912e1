// SPDX-License-Identifier: GPL-2.0-or-later
/* summary.c - call summaries and final-state fingerprints (summary.h). */
#include "explain/summary.h"

#include <string.h>

#include "explain/hash.h"

static void hash_log(uint64_t h[2], const struct xp_load_log *log)
{
    xp_hash_u64(h, log->n | (uint64_t)log->overflow << 8);
    for (unsigned i = 0; i < log->n; i++) {
        xp_hash_u64(h, log->e[i].off | (uint64_t)log->e[i].len << 32);
        xp_hash_bytes(h, log->e[i].val, log->e[i].len);
    }
}

/* The driver's queue with its pointers (into the shared region, to its
 * per-descriptor array, or to the executor's address space: all it holds)
 * made offsets, so that the same state of two executors, allocated apart,
 * hashes the same. */
static void hash_queue_portable(uint64_t h[2], const struct xp_exec *x, const struct xp_part *a)
{
    uint64_t w[(sizeof(x->q) + 7) / 8] = {0};
    uintptr_t gm = (uintptr_t)x->gm, arr = (uintptr_t)a->p;
    memcpy(w, &x->q, sizeof(x->q));
    for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
        if (w[i] >= gm && w[i] < gm + x->gm->map_bytes)
            w[i] = (w[i] - gm) | 1ull << 63;
        else if (w[i] >= arr && w[i] < arr + a->n)
            w[i] = (w[i] - arr) | 1ull << 62;
        else if (w[i] == (uintptr_t)&x->as)
            w[i] = 1ull << 61;
    }
    xp_hash_bytes(h, w, sizeof(x->q));
}

static void summary(const struct xp_exec *x, enum xp_thread t, bool portable, uint64_t h[2])
{
    const struct xp_thread_state *th = &x->th[t];
    h[0] = 0x452821e638d01377ull + t;
    h[1] = 0xbe5466cf34e90c6cull;
    xp_hash_u64(h, th->has_failed);
    if (th->has_failed)
        hash_log(h, &th->failed);
    if (t == XP_DEVICE) {
        /* rx_null_desc and rx_overrun only count. */
        xp_hash_u64(h, (uint64_t)x->dev.fix | (uint64_t)x->dev.rxbuf_size << 32);
        xp_hash_u64(h, x->dev.rx_fill_tag | (uint64_t)x->received << 32);
        return;
    }
    struct xp_part a = xp_driver_array(x);
    if (portable)
        hash_queue_portable(h, x, &a);
    else
        xp_hash_bytes(h, &x->q, sizeof(x->q)); /* its pointers do not change within a search */
    xp_hash_bytes(h, a.p, a.n);
    /* The checker, but for its count of packets (only counted). */
    xp_hash_bytes(h, x->checker.slot_tag, sizeof(*x->checker.slot_tag) * x->cfg.ring);
    xp_hash_u64(h, x->checker.last_addr);
    xp_hash_u64(h, x->checker.expect_tag);
    xp_hash_bytes(h, x->fill_consumed, x->cfg.packets);
}

void xp_exec_thread_summary(const struct xp_exec *x, enum xp_thread t, uint64_t h[2])
{
    summary(x, t, false, h);
}

void xp_exec_final_print(const struct xp_exec *x, uint64_t fp[2])
{
    uint64_t h[2] = {0x3f84d5b5b5470917ull, 0x9216d5d98979fb1bull}, s[2];

    xp_hash_shared(h, x);
    for (int t = 0; t < XP_NTHREADS; t++) {
        const struct xp_thread_state *th = &x->th[t];
        summary(x, (enum xp_thread)t, true, s);
        xp_hash_u64(h, s[0]);
        xp_hash_u64(h, s[1]);
        xp_hash_u64(h, (uint64_t)th->done | (uint64_t)th->buf.n << 8);
        for (unsigned i = 0; i < th->buf.n; i++) {
            const struct xp_op *b = &th->buf.e[(th->buf.head + i) % XP_BUF_MAX];
            xp_hash_u64(h, (uint64_t)b->off | (uint64_t)b->len << 32);
            xp_hash_bytes(h, b->data, b->len);
        }
    }
    xp_hash_u64(h, (uint64_t)x->status | (uint64_t)(x->violations | x->pending) << 8);
    fp[0] = h[0];
    fp[1] = h[1];
}

