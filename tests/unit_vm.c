// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_vm.c - the real-stack harness's pure parts: the frame format both
 * ends share, the guest's counting of duplicates, reordering and gaps
 * (guest/rx_count.c, compiled in here), the strict parser of the guest's
 * console lines, the driver/device pairs and the exit status rule. */
#include <stdlib.h>

#include "tap.h"
#include "vm/vm.h"
#include "vm/vm_console.h"
#include "vm/vm_frame.h"

/* The guest's counter, as the receivers use it (its lines go to stdout,
 * which TAP ignores). */
#include "../guest/rx_count.c"

static void test_frames(void)
{
	uint8_t f[VM_FRAME_MAX];
	uint32_t run;
	uint64_t seq;
	for (unsigned size = VM_FRAME_MIN; size <= VM_FRAME_MAX; size += 97) {
		vm_frame_build(f, size, 0xabcd1234u, 1000 + size);
		int good = vm_frame_check(f, size, &run, &seq) == VM_FRAME_OK && run == 0xabcd1234u &&
			   seq == 1000 + size;
		ok(good, "a %u-byte frame checks, with its run id and seq", size);
	}
	vm_frame_build(f, 64, 7, 42);
	ok(vm_frame_check(f, 64 + 10, &run, &seq) == VM_FRAME_OK, "padding after the payload is allowed");
	ok(vm_frame_check(f, 63, &run, &seq) == VM_FRAME_BAD, "a cut frame is bad");
	/* Every byte of the payload matters but the run id's (payload bytes
	 * 4..7, outside the check by the format: the counter compares it). */
	int all = 1;
	for (unsigned i = VM_FRAME_ETH_HLEN; i < 64; i++) {
		if (i >= VM_FRAME_ETH_HLEN + 4 && i < VM_FRAME_ETH_HLEN + 8)
			continue;
		vm_frame_build(f, 64, 7, 42);
		f[i] ^= 0x10;
		if (vm_frame_check(f, 64, &run, &seq) != VM_FRAME_BAD)
			all = 0;
	}
	ok(all, "flipping a bit anywhere in the payload but the run id makes the frame bad");
	/* A stale buffer: a whole older frame is intact, with its own seq. */
	uint8_t old[64];
	vm_frame_build(old, 64, 7, 41);
	ok(vm_frame_check(old, 64, &run, &seq) == VM_FRAME_OK && seq == 41,
	   "an older frame stays intact: the counter, not the check, calls it a duplicate");
	vm_frame_build(f, 64, 7, 42);
	f[12] = 0x08;
	f[13] = 0x00;
	ok(vm_frame_check(f, 64, &run, &seq) == VM_FRAME_FOREIGN, "another ethertype is foreign");
	vm_frame_build(f, 64, 7, 42);
	ok(f[0] == 0x52 && f[5] == 0x01 && f[11] == 0x02 && f[12] == 0x88 && f[13] == 0xb5,
	   "destination, source and ethertype as docs/real-stack.md says");
}

static void feed(struct rxc *c, uint64_t seq, uint32_t run)
{
	uint8_t f[64];
	vm_frame_build(f, 64, run, seq);
	rxc_frame(c, f, 64, -1, -1);
}

static void test_counting(void)
{
	static struct rxc c;
	rxc_init(&c);
	uint64_t base = (uint64_t)1 << 60;
	for (uint64_t s = 0; s < 10; s++)
		feed(&c, base + s, 5);
	is_u(c.rx, 10, "ten frames in order are ten received");
	is_u(c.dup + c.reorder + c.bad, 0, "and nothing else");
	feed(&c, base + 9, 5);
	is_u(c.dup, 1, "the newest again is a duplicate");
	feed(&c, base + 3, 5);
	is_u(c.dup, 2, "an older one again is a duplicate");
	feed(&c, base + 20, 5);
	feed(&c, base + 15, 5);
	is_u(c.reorder, 1, "a newcomer below the newest is out of order, not a duplicate");
	is_u(c.dup, 2, "and the duplicates stay two");
	/* 0..9, 15, 20 seen of 0..20: 9 missing. */
	is_u((c.last - c.first + 1) - c.unique, 9, "gaps are the numbers never seen");
	feed(&c, base + 21, 6);
	is_u(c.bad, 1, "a frame of another run is bad content");
	uint8_t f[64];
	vm_frame_build(f, 64, 5, base + 22);
	f[40] ^= 1;
	rxc_frame(&c, f, 64, 3, 0x1000);
	is_u(c.bad, 2, "a frame whose check fails is bad content");
	is_u(c.rx, 14, "bad frames are not counted as received");
}

static void parse(const char *line, struct vm_line *l)
{
	vm_console_parse(line, l);
}

static void test_console(void)
{
	struct vm_line l;
	parse("E1KP boot kernel=6.1.0-57-amd64\r", &l);
	ok(l.kind == VM_LINE_BOOT && !strcmp(l.kernel, "6.1.0-57-amd64"), "boot line, carriage return ignored");
	parse("E1KP ready driver=dpdk-em pmd=net_e1000_em dpdk=22.11.11 ring=32 mac=52:54:00:E1:00:01", &l);
	ok(l.kind == VM_LINE_READY && l.ring == 32 && !strcmp(l.pmd, "net_e1000_em") &&
	   !strcmp(l.dpdk, "22.11.11"), "ready line");
	parse("E1KP stats t=3 rx=100 bad=1 dup=2 reorder=3 gap=4 stall=5 last=99 run=4294967295", &l);
	ok(l.kind == VM_LINE_STATS && l.counts.rx == 100 && l.counts.bad == 1 && l.counts.dup == 2 &&
	   l.counts.reorder == 3 && l.counts.gap == 4 && l.counts.stall == 5 && l.counts.last == 99 &&
	   l.counts.run == 4294967295u && l.counts.t_s == 3, "stats line, every field");
	parse("E1KP event dup seq=10 prev=12 idx=4 addr=0x7f001000", &l);
	ok(l.kind == VM_LINE_EVENT && l.event.kind == VM_EV_DUP && l.event.seq == 10 && l.event.prev == 12 &&
	   l.event.idx == 4 && l.event.addr == 0x7f001000, "event line with index and address");
	parse("E1KP event bad seq=0 prev=12 idx=- addr=-", &l);
	ok(l.kind == VM_LINE_EVENT && l.event.kind == VM_EV_BAD && l.event.idx == -1 && l.event.addr == -1,
	   "event line with unknown index and address");
	parse("E1KP fail no Intel NIC on the PCI bus", &l);
	ok(l.kind == VM_LINE_FAIL && !strcmp(l.text, "no Intel NIC on the PCI bus"), "fail line keeps its words");
	parse("[    1.2] Kernel panic - not syncing: Attempted to kill init!", &l);
	ok(l.kind == VM_LINE_PANIC, "a kernel panic is recognised anywhere in the line");
	parse("[   11.757904] reboot: Power down", &l);
	ok(l.kind == VM_LINE_POWER_DOWN, "power down is recognised");
	parse("[    0.1] e1000e: Intel(R) PRO/1000 Network Driver", &l);
	ok(l.kind == VM_LINE_OTHER, "kernel messages are not ours");
	static const char *const bad[] = {
		"E1KP stats t=3 rx=100 bad=1 dup=2 reorder=3 gap=4 stall=5 last=99",          /* run missing */
		"E1KP stats t=3 rx=100 bad=1 dup=2 reorder=3 gap=4 stall=5 last=99 run=1 x=1", /* extra */
		"E1KP stats t=3 bad=1 rx=100 dup=2 reorder=3 gap=4 stall=5 last=99 run=1",     /* order */
		"E1KP stats t=3 rx=-1 bad=1 dup=2 reorder=3 gap=4 stall=5 last=99 run=1",      /* sign */
		"E1KP stats t=3 rx=1e3 bad=1 dup=2 reorder=3 gap=4 stall=5 last=99 run=1",     /* junk */
		"E1KP stats t=3 rx=99999999999999999999 bad=1 dup=2 reorder=3 gap=4 stall=5 last=99 run=1",
		"E1KP stats t=3 rx=1 bad=1 dup=2 reorder=3 gap=4 stall=5 last=99 run=4294967296",
		"E1KP event dup seq=10 prev=12 idx=4 addr=7f001000",                             /* no 0x */
		"E1KP event twice seq=10 prev=12 idx=4 addr=-",
		"E1KP ready driver=dpdk-em pmd=net_e1000_em dpdk=22.11.11 ring=99999 mac=x",
		"E1KP fail",
		"E1KP boot",
		"E1KP hello",
	};
	int all = 1;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		parse(bad[i], &l);
		if (l.kind != VM_LINE_MALFORMED) {
			all = 0;
			printf("#   trusted: %s\n", bad[i]);
		}
	}
	ok(all, "%zu malformed E1KP lines are all refused", sizeof(bad) / sizeof(bad[0]));
}

static void test_pairs_and_status(void)
{
	int n = 0;
	for (int d = 0; d < VM_DRV_COUNT; d++)
		for (int v = 0; v < VM_DEV_COUNT; v++)
			n += vm_pair_ok((enum vm_driver)d, (enum vm_device)v);
	is_i(n, 6, "six driver/device pairs: em on e1000 and e1000e, igb on igb, each Linux driver on its own");
	ok(vm_pair_ok(VM_DRV_DPDK_EM, VM_DEV_E1000E) && !vm_pair_ok(VM_DRV_DPDK_EM, VM_DEV_IGB) &&
	   !vm_pair_ok(VM_DRV_LINUX_E1000, VM_DEV_E1000E), "em drives e1000e; not igb; linux-e1000 not e1000e");
	static struct vm_result r;
	memset(&r, 0, sizeof(r));
	is_i(vm_exit_status(&r), 125, "nothing received: 125");
	r.counts.rx = 10;
	is_i(vm_exit_status(&r), 0, "frames and no event: 0");
	r.counts.dup = 1;
	is_i(vm_exit_status(&r), 1, "a duplicate: 1");
	r.fault = VM_FAULT_QEMU;
	is_i(vm_exit_status(&r), 1, "a duplicate stays a reproduction when QEMU dies after it");
	r.counts.dup = 0;
	is_i(vm_exit_status(&r), 125, "QEMU died with no event: 125");
}

/* Every driver's default ring is one it runs on; DPDK's igb PMD needs
 * more than its rx_free_thresh (32) held before it writes RDT. */
static void test_rings(void)
{
	for (int d = 0; d < VM_DRV_COUNT; d++) {
		unsigned def = vm_ring_default((enum vm_driver)d), min = vm_ring_min((enum vm_driver)d);
		ok((def == 0 || (def >= min && def % 8 == 0)) && min % 8 == 0,
		   "%s: default ring %u, at least %u", vm_drivers[d].name, def, min);
	}
	ok(vm_ring_min(VM_DRV_DPDK_IGB) - 1 > 32 && vm_ring_default(VM_DRV_DPDK_IGB) - 1 > 32,
	   "dpdk-igb: the device can fill more than 32 descriptors, so the PMD writes RDT");
}

int main(void)
{
	test_frames();
	test_counting();
	test_console();
	test_pairs_and_status();
	test_rings();
	return tap_done();
}
