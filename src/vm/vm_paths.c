// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_paths.c - where vm finds QEMU and the guest image (vm_paths.h). */
#include "vm/vm_paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
