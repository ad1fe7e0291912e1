// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_run.c - the supervisor: one real-stack run from start to cleanup
 * (vm.h). Every wait is a poll() of at most 100 ms on the guest console
 * with a deadline, so a signal, a dead QEMU, a silent guest or a hang each
 * end the run within a bounded time; every path out goes through cleanup(),
 * which stops the frame source, ends QEMU's process group and removes the
 * run's temporary folder. */
#include "vm/vm.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "vm/vm_console.h"
#include "vm/vm_copy.h"
#include "vm/vm_frame.h"
#include "vm/vm_hang.h"
#include "vm/vm_qemu.h"
#include "vm/vm_source.h"
#include "vm/vm_widen.h"

#define VM_KVM_TRY_S 30.0   /* a working KVM boots the guest in a few seconds */
#define VM_RAM_MB 1024u     /* below 3 GiB: guest-physical = offset into the memfd */
#define VM_DRAIN_S 2.5      /* after sending: wait this long for the last stats line */

const struct vm_name vm_devices[VM_DEV_COUNT] = {
	{ "e1000", "Intel 82540EM (8086:100e), legacy descriptors" },
	{ "e1000e", "Intel 82574L (8086:10d3), legacy or extended descriptors" },
	{ "igb", "Intel 82576 (8086:10c9), advanced descriptors (QEMU 8.0 and later)" },
};
const struct vm_name vm_drivers[VM_DRV_COUNT] = {
	{ "dpdk-em", "DPDK's em PMD (net_e1000_em), poll mode" },
	{ "dpdk-igb", "DPDK's igb PMD (net_e1000_igb), poll mode" },
	{ "linux-e1000", "Linux e1000, interrupts and NAPI" },
	{ "linux-e1000e", "Linux e1000e, interrupts and NAPI" },
	{ "linux-igb", "Linux igb, interrupts and NAPI" },
};
const struct vm_name vm_accels[VM_ACCEL_COUNT] = {
	{ "auto", "KVM if it boots the guest, else TCG" },
	{ "kvm", "KVM, or exit 125" },
	{ "tcg", "TCG, QEMU's emulator" },
};
const struct vm_name vm_widens[VM_WIDEN_COUNT] = {
	{ "none", "the natural window" },
	{ "watchpoint", "hold QEMU's device thread between its copy's two stores when the first leaves the"
			" descriptor done (an int3 on the second store)" },
};

bool vm_pair_ok(enum vm_driver drv, enum vm_device dev)
{
	switch (drv) {
	case VM_DRV_DPDK_EM:
		return dev == VM_DEV_E1000 || dev == VM_DEV_E1000E;
	case VM_DRV_DPDK_IGB:
	case VM_DRV_LINUX_IGB:
		return dev == VM_DEV_IGB;
	case VM_DRV_LINUX_E1000:
		return dev == VM_DEV_E1000;
	case VM_DRV_LINUX_E1000E:
		return dev == VM_DEV_E1000E;
	default:
		return false;
	}
}

unsigned vm_ring_min(enum vm_driver drv)
{
	return drv == VM_DRV_DPDK_IGB ? 40 : drv == VM_DRV_DPDK_EM ? 32 : 8;
}

unsigned vm_ring_default(enum vm_driver drv)
{
	return drv == VM_DRV_DPDK_IGB ? 64 : drv == VM_DRV_DPDK_EM ? 32 : 0;
}

uint64_t vm_events_total(const struct vm_result *r)
{
	return r->counts.dup + r->counts.bad + r->hangs;
}

int vm_exit_status(const struct vm_result *r)
{
	if (vm_events_total(r) > 0)
		return 1;  /* an event is an event, whatever ended the run after it */
	if (r->fault != VM_OK || r->interrupted)
		return 125;
	return r->counts.rx > 0 ? 0 : 125;
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Everything the run holds, so one cleanup() can release it from any path. */
struct run {
	const struct vm_config *c;
	struct vm_result *r;
	const struct vm_hooks *h;
	char dir[4096];
	char sock[4200];
	int src_fd;
	unsigned port_host, port_guest;
	struct vm_qemu q;
	struct vm_source *src;
	struct vmbp *watch;    /* --widen: the breakpoint watcher, or NULL */
	char line[512];
	size_t linelen;
	double t_ready;
	bool ready, powered_down;
	uint64_t stall_seen;   /* the stall count last judged */
};

static bool fault(struct run *u, enum vm_fault f, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool fault(struct run *u, enum vm_fault f, const char *fmt, ...)
{
	if (u->r->fault == VM_OK) {
		va_list ap;
		va_start(ap, fmt);
		u->r->fault = f;
		vsnprintf(u->r->why, sizeof(u->r->why), fmt, ap);
		va_end(ap);
	}
	return false;
}

static void record_event(struct run *u, const struct vm_event *e)
{
	struct vm_result *r = u->r;
	if (r->nevents < VM_EVENTS_KEPT)
		r->events[r->nevents++] = *e;
	if (u->h && u->h->event && e->kind != VM_EV_REORDER)
		u->h->event(u->c, r, e, u->h->arg);
}

/* One console line: false when the run must end (a fault was set). */
static bool handle_line(struct run *u, const char *text)
{
	struct vm_line l;
	struct vm_result *r = u->r;
	vm_console_parse(text, &l);
	switch (l.kind) {
	case VM_LINE_OTHER:
		return true;
	case VM_LINE_MALFORMED:
		r->lines_bad++;
		return true;
	case VM_LINE_BOOT:
		snprintf(r->kernel, sizeof(r->kernel), "%s", l.kernel);
		return true;
	case VM_LINE_READY:
		if (u->ready || strcmp(l.driver, vm_drivers[u->c->driver].name) != 0) {
			r->lines_bad++;
			return true;
		}
		snprintf(r->pmd, sizeof(r->pmd), "%s", l.pmd);
		snprintf(r->dpdk, sizeof(r->dpdk), "%s", l.dpdk);
		snprintf(r->mac, sizeof(r->mac), "%s", l.mac);
		r->ring = l.ring;
		u->ready = true;
		return true;
	case VM_LINE_FAIL:
		return fault(u, VM_FAULT_GUEST, "the guest could not set up %s on %s: %s",
			     vm_drivers[u->c->driver].name, vm_devices[u->c->device].name, l.text);
	case VM_LINE_PANIC:
		return fault(u, VM_FAULT_PANIC, "the guest kernel panicked: %s", l.text);
	case VM_LINE_POWER_DOWN:
		u->powered_down = true;
		return fault(u, VM_FAULT_QEMU, "the guest powered off before the run ended");
	case VM_LINE_STATS:
		if (!u->ready) {
			r->lines_bad++;
			return true;
		}
		r->counts = l.counts;
		r->counts_seen = true;
		return true;
	case VM_LINE_EVENT:
		l.event.t_s = u->ready ? mono() - u->t_ready : 0;
		record_event(u, &l.event);
		return true;
	}
	return true;
}

/* Reads what the console has, waiting at most wait_ms; handles each whole
 * line. false when the run must end. */
static bool pump(struct run *u, int wait_ms)
{
	struct pollfd pfd = { .fd = u->q.console, .events = POLLIN };
	int n = poll(&pfd, 1, wait_ms);
	if (n < 0 && errno != EINTR)
		return fault(u, VM_FAULT_SETUP, "poll on the guest console: %s", strerror(errno));
	for (;;) {
		char buf[4096];
		ssize_t got = read(u->q.console, buf, sizeof(buf));
		if (got <= 0)
			break;
		for (ssize_t i = 0; i < got; i++) {
			if (buf[i] == '\n') {
				u->line[u->linelen] = '\0';
				u->linelen = 0;
				if (!handle_line(u, u->line))
					return false;
			} else if (u->linelen < sizeof(u->line) - 1) {
				u->line[u->linelen++] = buf[i];
			}
		}
	}
	if (vm_qemu_poll(&u->q)) {
		char how[400];
		vm_qemu_describe_exit(&u->q, how, sizeof(how));
		if (u->powered_down)
			return fault(u, VM_FAULT_QEMU, "the guest powered off before the run ended (QEMU %s)", how);
		if (strstr(how, "Address already in use"))
			return fault(u, VM_FAULT_SETUP, "UDP port %u is in use: QEMU %s", u->port_guest, how);
		return fault(u, VM_FAULT_QEMU, "QEMU %s", how);
	}
	return true;
}

static bool stopped(struct run *u)
{
	if (u->c->stop && *u->c->stop) {
		u->r->interrupted = true;
		return true;
	}
	return false;
}

/* A UDP socket on 127.0.0.1, port chosen by the kernel. */
static int udp_socket(unsigned *port)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || getsockname(fd, (struct sockaddr *)&a, &al) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

static bool setup(struct run *u)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(u->dir, sizeof(u->dir), "%s/e1000_poc-vm.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(u->dir)) {
		u->dir[0] = '\0';
		return fault(u, VM_FAULT_SETUP, "cannot make a temporary folder: %s", strerror(errno));
	}
	snprintf(u->sock, sizeof(u->sock), "%s/hmp.sock", u->dir);
	u->src_fd = udp_socket(&u->port_host);
	unsigned pg;
	int probe_fd = udp_socket(&pg);
	if (u->src_fd < 0 || probe_fd < 0) {
		if (probe_fd >= 0)
			close(probe_fd);
		return fault(u, VM_FAULT_SETUP, "no UDP port on 127.0.0.1: %s", strerror(errno));
	}
	/* QEMU binds the guest-side port itself: free it just before. If
	 * another process takes it in between, QEMU says so and the run ends
	 * with "port in use". */
	close(probe_fd);
	u->port_guest = pg;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
				  .sin_port = htons((uint16_t)pg) };
	if (connect(u->src_fd, (struct sockaddr *)&to, sizeof(to)) < 0)
		return fault(u, VM_FAULT_SETUP, "connect to 127.0.0.1:%u: %s", pg, strerror(errno));
	int sndbuf = 4 << 20;
	setsockopt(u->src_fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	return true;
}

/* Starts QEMU and waits for the ready line (or a fault) until timeout_s. */
static bool boot(struct run *u, bool kvm, double timeout_s)
{
	const struct vm_config *c = u->c;
	char kernel[4200], initrd[4200], append[512];
	snprintf(kernel, sizeof(kernel), "%s/vmlinuz", c->guest_dir);
	snprintf(initrd, sizeof(initrd), "%s/initrd.gz", c->guest_dir);
	/* The guest stops by itself well after the host would have. */
	unsigned guard = (unsigned)(c->duration_s + c->boot_timeout_s + 60);
	snprintf(append, sizeof(append),
		 "console=ttyS0 quiet panic=-1 e1kp.driver=%s e1kp.ring=%u e1kp.burst=%u e1kp.seconds=%u",
		 vm_drivers[c->driver].name, c->ring, c->burst, guard);
	struct vm_launch l = { .qemu = c->qemu, .dir = u->dir, .kernel = kernel, .initrd = initrd,
			       .append = append, .device = vm_devices[c->device].name, .kvm = kvm,
			       .port_host = u->port_host, .port_guest = u->port_guest, .ram_mb = VM_RAM_MB };
	u->ready = u->powered_down = false;
	u->linelen = 0;
	char err[300];
	if (vm_qemu_start(&u->q, &l, err, sizeof(err)) < 0)
		return fault(u, VM_FAULT_SETUP, "cannot start QEMU: %s", err);
	u->r->qemu_pid = u->q.pid;
	double t0 = mono();
	while (!u->ready) {
		if (stopped(u))
			return false;
		if (!pump(u, 100))
			return false;
		if (mono() - t0 > timeout_s)
			return fault(u, kvm ? VM_FAULT_KVM : VM_FAULT_BOOT,
				     "the guest did not report ready within %.0f s under %s%s", timeout_s,
				     kvm ? "KVM" : "TCG", u->r->kernel[0] ? " (it booted its kernel)" : "");
	}
	u->r->boot_s = mono() - t0;
	return true;
}

/* Chooses the accelerator (trying KVM by booting when asked or on auto)
 * and boots the guest with it. */
static bool boot_with_accel(struct run *u)
{
	const struct vm_config *c = u->c;
	struct vm_result *r = u->r;
	if (c->accel == VM_ACCEL_TCG) {
		r->accel_used = VM_ACCEL_TCG;
		snprintf(r->accel_why, sizeof(r->accel_why), "asked for (--accel tcg)");
		return boot(u, false, c->boot_timeout_s);
	}
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		if (c->accel == VM_ACCEL_KVM)
			return fault(u, VM_FAULT_KVM, "--accel kvm: /dev/kvm cannot be opened: %s", strerror(errno));
		r->accel_used = VM_ACCEL_TCG;
		snprintf(r->accel_why, sizeof(r->accel_why), "--accel auto: no usable /dev/kvm (%s)",
			 strerror(errno));
		return boot(u, false, c->boot_timeout_s);
	}
	close(fd);
	/* /dev/kvm can exist and still not run a 64-bit guest (nested hosts):
	 * only a boot tells. */
	r->accel_used = VM_ACCEL_KVM;
	double t = c->accel == VM_ACCEL_KVM ? c->boot_timeout_s : VM_KVM_TRY_S;
	if (boot(u, true, t)) {
		snprintf(r->accel_why, sizeof(r->accel_why), "%s: KVM booted the guest",
			 c->accel == VM_ACCEL_KVM ? "--accel kvm" : "--accel auto");
		return true;
	}
	if (c->accel == VM_ACCEL_KVM || r->interrupted)
		return false;
	char why[sizeof(r->why)];
	snprintf(why, sizeof(why), "%s", r->why);
	vm_qemu_stop(&u->q);
	r->fault = VM_OK;
	r->why[0] = r->kernel[0] = '\0';
	r->accel_used = VM_ACCEL_TCG;
	snprintf(r->accel_why, sizeof(r->accel_why), "--accel auto: KVM failed (%.150s)", why);
	return boot(u, false, c->boot_timeout_s);
}

/* A stall the guest reported while frames were being sent: ask the
 * device for RDH and RDT twice; equal and unchanged is a ring hang. */
static void judge_stall(struct run *u)
{
	struct vm_result *r = u->r;
	if (r->counts.stall <= u->stall_seen)
		return;
	u->stall_seen = r->counts.stall;
	uint32_t h1, t1, h2, t2;
	char why[160];
	if (vm_hang_read(u->sock, &h1, &t1, why, sizeof(why)) < 0) {
		snprintf(r->hang_check, sizeof(r->hang_check), "%s", why);
		return;
	}
	struct timespec ts = { 0, 300000000L };
	nanosleep(&ts, NULL);
	if (vm_hang_read(u->sock, &h2, &t2, why, sizeof(why)) < 0) {
		snprintf(r->hang_check, sizeof(r->hang_check), "%s", why);
		return;
	}
	if (h1 == t1 && h1 == h2 && t1 == t2) {
		struct vm_event e = { .kind = VM_EV_HANG, .t_s = mono() - u->t_ready, .seq = r->counts.last,
				      .prev = r->counts.last, .idx = (long)h1, .addr = -1, .rdh = h1, .rdt = t1 };
		r->hangs++;
		record_event(u, &e);
	} else {
		snprintf(r->hang_check, sizeof(r->hang_check),
			 "a stall with RDH=%u RDT=%u then RDH=%u RDT=%u: the ring moves, not a hang", h1, t1, h2, t2);
	}
}

/* A watcher that ended on its own (refused, or lost QEMU's threads) would
 * leave the rest of the run un-widened while it says widened: end it. */
static bool watch_alive(struct run *u)
{
	vmbp_stats(u->watch, &u->r->widen.st);
	if (u->r->widen.st.running)
		return true;
	return fault(u, VM_FAULT_WIDEN, "--widen=watchpoint: the watcher stopped: %s",
		     u->r->widen.st.refused[0] ? u->r->widen.st.refused : "QEMU's threads were lost");
}

static void cleanup(struct run *u)
{
	/* The watcher first: QEMU's text restored and every thread let go
	 * before QEMU is told to end. */
	vm_widen_stop(u->watch, u->r);
	u->watch = NULL;
	if (u->src) {
		struct vm_source_stats st;
		vm_source_stop(u->src, &st);
		u->src = NULL;
		u->r->sent = st.sent;
		u->r->send_dropped = st.dropped;
		u->r->last_seq = st.next_seq ? st.next_seq - 1 : 0;
	}
	vm_qemu_stop(&u->q);
	if (u->src_fd >= 0)
		close(u->src_fd);
	u->src_fd = -1;
	if (u->dir[0]) {
		unlink(u->q.err_path);
		unlink(u->sock);
		rmdir(u->dir);
		u->dir[0] = '\0';
	}
}

static bool preflight(struct run *u)
{
	const struct vm_config *c = u->c;
	struct vm_result *r = u->r;
	char err[400];
	if (vm_qemu_identify(c->qemu, r->qemu_version, sizeof(r->qemu_version), r->qemu_banner,
			     sizeof(r->qemu_banner), err, sizeof(err)) < 0)
		return fault(u, VM_FAULT_SETUP, "%s", err);
	vm_qemu_patch(c->qemu, r->qemu_patch, sizeof(r->qemu_patch));
	if (!vm_pair_ok(c->driver, c->device))
		return fault(u, VM_FAULT_SETUP, "%s does not drive %s", vm_drivers[c->driver].name,
			     vm_devices[c->device].name);
	int has = vm_qemu_has_device(c->qemu, vm_devices[c->device].name);
	if (has <= 0)
		return fault(u, VM_FAULT_SETUP, "QEMU %s (%s) has no %s device%s", r->qemu_version, c->qemu,
			     vm_devices[c->device].name,
			     c->device == VM_DEV_IGB ? " (igb came with QEMU 8.0)" : "");
	const char *no;
	if (c->widen != VM_WIDEN_NONE && (no = vmbp_unsupported()) != NULL)
		return fault(u, VM_FAULT_WIDEN, "--widen=watchpoint: %s", no);
	char k[4200], i[4200];
	snprintf(k, sizeof(k), "%s/vmlinuz", c->guest_dir);
	snprintf(i, sizeof(i), "%s/initrd.gz", c->guest_dir);
	if (access(k, R_OK) != 0 || access(i, R_OK) != 0)
		return fault(u, VM_FAULT_SETUP, "no guest image in %s (make guest builds it)", c->guest_dir);
	return true;
}

void vm_run(const struct vm_config *c, struct vm_result *r, const struct vm_hooks *h)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->dpdk, sizeof(r->dpdk), "-");
	struct run u = { .c = c, .r = r, .h = h, .src_fd = -1, .q = { .console = -1 } };
	if (!preflight(&u) || stopped(&u) || !setup(&u) || !boot_with_accel(&u)) {
		cleanup(&u);
		return;
	}
	vm_widen_from_probe(vm_copy_probe(u.q.pid, c->self_exe, c->device, c->driver, r), c->device,
			    c->driver, r);
	char err[300];
	if (c->widen != VM_WIDEN_NONE) {
		u.watch = vm_widen_start(c, r, u.q.pid, u.sock, VM_RAM_MB, err, sizeof(err));
		if (!u.watch) {
			fault(&u, VM_FAULT_WIDEN, "--widen=watchpoint: %s", err);
			cleanup(&u);
			return;
		}
	}
	r->ready = true;
	if (getrandom(&r->run_id, sizeof(r->run_id), 0) != sizeof(r->run_id))
		r->run_id = (uint32_t)(mono() * 1e6);
	r->first_seq = vm_source_first_seq();
	if (h && h->ready)
		h->ready(c, r, h->arg);
	struct vm_source_cfg sc = { .fd = u.src_fd, .rate = c->rate, .burst = c->burst,
				    .frame_size = c->frame_size, .run_id = r->run_id, .first_seq = r->first_seq };
	u.t_ready = mono();
	u.src = vm_source_start(&sc, err, sizeof(err));
	if (!u.src) {
		fault(&u, VM_FAULT_SETUP, "%s", err);
		cleanup(&u);
		return;
	}
	bool ok = true;
	while (ok && mono() - u.t_ready < c->duration_s && !stopped(&u) && r->hangs == 0) {
		ok = pump(&u, 100);
		if (ok)
			judge_stall(&u);
		if (ok && u.watch)
			ok = watch_alive(&u);
	}
	r->run_s = mono() - u.t_ready;
	struct vm_source_stats st;
	vm_source_stop(u.src, &st);
	u.src = NULL;
	r->sent = st.sent;
	r->send_dropped = st.dropped;
	r->last_seq = st.next_seq ? st.next_seq - 1 : 0;
	/* The frames in flight: one more stats line counts them. The silence
	 * after the last frame is no stall: keep the count from before. */
	double t_end = r->counts.t_s, until = mono() + VM_DRAIN_S;
	uint64_t stall = r->counts.stall;
	while (ok && !stopped(&u) && mono() < until && r->counts.t_s <= t_end + 1)
		ok = pump(&u, 100);
	r->counts.stall = stall;
	r->run_id_matches = r->counts.run == r->run_id;
	if (r->fault == VM_OK && !r->interrupted && r->counts.rx == 0)
		fault(&u, VM_FAULT_NO_FRAMES, "the guest received none of the %llu frames sent in %.1f s",
		      (unsigned long long)r->sent, r->run_s);
	cleanup(&u);
}
