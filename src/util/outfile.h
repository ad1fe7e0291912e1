// SPDX-License-Identifier: GPL-2.0-or-later
/* outfile.h - write a file whole or not at all. A command that will write
 * FILE checks first, before it prints or runs anything, that FILE can be
 * written (outfile_check); at the end it writes into a temporary file in
 * the same folder and renames it over FILE (outfile_open, outfile_commit),
 * so that a reader never sees half a picture and a failure leaves FILE as
 * it was. Knows nothing of NICs (util/: libc only). */
#ifndef E1000_POC_OUTFILE_H
#define E1000_POC_OUTFILE_H

#include <limits.h>
#include <stdio.h>

struct outfile {
    const char *path;
    char tmp[PATH_MAX];
    FILE *f;
};

/* 0 if a file can be created in path's folder and path is no folder;
 * else -1 with *why set (a static text, strerror's). */
int outfile_check(const char *path, const char **why);

/* Start writing path: o->f is the temporary file. 0, or -1 with *why. */
int outfile_open(struct outfile *o, const char *path, const char **why);
/* Flush, close and rename over path (mode 0666 less the umask). 0, or -1
 * with *why, the temporary file removed. */
int outfile_commit(struct outfile *o, const char **why);
/* Give up: close and remove the temporary file. */
void outfile_abort(struct outfile *o);

#endif
