// SPDX-License-Identifier: GPL-2.0-or-later
/* token.c - encode and check replay tokens (see token.h). */
#include "explain/token.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/choice.h"
#include "explain/pair.h"

#define XP_TOKEN_VERSION "x2"
#define XP_TOKEN_V1 "x1" /* e1000/dpdk-em only, no device or driver fields */

/* FNV-1a, 32 bits: enough to catch a typo, not meant to resist forgery. */
static uint32_t check_of(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 16777619u;
    }
    return h;
}

int xp_token_encode(char *buf, size_t n, const struct xp_config *cfg, const struct xp_schedule *s)
{
    size_t used;
    char batch[16] = "";
    if (cfg->rx_buffer_write != 0)
        snprintf(batch, sizeof(batch), "w%u", cfg->rx_buffer_write);
    int w = snprintf(buf, n, XP_TOKEN_VERSION "/%s/%s/%s/%s/%s/%s/r%up%ub%ut%u%s/",
                     nic_devices[cfg->device].name, nic_drivers[cfg->driver].name,
                     e1000_fixes[cfg->fix].name, em_workarounds[cfg->workaround].name,
                     dma_copies[cfg->copy].name, xp_memories[cfg->memory].name, cfg->ring,
                     cfg->packets, cfg->burst, cfg->rx_free_thresh, batch);
    if (w < 0 || (size_t)w >= n)
        return -1;
    used = (size_t)w;
    if (s->n == 0) {
        w = snprintf(buf + used, n - used, "-");
        if (w < 0 || (size_t)w >= n - used)
            return -1;
        used += (size_t)w;
    }
    for (unsigned i = 0; i < s->n; i++) {
        w = snprintf(buf + used, n - used, "%s%" PRIu32 ":%u", i ? "," : "", s->d[i].step,
                     s->d[i].entity);
        if (w < 0 || (size_t)w >= n - used)
            return -1;
        used += (size_t)w;
    }
    w = snprintf(buf + used, n - used, "/%08" PRIx32, check_of(buf, used));
    return w < 0 || (size_t)w >= n - used ? -1 : 0;
}

/* The next '/'-separated field of *p, copied to out (at most n - 1 bytes). */
static int field(const char **p, char *out, size_t n)
{
    const char *end = strchr(*p, '/');
    size_t len = end ? (size_t)(end - *p) : strlen(*p);
    if (len == 0 || len >= n)
        return -1;
    memcpy(out, *p, len);
    out[len] = '\0';
    *p += len + (end != NULL);
    return end != NULL ? 1 : 0; /* 1: more fields follow */
}

/* The names a token spells, looked up as the command line does. */
static const struct choice_table nic_devices_choices = CHOICE_TABLE(nic_devices, NIC_DEV_COUNT);
static const struct choice_table nic_drivers_choices = CHOICE_TABLE(nic_drivers, NIC_DRV_COUNT);
static const struct choice_table e1000_fixes_choices = CHOICE_TABLE(e1000_fixes, E1000_FIX_COUNT);
static const struct choice_table em_workarounds_choices = CHOICE_TABLE(em_workarounds, EM_WORKAROUND_COUNT);
static const struct choice_table dma_copies_choices = CHOICE_TABLE(dma_copies, DMA_COPY_COUNT);
static const struct choice_table xp_memories_choices = CHOICE_TABLE(xp_memories, XP_MEM_COUNT);

/* A decimal number without sign or leading zeros, at most max. */
static int number(const char **p, unsigned long max, unsigned long *out)
{
    const char *s = *p;
    unsigned long v = 0;
    if (*s < '0' || *s > '9' || (s[0] == '0' && s[1] >= '0' && s[1] <= '9'))
        return -1;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > max)
            return -1;
    }
    *out = v;
    *p = s;
    return 0;
}

int xp_token_decode(const char *token, struct xp_config *cfg, struct xp_schedule *s,
                    const char **why)
{
    char f[10][XP_TOKEN_MAX];
    const char *p = token;
    int i, more = 1;
    unsigned long v[5] = {0};

    if (strlen(token) >= XP_TOKEN_MAX) {
        *why = "too long";
        return -1;
    }
    for (i = 0; i < 10 && more == 1; i++) {
        more = field(&p, f[i], sizeof(f[i]));
        if (more < 0) {
            *why = "an empty or overlong field";
            return -1;
        }
    }
    /* x1: 8 fields, e1000 and dpdk-em; x2: 10, with DEVICE/DRIVER. */
    bool v1 = strcmp(f[0], XP_TOKEN_V1) == 0;
    if (!v1 && strcmp(f[0], XP_TOKEN_VERSION) != 0) {
        *why = "not a token of this version (it starts with " XP_TOKEN_VERSION "/, or " XP_TOKEN_V1
               "/ for e1000 and dpdk-em)";
        return -1;
    }
    int nf = v1 ? 8 : 10;
    if (i != nf || more != 0) {
        *why = v1 ? "expected 8 fields separated by '/'" : "expected 10 fields separated by '/'";
        return -1;
    }
    /* The check covers everything up to the last '/'. */
    const char *last = strrchr(token, '/');
    char want[16];
    snprintf(want, sizeof(want), "%08" PRIx32, check_of(token, (size_t)(last - token)));
    if (strcmp(f[nf - 1], want) != 0) {
        *why = "its check digits do not match (mistyped or cut?)";
        return -1;
    }
    char (*g)[XP_TOKEN_MAX] = v1 ? f + 1 : f + 3; /* FIX onwards */
    int dev = v1 ? NIC_DEV_E1000
                 : choice_find(&nic_devices_choices, f[1]);
    int drv = v1 ? NIC_DRV_DPDK_EM
                 : choice_find(&nic_drivers_choices, f[2]);
    int fix = choice_find(&e1000_fixes_choices, g[0]);
    int wa = choice_find(&em_workarounds_choices, g[1]);
    int copy = choice_find(&dma_copies_choices, g[2]);
    int mem = choice_find(&xp_memories_choices, g[3]);
    if (dev < 0 || drv < 0) {
        *why = "unknown device or driver";
        return -1;
    }
    if (fix < 0 || wa < 0 || copy < 0 || mem < 0) {
        *why = "unknown fix, workaround, copy routine or memory model";
        return -1;
    }
    const char *q = g[4];
    static const char keys[5] = {'r', 'p', 'b', 't', 'w'};
    static const unsigned long max[5] = {XP_RING_MAX, XP_PACKETS_MAX, XP_BURST_MAX, XP_RING_MAX,
                                         XP_BATCH_MAX};
    for (int k = 0; k < 5; k++) {
        if (k == 4 && *q == '\0')
            break; /* the batch is there only for linux-e1000e */
        if (*q++ != keys[k] || number(&q, max[k], &v[k]) != 0) {
            *why = "bad bounds field (rRINGpPACKETSbBURSTtTHRESH, then wBATCH for linux-e1000e)";
            return -1;
        }
    }
    if (*q != '\0' || v[0] < XP_RING_MIN || v[1] < 1 || v[2] < 1 || v[3] >= v[0]) {
        *why = "bounds out of range";
        return -1;
    }
    s->n = 0;
    if (strcmp(g[5], "-") != 0) {
        q = g[5];
        for (;;) {
            unsigned long step, entity;
            if (s->n == XP_SCHEDULE_MAX || number(&q, XP_STEP_LIMIT, &step) != 0 || *q++ != ':' ||
                number(&q, XP_NENTITIES - 1, &entity) != 0 ||
                (s->n > 0 && step <= s->d[s->n - 1].step) ||
                (xp_entity_is_flush((unsigned)entity) && mem != XP_MEM_TSO)) {
                *why = "bad schedule (STEP:ENTITY pairs, steps increasing, flushes only with tso)";
                return -1;
            }
            s->d[s->n].step = (uint32_t)step;
            s->d[s->n].entity = (uint8_t)entity;
            s->n++;
            if (*q == '\0')
                break;
            if (*q++ != ',') {
                *why = "bad schedule (STEP:ENTITY pairs joined by commas)";
                return -1;
            }
        }
    }
    struct xp_config c = {
        .fix = (enum e1000_fix)fix,
        .workaround = (enum em_workaround)wa,
        .copy = (enum dma_copy_id)copy,
        .memory = (enum xp_memory)mem,
        .ring = (unsigned)v[0],
        .packets = (unsigned)v[1],
        .burst = (unsigned)v[2],
        .rx_free_thresh = (unsigned)v[3],
        .device = (enum nic_device_id)dev,
        .driver = (enum nic_driver_id)drv,
        .rx_buffer_write = (unsigned)v[4],
    };
    /* A token names a configuration the explorer can run, or none. */
    if ((*why = xp_config_problem(&c)) != NULL)
        return -1;
    *cfg = c;
    return 0;
}
