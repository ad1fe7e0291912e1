// SPDX-License-Identifier: GPL-2.0-or-later
/* outfile.c - whole-or-nothing files (see outfile.h). */
#include "util/outfile.h"

#include <errno.h>
#include <fcntl.h>
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

enum out_kind { OUT_NEW, OUT_REGULAR, OUT_STDFD, OUT_STRAIGHT, OUT_REFUSED };

/* What path is now; for OUT_STDFD *fd is the descriptor it is (1 or 2). */
static enum out_kind out_kind(const char *path, int *fd, const char **why)
{
    struct stat st, lst;
    if (path[0] == '\0' || path[strlen(path) - 1] == '/') {
        *why = strerror(EISDIR);
        return OUT_REFUSED;
    }
    if (stat(path, &st) != 0) {
        if (errno == ENOENT && lstat(path, &lst) == 0) {
            *why = "a symbolic link to nothing";
            return OUT_REFUSED;
        }
        if (errno == ENOENT)
            return OUT_NEW;
        *why = strerror(errno);
        return OUT_REFUSED;
    }
    for (int d = 1; d <= 2; d++) {
        struct stat fs;
        if (fstat(d, &fs) == 0 && fs.st_dev == st.st_dev && fs.st_ino == st.st_ino &&
            !S_ISDIR(st.st_mode)) {
            *fd = d;
            return OUT_STDFD;
        }
    }
    if (S_ISREG(st.st_mode))
        return OUT_REGULAR;
    if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
        if (access(path, W_OK) != 0) {
            *why = strerror(errno);
            return OUT_REFUSED;
        }
        return OUT_STRAIGHT;
    }
    *why = S_ISDIR(st.st_mode) ? strerror(EISDIR)
                               : "not a regular file, FIFO or character device: left as it is";
    return OUT_REFUSED;
}

/* The regular file to replace: path itself, or a link's target (the link
 * stays). malloc'd, or NULL with *why. */
static char *out_target(const char *path, const char **why)
{
    struct stat lst;
    char *t = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) ? realpath(path, NULL) : strdup(path);
    if (t == NULL)
        *why = strerror(errno);
    return t;
}

/* Open a FIFO or device as it is: no creation, no truncation, and no wait
 * for a reader (a FIFO nobody reads is ENXIO at once). */
static FILE *out_straight(const char *path, const char **why)
{
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        *why = errno == ENXIO ? "a FIFO nobody reads" : strerror(errno);
        return NULL;
    }
    /* It changed under us into a regular file: never write into one
     * without the temporary. */
    if (fstat(fd, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
        *why = "changed into another kind of file";
        close(fd);
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        *why = strerror(errno);
        close(fd);
    }
    return f;
}

/* Through standard output or error: a duplicate, so that closing it leaves
 * the command's own descriptor open. */
static FILE *out_stdfd(int d, const char **why)
{
    fflush(d == 1 ? stdout : stderr);
    int fd = fcntl(d, F_DUPFD_CLOEXEC, 3);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL) {
        *why = strerror(errno);
        if (fd >= 0)
            close(fd);
    }
    return f;
}

int outfile_open(struct outfile *o, const char *path, const char **why)
{
    int d = 1;
    o->path = path;
    o->target = NULL;
    o->tmp[0] = '\0';
    o->direct = false;
    o->f = NULL;
    switch (out_kind(path, &d, why)) {
    case OUT_REFUSED:
        return -1;
    case OUT_STDFD:
        o->direct = true;
        o->f = out_stdfd(d, why);
        return o->f != NULL ? 0 : -1;
    case OUT_STRAIGHT:
        o->direct = true;
        o->f = out_straight(path, why);
        return o->f != NULL ? 0 : -1;
    case OUT_NEW:
    case OUT_REGULAR:
        break;
    }
    if ((o->target = out_target(path, why)) == NULL)
        return -1;
    if (tmp_name(o->tmp, sizeof(o->tmp), o->target) != 0) {
        *why = strerror(ENAMETOOLONG);
        outfile_abort(o);
        return -1;
    }
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        *why = strerror(errno);
        o->tmp[0] = '\0';
        outfile_abort(o);
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0 || (o->f = fdopen(fd, "w")) == NULL) {
        *why = strerror(errno);
        close(fd);
        outfile_abort(o);
        return -1;
    }
    return 0;
}

int outfile_check(const char *path, const char **why)
{
    int d;
    switch (out_kind(path, &d, why)) {
    case OUT_REFUSED:
        return -1;
    case OUT_STDFD:
    case OUT_STRAIGHT:
        /* Not opened now: opening a FIFO and closing it would end its
         * reader's input before the result is there. */
        return 0;
    case OUT_NEW:
    case OUT_REGULAR:
        break;
    }
    struct outfile o;
    if (outfile_open(&o, path, why) != 0)
        return -1;
    outfile_abort(&o);
    return 0;
}

int outfile_commit(struct outfile *o, const char **why)
{
    int bad = ferror(o->f);
    int closed = fclose(o->f);
    int err = errno;
    o->f = NULL;
    if (closed != 0 || bad) {
        *why = closed != 0 ? strerror(err) : "write error";
        outfile_abort(o);
        return -1;
    }
    if (!o->direct) {
        /* The target became a device or FIFO since the check: keep it. */
        struct stat lst;
        if (lstat(o->target, &lst) == 0 && !S_ISREG(lst.st_mode)) {
            *why = "no longer a regular file: left as it is";
            outfile_abort(o);
            return -1;
        }
        if (rename(o->tmp, o->target) != 0) {
            *why = strerror(errno);
            outfile_abort(o);
            return -1;
        }
        o->tmp[0] = '\0';
    }
    outfile_abort(o);
    return 0;
}

void outfile_abort(struct outfile *o)
{
    if (o->f != NULL)
        fclose(o->f);
    o->f = NULL;
    if (o->tmp[0] != '\0')
        unlink(o->tmp);
    o->tmp[0] = '\0';
    free(o->target);
    o->target = NULL;
}
