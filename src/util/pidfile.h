// SPDX-License-Identifier: GPL-2.0-or-later
/* pidfile.h - this process's PID in a file while it runs (run --pid-file,
 * for `gdb -p $(cat FILE)` when several runs exist). Written once every
 * option is checked, removed at the end, but only if FILE is still the
 * regular file written (same device and inode): a FIFO or character device
 * (/dev/null, /dev/stdout) is written into as it is and never removed;
 * anything else is refused. A FIFO nobody reads is refused at once (no
 * waiting for a reader). Knows nothing of NICs (util/: libc only). */
#ifndef E1000_POC_PIDFILE_H
#define E1000_POC_PIDFILE_H

#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

struct pidfile {
    dev_t dev;
    ino_t ino;
    bool ours; /* a regular file this process wrote: remove it at the end */
};

/* 0, or -1 with a sentence in *why (nothing written). */
int pidfile_write(const char *path, struct pidfile *p, const char **why);
/* Remove it if it is still the one written (lstat: a link now in its place
 * is not). */
void pidfile_remove(const char *path, const struct pidfile *p);

#endif
