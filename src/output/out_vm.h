// SPDX-License-Identifier: GPL-2.0-or-later
/* out_vm.h - a real-stack run (vm/vm.h's result) as text and JSON: the
 * header (once the guest is ready), the event lines, the summary with what
 * the widening's holds showed, the Observation and Verdict lines of `run`,
 * and one JSON object. The harness (vm/) prints nothing itself; this file
 * holds every word of its output. */
#ifndef E1000_POC_OUTPUT_OUT_VM_H
#define E1000_POC_OUTPUT_OUT_VM_H

#include <stddef.h>
#include <stdio.h>

#include "util/json.h"
#include "vm/vm.h"

/* "real/7.2.22/e1000/dpdk-em/__memcpy_avx_unaligned_erms" (+"+watchpoint"). */
void out_vm_name(const struct vm_config *c, const struct vm_result *r, char *buf, size_t len);
void out_vm_header(FILE *f, const struct vm_config *c, const struct vm_result *r);
void out_vm_event(FILE *f, const struct vm_config *c, const struct vm_event *e);
/* Counts, Observation, then the Verdict line last. */
void out_vm_summary(FILE *f, const struct vm_config *c, const struct vm_result *r);
/* The verdict sentence alone (no "Verdict: ", no newline). */
void out_vm_verdict(FILE *f, const struct vm_config *c, const struct vm_result *r);
/* One object: configuration, what ran, counts, events, verdict. */
void out_vm_json(FILE *f, const struct vm_config *c, const struct vm_result *r, int status);

#endif
