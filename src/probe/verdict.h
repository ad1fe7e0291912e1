// SPDX-License-Identifier: GPL-2.0-or-later
/* verdict.h - which DMA writes matter, and whether a store pattern
 * exposes them to the lost re-arm. Pure functions, no tracing: tested on
 * synthetic patterns in tests/unit_probe.c. */
#ifndef E1000_POC_PROBE_VERDICT_H
#define E1000_POC_PROBE_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/dma.h"

/* The writes the probe traces: each size a device model writes, at the
 * descriptor offset it writes it. One row each in probe_writes[]. */
struct probe_write {
    uint8_t len, off; /* bytes, descriptor offset */
    const char *what; /* who writes this, in a few words */
};
enum {
    PROBE_WRITE_DESC16,        /* 16 B at 0: the whole descriptor */
    PROBE_WRITE_STATUS1,       /* 1 B at 12: the legacy status byte */
    PROBE_WRITE_STATUS_ERROR4, /* 4 B at 8: extended/advanced status_error */
    PROBE_WRITE_STATUS4,       /* 4 B at 12: legacy status, errors, special */
    PROBE_WRITE_2,             /* 2 B at 0 */
    PROBE_WRITE_8,             /* 8 B at 0 */
    PROBE_WRITE_DD1,           /* 1 B at 8: the byte of status_error with DD
                                  (the proposed patch, --qemu-fix=dd-byte) */
    PROBE_WRITE_COUNT
};
extern const struct probe_write probe_writes[PROBE_WRITE_COUNT];

/* A field of a descriptor as the guest driver sees it. */
struct probe_field {
    const char *name; /* "the buffer address" */
    uint8_t off, len;
    bool driver_writes; /* the driver writes it when it re-arms the descriptor */
};

/* A write-back whose store pattern decides whether the race is possible:
 * the device publishes DD with this write; the driver, once it sees DD,
 * re-arms the descriptor by writing its driver_writes fields. */
struct probe_writeback {
    const char *name;  /* short id, used in JSON */
    const char *title; /* one line: device, write, QEMU versions */
    unsigned write;    /* row of probe_writes[] */
    uint8_t dd_byte;   /* descriptor byte holding DD */
    const struct probe_field *fields; /* the layout; ends with a NULL name */
    /* The write is the status field's, after a write of the whole
     * descriptor with DD clear (QEMU's fix): only DD stored again undoes
     * the driver, whose clear of DD is what hands the descriptor back. A
     * later store of the field's other bytes puts back status bits the
     * first write already wrote (over DPDK igb's hdr_addr = 0, which QEMU
     * reads only with header split; explain/expect.c argues the same). */
    bool dd_only;
};
enum {
    PROBE_WB_E1000_UNFIXED, /* QEMU < 7.1: 16 bytes with DD */
    PROBE_WB_E1000_STATUS,  /* QEMU >= 7.1: then the 1-byte status with DD */
    PROBE_WB_STATUS_ERROR,  /* QEMU's e1000e (7.2) and igb fix: 4-byte status_error */
    PROBE_WB_DD_BYTE,       /* the proposed patch: only status_error's DD byte */
    PROBE_WB_COUNT
};
extern const struct probe_writeback probe_writebacks[PROBE_WB_COUNT];

enum probe_exposure {
    PROBE_NOT_EXPOSED,
    PROBE_EXPOSED,
    PROBE_UNKNOWN, /* cannot be decided from the pattern */
};

#define PROBE_WHY_MAX 320
struct probe_verdict {
    enum probe_exposure e;
    const char *label; /* "exposed", "not exposed", "unknown at speed", "unknown" */
    const char *json;  /* "exposed", "not-exposed", "unknown" */
    char why[PROBE_WHY_MAX];
};

/* Judge a write-back from the stores its write makes (p: offsets relative
 * to the write, as the tracer reports them). The rule: find the first store
 * that writes the DD byte; the write-back is exposed when a later store
 * rewrites a byte the driver writes when it re-arms (the guest's write can
 * land between the two and be undone), or, for a dd_only write, when a
 * later store writes the DD byte again. fast_string: the stores came from a
 * string instruction whose single-stepped order says nothing about full
 * speed; the verdict is then unknown, except for a one-byte write. */
void probe_judge(const struct probe_writeback *wb, const struct dma_pattern *p, bool fast_string,
                 struct probe_verdict *v);

/* "2 stores [0,16) [0,16)": the stores as descriptor bytes (base: the
 * write's descriptor offset). Returns buf. */
char *probe_format_stores(const struct dma_pattern *p, unsigned base, char *buf, size_t len);

/* How many stores of p (relative to base) write descriptor byte b. */
unsigned probe_stores_covering(const struct dma_pattern *p, unsigned base, unsigned b);

#endif
