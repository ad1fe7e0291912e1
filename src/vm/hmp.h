// SPDX-License-Identifier: GPL-2.0-or-later
/* hmp.h - QEMU's human monitor over its unix socket (-monitor unix:PATH,server=on,wait=off).
 *
 * src/vm/: the real-stack harness (real qemu-system-x86_64, a real guest).
 * It may use util/ and probe/probe.h, never model/. This file is the monitor
 * client: one command at a time, the answer is the text between the echoed
 * command line and the next "(qemu) " prompt. QEMU serves the monitor from
 * its main thread, so a command waits while that thread is held by the
 * watchpoint (ptwatch.h); every read has a timeout.
 *
 * The parsers are pure and public so that the tests hold them to QEMU 7.2's
 * real output. */
#ifndef E1000_POC_VM_HMP_H
#define E1000_POC_VM_HMP_H

#include <stddef.h>
#include <stdint.h>

/* One read waits at most this long for the prompt. */
#define VMHMP_TIMEOUT_MS 5000

/* The NIC's receive registers, offsets in BAR0 (e1000, e1000e, igb queue 0). */
#define VMHMP_RDBAL 0x2800u
#define VMHMP_RDBAH 0x2804u
#define VMHMP_RDLEN 0x2808u
#define VMHMP_RDH 0x2810u
#define VMHMP_RDT 0x2818u

struct vmhmp; /* opaque: the connected socket and its read buffer */

/* Connect and read the greeting up to the first prompt. NULL with a sentence
 * in err (no socket, refused, no prompt within the timeout). */
struct vmhmp *vmhmp_open(const char *sock_path, char *err, size_t errlen);

/* Run one command (no newline in it); out gets the answer without the echo,
 * the prompt and carriage returns, NUL-terminated, cut to outlen. 0 ok, -1
 * with errno (ETIMEDOUT: no prompt in time; EPIPE: QEMU closed the monitor;
 * EINVAL: a newline in cmd; ENOTCONN: an earlier read failed, so a late
 * answer could be taken for this one: open the monitor again). */
int vmhmp_cmd(struct vmhmp *h, const char *cmd, char *out, size_t outlen);

/* BAR0 of the Intel (8086) Ethernet controller from `info pci`: 0, -1 when
 * the command failed, -2 when there is no such NIC, -3 when its BAR0 is not
 * assigned yet (the firmware has not run). */
int vmhmp_nic_bar0(struct vmhmp *h, uint64_t *bar0);

/* One 32-bit word of guest-physical memory or MMIO (`xp /wx GPA`). 0 or -1. */
int vmhmp_read_u32(struct vmhmp *h, uint64_t gpa, uint32_t *val);

/* Receive queue 0 as the device sees it. */
struct vmhmp_ring {
    uint64_t base;      /* RDBAH:RDBAL, guest-physical */
    uint32_t len_bytes; /* RDLEN */
    uint32_t rdh, rdt;
};
/* Read RDBAL, RDBAH, RDLEN, RDH, RDT (five commands: not one atomic
 * snapshot; RDH may move between them). 0 or -1. */
int vmhmp_rx_ring(struct vmhmp *h, uint64_t bar0, struct vmhmp_ring *r);

void vmhmp_close(struct vmhmp *h);

/* ---- pure parsers (tests) ---------------------------------------------- */

/* `info pci` text: BAR0 and device id of the first Ethernet controller with
 * vendor 8086. Same returns as vmhmp_nic_bar0 (never -1). */
int vmhmp_parse_nic_bar0(const char *info_pci, uint64_t *bar0, uint16_t *device_id);

/* `xp /Nwx ADDR` text: up to n words starting at addr, in order. Returns how
 * many words it found (0: none, or not for addr). */
unsigned vmhmp_parse_xp(const char *text, uint64_t addr, uint32_t *vals, unsigned n);

/* The answer to one command in raw monitor bytes (echo with terminal
 * escapes, "\r\n", the answer, "(qemu) "): the answer alone, without "\r",
 * into out. Returns 0, or -1 when raw does not end with the prompt. */
int vmhmp_parse_answer(const char *raw, size_t rawlen, char *out, size_t outlen);

#endif
