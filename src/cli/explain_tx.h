// SPDX-License-Identifier: GPL-2.0-or-later
/* explain_tx.h - `explain --path=tx`: cmd_explain.c parses the line and
 * hands the options the TX path takes to cmd_explain_tx(). */
#ifndef E1000_POC_CLI_EXPLAIN_TX_H
#define E1000_POC_CLI_EXPLAIN_TX_H

#include "cli/explainopt.h"

/* The options as parsed: --device, --driver (or all), --qemu-fix, --copy,
 * --ring, --packets, --preemptions, --all; an RX-only one is refused. */
int cmd_explain_tx(const struct explain_args *a);

#endif
