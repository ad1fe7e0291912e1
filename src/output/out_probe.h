// SPDX-License-Identifier: GPL-2.0-or-later
/* out_probe.h - how `probe` prints a measurement: text, JSON, and the
 * one tab-separated line that `probe --tunables` collects from each row. */
#ifndef E1000_POC_OUT_PROBE_H
#define E1000_POC_OUT_PROBE_H

#include <stdio.h>

#include "probe/measure.h"

void out_probe_text(FILE *f, const struct probe_measurement *m);
void out_probe_json(FILE *f, const struct probe_measurement *m);

/* One line, tab-separated, for the unfixed e1000 write-back: verdict
 * (exposed, not-exposed, unknown or cannot-trace), its label ("unknown at
 * speed", ...), routine ("-" when unnamed), the 16-byte stores as
 * probe_format_stores() prints them, why. */
void out_probe_tsv(FILE *f, const struct probe_measurement *m);


/* The stores of p (relative to base) as a JSON array of [from, to) pairs. */
void out_probe_json_stores(FILE *f, const struct dma_pattern *p, unsigned base);

#endif
