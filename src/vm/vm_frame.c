// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_frame.c - build and check the numbered frames (see vm_frame.h). */
#include "vm/vm_frame.h"

#include <string.h>

const uint8_t vm_frame_guest_mac[6] = { 0x52, 0x54, 0x00, 0xe1, 0x00, 0x01 };
const uint8_t vm_frame_host_mac[6] = { 0x52, 0x54, 0x00, 0xe1, 0x00, 0x02 };

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

uint32_t vm_frame_fnv(uint64_t seq, const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (int i = 0; i < 8; i++) {
		h ^= (uint8_t)(seq >> (8 * i));
		h *= 16777619u;
	}
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

void vm_frame_build(uint8_t *buf, size_t frame_len, uint32_t run_id, uint64_t seq)
{
	memcpy(buf, vm_frame_guest_mac, 6);
	memcpy(buf + 6, vm_frame_host_mac, 6);
	buf[12] = VM_FRAME_ETHERTYPE >> 8;
	buf[13] = VM_FRAME_ETHERTYPE & 0xff;
	uint8_t *pl = buf + VM_FRAME_ETH_HLEN;
	size_t len = frame_len - VM_FRAME_ETH_HLEN;
	put_le(pl, VM_FRAME_MAGIC, 4);
	put_le(pl + 4, run_id, 4);
	put_le(pl + 8, seq, 8);
	put_le(pl + 16, len, 2);
	put_le(pl + 18, 0, 2);
	for (size_t i = VM_FRAME_HDR; i < len; i++)
		pl[i] = (uint8_t)(seq + i);
	put_le(pl + 20, vm_frame_fnv(seq, pl + VM_FRAME_HDR, len - VM_FRAME_HDR), 4);
}

enum vm_frame_kind vm_frame_check(const uint8_t *buf, size_t len, uint32_t *run_id, uint64_t *seq)
{
	*run_id = 0;
	*seq = 0;
	if (len < VM_FRAME_ETH_HLEN || buf[12] != (VM_FRAME_ETHERTYPE >> 8) ||
	    buf[13] != (VM_FRAME_ETHERTYPE & 0xff))
		return VM_FRAME_FOREIGN;
	const uint8_t *pl = buf + VM_FRAME_ETH_HLEN;
	size_t avail = len - VM_FRAME_ETH_HLEN;
	if (avail < VM_FRAME_HDR)
		return VM_FRAME_BAD;
	*run_id = (uint32_t)get_le(pl + 4, 4);
	*seq = get_le(pl + 8, 8);
	size_t plen = (size_t)get_le(pl + 16, 2);
	/* The NIC may pad a short frame, never cut one. */
	if (get_le(pl, 4) != VM_FRAME_MAGIC || plen < VM_FRAME_MIN_PAYLOAD || plen > avail ||
	    get_le(pl + 18, 2) != 0)
		return VM_FRAME_BAD;
	if ((uint32_t)get_le(pl + 20, 4) != vm_frame_fnv(*seq, pl + VM_FRAME_HDR, plen - VM_FRAME_HDR))
		return VM_FRAME_BAD;
	for (size_t i = VM_FRAME_HDR; i < plen; i++)
		if (pl[i] != (uint8_t)(*seq + i))
			return VM_FRAME_BAD;
	return VM_FRAME_OK;
}
