// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_paths.h - `vm --qemu` and `vm --guest` checked, and their defaults: the first
 * executable qemu-system-x86_64 on PATH, and the image `make guest` built
 * last (guest/build.sh's cache: $E1KP_GUEST_CACHE, else
 * ${XDG_CACHE_HOME:-~/.cache}/e1000_poc/guest, its `latest` link). */
#ifndef E1000_POC_VM_PATHS_H
#define E1000_POC_VM_PATHS_H

#include <stddef.h>

#include "vm/vm.h"

/* qemu-system-x86_64 on PATH, written into buf: buf, or NULL. */
const char *vm_qemu_on_path(char *buf, size_t len);
/* The folder of the guest image make guest built last (it may not exist). */
void vm_guest_default(char *buf, size_t len);

/* What vm_paths_check() found wrong: a path given (bad usage on any host)
 * or a default missing (this host cannot test). */
enum vm_paths_problem { VM_PATHS_OK, VM_PATHS_BAD_GIVEN, VM_PATHS_NO_DEFAULT };

/* Set c->qemu and c->guest_dir: the paths given (NULL: not given) if they
 * hold a QEMU and a guest image, else the defaults (written into qbuf and
 * gbuf) if those do. The given ones are checked first. VM_PATHS_OK, or a
 * problem with one sentence in why, naming the option. */
enum vm_paths_problem vm_paths_check(struct vm_config *c, const char *qemu, const char *guest,
                                     char *qbuf, size_t qlen, char *gbuf, size_t glen, char *why,
                                     size_t why_len);

#endif
