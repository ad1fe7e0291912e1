// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_frame.h - the numbered frames the host sends into the guest's NIC
 * (docs/real-stack.md, "Frames"). Pure: libc only, no I/O. The guest's
 * receivers (guest/) compile vm_frame.c too, so both ends check the same
 * bytes with the same code.
 *
 * Ethernet header: dst 52:54:00:e1:00:01, src 52:54:00:e1:00:02, type
 * 0x88b5. Payload, little-endian: magic, run id, seq, payload length,
 * reserved, check, then the fill (byte i of the payload = (seq + i) & 0xff). */
#ifndef E1000_POC_VM_FRAME_H
#define E1000_POC_VM_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define VM_FRAME_MAGIC 0x504b3145u  /* "E1KP" read as little-endian */
#define VM_FRAME_ETHERTYPE 0x88b5
#define VM_FRAME_ETH_HLEN 14
#define VM_FRAME_HDR 24            /* payload bytes before the fill */
#define VM_FRAME_MIN_PAYLOAD 32
#define VM_FRAME_MIN (VM_FRAME_ETH_HLEN + VM_FRAME_MIN_PAYLOAD)
#define VM_FRAME_MAX 1514
#define VM_FRAME_DEFAULT 64

extern const uint8_t vm_frame_guest_mac[6];
extern const uint8_t vm_frame_host_mac[6];

enum vm_frame_kind {
	VM_FRAME_OK,        /* ours, intact */
	VM_FRAME_FOREIGN,   /* not our ethertype: ignored, not counted */
	VM_FRAME_BAD,       /* our ethertype but magic, length or check wrong */
};

/* Writes a whole frame of frame_len bytes (VM_FRAME_MIN..VM_FRAME_MAX). */
void vm_frame_build(uint8_t *buf, size_t frame_len, uint32_t run_id, uint64_t seq);

/* Checks a received frame (len bytes as delivered; the NIC may pad).
 * *run_id and *seq get the header's values whenever the header is readable,
 * also for VM_FRAME_BAD (then they may be garbage: report them as seen). */
enum vm_frame_kind vm_frame_check(const uint8_t *buf, size_t len, uint32_t *run_id, uint64_t *seq);

/* FNV-1a 32-bit over the seq's 8 little-endian bytes, then p[0..n). */
uint32_t vm_frame_fnv(uint64_t seq, const uint8_t *p, size_t n);

#endif
