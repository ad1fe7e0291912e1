// SPDX-License-Identifier: GPL-2.0-or-later
/* header.h - the facts about this host and this process that run's header
 * prints and that struct live_config does not hold, gathered in one place
 * before the run starts, so that the renderer (output/out_run.c) prints
 * from structs alone and can be tested on a hand-built one. */
#ifndef E1000_POC_RUN_HEADER_H
#define E1000_POC_RUN_HEADER_H

#include <stdbool.h>
#include <stddef.h>

#include "probe/probe.h"
#include "run/live.h"
#include "run/watch.h"

/* Room for a path as readlink gives it (PATH_MAX) plus the script's folder
 * and name: an installed script's path is never cut short. */
#define LIVE_HEADER_SCRIPT_MAX 4200

struct live_header {
    char cpu_model[128];  /* hostinfo_cpu_model: escaped, always set */
    /* The two below point into static storage (util/hostinfo.c) that lives
     * as long as the process. */
    const char *libc;     /* hostinfo_libc; NULL when the copy is not the C
                             library's (the header does not name it then) */
    const char *tunables; /* GLIBC_TUNABLES escaped for a terminal; NULL: unset */
    char probe[PROBE_SUMMARY_MAX]; /* probe_summary_line for this copy and format */
    /* --widen=watchpoint only (watch false otherwise, the rest unset): what
     * watch_probe found. granted: breakpoints granted (1..WATCH_MAX) or -1
     * with the refusal in why; delivery: the route taken, or tried. */
    bool watch;
    int watch_granted;
    enum watch_delivery delivery;
    char watch_why[256];
    /* Pinned (cpus[0] >= 0) only: how the two CPUs relate ("different cores
     * of one package, sharing L3"); "" when not pinned. */
    char cpu_relation[96];
    long pid;             /* this process, for gdb -p */
    /* The gdb script for the driver's descriptor format, as the user would
     * name it: PREFIX/share/e1000_poc/NAME when the binary runs installed
     * (from PREFIX/bin, the script readable there), else the bare name. */
    char gdb_script[LIVE_HEADER_SCRIPT_MAX];
};

/* Fill h for configuration c, gathering only what the header prints for
 * it: traces the copy's stores in a child (call it before any thread
 * starts), probes hardware breakpoints only with --widen=watchpoint, reads
 * sysfs for the CPUs only when pinned. Never fails: a fact it cannot get is
 * said as such in its field. */
void live_header_gather(const struct live_config *c, struct live_header *h);

#endif
