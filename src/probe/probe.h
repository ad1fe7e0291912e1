// SPDX-License-Identifier: GPL-2.0-or-later
/* probe.h - measuring the stores a copy routine really makes.
 *
 * src/probe/: the probe harness. The tracer runs the copy in a forked child
 * and single-steps it with ptrace, one instruction at a time, diffing the
 * destination against a sentinel after every step (trace.c). It needs
 * neither gdb nor debug symbols; naming the C library's variant (sym.c) is
 * a bonus that works when the system has symbols for it. measure.c,
 * verdict.c, tunables.c and report.c turn traces into verdicts and output.
 * It may use model/ and util/. This header is its public face: the one
 * file of probe/ that run/ (the header's store line) and explain/ (libc's
 * store pattern) may include.
 */
#ifndef E1000_POC_PROBE_H
#define E1000_POC_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/desc.h"
#include "model/dma.h"

/* Largest copy and destination offset the tracer accepts. */
#define PROBE_LEN_MAX 64
#define PROBE_OFF_MAX 63

/* Trace the stores routine id makes when copying len bytes to byte `off` of
 * a 16-byte-aligned destination, in a traced child process. Catches a store
 * that rewrites bytes with the values they already hold. Store offsets in
 * *p are relative to the copy's destination (dst + off), as a routine's
 * pattern() gives them. Returns 0 and fills *p, or -1 with a sentence in
 * *why (e.g. tracing is not supported or not permitted here), which stays
 * valid until the next trace. It forks the traced child: a few milliseconds. */
int probe_trace(enum dma_copy_id id, size_t len, size_t off, struct dma_pattern *p,
                const char **why);

/* Everything one trace saw. */
struct probe_result {
    struct dma_pattern p;                 /* the stores, relative to dst + off */
    uintptr_t store_ip[DMA_PATTERN_MAX];  /* the instruction that made each store */
    bool string_op;    /* some store came from a rep-prefixed string instruction,
                          whose single-stepped order says nothing about full speed */
    unsigned steps;    /* instructions single-stepped */
    uintptr_t entry;   /* where control entered the code object (executable or
                          shared library) that made the first store, i.e. the
                          entry of the library's memcpy variant; 0 if no store */
};

/* probe_trace with everything it saw. Same contract. */
int probe_trace_full(enum dma_copy_id id, size_t len, size_t off, struct probe_result *r,
                     const char **why);

/* Is the instruction starting at code[0..n) a rep/repne-prefixed string move
 * or store (movs, stos)? Pure; used on each storing instruction. */
bool probe_is_rep_string(const uint8_t *code, size_t n);

/* Naming (sym.c): the function symbol at or around `addr` in this
 * process, from the code object's own symbol table or, failing that, from
 * its debug file <debug_root>/.build-id/xx/yyyy.debug (libc6-dbg installs
 * them under /usr/lib/debug). On success returns 0, fills name and puts in
 * `source` where the name came from; on failure returns -1 with a sentence
 * in `source` saying why the routine is unnamed. `where` gets
 * "object+0xoffset" either way (or "" if addr is in no mapped file). */
#define PROBE_DEBUG_ROOT "/usr/lib/debug"
int probe_symbol_name(uintptr_t addr, const char *debug_root, char *name, size_t name_len,
                      char *where, size_t where_len, char *source, size_t source_len);

/* Where the code at `addr` (in this process) lies in its file: "where" gets
 * "object+0xADDR" as routine_at prints it (the object's base name and the
 * link-time address; for a shared library such as libc.so.6 that is the
 * offset from the address it is loaded at), *vaddr the link-time address.
 * 0, or -1 when no mapped ELF file holds addr (where may then hold the
 * file offset instead, or ""). */
int probe_code_at(uintptr_t addr, char *where, size_t where_len, uint64_t *vaddr);

/* The instruction that made store i of a trace, as probe_code_at gives it.
 * The traced child is a fork of this process, so its code lies at the same
 * addresses here. A breakpoint on it (src/vm/bpwatch.c) stops a copy made
 * by the same code object right before that store: after the stores before
 * it. 0, or -1 (i out of range, or not in a mapped file). */
int probe_store_at(const struct probe_result *r, unsigned i, char *where, size_t where_len,
                   uint64_t *vaddr);

/* The probe as the other harnesses use it.
 *
 * One line for the run header: the measured 16-byte pattern and its
 * verdict, the status field write's (1-byte status for legacy descriptors,
 * 4-byte status_error for extended and advanced ones), the routine's name; and, when the
 * C library's routine runs under GLIBC_TUNABLES, whether that setting made
 * the write safe (the seed's SLOW_MEMCPY promise). Traces in a child
 * process: call it before starting threads. Returns buf. */
#define PROBE_SUMMARY_MAX 640
char *probe_summary_line(enum dma_copy_id id, enum rx_desc_format fmt, char *buf, size_t len);

/* Can the write that publishes DD lose the driver's re-arm with routine id?
 * status_write false: the unfixed 16-byte write-back; true: the fixed
 * devices' separate write of fmt's status field. 1 exposed, 0 not, -1
 * unknown or not measured. Traces in a child process, like the above. */
int probe_publish_exposed(enum dma_copy_id id, enum rx_desc_format fmt, bool status_write);

#endif
