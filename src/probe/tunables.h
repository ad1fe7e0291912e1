// SPDX-License-Identifier: GPL-2.0-or-later
/* tunables.h - `probe --tunables`: the C library's memcpy under each
 * GLIBC_TUNABLES setting that could change the variant the loader picks.
 *
 * glibc reads GLIBC_TUNABLES once, when the process starts, and picks the
 * memcpy variant then; so each row is a fresh exec of this program
 * (/proc/self/exe probe --tsv) with the variable set, and its one line is
 * collected here. */
#ifndef E1000_POC_PROBE_TUNABLES_H
#define E1000_POC_PROBE_TUNABLES_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "model/dma.h"

struct probe_tunables_row {
    const char *hwcaps; /* the value of glibc.cpu.hwcaps; NULL: GLIBC_TUNABLES unset */
    const char *aim;    /* what the setting is meant to select */
};
extern const struct probe_tunables_row probe_tunables_rows[];
extern const unsigned probe_tunables_count;

/* The Makefile's SLOW_MEMCPY=1 value of glibc.cpu.hwcaps (tests/probe.sh
 * checks the two agree). */
extern const char probe_slow_memcpy_hwcaps[];

/* What one row's run printed (probe --tsv), parsed. */
struct probe_tunables_result {
    bool ok;             /* the row ran and printed a well-formed line */
    char verdict[16];    /* exposed, not-exposed, unknown, cannot-trace */
    char label[24];      /* exposed, not exposed, unknown at speed, ... */
    char routine[128];   /* "-" when unnamed */
    char stores[512];    /* "2 stores [0,16) [0,16)" */
    char why[512];
    struct dma_pattern p; /* the stores, parsed back */
};

/* Parse one `probe --tsv` line. Returns 0, or -1 if it is not one. Pure. */
int probe_tunables_parse(const char *line, struct probe_tunables_result *r);

/* Run `probe --tsv` afresh for row (exec of /proc/self/exe), collect its
 * line. On failure r->ok is false and r->why says what happened. A signal
 * that interrupts the wait with *stop non-zero (the command's interrupt
 * flag) kills the row's process at once: r->ok false, "interrupted". Its
 * buffers are static: one row at a time, one thread. */
void probe_tunables_run(const struct probe_tunables_row *row, const char *debug_root,
                        volatile sig_atomic_t *stop, struct probe_tunables_result *r);

#endif
