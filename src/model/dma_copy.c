// SPDX-License-Identifier: GPL-2.0-or-later
/* dma_copy.c - the copy routines and the stores each one makes.
 *
 * Every routine but libc stores with instructions chosen here, not by the
 * compiler: volatile scalar stores for 1, 2, 4 and 8 bytes (one mov or str
 * each) and an inline-asm 16-byte store (movdqu on x86-64, str q on arm64).
 * Its pattern() says which stores those are, in program order;
 * tests/unit_probe.c holds each pattern() against what the probe measures
 * when the routine runs.
 *
 * What a store is on each architecture. x86-64: every store here is
 * single-copy atomic when aligned, the 16-byte movdqu included (AVX CPUs),
 * and stores become visible in program order. arm64: 1, 2, 4 and 8 bytes
 * are single-copy atomic when aligned; a 16-byte store only with FEAT_LSE2
 * (Armv8.4, HWCAP_USCAT), otherwise two 8-byte halves; and stores with no
 * barrier between them may become visible in any order, so a pattern's
 * program order is not the order a guest driver sees (docs/platforms.md).
 * Anything else: the scalar routines only; the 16-byte ones refuse at run
 * time (dma_copy_available).
 */
#include <string.h>

#include "util/cpu.h"
#include "model/dma.h"

#if defined(__x86_64__)
#include <emmintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#include <sys/auxv.h>
#ifndef HWCAP_USCAT
#define HWCAP_USCAT (1ul << 25) /* FEAT_LSE2, Linux's arm64 hwcap bit */
#endif
#endif

typedef uint16_t u16_una __attribute__((aligned(1), may_alias));
typedef uint32_t u32_una __attribute__((aligned(1), may_alias));
typedef uint64_t u64_una __attribute__((aligned(1), may_alias));

void dma_gap(unsigned gap)
{
    for (unsigned i = 0; i < gap; i++)
        cpu_relax();
}

/* A 16-byte value held in a register between its load and its stores, so
 * that `double` can store the same value twice with a gap in between. */
#if defined(__x86_64__)
typedef __m128i vec16;
static inline vec16 load16(const uint8_t *src) { return _mm_loadu_si128((const __m128i *)src); }
static inline void store16(volatile uint8_t *dst, vec16 v)
{
    __asm__ __volatile__("movdqu %1, %0" : "=m"(*(volatile __m128i_u *)dst) : "x"(v) : "memory");
}
#elif defined(__aarch64__)
typedef uint8x16_t vec16;
static inline vec16 load16(const uint8_t *src) { return vld1q_u8(src); }
static inline void store16(volatile uint8_t *dst, vec16 v)
{
    /* One str q: 16 bytes from one instruction (single-copy atomic only
     * with FEAT_LSE2, see the top of this file). */
    __asm__ __volatile__("str %q1, %0" : "=m"(*(volatile uint8_t(*)[16])dst) : "w"(v) : "memory");
}
#else
typedef struct { uint8_t b[16]; } vec16;
static inline vec16 load16(const uint8_t *src) { vec16 v; memcpy(&v, src, 16); return v; }
static inline void store16(volatile uint8_t *dst, vec16 v)
{
    /* Unreachable: dma_copy_available() refuses DMA_F_NEEDS_VEC16 here. */
    (void)dst, (void)v;
    __builtin_trap();
}
#endif

/* One store of n bytes (1, 2, 4, 8 or 16) from src to dst. */
static inline void store_n(volatile uint8_t *dst, const uint8_t *src, unsigned n)
{
    switch (n) {
    case 1: *dst = *src; break;
    case 2: *(volatile u16_una *)dst = *(const u16_una *)src; break;
    case 4: *(volatile u32_una *)dst = *(const u32_una *)src; break;
    case 8: *(volatile u64_una *)dst = *(const u64_una *)src; break;
    case 16: store16(dst, load16(src)); break;
    default: __builtin_trap();
    }
}

/* The largest power of two up to min(left, max): how the routines cut a
 * length that is not one store wide. */
static inline unsigned chunk(size_t left, unsigned max)
{
    unsigned c = max;
    while (c > left)
        c >>= 1;
    return c;
}

static int push(struct dma_pattern *p, size_t off, size_t len)
{
    if (p->n == DMA_PATTERN_MAX)
        return -1;
    p->s[p->n].off = (uint16_t)off;
    p->s[p->n].len = (uint16_t)len;
    p->n++;
    return 0;
}

/* Ascending chunks of at most max bytes. */
static int pattern_chunks(size_t len, unsigned max, struct dma_pattern *p)
{
    for (size_t off = 0; off < len;) {
        unsigned c = chunk(len - off, max);
        if (push(p, off, c) != 0)
            return -1;
        off += c;
    }
    return 0;
}

static void copy_chunks(volatile uint8_t *dst, const uint8_t *src, size_t len, unsigned max,
                        unsigned gap)
{
    for (size_t off = 0; off < len;) {
        unsigned c = chunk(len - off, max);
        if (off != 0 && gap != 0)
            dma_gap(gap);
        store_n(dst + off, src + off, c);
        off += c;
    }
}

/* single: one store when len is 1, 2, 4, 8 or 16 (what a safe memcpy did
 * for a descriptor); other lengths as ascending power-of-two chunks. */
static int pattern_single(size_t len, struct dma_pattern *p)
{
    p->n = 0;
    return pattern_chunks(len, 16, p);
}

static void copy_single(volatile void *dst, const void *src, size_t len, unsigned gap)
{
    copy_chunks(dst, src, len, 16, gap);
}

/* double: glibc's small-copy scheme since 2.21 - load a head and a tail
 * that overlap, then store the head and the tail. For 2 <= len <= 32:
 * head = the widest of 2, 4, 8, 16 bytes that fits, at offset 0; tail = the
 * same width ending at len (1 byte for len 2 and 3). So 16 bytes is [0,16)
 * twice, 4 bytes [0,4) twice, 12 bytes [0,8) [4,12), 1 byte one store.
 * Longer copies: ascending 16-byte chunks, twice (the models never ask). */
static unsigned double_head(size_t len)
{
    return len >= 16 ? 16 : len >= 8 ? 8 : len >= 4 ? 4 : 2;
}

static unsigned double_tail(size_t len)
{
    return len < 4 ? 1 : double_head(len);
}

static int pattern_double(size_t len, struct dma_pattern *p)
{
    p->n = 0;
    if (len <= 1)
        return pattern_chunks(len, 1, p);
    if (len <= 32)
        return push(p, 0, double_head(len)) != 0 || push(p, len - double_tail(len), double_tail(len)) != 0
                   ? -1
                   : 0;
    if (pattern_chunks(len, 16, p) != 0 || pattern_chunks(len, 16, p) != 0)
        return -1;
    return 0;
}

static void copy_double(volatile void *dst, const void *src, size_t len, unsigned gap)
{
    volatile uint8_t *d = dst;
    const uint8_t *s = src;
    if (len == 16 || len == 32) {
        /* Straight-line, like glibc: both loads, then two stores. */
        vec16 head = load16(s), tail = load16(s + len - 16);
        store16(d, head);
        if (gap != 0)
            dma_gap(gap);
        store16(d + len - 16, tail);
        return;
    }
    if (len <= 1) {
        copy_chunks(d, s, len, 1, gap);
        return;
    }
    if (len <= 32) {
        unsigned h = double_head(len), t = double_tail(len);
        uint8_t head[16], tail[16];
        memcpy(head, s, h); /* load both before storing, as glibc does */
        memcpy(tail, s + len - t, t);
        store_n(d, head, h);
        if (gap != 0)
            dma_gap(gap);
        store_n(d + len - t, tail, t);
        return;
    }
    copy_chunks(d, s, len, 16, gap);
    if (gap != 0)
        dma_gap(gap);
    copy_chunks(d, s, len, 16, gap);
}

/* split8: 8-byte stores, ascending (the 16-byte path of glibc's SSSE3
 * memcpy before 2.36): the status byte goes out with the last one. */
static int pattern_split8(size_t len, struct dma_pattern *p)
{
    p->n = 0;
    return pattern_chunks(len, 8, p);
}

static void copy_split8(volatile void *dst, const void *src, size_t len, unsigned gap)
{
    copy_chunks(dst, src, len, 8, gap);
}

static int pattern_bytes_up(size_t len, struct dma_pattern *p)
{
    p->n = 0;
    return pattern_chunks(len, 1, p);
}

static void copy_bytes_up(volatile void *dst, const void *src, size_t len, unsigned gap)
{
    copy_chunks(dst, src, len, 1, gap);
}

static int pattern_bytes_down(size_t len, struct dma_pattern *p)
{
    p->n = 0;
    for (size_t i = len; i > 0; i--)
        if (push(p, i - 1, 1) != 0)
            return -1;
    return 0;
}

static void copy_bytes_down(volatile void *dst, const void *src, size_t len, unsigned gap)
{
    volatile uint8_t *d = dst;
    const uint8_t *s = src;
    for (size_t i = len; i > 0; i--) {
        if (i != len && gap != 0)
            dma_gap(gap);
        d[i - 1] = s[i - 1];
    }
}

/* rep movsb: one instruction. Single-stepped it stores a byte per step,
 * ascending; at full speed the CPU may move larger blocks and the
 * architecture does not promise their order (DMA_F_UNKNOWN_AT_SPEED). */
static void copy_rep_movsb(volatile void *dst, const void *src, size_t len, unsigned gap)
{
    (void)gap;
#if defined(__x86_64__) || defined(__i386__)
    void *d = (void *)dst;
    const void *s = src;
    size_t n = len;
    __asm__ __volatile__("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
#else
    (void)dst, (void)src, (void)len;
    __builtin_trap(); /* unreachable: refused by dma_copy_available() */
#endif
}

/* aarch64-generic: glibc 2.36's aarch64 __memcpy_generic and __memcpy_simd
 * (memmove the same for these sizes), as measured under qemu-aarch64 in
 * docs/platforms.md. From 4 bytes up the scheme is double's (head and tail
 * of the widest width that fits: 4 bytes [0,4) twice, 16 bytes [0,16)
 * twice); below 4 bytes it loads the first, the middle (len / 2) and the
 * last byte and stores all three, in that order: 1 byte is the same byte
 * stored three times, 2 bytes [0,1) [1,2) [1,2). */
static int pattern_aarch64_generic(size_t len, struct dma_pattern *p)
{
    p->n = 0;
    if (len == 0 || len >= 4)
        return pattern_double(len, p);
    return push(p, 0, 1) != 0 || push(p, len / 2, 1) != 0 || push(p, len - 1, 1) != 0 ? -1 : 0;
}

static void copy_aarch64_generic(volatile void *dst, const void *src, size_t len, unsigned gap)
{
    volatile uint8_t *d = dst;
    const uint8_t *s = src;
    if (len == 0 || len >= 4) {
        copy_double(dst, src, len, gap);
        return;
    }
    /* All three loads before the stores, as glibc does. */
    uint8_t first = s[0], middle = s[len / 2], last = s[len - 1];
    d[0] = first;
    if (gap != 0)
        dma_gap(gap);
    d[len / 2] = middle;
    if (gap != 0)
        dma_gap(gap);
    d[len - 1] = last;
}

const struct dma_copy dma_copies[DMA_COPY_COUNT] = {
    [DMA_COPY_LIBC] = {"libc", "the C library's memcpy, as QEMU before 8.0 calls it", dma_copy_libc,
                       NULL, DMA_F_LIBC},
    [DMA_COPY_SINGLE] = {"single", "one store of the whole descriptor (a safe memcpy)", copy_single,
                         pattern_single, DMA_F_NEEDS_VEC16 | DMA_F_NEEDS_ATOMIC16},
    [DMA_COPY_DOUBLE] = {"double", "glibc's way: overlapping head and tail stores, 16 bytes = [0,16) twice",
                         copy_double, pattern_double, DMA_F_GAP | DMA_F_NEEDS_VEC16},
    [DMA_COPY_SPLIT8] = {"split8", "8-byte stores, ascending (glibc < 2.36 SSSE3)", copy_split8,
                         pattern_split8, DMA_F_GAP},
    [DMA_COPY_BYTES_UP] = {"bytes-up", "one byte at a time, ascending", copy_bytes_up,
                           pattern_bytes_up, DMA_F_GAP},
    [DMA_COPY_BYTES_DOWN] = {"bytes-down", "one byte at a time, descending", copy_bytes_down,
                             pattern_bytes_down, DMA_F_GAP},
    [DMA_COPY_REP_MOVSB] = {"rep-movsb", "the x86 rep movsb instruction", copy_rep_movsb,
                            pattern_bytes_up, DMA_F_NEEDS_X86 | DMA_F_UNKNOWN_AT_SPEED},
    [DMA_COPY_LIBC_MEMMOVE] = {"libc-memmove", "the C library's memmove, as QEMU 8.0 and later"
                               " call it", dma_copy_libc_memmove, NULL, DMA_F_LIBC},
    [DMA_COPY_AARCH64_GENERIC] = {"aarch64-generic", "glibc's aarch64 memcpy/memmove"
                                  " (generic, simd) as declared stores: double's, but 1 byte"
                                  " stored three times", copy_aarch64_generic,
                                  pattern_aarch64_generic, DMA_F_GAP | DMA_F_NEEDS_VEC16},
};


bool dma_copy_available(enum dma_copy_id id, const char **why)
{
    unsigned f = dma_copies[id].flags;
#if !defined(__x86_64__) && !defined(__aarch64__)
    if (f & DMA_F_NEEDS_VEC16) {
        if (why != NULL)
            *why = "its 16-byte store is written for x86-64 and aarch64 only";
        return false;
    }
#endif
#if defined(__aarch64__)
    /* Without FEAT_LSE2 `single` would be two 8-byte halves with no order
     * between them: not the one store its name promises. */
    if ((f & DMA_F_NEEDS_ATOMIC16) && !(getauxval(AT_HWCAP) & HWCAP_USCAT)) {
        if (why != NULL)
            *why = "a 16-byte store is single-copy atomic on arm64 only with FEAT_LSE2"
                   " (Armv8.4, hwcap uscat), which this CPU does not report";
        return false;
    }
#endif
#if !defined(__x86_64__) && !defined(__i386__)
    if (f & DMA_F_NEEDS_X86) {
        if (why != NULL)
            *why = "rep movsb is an x86 instruction";
        return false;
    }
#endif
    (void)f, (void)why;
    return true;
}

int dma_copy_pattern(enum dma_copy_id id, size_t len, size_t off, struct dma_pattern *p,
                     const char **why)
{
    (void)off;
    if (dma_copies[id].pattern == NULL) {
        if (why != NULL)
            *why = "this routine's stores are measured by the probe, not declared";
        return -1;
    }
    if (dma_copies[id].pattern(len, p) != 0) {
        if (why != NULL)
            *why = "more stores than a pattern can hold";
        return -1;
    }
    return 0;
}
