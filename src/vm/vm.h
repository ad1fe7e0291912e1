// SPDX-License-Identifier: GPL-2.0-or-later
/* vm.h - the real-stack harness: an unmodified qemu-system-x86_64 running
 * the project's guest (guest/), fed numbered frames from this process, with
 * the guest's receiver judging every frame (docs/real-stack.md).
 *
 * src/vm/: the harness, prefix vm_. It may use util/ and probe/probe.h,
 * never model/ (what it judges is the real software, not the mirror), and
 * nothing above it. vm_run() returns a struct vm_result and prints nothing
 * on stdout: the live event lines go through a callback, and
 * output/out_vm.c turns the result into text or JSON. The monitor client (hmp.c) also
 * judges hangs; guest RAM (guestram.c), the breakpoint watcher (bpwatch.c)
 * and vm_widen.c come with --widen; ptwatch.c is the debug-register route
 * for hosts whose watchpoints fire. */
#ifndef E1000_POC_VM_H
#define E1000_POC_VM_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "vm/bpwatch.h"

enum vm_device { VM_DEV_E1000, VM_DEV_E1000E, VM_DEV_IGB, VM_DEV_COUNT };
enum vm_driver { VM_DRV_DPDK_EM, VM_DRV_DPDK_IGB, VM_DRV_LINUX_E1000, VM_DRV_LINUX_E1000E,
		 VM_DRV_LINUX_IGB, VM_DRV_COUNT };
enum vm_accel { VM_ACCEL_AUTO, VM_ACCEL_KVM, VM_ACCEL_TCG, VM_ACCEL_COUNT };
enum vm_widen { VM_WIDEN_NONE, VM_WIDEN_WATCHPOINT, VM_WIDEN_COUNT };

struct vm_name { const char *name; const char *summary; };
extern const struct vm_name vm_devices[VM_DEV_COUNT];
extern const struct vm_name vm_drivers[VM_DRV_COUNT];
extern const struct vm_name vm_accels[VM_ACCEL_COUNT];
extern const struct vm_name vm_widens[VM_WIDEN_COUNT];

/* Does driver drive device? (em: e1000 and e1000e; igb: igb; linux-X: X.) */
bool vm_pair_ok(enum vm_driver drv, enum vm_device dev);

/* The RX ring a driver runs on: the smallest that does not stop by itself,
 * and the default (0: the Linux driver's own). DPDK's igb PMD writes RDT
 * only once MORE than rx_free_thresh (32) descriptors are held: on a ring
 * of 32 the device fills 31 and RDT never moves again, a hang of the
 * configuration, not of the race; its default is 64, as the model's. */
unsigned vm_ring_min(enum vm_driver drv);
unsigned vm_ring_default(enum vm_driver drv);

struct vm_config {
	const char *qemu;        /* the binary to run (a path) */
	const char *guest_dir;   /* vmlinuz, initrd.gz, manifest */
	const char *self_exe;    /* this program, for probe through QEMU's libc */
	enum vm_device device;
	enum vm_driver driver;
	enum vm_accel accel;
	enum vm_widen widen;
	double duration_s;       /* frames sent for this long after ready */
	unsigned rate;           /* frames per second asked of the source; 0: as fast as it can */
	unsigned burst;          /* frames per send call, and the receiver's burst */
	unsigned ring;           /* 0: the driver's default (DPDK: 32) */
	unsigned frame_size;     /* bytes, VM_FRAME_MIN..VM_FRAME_MAX */
	unsigned hold_us;        /* --widen: how long to hold the device thread */
	double boot_timeout_s;   /* spawn to ready line */
	volatile sig_atomic_t *stop; /* set by a signal: stop, say so */
};

/* What went wrong before a verdict could be given: all exit 125. */
enum vm_fault {
	VM_OK,
	VM_FAULT_SETUP,     /* temp folder, socket, port, spawn */
	VM_FAULT_BOOT,      /* no ready line within the timeout */
	VM_FAULT_GUEST,     /* the guest said "E1KP fail" */
	VM_FAULT_PANIC,     /* guest kernel panic */
	VM_FAULT_QEMU,      /* QEMU exited or died */
	VM_FAULT_KVM,       /* --accel kvm did not work */
	VM_FAULT_WIDEN,     /* the watchpoint was refused or is not built */
	VM_FAULT_NO_FRAMES, /* the guest received nothing */
};

#define VM_EVENTS_KEPT 100

/* An event the guest reported (first VM_EVENTS_KEPT kept). */
struct vm_event {
	enum { VM_EV_DUP, VM_EV_BAD, VM_EV_REORDER, VM_EV_HANG } kind;
	double t_s;             /* seconds since ready, as the host saw it */
	uint64_t seq, prev;
	long idx;               /* -1 unknown */
	long long addr;         /* -1 unknown */
	uint32_t rdh, rdt;      /* VM_EV_HANG */
};

/* --widen=watchpoint: where the breakpoints went and what the holds showed. */
struct vm_widen_result {
	bool armed;               /* the breakpoints were in while frames were sent */
	const char *layout;       /* "legacy", "extended", "advanced" */
	unsigned dd_offset;       /* DD's byte */
	bool poll_length;         /* ready = the length at length_offset, not DD */
	unsigned length_offset;
	unsigned writes;          /* 1u << VMBP_DESC16 | 1u << VMBP_STATUS4: the copies held */
	char libc[64];            /* the library the places are in, as QEMU maps it */
	uint64_t at[VMBP_WRITES]; /* each write's second store in it (0: one store, or unknown) */
	int stores_16, stores_2nd; /* stores on the ready byte by the 16-byte write and by the
				      write-back's second write (probe of QEMU's libc; -1 unknown) */
	char second[24];          /* that second write: "1 B at 12", "4 B at 8", "" (none) */
	uint64_t ring_gpa;        /* RDBAH:RDBAL as the device holds it */
	unsigned ndesc;           /* RDLEN / 16 */
	struct vmbp_stats st;     /* the watcher's last counts */
};

/* The write-back of the project's QEMU patch v2 (tools/qemu/patches/
 * dd-store-v2.patch): the descriptor copied with bytes 8-15 zero, then
 * those 8 bytes in one aligned store. Not one of probe's names: its last
 * store is not the C library's. */
#define VM_WB_ONE_STORE "one-store-v2"

/* The guest's cumulative counts (its last stats line). */
struct vm_counts {
	double t_s;
	uint64_t rx, bad, dup, reorder, gap, stall, last;
	uint32_t run;
};

struct vm_result {
	enum vm_fault fault;
	char why[512];           /* the fault in one sentence */
	bool interrupted;
	bool ready;              /* the guest's receiver polled: frames were sent */
	/* What ran. */
	char qemu_version[64];   /* "7.2.22" */
	char qemu_banner[160];   /* the -version line */
	pid_t qemu_pid;
	enum vm_accel accel_used;
	char accel_why[200];
	char kernel[64];         /* from the boot line */
	char dpdk[32];           /* "22.11.11" or "-" */
	char pmd[32];            /* net_e1000_em, e1000e, ... */
	unsigned ring;           /* the ring the driver really uses */
	char mac[24];
	char copy_routine[160];  /* the memcpy (and memmove) QEMU's libc resolves, or why unknown */
	char copy_libc[64];      /* "glibc 2.36" of QEMU's libc */
	char copy_verdict[256];  /* the probe's word on the device's write-back */
	char copy_writeback[40]; /* which write-back of probe's list that is */
	/* Timing. */
	double boot_s;           /* spawn to the ready line */
	double run_s;            /* ready to the end of sending */
	/* Traffic. */
	uint32_t run_id;
	uint64_t sent, send_dropped, first_seq, last_seq;
	struct vm_counts counts;
	bool counts_seen;
	bool run_id_matches;
	/* Events. */
	uint64_t hangs;
	unsigned nevents;
	struct vm_event events[VM_EVENTS_KEPT];
	char hang_check[160];    /* how a stall was judged (or why it could not be) */
	uint64_t lines_bad;      /* E1KP lines that did not parse */
	char qemu_patch[40];     /* a tools/qemu source build's patch name, or "" */
	struct vm_widen_result widen;
};

/* Live output while the run goes; any may be NULL. ready: the guest polls
 * and what ran is known (print the header); event: as each comes. */
struct vm_hooks {
	void (*ready)(const struct vm_config *c, const struct vm_result *r, void *arg);
	void (*event)(const struct vm_config *c, const struct vm_result *r, const struct vm_event *e,
		      void *arg);
	void *arg;
};

/* The whole run: checks the QEMU, boots the guest, sends, collects,
 * stops. Never hangs (every wait has a timeout), and on return no QEMU
 * process and no temporary file of the run is left. */
void vm_run(const struct vm_config *c, struct vm_result *r, const struct vm_hooks *hooks);

/* 0 not reproduced, 1 reproduced, 125 cannot test / inconclusive
 * (130 for an interruption is the command's to give). */
int vm_exit_status(const struct vm_result *r);
uint64_t vm_events_total(const struct vm_result *r);

#endif
