// SPDX-License-Identifier: GPL-2.0-or-later
/* measure.c - trace, name and judge one copy routine. */
#include "probe/measure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hostinfo.h"

int probe_measure(enum dma_copy_id id, unsigned writes, const char *debug_root,
                  struct probe_measurement *m)
{
    memset(m, 0, sizeof(*m));
    m->id = id;
    m->writes = writes & PROBE_ALL_WRITES;
    m->fast_string = (dma_copies[id].flags & DMA_F_UNKNOWN_AT_SPEED) != 0;
    m->traced = true;
    for (unsigned w = 0; w < PROBE_WRITE_COUNT; w++) {
        if (!(m->writes & (1u << w)))
            continue;
        const char *why = NULL;
        if (probe_trace_full(id, probe_writes[w].len, probe_writes[w].off, &m->w[w], &why) != 0) {
            m->traced = false;
            snprintf(m->why, sizeof(m->why), "%s", why ? why : "the trace failed");
            break;
        }
        m->fast_string = m->fast_string || m->w[w].string_op;
    }

    snprintf(m->routine, sizeof(m->routine), "%s", dma_copies[id].name);
    if (dma_copy_is_libc(id)) {
        m->routine[0] = '\0';
        uintptr_t entry = 0;
        for (unsigned w = 0; w < PROBE_WRITE_COUNT && entry == 0; w++)
            if (m->traced && (m->writes & (1u << w)))
                entry = m->w[w].entry;
        if (entry == 0)
            snprintf(m->source, sizeof(m->source), "not traced, so not located");
        else
            m->named = probe_symbol_name(entry, debug_root, m->routine, sizeof(m->routine),
                                         m->where, sizeof(m->where), m->source,
                                         sizeof(m->source)) == 0;
    } else {
        m->named = true;
        snprintf(m->source, sizeof(m->source), "the project's copy routine --copy=%s",
                 dma_copies[id].name);
    }

    for (unsigned b = 0; b < PROBE_WB_COUNT; b++) {
        const struct probe_writeback *wb = &probe_writebacks[b];
        struct probe_verdict *v = &m->v[b];
        if (m->traced && (m->writes & (1u << wb->write))) {
            /* Unknown at speed only when THIS write's stores came from a
             * string instruction (musl's memcpy uses rep movsq for whole
             * words and plain byte moves for a short copy). */
            bool string_op = (dma_copies[id].flags & DMA_F_UNKNOWN_AT_SPEED) != 0 ||
                             m->w[wb->write].string_op;
            probe_judge(wb, &m->w[wb->write].p, string_op, v);
        } else {
            v->e = PROBE_UNKNOWN;
            v->label = "unknown";
            v->json = "unknown";
            snprintf(v->why, sizeof(v->why), "not traced%s%.290s", m->why[0] ? ": " : "", m->why);
        }
    }
    return m->traced ? 0 : -1;
}

bool probe_same_stores(const struct probe_measurement *a, const struct probe_measurement *b,
                       unsigned *first)
{
    for (unsigned w = 0; w < PROBE_WRITE_COUNT; w++) {
        if (!(a->writes & b->writes & (1u << w)))
            continue;
        const struct dma_pattern *p = &a->w[w].p, *q = &b->w[w].p;
        bool same = p->n == q->n;
        for (unsigned i = 0; same && i < p->n; i++)
            same = p->s[i].off == q->s[i].off && p->s[i].len == q->s[i].len;
        if (!same) {
            if (first != NULL)
                *first = w;
            return false;
        }
    }
    return true;
}

void probe_compare_libc(struct probe_measurement *m, const char *debug_root)
{
    static struct probe_measurement o; /* large; one probe at a time */
    m->other.done = false;
    if (!dma_copy_is_libc(m->id) || !m->traced)
        return;
    enum dma_copy_id other = m->id == DMA_COPY_LIBC ? DMA_COPY_LIBC_MEMMOVE : DMA_COPY_LIBC;
    if (probe_measure(other, m->writes, debug_root, &o) != 0)
        return;
    m->other.done = true;
    m->other.id = other;
    m->other.named = o.named;
    snprintf(m->other.routine, sizeof(m->other.routine), "%s", o.named ? o.routine : o.where);
    m->other.same = probe_same_stores(m, &o, &m->other.first_diff);
    if (!m->other.same)
        m->other.p = o.w[m->other.first_diff].p;
}

int probe_exit_status(const struct probe_measurement *m)
{
    switch (m->v[PROBE_WB_E1000_UNFIXED].e) {
    case PROBE_NOT_EXPOSED: return 0;
    case PROBE_EXPOSED: return 1;
    default: return 125;
    }
}

static char *summary_line(enum dma_copy_id id, enum rx_desc_format fmt, char *buf, size_t len,
                          struct probe_measurement *m);

/* The measurements (8.5 KB each) live on the heap: run's header and the
 * probe run under ulimit -s 24. */
char *probe_summary_line(enum dma_copy_id id, enum rx_desc_format fmt, char *buf, size_t len)
{
    struct probe_measurement *m = malloc(sizeof(*m));
    if (m == NULL) {
        snprintf(buf, len, "not measured: out of memory");
        return buf;
    }
    summary_line(id, fmt, buf, len, m);
    free(m);
    return buf;
}

static char *summary_line(enum dma_copy_id id, enum rx_desc_format fmt, char *buf, size_t len,
                          struct probe_measurement *m)
{
    /* The separately written status field of the fixed devices: the legacy
     * status byte, or the 4-byte status_error of the write-back formats. */
    const bool legacy = fmt == RX_FMT_LEGACY;
    const unsigned sw = legacy ? PROBE_WRITE_STATUS1 : PROBE_WRITE_STATUS_ERROR4;
    const unsigned sv = legacy ? PROBE_WB_E1000_STATUS : PROBE_WB_STATUS_ERROR;
    const unsigned writes = 1u << PROBE_WRITE_DESC16 | 1u << sw;
    char s16[160], s1[160];

    if (probe_measure(id, writes, PROBE_DEBUG_ROOT, m) != 0) {
        snprintf(buf, len, "not measured: %s", m->why);
        return buf;
    }
    const struct probe_verdict *v16 = &m->v[PROBE_WB_E1000_UNFIXED], *v1 = &m->v[sv];
    const char *who = m->named ? m->routine : m->where[0] ? m->where : "unnamed";
    size_t at = (size_t)snprintf(
        buf, len, "%s%s: 16-byte write-back in %s, %s; %s in %s, %s", who,
        dma_copy_is_libc(id) && !m->named ? " (variant unnamed)" : "",
        probe_format_stores(&m->w[PROBE_WRITE_DESC16].p, 0, s16, sizeof(s16)), v16->label,
        legacy ? "1-byte status" : "4-byte status_error",
        probe_format_stores(&m->w[sw].p, (unsigned)rx_status_offset(fmt), s1, sizeof(s1)),
        v1->label);

    /* GLIBC_TUNABLES with glibc.cpu settings is the seed's SLOW_MEMCPY:
     * say whether it helped. */
    const char *tunables = hostinfo_glibc_tunables();
    if (!dma_copy_is_libc(id) || tunables == NULL || strstr(tunables, "glibc.cpu.") == NULL ||
        at >= len)
        return buf;
    if (probe_stores_covering(&m->w[PROBE_WRITE_DESC16].p, 0, 12) > 1)
        snprintf(buf + at, len - at, ". GLIBC_TUNABLES chose a memcpy whose 16-byte write-back still"
                 " stores the status byte twice: the seed's SLOW_MEMCPY advice does not hold on"
                 " this glibc");
    else if (v16->e == PROBE_EXPOSED)
        snprintf(buf + at, len - at, ". GLIBC_TUNABLES chose a memcpy that is still exposed (%s):"
                 " the seed's SLOW_MEMCPY advice does not hold on this glibc", v16->why);
    else if (v16->e == PROBE_NOT_EXPOSED)
        snprintf(buf + at, len - at, ". GLIBC_TUNABLES chose a memcpy that sets DD in its last"
                 " store: the seed's SLOW_MEMCPY advice holds here");
    else
        snprintf(buf + at, len - at, ". GLIBC_TUNABLES chose a memcpy whose exposure cannot be"
                 " told by tracing (%s)", v16->why);
    return buf;
}

int probe_publish_exposed(enum dma_copy_id id, enum rx_desc_format fmt, bool status_write)
{
    struct probe_measurement *m = malloc(sizeof(*m));
    const bool legacy = fmt == RX_FMT_LEGACY;
    unsigned wb = !status_write ? PROBE_WB_E1000_UNFIXED
                  : legacy      ? PROBE_WB_E1000_STATUS
                                : PROBE_WB_STATUS_ERROR;
    int r = -1;

    if (m != NULL && probe_measure(id, 1u << probe_writebacks[wb].write, PROBE_DEBUG_ROOT, m) == 0)
        r = m->v[wb].e == PROBE_EXPOSED ? 1 : m->v[wb].e == PROBE_NOT_EXPOSED ? 0 : -1;
    free(m);
    return r;
}

void probe_place_stores(struct probe_measurement *m)
{
    for (unsigned w = 0; w < PROBE_WRITE_COUNT; w++) {
        if (!m->traced || !(m->writes & (1u << w)))
            continue;
        for (unsigned i = 0; i < m->w[w].p.n && i < DMA_PATTERN_MAX; i++) {
            uint64_t vaddr;
            char *to = m->store_at[w][i];
            if (probe_store_at(&m->w[w], i, to, PROBE_STORE_AT_MAX, &vaddr) != 0)
                to[0] = '\0'; /* no place: null, never a wrong one */
        }
    }
    m->placed = true;
}
