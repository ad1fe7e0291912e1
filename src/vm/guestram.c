// SPDX-License-Identifier: GPL-2.0-or-later
/* guestram.c - find the guest RAM mapping; /proc/PID/mem access. */
#include "vm/guestram.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Below this size all of pc's and q35's RAM sits at guest-physical 0 up
 * (q35 moves RAM above 4 GiB from 2.75 GiB on, pc from 3.5 GiB). */
#define RAM_ALL_LOW 0xb0000000ull
#define RAM_LOW_SAFE 0x80000000ull /* low RAM every machine keeps below the hole */

int vmram_parse_maps(const char *maps, uint64_t ram_size, uint64_t *hva, char *err,
                     size_t errlen)
{
    uint64_t memfd_at = 0, anon_at = 0;
    unsigned memfds = 0, anons = 0;
    const char *p = maps;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char l[512];
        snprintf(l, sizeof(l), "%.*s", (int)(len < sizeof(l) - 1 ? len : sizeof(l) - 1), p);
        p = nl ? nl + 1 : p + len;
        /* start-end perms offset dev inode [path] */
        uint64_t lo, hi;
        char perms[8];
        int path_at = 0;
        if (sscanf(l, "%" SCNx64 "-%" SCNx64 " %7s %*s %*s %*s %n", &lo, &hi, perms, &path_at) < 3 ||
            hi - lo != ram_size || perms[0] != 'r' || perms[1] != 'w')
            continue;
        const char *path = path_at ? l + path_at : "";
        if (strncmp(path, "/memfd:", 7) == 0) {
            memfds++;
            memfd_at = lo;
        } else if (!*path) {
            anons++;
            anon_at = lo;
        }
    }
    if (memfds == 1) {
        *hva = memfd_at;
        return 0;
    }
    if (memfds > 1) {
        snprintf(err, errlen, "%u memfd mappings of the RAM size (%" PRIu64 " MiB): which one is"
                 " the guest's RAM is not clear", memfds, ram_size >> 20);
        return -1;
    }
    if (anons == 1) {
        *hva = anon_at;
        return 0;
    }
    if (anons > 1)
        snprintf(err, errlen, "%u anonymous mappings of the RAM size (%" PRIu64 " MiB) and no"
                 " memfd: start QEMU with a memory-backend-memfd", anons, ram_size >> 20);
    else
        snprintf(err, errlen, "no mapping of the RAM size (%" PRIu64 " MiB) in QEMU's process",
                 ram_size >> 20);
    return -1;
}

int vmram_find(pid_t qemu, uint64_t ram_size, uint64_t *hva, char *err, size_t errlen)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/maps", (int)qemu);
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    for (size_t got; text && (got = fread(text + len, 1, cap - len - 1, f)) > 0;) {
        len += got;
        if (len + 1 == cap) {
            char *t = realloc(text, cap * 2);
            if (!t) {
                free(text);
                text = NULL;
                break;
            }
            text = t;
            cap *= 2;
        }
    }
    fclose(f);
    if (!text) {
        snprintf(err, errlen, "out of memory reading %s", path);
        return -1;
    }
    text[len] = '\0';
    int rc = vmram_parse_maps(text, ram_size, hva, err, errlen);
    free(text);
    return rc;
}

int vmram_gpa_to_hva(uint64_t ram_hva, uint64_t ram_size, uint64_t gpa, uint64_t len,
                     uint64_t *hva)
{
    uint64_t low = ram_size < RAM_ALL_LOW ? ram_size : RAM_LOW_SAFE;
    if (gpa > low || len > low - gpa)
        return -1;
    *hva = ram_hva + gpa;
    return 0;
}

int vmram_open(pid_t qemu, int writable)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/mem", (int)qemu);
    return open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
}

static int mem_io(pid_t qemu, uint64_t hva, void *buf, size_t len, int write)
{
    int fd = vmram_open(qemu, write);
    if (fd < 0)
        return -1;
    ssize_t n = write ? pwrite(fd, buf, len, (off_t)hva) : pread(fd, buf, len, (off_t)hva);
    int e = errno;
    close(fd);
    if (n == (ssize_t)len)
        return 0;
    errno = n < 0 ? e : EIO;
    return -1;
}

int vmram_read(pid_t qemu, uint64_t hva, void *buf, size_t len)
{
    return mem_io(qemu, hva, buf, len, 0);
}

int vmram_write(pid_t qemu, uint64_t hva, const void *buf, size_t len)
{
    return mem_io(qemu, hva, (void *)buf, len, 1);
}
