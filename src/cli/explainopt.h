// SPDX-License-Identifier: GPL-2.0-or-later
/* explainopt.h - explain's command line: one option table whose rows are
 * marked with the path and the modes that take them, parsed into struct
 * explain_args, and the checks between options. cmd_explain.c runs the RX
 * path, cmd_explain_tx.c the TX path, both from the same struct. */
#ifndef E1000_POC_EXPLAINOPT_H
#define E1000_POC_EXPLAINOPT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "explain/choose.h"
#include "explain/search.h"

/* "rx" (the default) and "tx", for --path. */
enum explain_path { EXPLAIN_PATH_RX, EXPLAIN_PATH_TX, EXPLAIN_PATH_COUNT };
extern const char *const explain_path_names[EXPLAIN_PATH_COUNT];

struct explain_args {
    struct xp_config cfg;         /* the defaults, then the options (ring, packets: 0 not given) */
    struct xp_search_limits lim;  /* --preemptions, --max-states; stops at cli_interrupt_signal */
    struct xp_pick ch;            /* --device, --driver (-1: not given) and the bounds given */
    enum explain_path path;
    const char *replay, *svg;     /* NULL: not given */
    bool all, help;
    bool variant_given;           /* --qemu-fix, --dpdk-fix or --copy: --all runs them all */
    unsigned not_for_replay;      /* options given that --replay takes no part of */
    const char *rx_only;          /* the last option given that only the RX path takes, or NULL */
    uint64_t limit_bytes;         /* --max-memory, or the host's memory */
    unsigned max_memory_mb;       /* 0: not given */
};

/* The options part of --help. */
void explainopt_print(FILE *f);

/* Parse the whole line. 0, or EXIT_USAGE after one line on stderr. */
int explainopt_parse(int argc, char **argv, int idx, struct explain_args *a);

/* The RX path's checks between options (--svg, --replay, --all, the
 * batch): 0, or EXIT_USAGE after one line. */
int explainopt_check_rx(const struct explain_args *a);

#endif
