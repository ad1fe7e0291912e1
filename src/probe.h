/* probe.h - measuring the stores a copy routine really makes. */
#ifndef E1000_POC_PROBE_H
#define E1000_POC_PROBE_H

#include <stddef.h>

#include "dma.h"

/* Trace the stores routine id makes when copying len bytes to byte `off` of
 * a 16-byte-aligned destination, in a traced child process. Catches a store
 * that rewrites bytes with the values they already hold. Returns 0 and fills
 * *p, or -1 with a sentence in *why (e.g. tracing is not supported here). */
int probe_trace(enum dma_copy_id id, size_t len, size_t off, struct dma_pattern *p,
                const char **why);

#endif
