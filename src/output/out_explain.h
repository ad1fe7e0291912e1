// SPDX-License-Identifier: GPL-2.0-or-later
/* out_explain.h - explain's text, from its outcomes (explain/outcome.h):
 * the header (configuration, store patterns, bounds), the search line and
 * what it found (the shortest failing interleaving with a legend, or what
 * was covered), a replayed token, the --all table, and the --svg picture
 * with the same head and foot as the text. */
#ifndef E1000_POC_OUT_EXPLAIN_H
#define E1000_POC_OUT_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "explain/outcome.h"

/* The line on stderr when cfg cannot be explained here (why: its copy
 * routine's pattern could not be had), and when the search failed (as_kb:
 * the address-space limit in KB, 0: none). */
void out_explain_cannot(FILE *f, const struct xp_config *cfg, const char *why);
void out_explain_search_failed(FILE *f, const char *why, unsigned long long as_kb);

/* The lines before the search: what runs, its store patterns, the bounds. */
void out_explain_header(FILE *f, const struct xp_exec *x, uint32_t max_preemptions);

/* After xp_outcome_search: the search line and what it found. */
void out_explain_search(FILE *f, const struct xp_outcome *o);

/* After xp_outcome_replay of a token: the whole text of --replay. */
void out_explain_replayed(FILE *f, const struct xp_outcome *o);

/* The --svg picture of o: its interleaving, or (none shown) what was
 * covered. 0, or -1 out of memory. */
int out_explain_picture(FILE *f, const struct xp_outcome *o);

/* --all: the lines above the table, one row, the tallies below it. */
void out_explain_all_head(FILE *f, const struct xp_config *pairs, unsigned npairs,
                          uint32_t max_preemptions);
void out_explain_all_row(FILE *f, const struct xp_row *row, bool several);
void out_explain_all_foot(FILE *f, const struct xp_all *a, const struct xp_config *pairs);

#endif
