// SPDX-License-Identifier: GPL-2.0-or-later
/* pattern.h - the stores one DMA copy makes, as the explorer schedules
 * them: a routine's declared pattern, or for the C library's routine what
 * the probe measures on this host (traced once per length and offset). */
#ifndef E1000_POC_XP_PATTERN_H
#define E1000_POC_XP_PATTERN_H

#include <stddef.h>

#include "model/dma.h"

/* Returns 0 and fills *p, or -1 with a reason in *why. */
int xp_copy_pattern(enum dma_copy_id id, size_t len, size_t off, struct dma_pattern *p,
                    const char **why);

#endif
