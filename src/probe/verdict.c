// SPDX-License-Identifier: GPL-2.0-or-later
/* verdict.c - the writes that matter and the exposure rule. */
#include "probe/verdict.h"

#include <stdio.h>
#include <string.h>

#include "model/desc.h"

const struct probe_write probe_writes[PROBE_WRITE_COUNT] = {
    [PROBE_WRITE_DESC16] = {16, 0, "e1000 descriptor write-back"},
    [PROBE_WRITE_STATUS1] = {1, 12, "e1000 status byte (QEMU >= 7.1)"},
    [PROBE_WRITE_STATUS_ERROR4] = {4, 8, "e1000e/igb status_error"},
    [PROBE_WRITE_STATUS4] = {4, 12, "legacy status, errors, special as one word"},
    [PROBE_WRITE_2] = {2, 0, "2 bytes"},
    [PROBE_WRITE_8] = {8, 0, "8 bytes (a buffer address)"},
    [PROBE_WRITE_DD1] = {1, 8, "e1000e/igb status_error's DD byte (QEMU patch v1)"},
};

/* The legacy descriptor (desc.h): the driver re-arms with a new buffer
 * address, then status = 0. */
static const struct probe_field legacy_fields[] = {
    {"the buffer address", 0, 8, true},
    {"length", 8, 2, false},
    {"csum", 10, 2, false},
    {"the status byte", 12, 1, true},
    {"errors", 13, 1, false},
    {"special", 14, 2, false},
    {NULL, 0, 0, false},
};
_Static_assert(offsetof(struct e1000_rx_desc, status) == 12, "legacy status @12");

/* Extended (e1000e) and advanced (igb) descriptors, write-back format over
 * the read format. Re-arming writes the read format: DPDK's igb writes the
 * packet address and hdr_addr = 0 (bytes 8-15, over status_error, length
 * and vlan); Linux e1000e writes the buffer address and clears the low
 * byte of status_error. Every byte is the driver's in one of them. */
static const struct probe_field status_error_fields[] = {
    {"the buffer address", 0, 8, true},
    {"status_error", 8, 4, true},
    {"length", 12, 2, true},
    {"vlan", 14, 2, true},
    {NULL, 0, 0, false},
};

const struct probe_writeback probe_writebacks[PROBE_WB_COUNT] = {
    [PROBE_WB_E1000_UNFIXED] = {"e1000-unfixed",
                                "e1000 16-byte write-back with DD (QEMU < 7.1)",
                                PROBE_WRITE_DESC16, 12, legacy_fields, false},
    [PROBE_WB_E1000_STATUS] = {"e1000-status", "e1000 1-byte status write (QEMU >= 7.1 fix)",
                               PROBE_WRITE_STATUS1, 12, legacy_fields, true},
    [PROBE_WB_STATUS_ERROR] = {"e1000e-igb-status-error",
                               "e1000e/igb 4-byte status_error write (their QEMU fix)",
                               PROBE_WRITE_STATUS_ERROR4, 8, status_error_fields, true},
    [PROBE_WB_DD_BYTE] = {"e1000e-igb-dd-byte",
                          "e1000e/igb 1-byte write of status_error's DD byte (QEMU patch v1)",
                          PROBE_WRITE_DD1, 8, status_error_fields, true},
};

unsigned probe_stores_covering(const struct dma_pattern *p, unsigned base, unsigned b)
{
    unsigned n = 0;
    for (unsigned i = 0; i < p->n; i++)
        n += b >= base + p->s[i].off && b < base + p->s[i].off + p->s[i].len;
    return n;
}

char *probe_format_stores(const struct dma_pattern *p, unsigned base, char *buf, size_t len)
{
    size_t at = 0;
    at += (size_t)snprintf(buf, len, "%u store%s", p->n, p->n == 1 ? "" : "s");
    for (unsigned i = 0; i < p->n && at < len; i++)
        at += (size_t)snprintf(buf + at, len - at, " [%u,%u)", base + p->s[i].off,
                               base + p->s[i].off + p->s[i].len);
    return buf;
}

/* Bit k set: field k overlaps descriptor bytes [lo,hi) and is (driver)
 * or is not (!driver) written by the driver when it re-arms. */
static unsigned field_mask(const struct probe_field *f, unsigned lo, unsigned hi, bool driver)
{
    unsigned m = 0;
    for (unsigned k = 0; f[k].name != NULL; k++)
        if (f[k].driver_writes == driver && f[k].off + f[k].len > lo && f[k].off < hi)
            m |= 1u << k;
    return m;
}

/* "the buffer address and the status byte": the fields in mask m. */
static void name_fields(const struct probe_field *f, unsigned m, char *buf, size_t len)
{
    size_t at = 0;
    unsigned n = 0, total = (unsigned)__builtin_popcount(m);
    buf[0] = '\0';
    for (unsigned k = 0; f[k].name != NULL && at < len; k++) {
        if (!(m & (1u << k)))
            continue;
        n++;
        at += (size_t)snprintf(buf + at, len - at, "%s%s", n == 1 ? "" : n == total ? " and " : ", ",
                               f[k].name);
    }
}

static void set(struct probe_verdict *v, enum probe_exposure e, bool at_speed)
{
    static const char *const labels[] = {"not exposed", "exposed", "unknown"};
    static const char *const json[] = {"not-exposed", "exposed", "unknown"};
    v->e = e;
    v->label = e == PROBE_UNKNOWN && at_speed ? "unknown at speed" : labels[e];
    v->json = json[e];
}

void probe_judge(const struct probe_writeback *wb, const struct dma_pattern *p, bool fast_string,
                 struct probe_verdict *v)
{
    unsigned base = probe_writes[wb->write].off;
    char fields[160];
    v->why[0] = '\0';

    /* A one-byte write is one store however a string instruction makes it. */
    if (fast_string && probe_writes[wb->write].len > 1) {
        set(v, PROBE_UNKNOWN, true);
        snprintf(v->why, sizeof(v->why),
                 "a rep-prefixed string instruction made the stores; single-stepped it made"
                 " %u store%s, but at full speed it may store in larger blocks and in"
                 " another order", p->n, p->n == 1 ? "" : "s");
        return;
    }
    unsigned first_dd = p->n;
    for (unsigned i = 0; i < p->n && first_dd == p->n; i++)
        if (wb->dd_byte >= base + p->s[i].off && wb->dd_byte < base + p->s[i].off + p->s[i].len)
            first_dd = i;
    if (first_dd == p->n) {
        set(v, PROBE_UNKNOWN, false);
        snprintf(v->why, sizeof(v->why), "no store wrote the DD byte (descriptor byte %u)",
                 wb->dd_byte);
        return;
    }
    unsigned dd_lo = base + p->s[first_dd].off, dd_hi = dd_lo + p->s[first_dd].len;

    /* The first later store that rewrites something the driver writes (of
     * a dd_only write: the DD byte). */
    unsigned other = p->n; /* dd_only: first later store of the field's other bytes */
    for (unsigned j = first_dd + 1; j < p->n; j++) {
        unsigned lo = base + p->s[j].off, hi = lo + p->s[j].len;
        bool dd_again = wb->dd_byte >= lo && wb->dd_byte < hi;
        unsigned m = field_mask(wb->fields, lo, hi, true);
        if (m == 0)
            continue;
        if (wb->dd_only && !dd_again) {
            if (other == p->n)
                other = j;
            continue;
        }
        set(v, PROBE_EXPOSED, false);
        if (wb->dd_only) {
            snprintf(v->why, sizeof(v->why),
                     "store %u [%u,%u) writes the DD byte again after store %u [%u,%u) set DD",
                     j + 1, lo, hi, first_dd + 1, dd_lo, dd_hi);
            return;
        }
        name_fields(wb->fields, m, fields, sizeof(fields));
        snprintf(v->why, sizeof(v->why), "store %u [%u,%u) rewrites %s after store %u [%u,%u) set DD",
                 j + 1, lo, hi, fields, first_dd + 1, dd_lo, dd_hi);
        return;
    }

    set(v, PROBE_NOT_EXPOSED, false);
    if (p->n == 1)
        snprintf(v->why, sizeof(v->why), "one store [%u,%u) writes DD and nothing is stored after it",
                 dd_lo, dd_hi);
    else if (other != p->n)
        snprintf(v->why, sizeof(v->why),
                 "store %u [%u,%u) sets DD and no later store writes the DD byte again (store %u"
                 " [%u,%u) rewrites other status bits, which leaves the driver's clear of DD"
                 " standing)",
                 first_dd + 1, dd_lo, dd_hi, other + 1, base + p->s[other].off,
                 base + p->s[other].off + p->s[other].len);
    else
        snprintf(v->why, sizeof(v->why),
                 "store %u [%u,%u) sets DD and no later store rewrites a byte the driver writes",
                 first_dd + 1, dd_lo, dd_hi);
    /* Not the lost re-arm, but worth saying: fields that land after DD can
     * be read torn by a driver that reads them as soon as it sees DD. */
    unsigned late = 0, nlate; /* bit k: field k is written after DD */
    for (unsigned j = first_dd + 1; j < p->n; j++)
        late |= field_mask(wb->fields, base + p->s[j].off, base + p->s[j].off + p->s[j].len, false);
    nlate = (unsigned)__builtin_popcount(late);
    name_fields(wb->fields, late, fields, sizeof(fields));
    if (nlate != 0) {
        size_t at = strlen(v->why);
        snprintf(v->why + at, sizeof(v->why) - at, "; %s land%s after DD (a reader can see %s torn)",
                 fields, nlate == 1 ? "s" : "", nlate == 1 ? "it" : "them");
    }
}
