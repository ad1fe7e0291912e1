// SPDX-License-Identifier: GPL-2.0-or-later
/* out_tunables.h - the table of `probe --tunables`: one row per
 * GLIBC_TUNABLES setting (probe/tunables.h runs them), as text or as one
 * JSON object. */
#ifndef E1000_POC_OUT_TUNABLES_H
#define E1000_POC_OUT_TUNABLES_H

#include <stdio.h>

#include "probe/tunables.h"

/* r has probe_tunables_count rows. */
void out_tunables_text(FILE *f, const struct probe_tunables_result *r);
void out_tunables_json(FILE *f, const struct probe_tunables_result *r);

#endif
