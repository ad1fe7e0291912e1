// SPDX-License-Identifier: GPL-2.0-or-later
/* explain_tx.h - `explain --path=tx`: cmd_explain.c parses the line and
 * hands the options the TX path takes to cmd_explain_tx(). */
#ifndef E1000_POC_CLI_EXPLAIN_TX_H
#define E1000_POC_CLI_EXPLAIN_TX_H

#include <stdbool.h>

#include "model/dma.h"
#include "model/device/e1000x.h"

struct explain_tx_args {
    int device, driver;   /* -1: not given; NIC_*_COUNT: all */
    enum e1000_fix fix;
    enum dma_copy_id copy;
    unsigned ring, packets, preemptions; /* 0 ring/packets: the default */
    bool preemptions_given, all, variant_given;
    const char *rx_only;  /* an option given that only the RX path takes, or NULL */
};

/* "rx" (the default) and "tx", for --path. */
enum explain_path { EXPLAIN_PATH_RX, EXPLAIN_PATH_TX, EXPLAIN_PATH_COUNT };
extern const char *const explain_path_names[EXPLAIN_PATH_COUNT];

int cmd_explain_tx(const struct explain_tx_args *a);

#endif
