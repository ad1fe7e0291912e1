/* xp_token.c - encode and check replay tokens (see xp_token.h). */
#include "xp_token.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XP_TOKEN_VERSION "x1"

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
    int w = snprintf(buf, n, XP_TOKEN_VERSION "/%s/%s/%s/%s/r%up%ub%ut%u/",
                     e1000_fixes[cfg->fix].name, em_workarounds[cfg->workaround].name,
                     dma_copies[cfg->copy].name, xp_memories[cfg->memory].name, cfg->ring,
                     cfg->packets, cfg->burst, cfg->rx_free_thresh);
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

static int find_name(const char *name, const void *rows, size_t stride, int count)
{
    for (int i = 0; i < count; i++)
        if (strcmp(*(const char *const *)((const char *)rows + (size_t)i * stride), name) == 0)
            return i;
    return -1;
}

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
    char f[8][XP_TOKEN_MAX];
    const char *p = token;
    int i, more = 1;
    unsigned long v[4];

    if (strlen(token) >= XP_TOKEN_MAX) {
        *why = "too long";
        return -1;
    }
    for (i = 0; i < 8 && more == 1; i++) {
        more = field(&p, f[i], sizeof(f[i]));
        if (more < 0) {
            *why = "an empty or overlong field";
            return -1;
        }
    }
    if (i != 8 || more != 0) {
        *why = "expected 8 fields separated by '/'";
        return -1;
    }
    if (strcmp(f[0], XP_TOKEN_VERSION) != 0) {
        *why = "not a token of this version (it starts with " XP_TOKEN_VERSION "/)";
        return -1;
    }
    /* The check covers everything up to the last '/'. */
    const char *last = strrchr(token, '/');
    char want[16];
    snprintf(want, sizeof(want), "%08" PRIx32, check_of(token, (size_t)(last - token)));
    if (strcmp(f[7], want) != 0) {
        *why = "its check digits do not match (mistyped or cut?)";
        return -1;
    }
    int fix = find_name(f[1], e1000_fixes, sizeof(e1000_fixes[0]), E1000_FIX_COUNT);
    int wa = find_name(f[2], em_workarounds, sizeof(em_workarounds[0]), EM_WORKAROUND_COUNT);
    int copy = find_name(f[3], dma_copies, sizeof(dma_copies[0]), DMA_COPY_COUNT);
    int mem = find_name(f[4], xp_memories, sizeof(xp_memories[0]), XP_MEM_COUNT);
    if (fix < 0 || wa < 0 || copy < 0 || mem < 0) {
        *why = "unknown fix, workaround, copy routine or memory model";
        return -1;
    }
    const char *q = f[5];
    static const char keys[4] = {'r', 'p', 'b', 't'};
    static const unsigned long max[4] = {XP_RING_MAX, XP_PACKETS_MAX, XP_BURST_MAX, XP_RING_MAX};
    for (int k = 0; k < 4; k++) {
        if (*q++ != keys[k] || number(&q, max[k], &v[k]) != 0) {
            *why = "bad bounds field (rRINGpPACKETSbBURSTtTHRESH)";
            return -1;
        }
    }
    if (*q != '\0' || v[0] < XP_RING_MIN || v[1] < 1 || v[2] < 1 || v[3] >= v[0]) {
        *why = "bounds out of range";
        return -1;
    }
    s->n = 0;
    if (strcmp(f[6], "-") != 0) {
        q = f[6];
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
    cfg->fix = (enum e1000_fix)fix;
    cfg->workaround = (enum em_workaround)wa;
    cfg->copy = (enum dma_copy_id)copy;
    cfg->memory = (enum xp_memory)mem;
    cfg->ring = (unsigned)v[0];
    cfg->packets = (unsigned)v[1];
    cfg->burst = (unsigned)v[2];
    cfg->rx_free_thresh = (unsigned)v[3];
    return 0;
}
