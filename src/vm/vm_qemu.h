// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_qemu.h - the QEMU process: what the binary is (version, devices), the
 * command line of docs/real-stack.md, starting it in a process group of its
 * own (a Ctrl-C at the terminal reaches only us; we stop it) that dies with
 * us (PR_SET_PDEATHSIG), and ending it: SIGTERM to the group, SIGKILL after
 * a grace period, always reaped. */
#ifndef E1000_POC_VM_QEMU_H
#define E1000_POC_VM_QEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Is path a usable qemu-system-x86_64? 0 with "7.2.22" in version and the
 * first -version line in banner; -1 with the reason in err. */
int vm_qemu_identify(const char *path, char *version, size_t vlen, char *banner, size_t blen,
		     char *err, size_t errlen);
/* Does its -device help list `name`? 1 yes, 0 no, -1 could not ask. */
int vm_qemu_has_device(const char *path, const char *name);
/* A build of tools/qemu/build-src.sh (BUILD/bin/qemu-system-x86_64 beside
 * BUILD/build-info.txt): the name of the patch it applied, in name; else "".
 * 0 when it is such a build, -1 otherwise. */
int vm_qemu_patch(const char *path, char *name, size_t len);
/* "7.2.22" >= major.minor? */
bool vm_qemu_at_least(const char *version, int major, int minor);

struct vm_launch {
	const char *qemu, *dir;     /* dir: the run's temp folder (monitor socket, stderr) */
	const char *kernel, *initrd, *append;
	const char *device;         /* e1000, e1000e, igb */
	bool kvm;
	unsigned port_host, port_guest;
	unsigned ram_mb;
};

struct vm_qemu {
	pid_t pid;                  /* 0: none */
	int console;                /* read end of the serial console, non-blocking */
	char err_path[4096];        /* QEMU's stderr */
	bool exited;
	int status;                 /* waitpid status once exited */
};

int vm_qemu_start(struct vm_qemu *q, const struct vm_launch *l, char *err, size_t errlen);
/* Has it exited? Reaps it if so (non-blocking). */
bool vm_qemu_poll(struct vm_qemu *q);
/* Ends it (if running) and closes the console; idempotent. */
void vm_qemu_stop(struct vm_qemu *q);
/* "exited with status 1: <its last stderr line>" or "killed by signal 9". */
void vm_qemu_describe_exit(const struct vm_qemu *q, char *buf, size_t len);

#endif
