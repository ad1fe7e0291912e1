// SPDX-License-Identifier: GPL-2.0-or-later
/* x86store.c - decode the destination of an x86-64 store instruction.
 *
 * The layout decoded: legacy prefixes, REX, then a one-byte opcode, 0F and
 * a second byte, or a VEX (C4, C5) or EVEX (62) prefix and the opcode of
 * map 0F; then ModRM, SIB and displacement. The size of the store comes
 * from the opcode, the operand-size prefix or REX.W/VEX.W, and the vector
 * length. */
#include "vm/x86store.h"

#include <stdbool.h>

struct insn {
    const uint8_t *c;
    size_t n, i;
    bool opsize16, fsgs, addr32;
    int rep; /* 0, 0xF2 or 0xF3 */
    bool w, x, b;
    int map;  /* 0 one-byte, 1 the 0F map, -1 another map */
    int pp;   /* VEX/EVEX implied prefix: 0 none, 1 66, 2 F3, 3 F2 */
    int vlen; /* VEX/EVEX vector bytes, 0 legacy */
    bool evex;
    uint8_t op;
};

static bool next(struct insn *d, uint8_t *b)
{
    if (d->i >= d->n)
        return false;
    *b = d->c[d->i++];
    return true;
}

/* Prefixes, REX or VEX/EVEX, and the opcode. */
static bool decode_head(struct insn *d)
{
    uint8_t b;
    for (;;) {
        if (!next(d, &b))
            return false;
        if (b == 0x66)
            d->opsize16 = true;
        else if (b == 0xF2 || b == 0xF3)
            d->rep = b;
        else if (b == 0x64 || b == 0x65)
            d->fsgs = true;
        else if (b == 0x67)
            d->addr32 = true;
        else if (b == 0x2E || b == 0x3E || b == 0x26 || b == 0x36 || b == 0xF0)
            continue;
        else
            break;
    }
    if ((b & 0xF0) == 0x40) { /* REX */
        d->w = b & 8;
        d->x = b & 2;
        d->b = b & 1;
        if (!next(d, &b))
            return false;
    }
    uint8_t p0, p1, p2;
    if (b == 0xC5) { /* two-byte VEX: map 0F */
        if (!next(d, &p0))
            return false;
        d->map = 1;
        d->pp = p0 & 3;
        d->vlen = (p0 & 4) ? 32 : 16;
    } else if (b == 0xC4) { /* three-byte VEX */
        if (!next(d, &p0) || !next(d, &p1))
            return false;
        d->x = !(p0 & 0x40);
        d->b = !(p0 & 0x20);
        d->map = (p0 & 0x1F) == 1 ? 1 : -1;
        d->w = p1 & 0x80;
        d->pp = p1 & 3;
        d->vlen = (p1 & 4) ? 32 : 16;
    } else if (b == 0x62) { /* EVEX */
        if (!next(d, &p0) || !next(d, &p1) || !next(d, &p2))
            return false;
        d->x = !(p0 & 0x40);
        d->b = !(p0 & 0x20);
        d->map = (p0 & 3) == 1 ? 1 : -1;
        d->w = p1 & 0x80;
        d->pp = p1 & 3;
        d->vlen = 16 << ((p2 >> 5) & 3);
        d->evex = true;
    } else if (b == 0x0F) {
        d->map = 1;
        d->pp = d->opsize16 ? 1 : d->rep == 0xF3 ? 2 : d->rep == 0xF2 ? 3 : 0;
        if (!next(d, &b))
            return false;
        d->op = b;
        return true;
    } else {
        d->map = 0;
        d->op = b;
        return true;
    }
    return next(d, &d->op);
}

/* Bytes a known store writes, 0 if the opcode is not one. */
static unsigned store_size(const struct insn *d, bool *needs_reg0)
{
    unsigned gp = d->w ? 8 : d->opsize16 ? 2 : 4;
    *needs_reg0 = false;
    if (d->map == 0) {
        switch (d->op) {
        case 0x88:
            return 1;
        case 0x89:
            return gp;
        case 0xC6:
            *needs_reg0 = true;
            return 1;
        case 0xC7:
            *needs_reg0 = true;
            return gp;
        default:
            return 0;
        }
    }
    if (d->map != 1)
        return 0;
    unsigned vec = d->vlen ? (unsigned)d->vlen : 16;
    switch (d->op) {
    case 0x11: /* movups/movupd; movss (F3), movsd (F2) */
        return d->pp == 2 ? 4 : d->pp == 3 ? 8 : vec;
    case 0x13:
    case 0x17: /* movlps/movhps, movlpd/movhpd */
        return 8;
    case 0x29:
    case 0x2B:
        return vec;
    case 0x7F: /* movdqa (66), movdqu (F3), vmovdqu8/16 (F2, EVEX); MMX movq */
        return d->pp ? vec : d->vlen ? 0 : 8;
    case 0xE7: /* movntdq; MMX movntq */
        return d->pp == 1 ? vec : d->vlen ? 0 : 8;
    case 0xD6:
        return d->pp == 1 ? 8 : 0;
    case 0x7E: /* movd/movq xmm -> r/m (66); F3 0F 7E is a load */
        return d->pp == 1 ? (d->w ? 8 : 4) : 0;
    case 0xC3:
        return d->vlen ? 0 : (d->w ? 8 : 4);
    default:
        return 0;
    }
}

int x86store_range(const uint8_t *code, size_t n, const struct x86store_regs *r, uint64_t *addr,
                   unsigned *len)
{
    struct insn d = {.c = code, .n = n};
    if (!decode_head(&d) || d.fsgs || d.addr32)
        return 0;
    if (d.map == 0 && (d.op == 0xA4 || d.op == 0xA5 || d.op == 0xAA || d.op == 0xAB)) {
        if (d.rep && r->gpr[1] == 0)
            return 0; /* rep with rcx = 0 stores nothing */
        *addr = r->gpr[7]; /* rdi; the direction flag is clear in a copy */
        *len = (d.op == 0xA4 || d.op == 0xAA) ? 1 : d.w ? 8 : d.opsize16 ? 2 : 4;
        return 1;
    }
    bool reg0;
    unsigned size = store_size(&d, &reg0);
    uint8_t m;
    if (!size || !next(&d, &m))
        return 0;
    unsigned mod = m >> 6, reg = (m >> 3) & 7, rm = m & 7;
    if (mod == 3 || (reg0 && reg != 0))
        return 0;
    uint64_t ea = 0;
    if (rm == 4) {
        uint8_t sib;
        if (!next(&d, &sib))
            return 0;
        unsigned idx = ((sib >> 3) & 7) | (d.x ? 8u : 0u), base = (sib & 7) | (d.b ? 8u : 0u);
        if (idx != 4)
            ea += r->gpr[idx] << (sib >> 6);
        if ((sib & 7) == 5 && mod == 0) {
            mod = 2; /* no base: disp32 follows */
        } else {
            ea += r->gpr[base];
        }
    } else if (rm == 5 && mod == 0) {
        return 0; /* RIP-relative: static data, never a descriptor */
    } else {
        ea += r->gpr[rm | (d.b ? 8u : 0u)];
    }
    if (mod == 1) {
        uint8_t b8;
        if (!next(&d, &b8))
            return 0;
        /* EVEX compresses disp8: scaled by the bytes the store moves. */
        ea += (uint64_t)((int64_t)(int8_t)b8 * (d.evex ? (int64_t)size : 1));
    } else if (mod == 2) {
        if (d.i + 4 > d.n)
            return 0;
        uint32_t v = (uint32_t)d.c[d.i] | (uint32_t)d.c[d.i + 1] << 8 |
                     (uint32_t)d.c[d.i + 2] << 16 | (uint32_t)d.c[d.i + 3] << 24;
        ea += (uint64_t)(int64_t)(int32_t)v;
    }
    *addr = ea;
    *len = size;
    return 1;
}
