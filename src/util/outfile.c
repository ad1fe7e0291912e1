// SPDX-License-Identifier: GPL-2.0-or-later
/* outfile.c - whole-or-nothing files (see outfile.h). */
#include "util/outfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "dir/.name.XXXXXX" for path "dir/name" (or ".name.XXXXXX"). */
static int tmp_name(char *b, size_t n, const char *path)
{
    const char *slash = strrchr(path, '/');
    int w;
    if (slash == NULL)
        w = snprintf(b, n, ".%s.XXXXXX", path);
    else
        w = snprintf(b, n, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

int outfile_open(struct outfile *o, const char *path, const char **why)
{
    struct stat st;
    o->path = path;
    o->f = NULL;
    if (path[0] == '\0' || path[strlen(path) - 1] == '/' ||
        (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        *why = strerror(EISDIR);
        return -1;
    }
    if (tmp_name(o->tmp, sizeof(o->tmp), path) != 0) {
        *why = strerror(ENAMETOOLONG);
        return -1;
    }
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        *why = strerror(errno);
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || (o->f = fdopen(fd, "w")) == NULL) {
        *why = strerror(errno);
        close(fd);
        unlink(o->tmp);
        return -1;
    }
    return 0;
}

int outfile_check(const char *path, const char **why)
{
    struct outfile o;
    if (outfile_open(&o, path, why) != 0)
        return -1;
    outfile_abort(&o);
    return 0;
}

int outfile_commit(struct outfile *o, const char **why)
{
    int bad = ferror(o->f);
    if (fclose(o->f) != 0 || bad) {
        *why = bad ? "write error" : strerror(errno);
        unlink(o->tmp);
        return -1;
    }
    o->f = NULL;
    if (rename(o->tmp, o->path) != 0) {
        *why = strerror(errno);
        unlink(o->tmp);
        return -1;
    }
    return 0;
}

void outfile_abort(struct outfile *o)
{
    if (o->f != NULL)
        fclose(o->f);
    o->f = NULL;
    unlink(o->tmp);
}
