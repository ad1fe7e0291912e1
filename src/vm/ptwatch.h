// SPDX-License-Identifier: GPL-2.0-or-later
/* ptwatch.h - hold QEMU's device thread after each store that leaves DD set.
 *
 * The widening of the real binary (what --widen=watchpoint does to the
 * model, done to QEMU itself). A tracer thread of our own PTRACE_SEIZEs one
 * thread of QEMU - the one that writes RX descriptors back: for -netdev
 * socket that is the main thread (tid == pid), where QEMU's main loop reads
 * the socket and runs the NIC's receive under the big lock - and sets x86
 * debug registers DR0-DR3 (1-byte write watches) on the DD byte of up to
 * four descriptors: the one the device is at and the next ones. Debug
 * registers are per thread: only that thread traps and stops; the vCPU
 * threads keep running the guest, so its driver can use the hold.
 *
 * On each trap (the kernel stops the thread right after the store) the
 * tracer reads the descriptor through /proc/PID/mem. If DD is set it holds
 * the thread stopped for hold_ns and reads it again: "used" when the guest
 * changed it meanwhile (DD cleared, or the buffer address re-armed), else
 * "unused". Then the thread goes on. A trap on another descriptor closes the
 * write-back before it (its store count goes to the histogram) and moves the
 * registers left behind to the descriptors ahead, so holds keep coming.
 *
 * VMWATCH_STEP, for hosts whose hypervisor accepts the debug registers but
 * never raises their trap (measured: a Firecracker guest on AMD EPYC): the
 * thread runs under PTRACE_SYSCALL; when a recvfrom() of it returns a frame
 * (how QEMU's -netdev socket reads each datagram) it is single-stepped until
 * its next system call. Each instruction is decoded before it runs
 * (x86store.h): a store whose bytes cover the DD byte of the descriptor at
 * the device's position or of the three after it counts, even when it
 * leaves the byte as it was. The watch never writes guest memory. Slow: a
 * step costs ~120 us on that host and QEMU 7.2 runs ~6,000 instructions
 * from reading a frame to its next system call, so about 1 s of QEMU's
 * main thread per frame: for measuring, at a low frame rate.
 *
 * x86-64 only; elsewhere, and when ptrace or the debug registers are refused
 * (Yama, an outer tracer, no permission), vmwatch_start says why and the
 * caller exits 125. vmwatch_stop removes every debug register, detaches and
 * joins the thread - also after QEMU died. If the whole process is killed
 * (SIGKILL) before vmwatch_stop, the kernel detaches but leaves the debug
 * registers armed (it clears them at the thread's exit or exec only); QEMU's next store on a watched byte then raises SIGTRAP
 * with no tracer, which ends QEMU. The caller owns QEMU and ends it anyway.
 *
 * The caller must not wait for QEMU (waitpid, waitid) while the watch runs:
 * QEMU's pid is the traced thread's id, and the kernel reports the thread's
 * ptrace stops to any wait of this process for it (its real parent's
 * group is the tracer's), so such a wait would take a stop from the tracer
 * and leave QEMU stopped for good. Watch for QEMU's exit with a pidfd
 * (pidfd_open + poll) or the serial line's end, and reap it after
 * vmwatch_stop. Every stop also sends this process a SIGCHLD. */
#ifndef E1000_POC_VM_PTWATCH_H
#define E1000_POC_VM_PTWATCH_H

#include <stdint.h>
#include <sys/types.h>

#define VMWATCH_REGS 4                  /* x86 debug address registers */
#define VMWATCH_HIST 8                  /* stores_per_wb[7]: 7 or more */
#define VMWATCH_HOLD_MAX_NS 1000000000u /* a hold longer than 1 s is refused */

/* How the stores are seen. */
enum vmwatch_mode {
    VMWATCH_DEBUGREG, /* x86 debug registers: every store on the DD byte traps */
    VMWATCH_STEP,     /* single steps after each frame the thread reads: see below */
};

struct vmwatch_cfg {
    enum vmwatch_mode mode;
    pid_t pid;          /* QEMU */
    pid_t tid;          /* its thread that writes descriptors back (pid: main thread) */
    uint64_t ring_hva;  /* descriptor 0 in QEMU's address space */
    unsigned ndesc;     /* descriptors in the ring (RDLEN / desc_size) */
    unsigned desc_size; /* 16 */
    unsigned dd_offset; /* byte holding DD (bit 0): 12 legacy, 8 extended/advanced */
    unsigned start_idx; /* the first descriptor to watch: RDH when starting */
    uint64_t hold_ns;   /* how long to hold after a store that left DD set */
    uint64_t max_steps; /* VMWATCH_STEP: steps per frame at most (0: VMWATCH_STEPS) */
};
#define VMWATCH_STEPS 200000u

struct vmwatch_stats {
    uint64_t traps;        /* stores on a watched DD byte */
    uint64_t writebacks;   /* write-backs closed (see stores_per_wb) */
    uint64_t holds;        /* traps that found DD set: thread held */
    uint64_t holds_used;   /* the guest changed the descriptor during the hold */
    uint64_t holds_unused; /* it did not */
    uint64_t stores_per_wb[VMWATCH_HIST]; /* write-backs by stores on the DD byte:
                                             [k] = k stores, [7] = 7 or more */
    uint64_t reaims;       /* debug registers moved ahead */
    uint64_t frames;       /* VMWATCH_STEP: frames read (recvfrom) and stepped after */
    uint64_t steps;        /* VMWATCH_STEP: instructions stepped */
    uint64_t undecoded;    /* VMWATCH_STEP: DD set by an instruction x86store.h does not
                              know (counted as a store all the same) */
    uint64_t unexplained;  /* VMWATCH_STEP: other changes of a DD byte no decoded store
                              explains (the guest re-arming, or a store not known) */
    uint64_t last_wb_ip[VMWATCH_HIST]; /* VMWATCH_STEP: the address of each store
                                          instruction of the last write-back closed */
    uint64_t signals;      /* other signals QEMU's thread got (passed on) */
    unsigned watched;      /* debug registers armed */
    int qemu_gone;         /* the thread exited while watched */
    uint64_t dr_left;      /* after vmwatch_stop: DR0-3 and DR7 read back, ORed
                              (0: none left); UINT64_MAX if they could not be read */
    char refused[160];     /* why the watch ended early, or "" */
};

struct vmwatch; /* opaque: the tracer thread and its state */

/* Validate, start the tracer thread, seize the thread, arm the registers.
 * Returns when armed (or refused): NULL with a sentence in err. */
struct vmwatch *vmwatch_start(const struct vmwatch_cfg *cfg, char *err, size_t errlen);

/* A snapshot of the counts, at any time. The write-back in progress is
 * counted in stores_per_wb only once closed (by vmwatch_stop at the latest). */
void vmwatch_stats(struct vmwatch *w, struct vmwatch_stats *out);

/* Re-aim the registers at descriptor idx and the next ones (when the
 * caller sees RDH elsewhere, e.g. after the guest reset the ring). */
void vmwatch_aim(struct vmwatch *w, unsigned idx);

/* Stop: disarm every debug register, detach, join the thread, free. Safe in
 * any state (QEMU gone, a hold in progress); w may be NULL. stats, if not
 * NULL, gets the final counts. */
void vmwatch_stop(struct vmwatch *w, struct vmwatch_stats *stats);

/* NULL if this build and host can have the watch (x86-64), else why not. */
const char *vmwatch_unsupported(void);

#endif
