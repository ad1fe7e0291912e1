// SPDX-License-Identifier: GPL-2.0-or-later
/* x86store.h - the bytes one x86-64 instruction stores to, from its code and
 * the registers before it runs.
 *
 * For the single-step watch (ptwatch.h, VMWATCH_STEP): a store that writes
 * a byte with the value it already holds changes nothing a diff can see
 * (glibc's 4-byte copy stores [8,12) twice with the same bytes), so each
 * stepped instruction is decoded instead. Only the stores a copy routine
 * makes are known: mov r/m from a register or immediate (88, 89, C6, C7),
 * the SSE, AVX and AVX-512 vector and scalar stores (0F 11, 13, 17, 29, 2B,
 * 7E, 7F, C3, D6, E7; VEX and EVEX forms, EVEX's compressed disp8) and the
 * string stores (MOVS, STOS: one element a step, as a single step runs one
 * iteration of a rep). Everything else - and RIP-relative or FS/GS
 * operands, which a descriptor never is - is "not a known store". Pure. */
#ifndef E1000_POC_VM_X86STORE_H
#define E1000_POC_VM_X86STORE_H

#include <stddef.h>
#include <stdint.h>

/* General registers in encoding order: rax rcx rdx rbx rsp rbp rsi rdi r8..r15. */
struct x86store_regs {
    uint64_t gpr[16];
};

/* 1 and [*addr, *addr + *len) when the instruction at code (n bytes
 * readable) is a known store to memory; 0 otherwise. */
int x86store_range(const uint8_t *code, size_t n, const struct x86store_regs *r, uint64_t *addr,
                   unsigned *len);

#endif
