// SPDX-License-Identifier: GPL-2.0-or-later
/* out_run.h - what the live run prints about itself: the start-up header, the summary, the Observation line and the verdict, and
 * the same as one JSON object. */
#ifndef E1000_POC_OUT_RUN_H
#define E1000_POC_OUT_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/detect.h"
#include "util/json.h"
#include "run/header.h"
#include "run/live.h"

/* "e1000/none/dpdk-em-none/libc": device/qemu-fix/driver-workaround/copy. */
void out_run_config_name(const struct live_config *c, char *buf, size_t len);

/* "0.4 ms" below a second, "2.315 s" from there on. */
const char *out_run_fmt_time(char *buf, size_t len, double s);

/* The header before the run: the configuration c, and h, the host's and
 * the process's facts live_header_gather collected for c (nothing here
 * looks anything up). build_switches: make's, or NULL. */
void out_run_header(FILE *f, const struct live_config *c, const struct live_header *h,
                    const char *build_switches);
/* The baseline's one-line result (--baseline). */
void out_run_baseline(FILE *f, const struct live_config *bc, const struct live_stats *b);
/* Statistics, the Observation line, then the verdict as the last line.
 * baseline: the unfixed run of --baseline, or NULL. */
void out_run_summary(FILE *f, const struct live_config *c, const struct live_stats *s,
                    const struct live_stats *baseline);
/* The verdict sentence alone (no "Verdict: " prefix, no newline), knowing
 * the configuration: says when the window was widened, and what a clean
 * run of an exposed configuration means (c NULL: without either). */
void out_run_verdict_for(FILE *f, const struct live_config *c, const struct live_stats *s,
                        const struct live_stats *baseline);

/* Configuration, host, statistics and verdict as members of the open
 * object j (run --json writes them into one object; matrix into one per
 * cell). */
void out_run_json_config(struct json *j, const struct live_config *c);
void out_run_json_stats(struct json *j, const char *key, const struct live_stats *s);
void out_run_json_host(struct json *j, const struct live_config *c);

/* run --baseline: the line before it, and the lines when a signal cut it
 * short (the run itself did not start). */
void out_run_baseline_intro(FILE *f, const struct live_config *bc);
void out_run_baseline_interrupted(FILE *f, const struct live_config *bc, const struct live_stats *b);
/* The line under a timed run's summary when a signal cut it short. */
void out_run_interrupted(FILE *f, const struct live_config *c, const struct live_stats *s);

/* run --json: one object. s NULL: a signal stopped the baseline; bc and b
 * NULL: no baseline. status: the run's exit status. */
void out_run_json(FILE *f, const char *tool, const struct live_config *c,
                  const struct live_stats *s, const struct live_config *bc,
                  const struct live_stats *b, int status, bool interrupted);

#endif
