// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_copy.c - probe through QEMU's own loader and libc (vm_copy.h). */
#include "vm/vm_copy.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "vm/vm_exec.h"
#include "vm/vm_qemu.h"

const char *vm_copy_writeback(enum vm_device dev, enum vm_driver drv, const char *v, const char *patch)
{
	/* e1000, and e1000e in the legacy layout DPDK's em PMD chooses, write
	 * the status byte alone since their fixes (7.1, 7.2); extended and
	 * advanced descriptors write the 4-byte status_error. */
	bool legacy = dev == VM_DEV_E1000 || (dev == VM_DEV_E1000E && drv == VM_DRV_DPDK_EM);
	bool fixed = vm_qemu_at_least(v, 7, dev == VM_DEV_E1000 ? 1 : 2);
	/* tools/qemu/patches: unfix-e1000 reverts e1000's fix; dd-byte (v1)
	 * writes e1000e's and igb's DD byte alone through the copy; dd-store-v2
	 * writes every format's bytes 8-15 with one address_space_stq_le(),
	 * no copy at all (VM_WB_ONE_STORE). */
	if (!strcmp(patch, "dd-store-v2"))
		return VM_WB_ONE_STORE;
	if (dev == VM_DEV_E1000 && !strcmp(patch, "unfix-e1000"))
		fixed = false;
	if (!fixed)
		return "e1000-unfixed";
	if (legacy)
		return "e1000-status";
	if (!strcmp(patch, "dd-byte"))
		return "e1000e-igb-dd-byte";
	return "e1000e-igb-status-error";
}

/* The value of the first "key":"..." at or after from (no escapes expected
 * in the members read here; an escaped quote ends the value early). */
static int json_str(const char *from, const char *key, char *buf, size_t len)
{
	char pat[64];
	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	const char *p = strstr(from, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	size_t n = strcspn(p, "\"");
	snprintf(buf, len, "%.*s", (int)n, p);
	return 0;
}

/* The libc and loader QEMU mapped, as paths under /proc/PID/root. */
static int find_libs(pid_t pid, char *libc, size_t llen, char *ld, size_t dlen)
{
	char path[64], line[4608];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	libc[0] = ld[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		char *file = strchr(line, '/');
		if (!file)
			continue;
		file[strcspn(file, "\n")] = '\0';
		const char *base = strrchr(file, '/') + 1;
		if (!libc[0] && (!strncmp(base, "libc.so", 7) || !strncmp(base, "libc-", 5)))
			snprintf(libc, llen, "/proc/%d/root%s", (int)pid, file);
		if (!ld[0] && !strncmp(base, "ld-linux", 8))
			snprintf(ld, dlen, "/proc/%d/root%s", (int)pid, file);
	}
	fclose(f);
	return libc[0] && ld[0] ? 0 : -1;
}

const char *vm_copy_probe(pid_t qemu, const char *self_exe, enum vm_device dev, enum vm_driver drv,
			  struct vm_result *r)
{
	char libc[4200], ld[4200], dir[4200];
	snprintf(r->copy_writeback, sizeof(r->copy_writeback), "%s",
		 vm_copy_writeback(dev, drv, r->qemu_version, r->qemu_patch));
	snprintf(r->copy_libc, sizeof(r->copy_libc), "?");
	r->copy_verdict[0] = '\0';
	if (find_libs(qemu, libc, sizeof(libc), ld, sizeof(ld)) < 0) {
		snprintf(r->copy_routine, sizeof(r->copy_routine),
			 "unknown (no libc and loader in QEMU's /proc/%d/maps)", (int)qemu);
		return "";
	}
	snprintf(dir, sizeof(dir), "%s", libc);
	*strrchr(dir, '/') = '\0';
	char *argv[] = { ld, "--library-path", dir, (char *)self_exe, "probe", "--json", NULL };
	static char out[1 << 16];
	int rc = vm_exec_capture(argv, out, sizeof(out), 60);
	/* probe exits 0 or 1 with its verdict; anything else is no answer. */
	if ((rc != 0 && rc != 1) || json_str(out, "routine", r->copy_routine, sizeof(r->copy_routine)) < 0) {
		snprintf(r->copy_routine, sizeof(r->copy_routine), "unknown (probe through QEMU's loader: %s)",
			 rc == -2 ? "timed out" : "no answer");
		return "";
	}
	json_str(out, "libc", r->copy_libc, sizeof(r->copy_libc));
	/* QEMU's DMA path may call memmove rather than memcpy: name both. */
	const char *other = strstr(out, "\"other_libc\":{");
	char mm[64];
	if (other && json_str(other, "routine", mm, sizeof(mm)) == 0) {
		size_t n = strlen(r->copy_routine);
		snprintf(r->copy_routine + n, sizeof(r->copy_routine) - n, "%s%s",
			 strcmp(mm, r->copy_routine) ? ", memmove " : " (memmove the same)",
			 strcmp(mm, r->copy_routine) ? mm : "");
	}
	char pat[80];
	snprintf(pat, sizeof(pat), "\"name\":\"%s\"", r->copy_writeback);
	const char *wb = strstr(out, pat);
	char label[40], why[160];
	if (wb && json_str(wb, "label", label, sizeof(label)) == 0 && json_str(wb, "why", why, sizeof(why)) == 0)
		snprintf(r->copy_verdict, sizeof(r->copy_verdict), "%s: %s", label, why);
	else if (!strcmp(r->copy_writeback, VM_WB_ONE_STORE))
		snprintf(r->copy_verdict, sizeof(r->copy_verdict), "not exposed: bytes 8-15 (DD and the"
			 " length) in one address_space_stq_le() after the copy, not through the C library");
	return out;
}
