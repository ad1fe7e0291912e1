// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_paths.h - the defaults of `vm --qemu` and `vm --guest`: the first
 * executable qemu-system-x86_64 on PATH, and the image `make guest` built
 * last (guest/build.sh's cache: $E1KP_GUEST_CACHE, else
 * ${XDG_CACHE_HOME:-~/.cache}/e1000_poc/guest, its `latest` link). */
#ifndef E1000_POC_VM_PATHS_H
#define E1000_POC_VM_PATHS_H

#include <stddef.h>

/* qemu-system-x86_64 on PATH, written into buf: buf, or NULL. */
const char *vm_qemu_on_path(char *buf, size_t len);
/* The folder of the guest image make guest built last (it may not exist). */
void vm_guest_default(char *buf, size_t len);

#endif
