// SPDX-License-Identifier: GPL-2.0-or-later
/* bpwatch.h - widen a real QEMU with a software breakpoint in its C library.
 *
 * src/vm/: the real stack, unmodified QEMU running a real guest (may use
 * util/ and probe/probe.h, never model/). This file is the widening that
 * needs no debug registers (some hypervisors grant them and never fire
 * them): an int3 (0xCC) on the instruction of the copy routine's SECOND
 * store of a write, at the place `probe --json` gives in writes[].store_at
 * (for a QEMU of another root: run the probe through that root's loader).
 * When QEMU's device thread reaches it, the copy's first store has just
 * been made and the second not yet: exactly the window the bug needs. No
 * store is added or removed; the thread is only held there.
 *
 * An int3 in shared library text traps whichever thread runs it, and an
 * untraced thread would die of SIGTRAP: so a watcher PROCESS (forked by
 * vmbp_start) PTRACE_SEIZEs every thread of QEMU (/proc/PID/task, and new
 * ones through PTRACE_O_TRACECLONE) before it writes the 0xCC through
 * /proc/PID/mem, keeping the original byte. On each hit it reads the
 * registers: RDI is the copy's destination (glibc's small-copy paths keep
 * it there). Only when the thread is the device thread, RDI lies in the RX
 * ring and the descriptor's ready field says done after the first store (DD,
 * bit 0 of byte dd_offset; or, for a driver that polls the length, the
 * 2-byte length at length_offset not 0) does it hold the thread stopped for
 * hold_ns, while it keeps serving the other threads (the vCPUs keep running:
 * the guest driver can consume and re-arm the descriptor). Then it reads the
 * descriptor again ("used": DD or length cleared, or bytes 0-7 re-armed),
 * steps the thread over the breakpoint (original byte back, RIP - 1, one
 * single step, 0xCC again) and reads it once more ("undone": the second
 * store brought back what the guest had changed: the bug, in the real
 * binary). Any other thread or destination is stepped over at once. Another
 * thread passing the place while one is being stepped over is not seen.
 *
 * Why a separate process: a tracer in QEMU's parent process would see its
 * stops in that process's waitpid() for QEMU (the kernel reports a child's
 * ptrace stops to a wait of its tracer's thread group), and the supervisor
 * would steal them. From another process, the caller may wait for QEMU as
 * usual: QEMU's exit reaches its parent once the watcher has let it go.
 *
 * vmbp_stop (also after QEMU exited, also from a SIGINT/SIGTERM path)
 * restores the original bytes, rewinds a thread caught on the breakpoint,
 * detaches every thread and ends the watcher: QEMU runs on as before. The
 * watcher also cleans up on SIGTERM, SIGINT and SIGHUP, and when the thread
 * that called vmbp_start ends (PR_SET_PDEATHSIG): call it from a thread
 * that lives as long as the watch. Only a SIGKILL of the watcher itself
 * leaves 0xCC behind, and QEMU then dies at its next hit.
 *
 * x86-64 Linux only; elsewhere vmbp_unsupported() says why (exit 125). */
#ifndef E1000_POC_VM_BPWATCH_H
#define E1000_POC_VM_BPWATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The writes a breakpoint can be put on (cfg.writes, a mask). */
enum vmbp_write {
    VMBP_DESC16 = 0,  /* the 16-byte descriptor write-back (e1000 before QEMU 7.1) */
    VMBP_STATUS4 = 1, /* the 4-byte status_error at byte 8 (e1000e, igb: their fix) */
    VMBP_WRITES
};
#define VMBP_HOLD_MAX_NS 1000000000u /* a hold longer than 1 s is refused */

struct vmbp_cfg {
    pid_t pid;              /* QEMU */
    pid_t tid;              /* its thread that writes descriptors back (pid: the main thread) */
    uint64_t ring_hva;      /* descriptor 0 in QEMU's address space */
    unsigned ndesc;         /* descriptors in the ring */
    unsigned desc_size;     /* 16 */
    unsigned dd_offset;     /* byte holding DD (bit 0): 12 legacy, 8 extended/advanced */
    bool poll_length;       /* ready = the u16 at length_offset is not 0, not DD */
    unsigned length_offset; /* 12 extended/advanced (8 legacy) */
    uint64_t hold_ns;       /* how long to hold the device thread */
    unsigned writes;        /* 1u << VMBP_DESC16 and/or 1u << VMBP_STATUS4 */
    uint64_t at[VMBP_WRITES]; /* link-time address in the C library of each write's
                                 SECOND store instruction (store_at[1]) */
    const char *libc;       /* the library's file name in QEMU's maps; NULL: "libc.so.6" */
};

struct vmbp_stats {
    uint64_t hits;          /* breakpoint traps, every thread */
    uint64_t hits_device;   /* ... by the device thread */
    uint64_t hits_ring;     /* ... by it with the destination in the ring */
    uint64_t hits_write[VMBP_WRITES]; /* hits_ring by write */
    uint64_t not_ready;     /* ring hits where the first store left the descriptor not done */
    uint64_t holds;         /* ring hits held: the first store left it done */
    uint64_t holds_used;    /* the guest changed the descriptor during the hold */
    uint64_t holds_unused;  /* it did not */
    uint64_t undone;        /* the second store brought back what the guest changed */
    uint64_t undone_unheld; /* not done when read after the first store (the guest was
                               quicker), done again after the second: undone with no hold */
    uint64_t threads;       /* QEMU threads traced (at the start and created since) */
    uint64_t signals;       /* signals QEMU's threads got (passed on) */
    uint64_t missed_steps;  /* step-overs that did not complete (thread gone) */
    int qemu_gone;          /* QEMU's main thread exited while watched */
    int running;            /* the watcher is attached and the breakpoints are in */
    char refused[160];      /* why the watch ended early, or "" */
};

struct vmbp; /* opaque: the watcher process and the counts it shares */

/* Validate, fork the watcher, attach to every thread, insert the
 * breakpoints. Returns when they are in (or refused): NULL with a sentence
 * in err (no process or breakpoint left behind then). */
struct vmbp *vmbp_start(const struct vmbp_cfg *cfg, char *err, size_t errlen);

/* A snapshot of the counts, at any time. */
void vmbp_stats(struct vmbp *w, struct vmbp_stats *out);

/* Stop: restore QEMU's text, detach every thread, end and reap the watcher,
 * free. Safe in any state (QEMU gone, a hold in progress); w may be NULL.
 * final, if not NULL, gets the last counts. */
void vmbp_stop(struct vmbp *w, struct vmbp_stats *final);

/* NULL if this build and host can have the breakpoints (x86-64 Linux),
 * else why not. */
const char *vmbp_unsupported(void);

/* The places for a QEMU that maps the same C library as this process: the
 * probe traced here (write 16 B at 0 and 4 B at 8), each write's second
 * store. 0, or -1 with a sentence in err (tracing impossible here, or a
 * write made in one store: nothing to hold between). at[w] = 0 for a write
 * of one store when the other has two (then 0 is returned and err says so). */
int vmbp_places_here(uint64_t at[VMBP_WRITES], char *err, size_t errlen);

#endif
