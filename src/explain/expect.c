// SPDX-License-Identifier: GPL-2.0-or-later
/* expect.c - expected verdicts from store patterns (see expect.h). */
#include "explain/expect.h"

#include "model/desc.h"
#include "explain/pair.h"

static bool covers(const struct dma_store *s, unsigned byte)
{
    return byte >= s->off && byte < (unsigned)s->off + s->len;
}

/* qemu-fix none: is there a store after DD is out that does damage?
 * dd: the DD byte; damage: the bytes whose rewrite undoes the driver. */
static bool exposed_after_dd(const struct dma_pattern *p, unsigned dd, uint32_t damage,
                             const char **because)
{
    unsigned first_dd = p->n;
    uint32_t written = 0;
    for (unsigned i = 0; i < p->n; i++) {
        if (first_dd == p->n) {
            for (unsigned b = p->s[i].off; b < (unsigned)p->s[i].off + p->s[i].len; b++)
                written |= 1u << b;
            if (covers(&p->s[i], dd))
                first_dd = i;
            continue;
        }
        for (unsigned b = p->s[i].off; b < (unsigned)p->s[i].off + p->s[i].len; b++) {
            if (damage & (1u << b)) {
                *because = "a store after DD rewrites bytes the driver re-arms";
                return true;
            }
            if (!(written & (1u << b))) {
                *because = "a store after DD writes bytes the driver may already have read";
                return true;
            }
        }
    }
    *because = "DD goes out with the last store that matters";
    return false;
}

/* qemu-fix upstream: does a store of the status field's write, after the
 * first that carries DD, carry the DD byte again? (Offsets of `status`
 * are within the field.) */
static bool dd_rewritten(const struct dma_pattern *status, bool legacy, const char **because)
{
    bool dd_out = false;
    for (unsigned i = 0; i < status->n; i++) {
        if (!covers(&status->s[i], 0))
            continue;
        if (dd_out) {
            *because = legacy ? "the status byte itself is stored more than once"
                              : "a later store of status_error rewrites DD over the driver's clear";
            return true;
        }
        dd_out = true;
    }
    if (status->n == 1)
        *because = "DD goes out alone, in one store, after the rest";
    else
        *because = "DD goes out in one store of the field, which no later store rewrites";
    return false;
}

bool xp_expect_violation(const struct xp_config *cfg, const struct dma_pattern *desc16,
                         const struct dma_pattern *status, const char **because)
{
    enum rx_desc_format fmt = xp_format(cfg);
    unsigned dd = (unsigned)rx_status_offset(fmt);
    uint32_t damage = xp_driver_models[cfg->driver].writes & (0x00FFu | 1u << dd);

    if (cfg->workaround == EM_WORKAROUND_STOP_AT_RDH) {
        *because = "the driver stops at RDH, which moves only past whole descriptors";
        return false;
    }
    if (cfg->fix == E1000_FIX_DD_BYTE) {
        /* Bytes 8-15 hold DD and the length in every format: nothing a
         * driver polls is in the copy, whatever its stores. */
        *because = "DD and length go out together, last, in one aligned 8-byte store after the"
                   " copy, whatever the copy routine";
        return false;
    }
    if (nic_drivers[cfg->driver].polls_length) {
        /* Every other fix clears only DD in the 16 bytes it writes first, so
         * that write hands the descriptor over to a driver that polls
         * length: the copy's stores after the one that carries length's
         * low byte (the model's packets are shorter than 256 bytes) are
         * what can undo the driver, whatever the fix. */
        unsigned len_lo = (unsigned)nic_ready_field(&nic_drivers[cfg->driver]).off;
        uint32_t len_damage = xp_driver_models[cfg->driver].writes & (0x00FFu | 3u << len_lo);
        bool exposed = exposed_after_dd(desc16, len_lo, len_damage, because);
        if (!exposed)
            *because = "length goes out with the last store that matters of the 16 bytes";
        else if (cfg->fix != E1000_FIX_NONE)
            *because = "length goes out in the first write (DD clear) and a later store of it"
                       " rewrites bytes the driver re-arms";
        return exposed;
    }
    switch (cfg->fix) {
    case E1000_FIX_NONE:
        return exposed_after_dd(desc16, dd, damage, because);
    case E1000_FIX_UPSTREAM:
        if (!(damage & (1u << dd))) {
            *because = "the driver never clears DD";
            return false;
        }
        return dd_rewritten(status, fmt == RX_FMT_LEGACY, because);
    case E1000_FIX_ATOMIC_STATUS:
        *because = "DD goes out alone, in one aligned store after a barrier, after the rest";
        return false;
    case E1000_FIX_BROKEN_DD_FIRST:
    default:
        *because = "DD goes out before the rest of the descriptor";
        return true;
    }
}
