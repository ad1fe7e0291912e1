// SPDX-License-Identifier: GPL-2.0-or-later
/* cpu.h - spin-wait hint and the memory barriers each side of the race uses,
 * per architecture.
 *
 * The device and driver models name the barrier their upstream code uses;
 * this file says what that barrier is on the CPU the tool is built for, the
 * way QEMU (include/qemu/atomic.h), DPDK (rte_atomic_*.h, rte_io.h) and
 * Linux (asm/barrier.h) define it there:
 *
 *   barrier             QEMU / DPDK / Linux name       x86-64           arm64
 *   cpu_mb()            smp_mb (QEMU's dma_barrier)    mfence (or a     dmb ish
 *                                                      locked op)
 *   cpu_io_wmb()        rte_io_wmb (in rte_write32),   compiler only    dmb oshst
 *                       dma_wmb (Linux, before writel)
 *   cpu_io_rmb()        rte_io_rmb (in rte_read32),    compiler only    dmb oshld
 *                       dma_rmb (Linux)
 *
 * On x86 stores are not reordered with older stores and loads not with
 * older loads (TSO), so the write and read barriers only stop the compiler.
 * arm64 promises neither: without the dmb a store can become visible before
 * an older one, and a load can be satisfied before an older one.
 *
 * Any other architecture gets the C11 fences: correct, if not always the
 * instruction upstream picks. */
#ifndef E1000_POC_CPU_H
#define E1000_POC_CPU_H

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    /* What the Linux and DPDK spin loops use on arm64. */
    __asm__ __volatile__("yield" ::: "memory");
#else
    __asm__ __volatile__("" ::: "memory");
#endif
}

static inline void cpu_compiler_barrier(void)
{
    __asm__ __volatile__("" ::: "memory");
}

/* Full barrier: every access before it is visible before any after it. */
static inline void cpu_mb(void)
{
#if defined(__aarch64__)
    __asm__ __volatile__("dmb ish" ::: "memory");
#else
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

/* Stores before it are visible before stores after it (to memory a device
 * reads, and to the register write that follows). */
static inline void cpu_io_wmb(void)
{
#if defined(__x86_64__) || defined(__i386__)
    cpu_compiler_barrier();
#elif defined(__aarch64__)
    __asm__ __volatile__("dmb oshst" ::: "memory");
#else
    __atomic_thread_fence(__ATOMIC_RELEASE);
#endif
}

/* Loads before it are satisfied before loads after it (the descriptor's
 * fields after its DD bit). */
static inline void cpu_io_rmb(void)
{
#if defined(__x86_64__) || defined(__i386__)
    cpu_compiler_barrier();
#elif defined(__aarch64__)
    __asm__ __volatile__("dmb oshld" ::: "memory");
#else
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
#endif
}

#endif
