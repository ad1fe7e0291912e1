// SPDX-License-Identifier: GPL-2.0-or-later
/* mem.c - sequentially consistent and x86-TSO memory for the explorer. */
#include "explain/mem.h"

#include <string.h>

#include "explain/check.h"

const struct xp_memory_info xp_memories[XP_MEM_COUNT] = {
    [XP_MEM_SC] = {"sc", "sequentially consistent: every access takes effect at once, in one order"},
    [XP_MEM_TSO] = {"tso", "x86-TSO: stores wait in per-thread FIFO store buffers; a flush is a step;"
                           " fences and register (MMIO) accesses wait for an empty buffer"},
};

static bool is_register(const struct xp_exec *x, uint32_t off)
{
    unsigned d, b;
    return xp_place_is_register(xp_exec_place(x, off, &d, &b));
}

bool xp_mem_op_enabled(const struct xp_exec *x, enum xp_thread t)
{
    const struct xp_thread_state *th = &x->th[t];
    if (x->cfg.memory == XP_MEM_SC)
        return true;
    if (th->op.kind == XP_OP_FENCE || is_register(x, th->op.off))
        return th->buf.n == 0;
    if (th->op.kind == XP_OP_STORE)
        return th->buf.n < XP_BUF_MAX;
    return true;
}

uint16_t xp_mem_view(const struct xp_exec *x, enum xp_thread t, uint32_t off, unsigned len,
                     uint8_t *out)
{
    const struct xp_store_buffer *b = &x->th[t].buf;
    uint16_t forwarded = 0;

    memcpy(out, x->base + off, len);
    /* Oldest to newest, so the newest store to a byte wins. */
    for (unsigned i = 0; i < b->n; i++) {
        const struct xp_op *s = &b->e[(b->head + i) % XP_BUF_MAX];
        for (unsigned k = 0; k < len; k++) {
            uint32_t a = off + k;
            if (a >= s->off && a < s->off + s->len) {
                out[k] = s->data[a - s->off];
                forwarded |= (uint16_t)(1u << k);
            }
        }
    }
    return forwarded;
}

/* A store reaches memory: write it, then let the checks see it. */
static void to_memory(struct xp_exec *x, enum xp_thread t, const struct xp_op *op)
{
    xp_check_before_visible(x, t, op);
    memcpy(x->base + op->off, op->data, op->len);
    xp_check_on_visible(x, t, op);
}

bool xp_mem_execute(struct xp_exec *x, enum xp_thread t, struct xp_op *op)
{
    struct xp_thread_state *th = &x->th[t];
    uint16_t forwarded;

    switch (op->kind) {
    case XP_OP_LOAD:
        forwarded = xp_mem_view(x, t, op->off, op->len, op->data);
        xp_check_on_load(x, t, op, forwarded);
        break;
    case XP_OP_STORE:
        if (x->cfg.memory == XP_MEM_SC || is_register(x, op->off)) {
            to_memory(x, t, op);
        } else {
            th->buf.e[(th->buf.head + th->buf.n) % XP_BUF_MAX] = *op;
            th->buf.n++;
            return true;
        }
        break;
    case XP_OP_FENCE:
        /* Enabled only with an empty buffer (TSO), so nothing is left to do. */
        break;
    }
    return false;
}

struct xp_op xp_mem_flush(struct xp_exec *x, enum xp_thread t)
{
    struct xp_store_buffer *b = &x->th[t].buf;
    struct xp_op op = b->e[b->head];
    b->head = (b->head + 1) % XP_BUF_MAX;
    b->n--;
    to_memory(x, t, &op);
    return op;
}
