// SPDX-License-Identifier: GPL-2.0-or-later
/* measure.h - everything `probe` finds out about one copy routine:
 * the traced stores of each write, the routine's name, the verdicts. */
#ifndef E1000_POC_PROBE_MEASURE_H
#define E1000_POC_PROBE_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/desc.h"
#include "model/dma.h"
#include "probe/probe.h"
#include "probe/verdict.h"

#define PROBE_STORE_AT_MAX 200

struct probe_measurement {
    enum dma_copy_id id;
    unsigned writes;                            /* bit w: probe_writes[w] was traced */
    bool traced;                                /* every asked-for write was traced */
    char why[320];                              /* if not, why */
    struct probe_result w[PROBE_WRITE_COUNT];   /* per write (valid when traced) */
    bool fast_string;                           /* a store came from a string instruction,
                                                   or the routine is one (rep-movsb) */
    /* The routine's name: for libc the variant the loader picked, when the
     * system has symbols for it; for the project's routines, its --copy name. */
    bool named;
    char routine[128];
    char where[160];  /* "libc.so.6+0x16d800", or "" */
    char source[512]; /* where the name came from, or why there is none */
    /* Verdict per write-back; PROBE_UNKNOWN when its write was not traced. */
    struct probe_verdict v[PROBE_WB_COUNT];
    /* For the C library's routines: the other one (memmove for memcpy and
     * back), traced the same way, and whether its stores differ. */
    struct {
        bool done;          /* traced and compared */
        enum dma_copy_id id;
        bool named;
        char routine[160];  /* its name, or where it is */
        bool same;          /* the same stores for every write */
        unsigned first_diff; /* if not, the first write that differs */
        struct dma_pattern p; /* that write's stores under the other routine */
    } other;
    /* Where each traced store's instruction is, "libc.so.6+0x1a2b3c" as
     * probe_store_at gives it ("" when no mapped file holds it): a
     * breakpoint's place (src/vm/bpwatch.c). Filled by probe_place_stores
     * only (it reads this process's maps and the code objects' files). */
    bool placed;
    char store_at[PROBE_WRITE_COUNT][DMA_PATTERN_MAX][PROBE_STORE_AT_MAX];
};

#define PROBE_ALL_WRITES ((1u << PROBE_WRITE_COUNT) - 1)

/* Trace the writes in the mask with routine id, name it (looking for debug
 * symbols under debug_root), judge every write-back whose write was traced.
 * Returns 0, or -1 when tracing is impossible here (m->why says why). */
int probe_measure(enum dma_copy_id id, unsigned writes, const char *debug_root,
                  struct probe_measurement *m);

/* Did a and b trace the same stores for every write both traced? (The C
 * library's memcpy and memmove: QEMU before 8.0 calls one, later the
 * other.) On a difference, *first gets the first write that differs. */
bool probe_same_stores(const struct probe_measurement *a, const struct probe_measurement *b,
                       unsigned *first);

/* For a C library routine: trace the other one (memcpy <-> memmove) with
 * the same writes and fill m->other. Nothing for the project's routines,
 * or if tracing fails (m->other.done stays false). */
void probe_compare_libc(struct probe_measurement *m, const char *debug_root);

/* Fill m->store_at for every traced write (probe --json's store_at). */
void probe_place_stores(struct probe_measurement *m);

/* The exit status `probe` gives for m: the unfixed e1000 write-back decides,
 * in the run's convention (0 not exposed, 1 exposed, 125 cannot tell). */
int probe_exit_status(const struct probe_measurement *m);


#endif
