// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_report.h - a real-stack run as text and JSON: the header (once the
 * guest is ready), the event lines, the summary, the Observation and
 * Verdict lines of `run`, and one JSON object. The harness (vm_run.c)
 * prints nothing itself; this file holds every word of its output. */
#ifndef E1000_POC_VM_REPORT_H
#define E1000_POC_VM_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "util/json.h"
#include "vm/vm.h"

/* "real/7.2.22/e1000/dpdk-em/__memcpy_avx_unaligned_erms" (+"+watchpoint"). */
void vm_report_name(const struct vm_config *c, const struct vm_result *r, char *buf, size_t len);
void vm_report_header(FILE *f, const struct vm_config *c, const struct vm_result *r);
void vm_report_event(FILE *f, const struct vm_config *c, const struct vm_event *e);
/* Counts, Observation, then the Verdict line last. */
void vm_report_summary(FILE *f, const struct vm_config *c, const struct vm_result *r);
/* The verdict sentence alone (no "Verdict: ", no newline). */
void vm_report_verdict(FILE *f, const struct vm_config *c, const struct vm_result *r);
/* One object: configuration, what ran, counts, events, verdict. */
void vm_report_json(FILE *f, const struct vm_config *c, const struct vm_result *r, int status);

#endif
