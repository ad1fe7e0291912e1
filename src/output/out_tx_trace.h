// SPDX-License-Identifier: GPL-2.0-or-later
/* out_tx_trace.h - what `explain --path=tx` prints: its header, and one
 * schedule's two-column trace (run again from the start). */
#ifndef E1000_POC_OUTPUT_OUT_TX_TRACE_H
#define E1000_POC_OUTPUT_OUT_TX_TRACE_H

#include <stdio.h>

#include "explain/tx.h"

/* Run schedule s of c once and print its two-column trace to f. */
int out_tx_trace(const struct xt_config *c, const struct xt_schedule *s, FILE *f,
                   const char **why);

/* The header lines of an explain --path=tx output. */
void out_tx_header(const struct xt_config *c, FILE *f);

#endif
