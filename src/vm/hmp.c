// SPDX-License-Identifier: GPL-2.0-or-later
/* hmp.c - QEMU's human monitor: connect, one command at a time, parsers.
 *
 * What QEMU 7.2 sends (tests/unit_ptwatch.c holds copies): a greeting line,
 * then "(qemu) ". For each command line it echoes the line as it is typed
 * (each character redrawn with ESC[K and ESC[D sequences), then "\r\n", the
 * answer in lines ending "\r\n", then "(qemu) " again. The echo never holds
 * "\r\n" (a command is one line), so the answer starts after the first one. */
#include "vm/hmp.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define HMP_PROMPT "(qemu) "
#define HMP_PROMPT_LEN (sizeof(HMP_PROMPT) - 1)
#define HMP_BUF 65536 /* `info pci` on a small machine is ~1.5 KiB */

struct vmhmp {
    int fd;
    int broken; /* a read failed: a late answer could pair with the next command */
    size_t len;
    char buf[HMP_BUF + 1];
};

static uint64_t hmp_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int ends_with_prompt(const char *b, size_t n)
{
    return n >= HMP_PROMPT_LEN && memcmp(b + n - HMP_PROMPT_LEN, HMP_PROMPT, HMP_PROMPT_LEN) == 0;
}

/* Read into h->buf (from empty) until it ends with the prompt. 0, or -1 with
 * errno: ETIMEDOUT, EPIPE (closed), EMSGSIZE (answer too long). */
static int read_to_prompt(struct vmhmp *h)
{
    uint64_t deadline = hmp_now_ms() + VMHMP_TIMEOUT_MS;
    h->len = 0;
    while (!ends_with_prompt(h->buf, h->len)) {
        uint64_t now = hmp_now_ms();
        if (now >= deadline) {
            errno = ETIMEDOUT;
            return -1;
        }
        struct pollfd p = {.fd = h->fd, .events = POLLIN};
        int r = poll(&p, 1, (int)(deadline - now));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            continue; /* the deadline check above ends it */
        if (h->len == HMP_BUF) {
            errno = EMSGSIZE;
            return -1;
        }
        ssize_t got = read(h->fd, h->buf + h->len, HMP_BUF - h->len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0) {
            errno = EPIPE;
            return -1;
        }
        h->len += (size_t)got;
    }
    h->buf[h->len] = '\0';
    return 0;
}

struct vmhmp *vmhmp_open(const char *sock_path, char *err, size_t errlen)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(sock_path) >= sizeof(a.sun_path)) {
        snprintf(err, errlen, "monitor socket path too long: %s", sock_path);
        return NULL;
    }
    strcpy(a.sun_path, sock_path);
    struct vmhmp *h = malloc(sizeof(*h));
    if (!h) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    h->len = 0;
    h->broken = 0;
    h->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (h->fd < 0 || connect(h->fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        snprintf(err, errlen, "cannot connect to QEMU's monitor at %s: %s", sock_path,
                 strerror(errno));
        goto fail;
    }
    if (read_to_prompt(h) != 0) {
        snprintf(err, errlen, "QEMU's monitor at %s sent no prompt: %s", sock_path,
                 strerror(errno));
        goto fail;
    }
    return h;
fail:
    if (h->fd >= 0)
        close(h->fd);
    free(h);
    return NULL;
}

int vmhmp_parse_answer(const char *raw, size_t rawlen, char *out, size_t outlen)
{
    if (outlen)
        out[0] = '\0';
    if (!ends_with_prompt(raw, rawlen))
        return -1;
    size_t end = rawlen - HMP_PROMPT_LEN;
    const char *nl = memmem(raw, end, "\r\n", 2);
    size_t i = nl ? (size_t)(nl - raw) + 2 : end; /* no line: an empty answer */
    size_t o = 0;
    for (; i < end && o + 1 < outlen; i++)
        if (raw[i] != '\r')
            out[o++] = raw[i];
    if (outlen)
        out[o] = '\0';
    return 0;
}

int vmhmp_cmd(struct vmhmp *h, const char *cmd, char *out, size_t outlen)
{
    if (h->broken) {
        errno = ENOTCONN;
        return -1;
    }
    if (strchr(cmd, '\n') || strchr(cmd, '\r')) {
        errno = EINVAL;
        return -1;
    }
    size_t n = strlen(cmd);
    char line[512];
    if (n + 2 > sizeof(line)) {
        errno = EINVAL;
        return -1;
    }
    memcpy(line, cmd, n);
    line[n++] = '\n';
    for (size_t off = 0; off < n;) {
        ssize_t w = send(h->fd, line + off, n - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        off += (size_t)w;
    }
    if (read_to_prompt(h) != 0) {
        h->broken = 1;
        return -1;
    }
    return vmhmp_parse_answer(h->buf, h->len, out, outlen) == 0 ? 0 : (errno = EPROTO, -1);
}

void vmhmp_close(struct vmhmp *h)
{
    if (!h)
        return;
    close(h->fd);
    free(h);
}

/* ---- info pci ----------------------------------------------------------- */

/* The next line of text at *p: its start and length; advances *p. */
static int next_line(const char **p, const char **line, size_t *len)
{
    if (!**p)
        return 0;
    *line = *p;
    const char *nl = strchr(*p, '\n');
    *len = nl ? (size_t)(nl - *p) : strlen(*p);
    *p = nl ? nl + 1 : *p + *len;
    return 1;
}

int vmhmp_parse_nic_bar0(const char *info_pci, uint64_t *bar0, uint16_t *device_id)
{
    const char *p = info_pci, *line;
    size_t len;
    int in_nic = 0; /* inside the block of an 8086 Ethernet controller */
    while (next_line(&p, &line, &len)) {
        char l[256];
        snprintf(l, sizeof(l), "%.*s", (int)(len < sizeof(l) - 1 ? len : sizeof(l) - 1), line);
        unsigned bus, dev, fn, vid, did;
        if (sscanf(l, " Bus %u, device %u, function %u:", &bus, &dev, &fn) == 3) {
            if (in_nic)
                return -3; /* the NIC's block had no memory BAR0 line */
            continue;
        }
        const char *cls = strstr(l, "Ethernet controller: PCI device ");
        if (cls && sscanf(cls, "Ethernet controller: PCI device %x:%x", &vid, &did) == 2 &&
            vid == 0x8086) {
            in_nic = 1;
            if (device_id)
                *device_id = (uint16_t)did;
            continue;
        }
        if (!in_nic)
            continue;
        const char *b = strstr(l, "BAR0: ");
        if (!b)
            continue;
        /* "BAR0: 32 bit memory at 0xfebc0000 [0xfebdffff]." (or 64 bit) */
        const char *at = strstr(b, "memory at 0x");
        uint64_t v;
        if (!at || sscanf(at, "memory at 0x%" SCNx64, &v) != 1)
            return -2; /* BAR0 is I/O: not the NIC's register window */
        if (v == 0 || v == UINT64_MAX || v == 0xffffffffu)
            return -3;
        *bar0 = v;
        return 0;
    }
    return in_nic ? -3 : -2; /* a NIC without a BAR0 line: not assigned */
}

int vmhmp_nic_bar0(struct vmhmp *h, uint64_t *bar0)
{
    char *out = malloc(HMP_BUF);
    if (!out)
        return -1;
    int rc = vmhmp_cmd(h, "info pci", out, HMP_BUF) == 0 ? vmhmp_parse_nic_bar0(out, bar0, NULL)
                                                        : -1;
    free(out);
    return rc;
}

/* ---- xp ----------------------------------------------------------------- */

unsigned vmhmp_parse_xp(const char *text, uint64_t addr, uint32_t *vals, unsigned n)
{
    const char *p = text, *line;
    size_t len;
    unsigned got = 0;
    uint64_t want = addr; /* the address the next line must start at */
    while (got < n && next_line(&p, &line, &len)) {
        char l[512];
        snprintf(l, sizeof(l), "%.*s", (int)(len < sizeof(l) - 1 ? len : sizeof(l) - 1), line);
        char *end;
        errno = 0;
        uint64_t a = strtoull(l, &end, 16);
        if (end == l || *end != ':' || errno)
            continue;
        if (a != want)
            continue;
        const char *q = end + 1;
        while (got < n) {
            while (*q == ' ')
                q++;
            if (q[0] != '0' || q[1] != 'x')
                break;
            errno = 0;
            unsigned long v = strtoul(q + 2, &end, 16);
            if (end == q + 2 || errno || v > UINT32_MAX)
                break;
            vals[got++] = (uint32_t)v;
            want += 4;
            q = end;
        }
    }
    return got;
}

int vmhmp_read_u32(struct vmhmp *h, uint64_t gpa, uint32_t *val)
{
    char cmd[64], out[256];
    snprintf(cmd, sizeof(cmd), "xp /wx 0x%" PRIx64, gpa);
    if (vmhmp_cmd(h, cmd, out, sizeof(out)) != 0)
        return -1;
    return vmhmp_parse_xp(out, gpa, val, 1) == 1 ? 0 : (errno = EPROTO, -1);
}

int vmhmp_rx_ring(struct vmhmp *h, uint64_t bar0, struct vmhmp_ring *r)
{
    uint32_t lo, hi;
    if (vmhmp_read_u32(h, bar0 + VMHMP_RDBAL, &lo) != 0 ||
        vmhmp_read_u32(h, bar0 + VMHMP_RDBAH, &hi) != 0 ||
        vmhmp_read_u32(h, bar0 + VMHMP_RDLEN, &r->len_bytes) != 0 ||
        vmhmp_read_u32(h, bar0 + VMHMP_RDH, &r->rdh) != 0 ||
        vmhmp_read_u32(h, bar0 + VMHMP_RDT, &r->rdt) != 0)
        return -1;
    r->base = (uint64_t)hi << 32 | lo;
    return 0;
}
