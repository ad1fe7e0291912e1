/* xp_expect.c - expected verdicts from store patterns (see xp_expect.h). */
#include "xp_expect.h"

#include "desc.h"

#define STATUS_BYTE offsetof(struct e1000_rx_desc, status)

static bool covers(const struct dma_store *s, unsigned byte)
{
    return byte >= s->off && byte < (unsigned)s->off + s->len;
}

/* qemu-fix none: is there a store after DD is out that does damage? */
static bool exposed_after_dd(const struct dma_pattern *p, const char **because)
{
    unsigned first_dd = p->n;
    uint32_t written = 0;
    for (unsigned i = 0; i < p->n; i++) {
        if (first_dd == p->n) {
            for (unsigned b = p->s[i].off; b < (unsigned)p->s[i].off + p->s[i].len; b++)
                written |= 1u << b;
            if (covers(&p->s[i], STATUS_BYTE))
                first_dd = i;
            continue;
        }
        for (unsigned b = p->s[i].off; b < (unsigned)p->s[i].off + p->s[i].len; b++) {
            if (b < 8 || b == STATUS_BYTE) {
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

bool xp_expect_violation(const struct xp_config *cfg, const struct dma_pattern *desc16,
                         const struct dma_pattern *status1, const char **because)
{
    if (cfg->workaround == EM_WORKAROUND_STOP_AT_RDH) {
        *because = "the driver stops at RDH, which moves only past whole descriptors";
        return false;
    }
    switch (cfg->fix) {
    case E1000_FIX_NONE:
        return exposed_after_dd(desc16, because);
    case E1000_FIX_UPSTREAM:
        if (status1->n > 1) {
            *because = "the status byte itself is stored more than once";
            return true;
        }
        *because = "DD goes out alone, in one store, after the rest";
        return false;
    case E1000_FIX_ATOMIC_STATUS:
        *because = "DD goes out alone, in one aligned store after a barrier, after the rest";
        return false;
    case E1000_FIX_BROKEN_DD_FIRST:
    default:
        *because = "DD goes out before the rest of the descriptor";
        return true;
    }
}
