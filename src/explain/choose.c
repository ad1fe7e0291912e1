// SPDX-License-Identifier: GPL-2.0-or-later
/* choose.c - from a command line's choices to configurations (choose.h). */
#include "explain/choose.h"

#include <stdio.h>

#include "explain/budget.h"
#include "explain/pair.h"

/* Fill in a pair's configuration from the choices: 0, or -1 with why. */
static int pair_config(struct xp_config *c, const struct xp_pick *p, enum nic_device_id dev,
                       enum nic_driver_id drv, char *why, size_t n)
{
    const struct xp_driver_model *m = &xp_driver_models[drv];
    const char *bad = nic_pair_problem(dev, drv);
    if (bad != NULL) {
        snprintf(why, n, "--device=%s --driver=%s: %s", nic_devices[dev].name, nic_drivers[drv].name,
                 bad);
        return -1;
    }
    c->device = dev;
    c->driver = drv;
    if (p->batch_given && !m->batch && !p->several_drivers) {
        snprintf(why, n, "--rx-buffer-write: %s has no such batch (only linux-e1000e)",
                 nic_drivers[drv].name);
        return -1;
    }
    c->rx_buffer_write = m->batch ? (p->batch_given ? p->batch : XP_BATCH_DEFAULT) : 0;
    if (!m->rx_free_thresh && p->thresh_given && c->rx_free_thresh != 0 && !p->several_drivers) {
        snprintf(why, n, "--rx-free-thresh: %s has no rx_free_thresh (only the DPDK drivers)",
                 nic_drivers[drv].name);
        return -1;
    }
    if (!m->rx_free_thresh)
        c->rx_free_thresh = 0;
    if (!p->ring_given)
        c->ring = xp_ring_min(c);
    if (!p->packets_given)
        c->packets = c->ring + XP_PACKETS_DEFAULT_EXTRA;
    if (c->ring < xp_ring_min(c)) {
        snprintf(why, n, "--ring %u: %s needs at least %u descriptors here%s", c->ring,
                 nic_drivers[drv].name, xp_ring_min(c),
                 m->batch ? " (batch + 2: RDT moves only to multiples of the batch)" : "");
        return -1;
    }
    if (m->rx_free_thresh && (bad = nic_thresh_problem(c->ring, c->rx_free_thresh)) != NULL) {
        snprintf(why, n, "--rx-free-thresh %u --ring %u: %s", c->rx_free_thresh, c->ring, bad);
        return -1;
    }
    if ((bad = xp_config_problem(c)) != NULL) {
        snprintf(why, n, "explain: %s", bad);
        return -1;
    }
    return 0;
}

unsigned xp_pick_pairs(const struct xp_config *base, struct xp_pick *p, struct xp_config *pairs,
                       char *why, size_t why_len)
{
    /* The devices named (default e1000) with the drivers named (default:
     * each device's first); "all" pairs skip what does not bind. */
    unsigned npairs = 0;
    bool any_device = p->device == NIC_DEV_COUNT, any_driver = p->driver == NIC_DRV_COUNT;
    p->several_drivers = any_device || any_driver;
    for (int d = 0; d < NIC_DEV_COUNT; d++) {
        if (!any_device && d != (p->device < 0 ? NIC_DEV_E1000 : p->device))
            continue;
        for (int k = 0; k < NIC_DRV_COUNT; k++) {
            bool chosen;
            if (any_driver)
                chosen = nic_drivers[k].binds[d];
            else if (p->driver < 0)
                chosen = k == (int)nic_default_driver((enum nic_device_id)d);
            else /* one driver: with "all" devices, those it drives; else it must drive it */
                chosen = k == p->driver && (!any_device || nic_drivers[k].binds[d]);
            if (!chosen)
                continue;
            pairs[npairs] = *base;
            if (pair_config(&pairs[npairs], p, (enum nic_device_id)d, (enum nic_driver_id)k, why,
                            why_len) != 0)
                return 0;
            npairs++;
        }
    }
    if (npairs == 0)
        snprintf(why, why_len, "--device=%s --driver=%s: no device drives with that driver",
                 p->device == NIC_DEV_COUNT ? "all"
                                            : nic_devices[p->device < 0 ? NIC_DEV_E1000 : p->device].name,
                 p->driver == NIC_DRV_COUNT ? "all" : nic_drivers[p->driver < 0 ? 0 : p->driver].name);
    return npairs;
}

/* One configuration's estimate against the limit (see xp_pick_over_budget). */
static int over_budget(const struct xp_config *cfg, const struct xp_search_limits *lim,
                       uint64_t limit_bytes, unsigned max_memory_mb, char *why, size_t why_len)
{
    struct xp_budget b;
    const char *bad = NULL;
    if (xp_budget_estimate(cfg, lim->max_states, &b, &bad) != 0 || b.total_bytes <= limit_bytes)
        return 0;
    const double gb = 1e9;
    char bound[96];
    if (b.cache_bytes >= b.path_bytes)
        snprintf(bound, sizeof(bound), "--max-states %zu", lim->max_states);
    else
        snprintf(bound, sizeof(bound), "--ring %u --packets %u", cfg->ring, cfg->packets);
    /* The limit as it was given: --max-memory's MB, or the host's memory. */
    char allowed[64];
    if (max_memory_mb != 0)
        snprintf(allowed, sizeof(allowed), "--max-memory %u (MB) allows", max_memory_mb);
    else
        snprintf(allowed, sizeof(allowed), "this host's %.1f GB of memory", (double)limit_bytes / gb);
    snprintf(why, why_len, "explain: %s: the search could need about %.1f GB (state cache %.1f GB,"
             " %u-step paths of %zu-byte snapshots %.1f GB), more than %s; lower it",
             bound, (double)b.total_bytes / gb, (double)b.cache_bytes / gb, 2 * b.default_steps,
             b.snapshot_bytes, (double)b.path_bytes / gb, allowed);
    return 1;
}

int xp_pick_over_budget(const struct xp_config *pairs, unsigned npairs, bool all,
                        const struct xp_search_limits *lim, uint64_t limit_bytes,
                        unsigned max_memory_mb, char *why, size_t why_len)
{
    if (limit_bytes == 0)
        limit_bytes = UINT64_MAX; /* the host's memory is unknown: no check */
    for (unsigned i = 0; i < npairs; i++) {
        struct xp_config c = pairs[i];
        if (all)
            c.copy = DMA_COPY_SINGLE; /* any routine: the estimate hardly depends on it */
        if (over_budget(&c, lim, limit_bytes, max_memory_mb, why, why_len))
            return 1;
    }
    return 0;
}
