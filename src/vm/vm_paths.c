// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_paths.c - where vm finds QEMU and the guest image (vm_paths.h). */
#include "vm/vm_paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* qemu-system-x86_64 on PATH, or NULL. */
const char *vm_qemu_on_path(char *buf, size_t len)
{
	const char *path = getenv("PATH");
	if (!path)
		return NULL;
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(buf, len, "%.*s/qemu-system-x86_64", (int)n, n ? path : ".");
		if (access(buf, X_OK) == 0)
			return buf;
		path += n + (path[n] == ':');
	}
	return NULL;
}

void vm_guest_default(char *buf, size_t len)
{
	const char *cache = getenv("E1KP_GUEST_CACHE");
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (cache && *cache)
		snprintf(buf, len, "%s/latest", cache);
	else if (xdg && *xdg)
		snprintf(buf, len, "%s/e1000_poc/guest/latest", xdg);
	else
		snprintf(buf, len, "%s/.cache/e1000_poc/guest/latest", home ? home : "");
}

/* A guest image is there when its kernel can be read. */
static bool guest_there(const char *dir)
{
	char k[4200];
	snprintf(k, sizeof(k), "%s/vmlinuz", dir);
	return access(k, R_OK) == 0;
}

enum vm_paths_problem vm_paths_check(struct vm_config *c, const char *qemu, const char *guest,
				     char *qbuf, size_t qlen, char *gbuf, size_t glen, char *why,
				     size_t why_len)
{
	struct stat st;
	if (qemu) {
		errno = 0;
		if (stat(qemu, &st) != 0 || !S_ISREG(st.st_mode) || access(qemu, X_OK) != 0) {
			snprintf(why, why_len, "--qemu %s: not an executable file%s%s", qemu,
				 errno ? ": " : "", errno ? strerror(errno) : "");
			return VM_PATHS_BAD_GIVEN;
		}
		c->qemu = qemu;
	}
	if (guest) {
		if (!guest_there(guest)) {
			snprintf(why, why_len, "--guest %s: no guest image there (no readable vmlinuz;"
				 " make guest builds one)", guest);
			return VM_PATHS_BAD_GIVEN;
		}
		c->guest_dir = guest;
	}
	if (!qemu && !(c->qemu = vm_qemu_on_path(qbuf, qlen))) {
		snprintf(why, why_len, "no qemu-system-x86_64 on PATH (make deps installs it; or give"
			 " --qemu PATH)");
		return VM_PATHS_NO_DEFAULT;
	}
	if (!guest) {
		vm_guest_default(gbuf, glen);
		c->guest_dir = gbuf;
		if (!guest_there(gbuf)) {
			snprintf(why, why_len, "no guest image in %s: run make guest first (or give"
				 " --guest DIR)", gbuf);
			return VM_PATHS_NO_DEFAULT;
		}
	}
	return VM_PATHS_OK;
}
