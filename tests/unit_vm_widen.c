// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_vm_widen.c - vm --widen's pure parts (src/vm/vm_widen.c): the plan
 * for each device, driver and write-back (which byte is "done", which copy
 * gets the breakpoint), which write-back a QEMU makes (its version, the
 * driver's layout, a tools/qemu patch), the reading of probe's JSON (held
 * to a fixed text and to what the probe itself writes on this host), and
 * the sentence that says what the holds showed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/measure.h"
#include "output/out_probe.h"
#include "tap.h"
#include "vm/vm.h"
#include "vm/vm_copy.h"
#include "vm/vm_widen.h"

static void test_plan(void)
{
	static const struct {
		enum vm_device dev;
		enum vm_driver drv;
		unsigned wb_len, wb_off;
		const char *layout;
		unsigned dd;
		bool poll_length;
		unsigned writes;
	} rows[] = {
		{ VM_DEV_E1000, VM_DRV_DPDK_EM, 16, 0, "legacy", 12, false, 1u << VMBP_DESC16 },
		{ VM_DEV_E1000, VM_DRV_LINUX_E1000, 1, 12, "legacy", 12, false, 1u << VMBP_DESC16 },
		{ VM_DEV_E1000E, VM_DRV_DPDK_EM, 1, 12, "legacy", 12, false, 1u << VMBP_DESC16 },
		{ VM_DEV_E1000E, VM_DRV_LINUX_E1000E, 4, 8, "extended", 8, false,
		  1u << VMBP_STATUS4 },
		{ VM_DEV_IGB, VM_DRV_DPDK_IGB, 4, 8, "advanced", 8, false, 1u << VMBP_STATUS4 },
		{ VM_DEV_IGB, VM_DRV_LINUX_IGB, 4, 8, "advanced", 8, true,
		  1u << VMBP_STATUS4 | 1u << VMBP_DESC16 },
		{ VM_DEV_IGB, VM_DRV_DPDK_IGB, 1, 8, "advanced", 8, false, 1u << VMBP_DESC16 },
		{ VM_DEV_IGB, VM_DRV_LINUX_IGB, 8, 8, "advanced", 8, true, 1u << VMBP_DESC16 },
		{ VM_DEV_E1000, VM_DRV_DPDK_EM, 8, 8, "legacy", 12, false, 1u << VMBP_DESC16 },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct vm_widen_plan p;
		vm_widen_plan(rows[i].dev, rows[i].drv, rows[i].wb_len, rows[i].wb_off, &p);
		ok(!strcmp(p.layout, rows[i].layout) && p.dd_offset == rows[i].dd &&
			   p.poll_length == rows[i].poll_length && p.writes == rows[i].writes &&
			   p.length_offset == (rows[i].dd == 12 ? 8u : 12u),
		   "plan: %s + %s, DD published by %u B at %u: %s, DD at %u%s, breakpoint mask %u",
		   vm_devices[rows[i].dev].name, vm_drivers[rows[i].drv].name, rows[i].wb_len, rows[i].wb_off,
		   rows[i].layout, rows[i].dd,
		   rows[i].poll_length ? ", length polled" : "", rows[i].writes);
	}
}

static void test_writeback(void)
{
	static const struct {
		enum vm_device dev;
		enum vm_driver drv;
		const char *version, *patch, *want;
	} rows[] = {
		{ VM_DEV_E1000, VM_DRV_DPDK_EM, "7.0.0", "", "e1000-unfixed" },
		{ VM_DEV_E1000, VM_DRV_DPDK_EM, "7.2.22", "", "e1000-status" },
		{ VM_DEV_E1000, VM_DRV_DPDK_EM, "7.2.22", "unfix-e1000", "e1000-unfixed" },
		{ VM_DEV_E1000E, VM_DRV_DPDK_EM, "7.2.22", "", "e1000-status" },
		{ VM_DEV_E1000E, VM_DRV_LINUX_E1000E, "7.1.0", "", "e1000-unfixed" },
		{ VM_DEV_E1000E, VM_DRV_LINUX_E1000E, "7.2.22", "", "e1000e-igb-status-error" },
		{ VM_DEV_E1000E, VM_DRV_LINUX_E1000E, "7.2.22", "unfix-e1000", "e1000e-igb-status-error" },
		{ VM_DEV_IGB, VM_DRV_DPDK_IGB, "10.0.13", "", "e1000e-igb-status-error" },
		{ VM_DEV_IGB, VM_DRV_LINUX_IGB, "10.2.2", "dd-byte", "e1000e-igb-dd-byte" },
		{ VM_DEV_E1000, VM_DRV_DPDK_EM, "10.2.2", "dd-byte", "e1000-status" },
		{ VM_DEV_IGB, VM_DRV_LINUX_IGB, "10.2.2", "dd-store-v2", VM_WB_ONE_STORE },
		{ VM_DEV_E1000, VM_DRV_DPDK_EM, "10.2.2", "dd-store-v2", VM_WB_ONE_STORE },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *got = vm_copy_writeback(rows[i].dev, rows[i].drv, rows[i].version, rows[i].patch);
		ok(!strcmp(got, rows[i].want), "write-back of %s + %s on QEMU %s%s%s: %s (got %s)",
		   vm_devices[rows[i].dev].name, vm_drivers[rows[i].drv].name, rows[i].version,
		   rows[i].patch[0] ? " + " : "", rows[i].patch, rows[i].want, got);
	}
}

/* probe --json's writes as this host's glibc 2.36 (AMD EPYC) gave them. */
static const char fixed_json[] =
	"{\"command\":\"probe\",\"writes\":[{\"len\":16,\"off\":0,\"stores\":[[0,16],[0,16]],"
	"\"store_at\":[\"libc.so.6+0x16d87a\",\"libc.so.6+0x16d87e\"]},"
	"{\"len\":1,\"off\":12,\"stores\":[[12,13]],\"store_at\":[\"libc.so.6+0x16d868\"]},"
	"{\"len\":4,\"off\":8,\"stores\":[[8,12],[8,12]],\"store_at\":[\"libc.so.6+0x16d838\",null]},"
	"{\"len\":4,\"off\":12,\"stores\":[[12,16],[12,16]],\"store_at\":[\"libc.so.6+0x16d838\","
	"\"libc.so.6+0x16d83a\"]}],"
	"\"writebacks\":[{\"name\":\"e1000-unfixed\",\"title\":\"16 bytes (QEMU < 7.1)\",\"len\":16,"
	"\"off\":0,\"dd_byte\":12},{\"name\":\"e1000-status\",\"title\":\"1 byte\",\"len\":1,\"off\":12,"
	"\"dd_byte\":12}],"
	"\"other_libc\":{\"copy\":\"libc-memmove\",\"routine\":\"x\",\"same_stores\":true}}";

static void test_json(void)
{
	char lib[64];
	uint64_t at = 0;
	int rc = vm_widen_store_at(fixed_json, 16, 0, 1, lib, sizeof(lib), &at);
	ok(rc == 0 && !strcmp(lib, "libc.so.6") && at == 0x16d87e,
	   "16 B at 0: the second store's place is libc.so.6+0x16d87e (got %s+%#llx)", lib,
	   (unsigned long long)at);
	ok(vm_widen_store_at(fixed_json, 1, 12, 1, lib, sizeof(lib), &at) < 0,
	   "1 B at 12 makes one store: no second place");
	ok(vm_widen_store_at(fixed_json, 4, 8, 1, lib, sizeof(lib), &at) < 0,
	   "a store whose place is null is no place");
	ok(vm_widen_store_at(fixed_json, 4, 12, 1, lib, sizeof(lib), &at) == 0 && at == 0x16d83a,
	   "4 B at 12 is its own write, not 4 B at 8's");
	ok(vm_widen_store_at(fixed_json, 8, 0, 0, lib, sizeof(lib), &at) < 0, "a write probe did not trace");
	ok(vm_widen_stores_on(fixed_json, 16, 0, 12) == 2, "16 B at 0 stores DD's legacy byte twice");
	ok(vm_widen_stores_on(fixed_json, 1, 12, 12) == 1, "1 B at 12 stores it once");
	ok(vm_widen_stores_on(fixed_json, 4, 8, 8) == 2 && vm_widen_stores_on(fixed_json, 4, 8, 12) == 0,
	   "4 B at 8 stores byte 8 twice and byte 12 never");
	ok(vm_widen_stores_on(fixed_json, 2, 0, 0) == -1, "an untraced write counts -1");

	struct vm_result r;
	memset(&r, 0, sizeof(r));
	snprintf(r.copy_writeback, sizeof(r.copy_writeback), "e1000-status");
	vm_widen_from_probe(fixed_json, VM_DEV_E1000, VM_DRV_DPDK_EM, &r);
	ok(r.widen.stores_16 == 2 && r.widen.stores_2nd == 1 && !strcmp(r.widen.second, "1 B at 12") &&
		   r.widen.at[VMBP_DESC16] == 0x16d87e && r.widen.at[VMBP_STATUS4] == 0,
	   "e1000's fixed write-back: 2 + 1 stores on DD's byte, breakpoint place for the 16 B only");

	memset(&r, 0, sizeof(r));
	snprintf(r.copy_writeback, sizeof(r.copy_writeback), "e1000-unfixed");
	vm_widen_from_probe(fixed_json, VM_DEV_E1000, VM_DRV_DPDK_EM, &r);
	ok(r.widen.stores_16 == 2 && r.widen.second[0] == '\0',
	   "the unfixed write-back's one write is the 16 bytes: no second write");
	snprintf(r.copy_writeback, sizeof(r.copy_writeback), "e1000e-igb-status-error");
	vm_widen_from_probe(fixed_json, VM_DEV_IGB, VM_DRV_DPDK_IGB, &r);
	ok(r.widen.second[0] == '\0' && r.widen.stores_2nd == 0,
	   "a write-back probe did not report: no second write is made up");

	snprintf(r.copy_writeback, sizeof(r.copy_writeback), "e1000-status");
	char differ[sizeof(fixed_json) + 8];
	const char *t = strstr(fixed_json, "true}}");
	snprintf(differ, sizeof(differ), "%.*sfalse}}", (int)(t - fixed_json), fixed_json);
	vm_widen_from_probe(differ, VM_DEV_E1000, VM_DRV_DPDK_EM, &r);
	ok(r.widen.at[VMBP_DESC16] == 0, "memmove storing differently from memcpy: no place is trusted");
}

/* The parser against what probe itself writes here: every traced write's
 * second store and its store count must come back as the probe measured. */
static void test_real_probe(void)
{
	struct probe_measurement m;
	if (probe_measure(DMA_COPY_LIBC, PROBE_ALL_WRITES, NULL, &m) != 0 || !m.traced) {
		ok(1, "probe's own JSON reads back # SKIP cannot trace the C library's copy here: %s", m.why);
		return;
	}
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) {
		ok(1, "probe's own JSON reads back # SKIP no memory stream");
		return;
	}
	probe_place_stores(&m);
	out_probe_json(f, &m);
	fclose(f);
	bool good = true;
	unsigned checked = 0;
	for (unsigned w = 0; w < PROBE_WRITE_COUNT; w++) {
		const struct probe_write *pw = &probe_writes[w];
		const struct dma_pattern *p = &m.w[w].p;
		unsigned dd = pw->off; /* the first byte the write covers */
		int n = 0;
		for (unsigned s = 0; s < p->n; s++)
			n += (unsigned)pw->off + p->s[s].off <= dd && dd < (unsigned)pw->off + p->s[s].off + p->s[s].len;
		if (vm_widen_stores_on(text, pw->len, pw->off, dd) != n) {
			diag("write %u B at %u: %d stores on byte %u read back, %d measured", pw->len, pw->off,
			     vm_widen_stores_on(text, pw->len, pw->off, dd), dd, n);
			good = false;
		}
		char lib[64], where[160];
		uint64_t at, vaddr;
		if (p->n >= 2 && probe_store_at(&m.w[w], 1, where, sizeof(where), &vaddr) == 0) {
			checked++;
			if (vm_widen_store_at(text, pw->len, pw->off, 1, lib, sizeof(lib), &at) != 0 || at != vaddr) {
				diag("write %u B at %u: place %s read back as %#llx", pw->len, pw->off, where,
				     (unsigned long long)at);
				good = false;
			}
		}
	}
	ok(good, "probe's own JSON on this host reads back: store counts and %u second-store places", checked);
	free(text);
}

int main(void)
{
	test_plan();
	test_writeback();
	test_json();
	test_real_probe();
	return tap_done();
}
