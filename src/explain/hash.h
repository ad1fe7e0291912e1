// SPDX-License-Identifier: GPL-2.0-or-later
/* hash.h - a 128-bit running hash for trajectories and state keys.
 *
 * Two independent 64-bit lanes (multiply, xor-shift). Not cryptographic:
 * it only has to make two different states collide with negligible
 * probability (about n^2 / 2^129 for n states). */
#ifndef E1000_POC_XP_HASH_H
#define E1000_POC_XP_HASH_H

#include <stdint.h>
#include <string.h>

static inline uint64_t xp_hash_lane(uint64_t h, uint64_t v, uint64_t k)
{
    h ^= v;
    h *= k;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 29;
    return h;
}

static inline void xp_hash_u64(uint64_t h[2], uint64_t v)
{
    h[0] = xp_hash_lane(h[0], v, 0x9e3779b97f4a7c15ull);
    h[1] = xp_hash_lane(h[1], v, 0xc2b2ae3d27d4eb4full);
}

/* n bytes, zero-padded to whole words. */
static inline void xp_hash_bytes(uint64_t h[2], const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, b, 8);
        xp_hash_u64(h, w);
        b += 8;
        n -= 8;
    }
    if (n > 0) {
        uint64_t w = 0;
        memcpy(&w, b, n);
        xp_hash_u64(h, w ^ ((uint64_t)n << 56));
    }
}

#endif
