// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_console.h - the collector's parser: one guest console line in, what it
 * says out. Strict: an E1KP line whose keys, order or numbers are not
 * exactly those of docs/real-stack.md is VM_LINE_MALFORMED and never
 * trusted. Pure (no I/O), so tests/unit_vm.c feeds it lines directly. */
#ifndef E1000_POC_VM_CONSOLE_H
#define E1000_POC_VM_CONSOLE_H

#include "vm/vm.h"

enum vm_line_kind {
	VM_LINE_OTHER,      /* not ours: kernel messages, anything else */
	VM_LINE_MALFORMED,  /* starts with "E1KP " but does not parse */
	VM_LINE_BOOT,
	VM_LINE_READY,
	VM_LINE_FAIL,
	VM_LINE_STATS,
	VM_LINE_EVENT,
	VM_LINE_PANIC,      /* "Kernel panic" anywhere in the line */
	VM_LINE_POWER_DOWN, /* "reboot: Power down" */
};

struct vm_line {
	enum vm_line_kind kind;
	char kernel[64];                 /* boot */
	char driver[24], pmd[32], dpdk[32], mac[24]; /* ready */
	unsigned ring;                   /* ready */
	char text[200];                  /* fail, panic: the words */
	struct vm_counts counts;         /* stats */
	struct vm_event event;           /* event (t_s left 0) */
};

/* line: one line without its newline (a trailing '\r' is ignored). */
void vm_console_parse(const char *line, struct vm_line *out);

#endif
