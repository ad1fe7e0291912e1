// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd_vm.c - `e1000_poc vm`: the real stack. An unmodified QEMU boots the
 * project's guest (make guest), the real DPDK PMD or Linux driver receives
 * numbered frames from this process, and the same Observation and Verdict
 * lines as `run` say what happened (docs/real-stack.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "vm/vm.h"
#include "vm/vm_frame.h"
#include "vm/vm_paths.h"
#include "output/out_vm.h"

enum vm_opt_id {
	OPT_DEVICE, OPT_DRIVER, OPT_QEMU, OPT_ACCEL, OPT_DURATION, OPT_RATE, OPT_BURST, OPT_RING,
	OPT_FRAME_SIZE, OPT_WIDEN, OPT_HOLD_US, OPT_BOOT_TIMEOUT, OPT_GUEST, OPT_JSON, OPT_HELP,
};

static const struct cli_opt vm_options[] = {
	{"device", CLI_CHOICE, "NAME", "the QEMU NIC (default e1000; igb needs QEMU 8.0 or later)",
	 0, 0, 0, CHOICE_TABLE(vm_devices, VM_DEV_COUNT), OPT_DEVICE, 0},
	{"driver", CLI_CHOICE, "NAME", "the guest's driver: a DPDK PMD in poll mode or a Linux driver"
	 " (default dpdk-em, or dpdk-igb on igb)", 0, 0, 0, CHOICE_TABLE(vm_drivers, VM_DRV_COUNT), OPT_DRIVER, 0},
	{"qemu", CLI_STRING, "PATH", "the qemu-system-x86_64 to run (default: the one on PATH)",
	 0, 0, 0, {0}, OPT_QEMU, 0},
	{"accel", CLI_CHOICE, "NAME", "kvm, tcg, or auto: KVM if it boots the guest, else TCG (default auto)",
	 0, 0, 0, CHOICE_TABLE(vm_accels, VM_ACCEL_COUNT), OPT_ACCEL, 0},
	{"duration", CLI_SECONDS, "S", "send frames for S seconds once the guest is ready (default 10)",
	 0, 0, 0, {0}, OPT_DURATION, 0},
	{"rate", CLI_UINT, "N", "frames per second the host sends; 0 = as fast as it can (default 20000)",
	 0, 10000000, 0, {0}, OPT_RATE, 0},
	{"burst", CLI_UINT, "N", "frames sent back to back, and the receiver's burst (default 4)",
	 1, 512, 0, {0}, OPT_BURST, 0},
	{"ring", CLI_UINT, "N", "RX descriptors, a multiple of 8 (default: 32 for dpdk-em, 64 for dpdk-igb,"
	 " the driver's own for Linux)", 8, 4096, 8, {0}, OPT_RING, 0},
	{"frame-size", CLI_UINT, "N", "bytes per frame, 46..1514 (default 64)", VM_FRAME_MIN, VM_FRAME_MAX, 0,
	 {0}, OPT_FRAME_SIZE, 0},
	{"widen", CLI_CHOICE, "HOW", "watchpoint: hold QEMU's device thread between its copy's two stores when the first leaves the descriptor done"
	 " (default none)", 0, 0, 0, CHOICE_TABLE(vm_widens, VM_WIDEN_COUNT), OPT_WIDEN, 0},
	{"hold-us", CLI_UINT, "N", "with --widen: hold the device thread N microseconds (default 100)",
	 1, 1000000, 0, {0}, OPT_HOLD_US, 0},
	{"boot-timeout", CLI_SECONDS, "S", "give up when the guest is not ready after S seconds (default 120)",
	 0, 0, 0, {0}, OPT_BOOT_TIMEOUT, 0},
	{"guest", CLI_STRING, "DIR", "the guest image (default: the one make guest built)",
	 0, 0, 0, {0}, OPT_GUEST, 0},
	{"json", CLI_FLAG, NULL, "write one JSON object to stdout (the usual output goes to stderr)",
	 0, 0, 0, {0}, OPT_JSON, 0},
	{"help", CLI_FLAG, NULL, "show this help", 0, 0, 0, {0}, OPT_HELP, 0},
	{NULL, 0, NULL, NULL, 0, 0, 0, {0}, 0, 0},
};

void cmd_vm_usage(FILE *f)
{
	fprintf(f, "usage: e1000_poc vm [options]\n"
		   "Boot a real guest in an unmodified QEMU, send it numbered frames, and let the real\n"
		   "DPDK PMD or Linux driver receive them: a duplicate or bad frame is the race on the\n"
		   "real stack. The guest image comes from `make guest` (docs/real-stack.md).\n"
		   "\n"
		   "vm options:\n");
	cli_print_options(f, vm_options);
}

struct out { FILE *human; };

static void on_ready(const struct vm_config *c, const struct vm_result *r, void *arg)
{
	out_vm_header(((struct out *)arg)->human, c, r);
}

static void on_event(const struct vm_config *c, const struct vm_result *r, const struct vm_event *e,
		     void *arg)
{
	(void)r;
	out_vm_event(((struct out *)arg)->human, c, e);
}

int cmd_vm(int argc, char **argv, int idx)
{
	struct vm_config c = {
		.device = VM_DEV_E1000, .driver = VM_DRV_DPDK_EM, .accel = VM_ACCEL_AUTO,
		.widen = VM_WIDEN_NONE, .duration_s = 10, .rate = 20000, .burst = 4, .ring = 0,
		.frame_size = VM_FRAME_DEFAULT, .hold_us = 100, .boot_timeout_s = 120,
		.stop = &cli_interrupt_signal,
	};
	const char *qemu = NULL, *guest = NULL;
	bool json = false, help = false, driver_given = false, hold_given = false;
	const struct cli_opt *o;
	union cli_value v;
	int r;
	while ((r = cli_next(vm_options, argc, argv, &idx, &o, &v)) == 1) {
		switch (o->id) {
		case OPT_DEVICE: c.device = (enum vm_device)v.choice; break;
		case OPT_DRIVER: c.driver = (enum vm_driver)v.choice; driver_given = true; break;
		case OPT_QEMU: qemu = v.str; break;
		case OPT_ACCEL: c.accel = (enum vm_accel)v.choice; break;
		case OPT_DURATION: c.duration_s = v.seconds; break;
		case OPT_RATE: c.rate = v.u; break;
		case OPT_BURST: c.burst = v.u; break;
		case OPT_RING: c.ring = v.u; break;
		case OPT_FRAME_SIZE: c.frame_size = v.u; break;
		case OPT_WIDEN: c.widen = (enum vm_widen)v.choice; break;
		case OPT_HOLD_US: c.hold_us = v.u; hold_given = true; break;
		case OPT_BOOT_TIMEOUT: c.boot_timeout_s = v.seconds; break;
		case OPT_GUEST: guest = v.str; break;
		case OPT_JSON: json = true; break;
		case OPT_HELP: help = true; break;
		}
	}
	if (r < 0)
		return EXIT_USAGE;
	if (help) {
		cmd_vm_usage(stdout);
		commands_print_exit_status(stdout, "vm");
		return 0;
	}
	if (!driver_given && c.device == VM_DEV_IGB)
		c.driver = VM_DRV_DPDK_IGB;
	if (!vm_pair_ok(c.driver, c.device)) {
		/* The same words as run's refusal of a pair. */
		char drives[64] = "";
		size_t w = 0;
		for (int d = 0; d < VM_DEV_COUNT; d++)
			if (vm_pair_ok(c.driver, (enum vm_device)d) && w < sizeof(drives))
				w += (size_t)snprintf(drives + w, sizeof(drives) - w, "%s%s", w ? ", " : "",
						      vm_devices[d].name);
		cli_error("--device=%s --driver=%s: %s does not drive %s (it drives: %s)",
			  vm_devices[c.device].name, vm_drivers[c.driver].name, vm_drivers[c.driver].name,
			  vm_devices[c.device].name, drives);
		return EXIT_USAGE;
	}
	if (c.duration_s <= 0 || c.boot_timeout_s <= 0) {
		cli_error("--%s must be more than 0 seconds", c.duration_s <= 0 ? "duration" : "boot-timeout");
		return EXIT_USAGE;
	}
	if (hold_given && c.widen == VM_WIDEN_NONE) {
		cli_error("--hold-us goes with --widen=watchpoint");
		return EXIT_USAGE;
	}
	if (c.ring && c.ring < vm_ring_min(c.driver)) {
		cli_error("--ring %u: %s needs %u descriptors or more%s", c.ring, vm_drivers[c.driver].name,
			  vm_ring_min(c.driver),
			  c.driver == VM_DRV_DPDK_IGB ? " (it writes RDT only after more than 32 are held:"
							" a smaller ring stops by itself)" : "");
		return EXIT_USAGE;
	}
	if (!c.ring)
		c.ring = vm_ring_default(c.driver);
	char qbuf[4096], gbuf[4096], self[4096];
	char why[4400];
	switch (vm_paths_check(&c, qemu, guest, qbuf, sizeof(qbuf), gbuf, sizeof(gbuf), why, sizeof(why))) {
	case VM_PATHS_OK: break;
	case VM_PATHS_BAD_GIVEN: cli_error("%s", why); return EXIT_USAGE;
	case VM_PATHS_NO_DEFAULT: cli_error("%s", why); return EXIT_CANNOT_TEST;
	}
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	c.self_exe = self;

	struct out out = { json ? stderr : stdout };
	struct vm_hooks hooks = { on_ready, on_event, &out };
	static struct vm_result res;
	vm_run(&c, &res, &hooks);
	int status;
	if (!res.ready) {
		/* Nothing ran: one line says why. */
		if (res.interrupted || cli_interrupted()) {
			cli_interrupt_note();
			fprintf(out.human, "Interrupted: stopped by a signal before the guest was ready\n");
			status = EXIT_INTERRUPTED;
		} else {
			cli_error("%s", res.why);
			status = EXIT_CANNOT_TEST;
		}
		if (json)
			out_vm_json(stdout, &c, &res, status);
		return status;
	}
	out_vm_summary(out.human, &c, &res);
	status = vm_exit_status(&res);
	if (res.interrupted || cli_interrupted()) {
		cli_interrupt_note();
		status = EXIT_INTERRUPTED;
		fprintf(out.human, "Interrupted: stopped by a signal after %.1f s of %.0f s; the verdict above"
				   " covers only that time.\n", res.run_s, c.duration_s);
	}
	if (json)
		out_vm_json(stdout, &c, &res, status);
	return status;
}
