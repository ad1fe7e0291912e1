// SPDX-License-Identifier: GPL-2.0-or-later
/* guestram.h - the guest's RAM as QEMU's process maps it, read and written
 * through /proc/PID/mem.
 *
 * The launcher gives QEMU `-object memory-backend-memfd,id=ram0,size=...,share=on
 * -machine ...,memory-backend=ram0`. QEMU 7.2 names the memfd after the
 * backend's type, not its id: the mapping is `/memfd:memory-backend-memfd
 * (deleted)` (measured), so any `/memfd:` mapping of exactly the RAM size is
 * taken; without a backend, the one anonymous read-write mapping of exactly
 * the RAM size. Guest-physical address = offset into it while all the RAM
 * sits below the PCI hole (pc and q35 with less than 2.75 GiB). */
#ifndef E1000_POC_VM_GUESTRAM_H
#define E1000_POC_VM_GUESTRAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Find the mapping in /proc/PID/maps: 0 and *hva, or -1 with a sentence. */
int vmram_find(pid_t qemu, uint64_t ram_size, uint64_t *hva, char *err, size_t errlen);

/* The same on the text of a maps file (pure; tests). */
int vmram_parse_maps(const char *maps, uint64_t ram_size, uint64_t *hva, char *err,
                     size_t errlen);

/* The host address of guest-physical [gpa, gpa + len), or -1 when it is not
 * plain RAM at offset gpa (beyond the RAM, or where the machine may split
 * it around the PCI hole). Pure. */
int vmram_gpa_to_hva(uint64_t ram_hva, uint64_t ram_size, uint64_t gpa, uint64_t len,
                     uint64_t *hva);

/* Read or write len bytes at QEMU's address hva, all or nothing: 0 or -1
 * with errno. Each call opens /proc/PID/mem; vmram_open gives a descriptor
 * to keep for many reads (pread/pwrite at the address). */
int vmram_read(pid_t qemu, uint64_t hva, void *buf, size_t len);
int vmram_write(pid_t qemu, uint64_t hva, const void *buf, size_t len);
int vmram_open(pid_t qemu, int writable);

#endif
