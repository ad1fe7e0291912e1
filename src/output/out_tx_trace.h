// SPDX-License-Identifier: GPL-2.0-or-later
/* out_tx_trace.h - what `explain --path=tx` prints: its header, one
 * schedule's two-column trace (tx_outcome.h's xt_trace), the verdict
 * lines, and --all's table. */
#ifndef E1000_POC_OUTPUT_OUT_TX_TRACE_H
#define E1000_POC_OUTPUT_OUT_TX_TRACE_H

#include <stdio.h>

#include "explain/tx.h"
#include "explain/tx_outcome.h"

/* The two-column trace of x, an execution run with its trace kept
 * (xt_trace). */
void out_tx_trace(FILE *f, const struct xt_exec *x);

/* The header lines of an explain --path=tx output, with the stores
 * xt_header_gather found. */
void out_tx_header(const struct xt_config *c, const struct xt_header *h, FILE *f);

/* The search found no violation: what was covered, and the verdict. */
void out_tx_clean(FILE *f, const struct xt_config *c, const struct xt_result *res);
/* After the trace of the first violation: when it was found, and the verdict. */
void out_tx_found(FILE *f, const struct xt_result *res);

/* --all: the title and column heads, then one row per configuration
 * (tx_outcome.h's struct xt_row). */
void out_tx_all_head(FILE *f, unsigned preemptions);
void out_tx_all_row(FILE *f, const struct xt_row *row);

#endif
