// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_widen.c - --widen=watchpoint on the real stack (vm_widen.h). */
#include "vm/vm_widen.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/guestram.h"
#include "vm/hmp.h"

#define DESC_SIZE 16u

/* Where each layout keeps its ready fields (the 82540EM/82574L/82576
 * datasheets' write-back formats): legacy status is byte 12 and the length
 * bytes 8-9; extended (e1000e) and advanced (igb) write-back put
 * status_error at byte 8 and the length at bytes 12-13. */
static const struct layout {
	const char *name;
	unsigned dd_offset, length_offset;
} layouts[] = {
	{ "legacy", 12, 8 },
	{ "extended", 8, 12 },
	{ "advanced", 8, 12 },
};

void vm_widen_plan(enum vm_device dev, enum vm_driver drv, unsigned wb_len, unsigned wb_off,
		   struct vm_widen_plan *p)
{
	/* e1000 knows only legacy descriptors; DPDK's em PMD leaves e1000e in
	 * legacy mode (RFCTL.EXTEN clear); Linux e1000e turns on extended ones. */
	const struct layout *l = dev == VM_DEV_IGB ? &layouts[2]
				 : dev == VM_DEV_E1000E && drv == VM_DRV_LINUX_E1000E ? &layouts[1]
				 : &layouts[0];
	p->layout = l->name;
	p->dd_offset = l->dd_offset;
	p->length_offset = l->length_offset;
	p->poll_length = drv == VM_DRV_LINUX_IGB;
	/* The breakpoint goes on the copy whose first store can leave the
	 * descriptor done: the write that publishes DD when the watcher can
	 * hold it (the 4-byte status_error of e1000e's and igb's fix); the
	 * 16-byte descriptor otherwise (unfixed, it is that write; fixed, its
	 * hits show DD still clear, and it carries the length a length poller
	 * waits for). A 1-byte status or one 8-byte store has nothing to hold
	 * between, so its descriptor copy is watched. */
	if (wb_len == 4 && wb_off == 8)
		p->writes = 1u << VMBP_STATUS4 | (p->poll_length ? 1u << VMBP_DESC16 : 0);
	else
		p->writes = 1u << VMBP_DESC16;
}

/* The JSON object of probe's traced write (len, off): a pointer into json
 * at its "len" member, or NULL. probe writes each as
 * {"len":L,"off":O,...,"stores":[[a,b],...],"store_at":["LIB+0xX",...]}. */
static const char *find_write(const char *json, unsigned len, unsigned off)
{
	const char *w = strstr(json, "\"writes\":[");
	char pat[48];
	snprintf(pat, sizeof(pat), "{\"len\":%u,\"off\":%u,", len, off);
	return w ? strstr(w, pat) : NULL;
}

/* The end of the write's object: the next "}" at depth 0 after it. */
static const char *write_end(const char *w)
{
	int depth = 0;
	for (const char *p = w; *p; p++) {
		if (*p == '{' || *p == '[')
			depth++;
		else if ((*p == '}' || *p == ']') && --depth == 0)
			return p;
	}
	return w + strlen(w);
}

/* The inside of the array member key of the write (len, off): a pointer
 * just after its "[", and in *end the end of the write's object; NULL when
 * the write or the member is not there. */
static const char *write_array(const char *json, unsigned len, unsigned off, const char *key,
			       const char **end)
{
	const char *w = find_write(json, len, off);
	if (!w)
		return NULL;
	char pat[32];
	snprintf(pat, sizeof(pat), "\"%s\":[", key);
	*end = write_end(w);
	const char *p = strstr(w, pat);
	return p && p < *end ? p + strlen(pat) : NULL;
}

int vm_widen_store_at(const char *json, unsigned len, unsigned off, unsigned i, char *lib,
		      size_t liblen, uint64_t *at)
{
	const char *end, *p = write_array(json, len, off, "store_at", &end);
	if (!p)
		return -1;
	for (unsigned k = 0; k < i; k++) {
		p = strchr(p, ',');
		if (!p || p > end)
			return -1;
		p++;
	}
	if (*p != '"')
		return -1; /* a null: the store's place could not be named */
	p++;
	const char *plus = strstr(p, "+0x"), *q = strchr(p, '"');
	if (!plus || !q || plus > q || (size_t)(plus - p) >= liblen)
		return -1;
	snprintf(lib, liblen, "%.*s", (int)(plus - p), p);
	char *e;
	*at = strtoull(plus + 3, &e, 16);
	return e == q && *at ? 0 : -1;
}

int vm_widen_stores_on(const char *json, unsigned len, unsigned off, unsigned byte)
{
	const char *end, *p = write_array(json, len, off, "stores", &end);
	if (!p)
		return -1;
	int n = 0;
	unsigned a, b;
	int used;
	/* probe gives each store's bytes as descriptor offsets [a,b). */
	while (p < end && sscanf(p, "[%u,%u]%n", &a, &b, &used) == 2) {
		if (a <= byte && byte < b)
			n++;
		p += used;
		if (*p == ',')
			p++;
	}
	return n;
}

/* The write that publishes DD in probe's write-back `name` (its
 * "writebacks" entry: {"name":N,"title":T,"len":L,"off":O,...}): 0 with
 * *len and *off, or -1 when the JSON has no such entry. */
static int writeback_write(const char *json, const char *name, unsigned *len, unsigned *off)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "{\"name\":\"%s\",", name);
	const char *wbs = strstr(json, "\"writebacks\":[");
	const char *p = wbs ? strstr(wbs, pat) : NULL;
	const char *end = p ? strchr(p, '}') : NULL;
	const char *l = p ? strstr(p, "\"len\":") : NULL;
	return l && l < end && sscanf(l, "\"len\":%u,\"off\":%u", len, off) == 2 ? 0 : -1;
}

void vm_widen_from_probe(const char *json, enum vm_device dev, enum vm_driver drv, struct vm_result *r)
{
	struct vm_widen_result *w = &r->widen;
	/* The write that publishes DD: one aligned 8-byte store by construction
	 * (patch v2), or the write of probe's write-back entry. */
	unsigned len2 = 16, off2 = 0;
	bool one_store = !strcmp(r->copy_writeback, VM_WB_ONE_STORE);
	if (one_store)
		len2 = off2 = 8;
	else if (writeback_write(json, r->copy_writeback, &len2, &off2) != 0)
		len2 = 16, off2 = 0;
	struct vm_widen_plan p;
	vm_widen_plan(dev, drv, len2, off2, &p);
	w->layout = p.layout;
	w->dd_offset = p.dd_offset;
	w->poll_length = p.poll_length;
	w->length_offset = p.length_offset;
	w->writes = p.writes;
	/* The ready byte: DD's, or the length's low byte for a length poller. */
	unsigned ready = p.poll_length ? p.length_offset : p.dd_offset;
	w->stores_16 = vm_widen_stores_on(json, 16, 0, ready);
	w->stores_2nd = 0;
	w->second[0] = '\0';
	if (one_store) {
		snprintf(w->second, sizeof(w->second), "8-byte stq at 8");
		w->stores_2nd = 1;
	} else if (!(len2 == 16 && off2 == 0)) {
		/* The fixes' write after the whole descriptor (with DD clear). */
		snprintf(w->second, sizeof(w->second), "%u B at %u", len2, off2);
		w->stores_2nd = vm_widen_stores_on(json, len2, off2, ready);
	}
	static const unsigned lens[VMBP_WRITES] = { 16, 4 }, offs[VMBP_WRITES] = { 0, 8 };
	for (unsigned k = 0; k < VMBP_WRITES; k++) {
		char lib[sizeof(w->libc)];
		uint64_t at;
		w->at[k] = 0;
		if (vm_widen_store_at(json, lens[k], offs[k], 1, lib, sizeof(lib), &at) == 0) {
			w->at[k] = at;
			snprintf(w->libc, sizeof(w->libc), "%s", lib);
		}
	}
	/* QEMU 8.0 and later copy with memmove: the places are memcpy's, and
	 * hold only when the two are the same code ("same_stores"). */
	const char *other = strstr(json, "\"other_libc\":{");
	const char *differ = other ? strstr(other, "\"same_stores\":false") : NULL;
	if (differ && differ < write_end(other))
		memset(w->at, 0, sizeof(w->at));
}

struct vmbp *vm_widen_start(const struct vm_config *c, struct vm_result *r, pid_t pid,
			    const char *hmp_sock, unsigned ram_mb, char *err, size_t errlen)
{
	struct vm_widen_result *w = &r->widen;
	const char *no = vmbp_unsupported();
	if (no) {
		snprintf(err, errlen, "%s", no);
		return NULL;
	}
	unsigned writes = 0;
	for (unsigned k = 0; k < VMBP_WRITES; k++)
		if ((w->writes & (1u << k)) && w->at[k])
			writes |= 1u << k;
	if (writes == 0) {
		snprintf(err, errlen, "QEMU's C library makes the %s write in one store here (or the probe"
			 " through QEMU's loader could not place its second store): nothing to hold between",
			 (w->writes & (1u << VMBP_STATUS4)) ? "4-byte status_error" : "16-byte descriptor");
		return NULL;
	}
	w->writes = writes;
	char why[200];
	struct vmhmp *h = vmhmp_open(hmp_sock, why, sizeof(why));
	if (!h) {
		snprintf(err, errlen, "the RX ring's address: %s", why);
		return NULL;
	}
	uint64_t bar0;
	struct vmhmp_ring ring;
	int rc = vmhmp_nic_bar0(h, &bar0);
	if (rc == 0)
		rc = vmhmp_rx_ring(h, bar0, &ring) < 0 ? -4 : 0;
	vmhmp_close(h);
	if (rc < 0) {
		snprintf(err, errlen, "the RX ring's address through QEMU's monitor: %s",
			 rc == -2 ? "no Intel NIC in info pci" : rc == -3 ? "the NIC's BAR0 is not assigned"
			 : rc == -4 ? "xp on RDBAL/RDBAH/RDLEN failed" : "info pci failed");
		return NULL;
	}
	w->ring_gpa = ring.base;
	w->ndesc = ring.len_bytes / DESC_SIZE;
	if (ring.base == 0 || w->ndesc == 0) {
		snprintf(err, errlen, "the device has no RX ring (RDBA %#" PRIx64 ", RDLEN %u)", ring.base,
			 ring.len_bytes);
		return NULL;
	}
	uint64_t ram_hva, ring_hva, ram = (uint64_t)ram_mb << 20;
	if (vmram_find(pid, ram, &ram_hva, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "guest RAM in QEMU's process: %s", why);
		return NULL;
	}
	if (vmram_gpa_to_hva(ram_hva, ram, ring.base, ring.len_bytes, &ring_hva) < 0) {
		snprintf(err, errlen, "the RX ring at %#" PRIx64 " is not in plain guest RAM", ring.base);
		return NULL;
	}
	struct vmbp_cfg cfg = {
		.pid = pid, .tid = pid, /* -netdev socket receives in QEMU's main thread */
		.ring_hva = ring_hva, .ndesc = w->ndesc, .desc_size = DESC_SIZE,
		.dd_offset = w->dd_offset, .poll_length = w->poll_length, .length_offset = w->length_offset,
		.hold_ns = (uint64_t)c->hold_us * 1000u, .writes = writes, .libc = w->libc,
	};
	memcpy(cfg.at, w->at, sizeof(cfg.at));
	struct vmbp *b = vmbp_start(&cfg, err, errlen);
	if (b)
		w->armed = true;
	return b;
}

void vm_widen_stop(struct vmbp *b, struct vm_result *r)
{
	if (!b)
		return;
	vmbp_stop(b, &r->widen.st);
}
