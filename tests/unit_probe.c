// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_probe.c - the store tracer against every routine's declared pattern,
 * the C library's memcpy, the verdict rule on synthetic patterns, naming,
 * the refusal when ptrace is forbidden, and the JSON and TSV formats. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The seccomp test needs the kernel's headers, which a musl-gcc build does
 * not see. */
#if defined(__x86_64__) && defined(__linux__) && __has_include(<linux/seccomp.h>)
#define PROBE_TEST_SECCOMP 1
#else
#define PROBE_TEST_SECCOMP 0
#endif

#if PROBE_TEST_SECCOMP
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include "explain/pattern.h"
#include "model/dma.h"
#include "probe/probe.h"
#include "probe/measure.h"
#include "util/json.h"
#include "output/out_probe.h"
#include "probe/tunables.h"
#include "probe/verdict.h"
#include "tap.h"

#define SKIP(reason, ...)                                                                      \
    do {                                                                                       \
        char skip_desc_[200];                                                                  \
        snprintf(skip_desc_, sizeof(skip_desc_), __VA_ARGS__);                                 \
        ok(1, "%s # SKIP %s", skip_desc_, reason);                                             \
    } while (0)

static bool same_pattern(const struct dma_pattern *a, const struct dma_pattern *b)
{
    if (a->n != b->n)
        return false;
    for (unsigned i = 0; i < a->n; i++)
        if (a->s[i].off != b->s[i].off || a->s[i].len != b->s[i].len)
            return false;
    return true;
}

static const char *fmt(const struct dma_pattern *p, unsigned base)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    return probe_format_stores(p, base, buf[k], sizeof(buf[k]));
}

/* A pattern from "off,len off,len ...". */
static struct dma_pattern pat(const char *s)
{
    struct dma_pattern p = {0};
    unsigned off, len;
    int used;
    while (sscanf(s, " %u,%u%n", &off, &len, &used) == 2) {
        p.s[p.n].off = (uint16_t)off;
        p.s[p.n].len = (uint16_t)len;
        p.n++;
        s += used;
    }
    return p;
}

/* The sizes and offsets every routine is checked at: each write the
 * device models make, and the other small sizes at the same offsets. */
static const struct { size_t len, off; } shapes[] = {
    {16, 0}, {8, 0}, {8, 8}, {4, 0}, {4, 8}, {4, 12}, {2, 0}, {2, 12}, {1, 0}, {1, 8}, {1, 12},
};

static void test_declared_patterns(void)
{
    for (int id = 0; id < DMA_COPY_COUNT; id++) {
        const struct dma_copy *c = &dma_copies[id];
        const char *why = NULL;
        if (c->pattern == NULL)
            continue;
        if (!dma_copy_available((enum dma_copy_id)id, &why)) {
            SKIP(why, "%s: declared pattern equals the traced one", c->name);
            continue;
        }
        for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
            struct dma_pattern declared = {0};
            struct probe_result r;
            size_t len = shapes[k].len, off = shapes[k].off;
            int rc = c->pattern(len, &declared);
            if (probe_trace_full((enum dma_copy_id)id, len, off, &r, &why) != 0 || rc != 0) {
                ok(0, "%s, %zu B at %zu: traced (%s)", c->name, len, off, why ? why : "pattern()");
                continue;
            }
            if (!ok(same_pattern(&declared, &r.p), "%s, %zu B at %zu: declared %s, traced %s",
                    c->name, len, off, fmt(&declared, 0), fmt(&r.p, 0)))
                diag("declared %s / traced %s", fmt(&declared, 0), fmt(&r.p, 0));
            bool string_insn = (c->flags & DMA_F_UNKNOWN_AT_SPEED) != 0;
            if (len == 16 || string_insn)
                ok(r.string_op == string_insn, "%s, %zu B at %zu: %s", c->name, len, off,
                   string_insn ? "stored by a rep string instruction" : "no string instruction");
        }
    }
}

static void test_libc(void)
{
    struct probe_result r;
    const char *why = NULL;
    if (probe_trace_full(DMA_COPY_LIBC, 16, 0, &r, &why) != 0) {
        ok(0, "libc memcpy, 16 B: traced (%s)", why);
        return;
    }
    diag("libc memcpy, 16 B at 0: %s, %u instructions", fmt(&r.p, 0), r.steps);
    ok(r.p.n >= 1, "libc memcpy, 16 B: at least one store (%u)", r.p.n);
    unsigned covered = 0;
    bool inside = true;
    for (unsigned i = 0; i < r.p.n; i++) {
        for (unsigned b = r.p.s[i].off; b < (unsigned)r.p.s[i].off + r.p.s[i].len; b++)
            covered |= 1u << b;
        inside = inside && r.p.s[i].len > 0 && r.p.s[i].off + r.p.s[i].len <= 16;
    }
    is_u(covered, 0xffffu, "libc memcpy, 16 B: the stores cover [0,16)");
    ok(inside, "libc memcpy, 16 B: every store lies within [0,16)");
    ok(r.entry != 0, "libc memcpy: the routine's entry is located");

    struct dma_pattern again = {0};
    /* Fill `again` before formatting it: argument order is unspecified. */
    int got = xp_copy_pattern(DMA_COPY_LIBC, 16, 0, &again, &why);
    ok(got == 0 && same_pattern(&again, &r.p),
       "xp_copy_pattern(libc) gives what the probe measures (%s)", fmt(&again, 0));
    ok(xp_copy_pattern(DMA_COPY_LIBC, 16, 0, &again, &why) == 0 && same_pattern(&again, &r.p),
       "... and the same again from its cache");

    /* Every size: something stored, nothing outside the copy. */
    for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
        struct dma_pattern p;
        size_t len = shapes[k].len, off = shapes[k].off;
        unsigned cov = 0;
        if (probe_trace(DMA_COPY_LIBC, len, off, &p, &why) != 0) {
            ok(0, "libc memcpy, %zu B at %zu: traced (%s)", len, off, why);
            continue;
        }
        for (unsigned i = 0; i < p.n; i++)
            for (unsigned b = p.s[i].off; b < (unsigned)p.s[i].off + p.s[i].len; b++)
                cov |= 1u << b;
        is_u(cov, (1u << len) - 1, "libc memcpy, %zu B at %zu: stores cover exactly the copy (%s)",
             len, off, fmt(&p, (unsigned)off));
    }

    struct probe_result bad;
    ok(probe_trace_full(DMA_COPY_LIBC, 0, 0, &bad, &why) == -1 && why != NULL,
       "a copy of 0 bytes is refused with a reason");
    ok(probe_trace_full(DMA_COPY_LIBC, PROBE_LEN_MAX + 1, 0, &bad, &why) == -1,
       "a copy longer than PROBE_LEN_MAX is refused");
}

static void test_measure_and_summary(void)
{
    struct probe_measurement m;
    char line[PROBE_SUMMARY_MAX];
    ok(probe_measure(DMA_COPY_DOUBLE, PROBE_ALL_WRITES, "/nonexistent", &m) == 0,
       "probe_measure(double) traces every write");
    is_i(m.v[PROBE_WB_E1000_UNFIXED].e, PROBE_EXPOSED, "double: unfixed e1000 write-back exposed");
    is_i(probe_exit_status(&m), 1, "double: probe's exit status 1");
    ok(probe_measure(DMA_COPY_SINGLE, PROBE_ALL_WRITES, "/nonexistent", &m) == 0 &&
           m.v[PROBE_WB_E1000_UNFIXED].e == PROBE_NOT_EXPOSED && probe_exit_status(&m) == 0,
       "single: not exposed, exit status 0");
    ok(probe_measure(DMA_COPY_REP_MOVSB, PROBE_ALL_WRITES, "/nonexistent", &m) == 0 &&
           m.v[PROBE_WB_E1000_UNFIXED].e == PROBE_UNKNOWN && probe_exit_status(&m) == 125,
       "rep-movsb: unknown at speed, exit status 125");
    probe_summary_line(DMA_COPY_DOUBLE, RX_FMT_LEGACY, line, sizeof(line));
    is_s(line, "double: 16-byte write-back in 2 stores [0,16) [0,16), exposed; 1-byte status in"
               " 1 store [12,13), not exposed",
         "summary line of double, legacy descriptors");
    probe_summary_line(DMA_COPY_DOUBLE, RX_FMT_ADVANCED, line, sizeof(line));
    is_s(line, "double: 16-byte write-back in 2 stores [0,16) [0,16), exposed; 4-byte status_error"
               " in 2 stores [8,12) [8,12), exposed",
         "summary line of double, advanced descriptors: the 4-byte status_error");
    probe_summary_line(DMA_COPY_SINGLE, RX_FMT_EXTENDED, line, sizeof(line));
    is_s(line, "single: 16-byte write-back in 1 store [0,16), not exposed; 4-byte status_error"
               " in 1 store [8,12), not exposed",
         "summary line of single, extended descriptors");
    probe_summary_line(DMA_COPY_LIBC, RX_FMT_LEGACY, line, sizeof(line));
    ok(strstr(line, ": 16-byte write-back in ") != NULL, "summary line of libc: %s", line);
}

static void judge(unsigned wb, const char *stores, bool fast, enum probe_exposure want,
                  const char *why_has, const char *desc)
{
    struct dma_pattern p = pat(stores);
    struct probe_verdict v;
    probe_judge(&probe_writebacks[wb], &p, fast, &v);
    if (!ok(v.e == want && strstr(v.why, why_has) != NULL, "verdict: %s -> %s", desc, v.label))
        diag("got %s: %s", v.label, v.why);
}

static void test_verdicts(void)
{
    enum { U = PROBE_WB_E1000_UNFIXED, S = PROBE_WB_E1000_STATUS, E = PROBE_WB_STATUS_ERROR };
    judge(U, "0,16 0,16", false, PROBE_EXPOSED,
          "store 2 [0,16) rewrites the buffer address and the status byte after store 1 [0,16) set DD",
          "16 B, two identical stores (glibc)");
    judge(U, "0,16", false, PROBE_NOT_EXPOSED, "one store [0,16)", "16 B, one store");
    judge(U, "0,8 8,8", false, PROBE_NOT_EXPOSED, "store 2 [8,16) sets DD", "16 B, 8 + 8 ascending");
    judge(U, "8,8 0,8", false, PROBE_EXPOSED, "rewrites the buffer address after store 1 [8,16)",
          "16 B, 8 + 8 descending: the buffer address alone, DD not again, is exposed");
    judge(U, "0,8 4,8 8,8", false, PROBE_NOT_EXPOSED, "store 3", "16 B, overlapping, DD last");
    judge(U, "0,16 13,3", false, PROBE_NOT_EXPOSED, "errors and special land after DD",
          "16 B, then the bytes after status again: torn, not lost");
    judge(U, "0,16 12,4", false, PROBE_EXPOSED, "rewrites the status byte",
          "16 B, then the status word again");
    judge(U, "0,1 1,1 2,1 3,1 4,1 5,1 6,1 7,1 8,1 9,1 10,1 11,1 12,1 13,1 14,1 15,1", false,
          PROBE_NOT_EXPOSED, "errors and special land after DD", "16 B, bytes ascending");
    judge(U, "15,1 14,1 13,1 12,1 11,1 10,1 9,1 8,1 7,1 6,1 5,1 4,1 3,1 2,1 1,1 0,1", false,
          PROBE_EXPOSED, "store 9 [7,8) rewrites the buffer address after store 4 [12,13)",
          "16 B, bytes descending");
    judge(U, "0,16 0,16", true, PROBE_UNKNOWN, "full speed", "16 B by a string instruction");
    judge(U, "0,8", false, PROBE_UNKNOWN, "no store wrote the DD byte", "16 B missing DD");
    judge(U, "", false, PROBE_UNKNOWN, "no store wrote the DD byte", "no stores at all");
    judge(S, "0,1", false, PROBE_NOT_EXPOSED, "one store [12,13)", "1-byte status, one store");
    judge(S, "0,1 0,1", false, PROBE_EXPOSED, "store 2 [12,13) writes the DD byte again",
          "1-byte status stored twice");
    judge(S, "0,1", true, PROBE_NOT_EXPOSED, "one store", "1-byte status by a string instruction");
    judge(E, "0,4 0,4", false, PROBE_EXPOSED,
          "store 2 [8,12) writes the DD byte again after store 1 [8,12) set DD",
          "4-byte status_error, two identical stores (glibc)");
    judge(E, "0,4", false, PROBE_NOT_EXPOSED, "one store [8,12)", "4-byte status_error, one store");
    /* Only DD coming back undoes the driver (explain/expect.c's rule, which
     * the exhaustive search confirms): a later store of the other status
     * bits leaves the driver's clear standing. */
    judge(E, "0,2 2,2", false, PROBE_NOT_EXPOSED,
          "no later store writes the DD byte again (store 2 [10,12) rewrites other status bits",
          "4-byte status_error in halves, DD's half first");
    judge(E, "2,2 0,2", false, PROBE_NOT_EXPOSED, "store 2 [8,10) sets DD and no later store",
          "4-byte status_error in halves, DD's half last");
    judge(E, "0,1 1,1 2,1 3,1", false, PROBE_NOT_EXPOSED, "(store 2 [9,10) rewrites other",
          "4-byte status_error, bytes ascending (ASan's memmove, musl): DD stored once");
    judge(E, "3,1 2,1 1,1 0,1", false, PROBE_NOT_EXPOSED, "store 4 [8,9) sets DD",
          "4-byte status_error, bytes descending: DD last");
    judge(E, "0,4 0,1", false, PROBE_EXPOSED, "store 2 [8,9) writes the DD byte again",
          "4-byte status_error, then its DD byte again");
    judge(U, "0,16 8,8", false, PROBE_EXPOSED, "store 2 [8,16) rewrites the status byte",
          "16 B write-back: still any byte the driver re-arms (not only DD)");
    judge(E, "0,1 1,1 2,1 3,1", true, PROBE_UNKNOWN, "full speed", "4 bytes by a string instruction");

    struct probe_verdict v;
    struct dma_pattern p = pat("0,16 0,16");
    probe_judge(&probe_writebacks[U], &p, true, &v);
    is_s(v.label, "unknown at speed", "a string instruction's verdict is labelled unknown at speed");
    p = pat("0,8");
    probe_judge(&probe_writebacks[U], &p, false, &v);
    is_s(v.label, "unknown", "a pattern without DD is labelled unknown");
    is_s(v.json, "unknown", "... JSON word unknown");

    p = pat("0,16 0,16");
    is_u(probe_stores_covering(&p, 0, 12), 2, "two stores cover the status byte");
    char buf[128];
    is_s(probe_format_stores(&p, 0, buf, sizeof(buf)), "2 stores [0,16) [0,16)", "format 2 stores");
    p = pat("0,1");
    is_s(probe_format_stores(&p, 12, buf, sizeof(buf)), "1 store [12,13)",
         "format 1 store, in descriptor bytes");
}

static void test_rep_decoder(void)
{
    static const struct { const char *bytes; size_t n; bool want; const char *what; } cases[] = {
        {"\xf3\xa4", 2, true, "rep movsb"},
        {"\xf3\x48\xa5", 3, true, "rep movsq"},
        {"\x66\xf3\xab", 3, true, "rep stosw"},
        {"\xf2\xa4", 2, true, "repne movsb (repeats like rep)"},
        {"\xa4", 1, false, "movsb without rep"},
        {"\xc5\xfa\x7f\x07", 4, false, "vmovdqu %xmm0,(%rdi)"},
        {"\xf3\x0f\x7f\x07", 4, false, "movdqu (an f3 prefix, not a string op)"},
        {"\xf3\xc3", 2, false, "rep ret"},
        {"\xf3", 1, false, "a lone prefix"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ok(probe_is_rep_string((const uint8_t *)cases[i].bytes, cases[i].n) == cases[i].want,
           "decoder: %s is %sa rep string store", cases[i].what, cases[i].want ? "" : "not ");
}

static char *json_of(const char *s)
{
    static char *buf;
    size_t len;
    free(buf);
    FILE *f = open_memstream(&buf, &len);
    json_write_string(f, s);
    fclose(f);
    return buf;
}

static void test_json(void)
{
    is_s(json_of("plain"), "\"plain\"", "JSON: plain text");
    is_s(json_of("a\"b\\c"), "\"a\\\"b\\\\c\"", "JSON: quote and backslash escaped");
    is_s(json_of("l1\nl2\tx\r"), "\"l1\\nl2\\tx\\r\"", "JSON: newline, tab, CR escaped");
    is_s(json_of("\x01\x1f"), "\"\\u0001\\u001f\"", "JSON: control characters as \\u00XX");
    is_s(json_of("caf\xc3\xa9 \xe2\x82\xac"), "\"caf\xc3\xa9 \xe2\x82\xac\"",
         "JSON: valid UTF-8 kept");
    is_s(json_of("a\xff" "b"), "\"a\\ufffdb\"", "JSON: an invalid byte becomes U+FFFD");
    is_s(json_of("\xc0\xaf"), "\"\\ufffd\\ufffd\"", "JSON: an overlong sequence is refused");
    is_s(json_of("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"", "JSON: a surrogate is refused");
    is_s(json_of("\xe2\x82"), "\"\\ufffd\\ufffd\"", "JSON: a truncated sequence is refused");
    is_s(json_of(NULL), "null", "JSON: NULL is null");
}

static void test_tsv_parse(void)
{
    struct probe_tunables_result r;
    ok(probe_tunables_parse("exposed\texposed\t__memcpy_ssse3\t2 stores [0,16) [0,16)\twhy\n", &r) == 0 &&
           r.ok && r.p.n == 2 && r.p.s[1].off == 0 && r.p.s[1].len == 16 &&
           strcmp(r.routine, "__memcpy_ssse3") == 0 && strcmp(r.why, "why") == 0,
       "TSV: an exposed row parses, stores and all");
    ok(probe_tunables_parse("not-exposed\tnot exposed\t-\t1 store [0,16)\tone store\n", &r) == 0 &&
           r.p.n == 1,
       "TSV: one store parses");
    ok(probe_tunables_parse("cannot-trace\tcannot trace\t-\t-\tno ptrace\n", &r) == 0 && r.p.n == 0,
       "TSV: cannot-trace parses, no stores");
    ok(probe_tunables_parse("maybe\tx\t-\t1 store [0,16)\twhy\n", &r) == -1,
       "TSV: an unknown verdict is refused");
    ok(probe_tunables_parse("exposed\texposed\t-\t3 stores [0,16) [0,16)\twhy\n", &r) == -1,
       "TSV: a store count that disagrees is refused");
    ok(probe_tunables_parse("exposed\texposed\t-\t2 stores [0,16) [0,16)\n", &r) == -1,
       "TSV: a missing field is refused");
    ok(probe_tunables_parse("exposed\texposed\t-\t1 store [4,2)\twhy\n", &r) == -1,
       "TSV: an empty store is refused");
    ok(probe_tunables_parse("", &r) == -1 && !r.ok, "TSV: nothing is refused");
}

static void test_naming(void)
{
    char name[128], where[160], source[512];
    int rc = probe_symbol_name((uintptr_t)test_naming + 1, PROBE_DEBUG_ROOT, name, sizeof(name),
                               where, sizeof(where), source, sizeof(source));
    ok(rc == 0 && strcmp(name, "test_naming") == 0, "naming: a function of this program (%s, %s)",
       name, where);

    struct probe_result r;
    const char *why;
    if (probe_trace_full(DMA_COPY_LIBC, 16, 0, &r, &why) != 0) {
        ok(0, "naming: libc traced (%s)", why);
        return;
    }
    rc = probe_symbol_name(r.entry, "/nonexistent", name, sizeof(name), where, sizeof(where),
                           source, sizeof(source));
    if (rc == 0) /* a C library with its own symbol table */
        ok(strstr(source, "symbol table of") != NULL, "naming without debug files: %s (%s)", name,
           source);
    else
        ok(strstr(source, "/nonexistent/.build-id/") != NULL && where[0] != '\0',
           "naming without debug files: unnamed at %s, says where it looked", where);
    rc = probe_symbol_name(r.entry, PROBE_DEBUG_ROOT, name, sizeof(name), where, sizeof(where),
                           source, sizeof(source));
    if (rc == 0)
        ok(strstr(name, "mem") != NULL, "naming with %s: %s", PROBE_DEBUG_ROOT, name);
    else
        SKIP("no debug symbols for the C library here", "naming with %s", PROBE_DEBUG_ROOT);
    ok(probe_symbol_name(1, PROBE_DEBUG_ROOT, name, sizeof(name), where, sizeof(where), source,
                         sizeof(source)) == -1 && name[0] == '\0',
       "naming: an address in no file is unnamed");
}

/* Where the store instructions are (probe_store_at): in the routine's own
 * object, at or after its entry, inside the routine when it can be named,
 * and two different instructions for a write made of two stores. */
static void test_store_at(void)
{
    const size_t sizes[][2] = {{16, 0}, {4, 8}, {1, 12}};
    char where[160], entry_at[160], name[128], ename[128], source[512];
    uint64_t vaddr, entry_vaddr;
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        struct probe_result r;
        const char *why;
        size_t len = sizes[k][0], off = sizes[k][1];
        if (probe_trace_full(DMA_COPY_LIBC, len, off, &r, &why) != 0) {
            ok(0, "store_at: libc %zu B at %zu traced (%s)", len, off, why);
            continue;
        }
        if (probe_code_at(r.entry, entry_at, sizeof(entry_at), &entry_vaddr) != 0) {
            ok(0, "store_at: the routine's entry lies in a mapped file");
            continue;
        }
        bool named = probe_symbol_name(r.entry, PROBE_DEBUG_ROOT, ename, sizeof(ename), where,
                                       sizeof(where), source, sizeof(source)) == 0;
        size_t obj_len = strcspn(entry_at, "+");
        uint64_t prev = 0;
        for (unsigned i = 0; i < r.p.n; i++) {
            int rc = probe_store_at(&r, i, where, sizeof(where), &vaddr);
            /* Unnamed, "inside" can only be approximated: not before the entry. */
            ok(rc == 0 && strncmp(where, entry_at, obj_len + 1) == 0 &&
                   (named || vaddr >= entry_vaddr),
               "store_at: %zu B at %zu, store %u at %s, in %.*s (the routine's entry %s)", len,
               off, i + 1, where, (int)obj_len, entry_at, entry_at);
            char want[160];
            snprintf(want, sizeof(want), "%.*s+0x%llx", (int)obj_len, entry_at,
                     (unsigned long long)vaddr);
            ok(strcmp(want, where) == 0, "store_at: the text and the address agree (%s)", where);
            if (named) {
                bool in = probe_symbol_name(r.store_ip[i], PROBE_DEBUG_ROOT, name, sizeof(name),
                                            want, sizeof(want), source, sizeof(source)) == 0 &&
                          strcmp(name, ename) == 0;
                ok(in, "store_at: store %u lies inside %s (%s)", i + 1, ename, name);
            }
            /* One rep-prefixed instruction may make both stores (musl's rep movsq). */
            if (i > 0 && r.p.n == 2 && !r.string_op)
                ok(vaddr != prev, "store_at: %zu B at %zu, the two stores are two instructions",
                   len, off);
            prev = vaddr;
        }
        ok(probe_store_at(&r, r.p.n, where, sizeof(where), &vaddr) == -1 && where[0] == '\0',
           "store_at: a store past the last is refused");
    }
}

/* With ptrace forbidden by a seccomp filter, the probe says so. */
static void test_ptrace_refused(void)
{
#if PROBE_TEST_SECCOMP
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        struct sock_filter filter[] = {
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ptrace, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        struct sock_fprog prog = {sizeof(filter) / sizeof(filter[0]), filter};
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
            prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
            _exit(3);
        struct dma_pattern p;
        const char *why = "";
        int rc = probe_trace(DMA_COPY_LIBC, 16, 0, &p, &why);
        printf("# with ptrace forbidden: %s\n", why);
        fflush(stdout);
        _exit(rc == -1 && strstr(why, "ptrace is not permitted") != NULL ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
        SKIP("cannot install a seccomp filter here", "ptrace forbidden: the probe says so");
    else
        ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "ptrace forbidden: the probe says so");
#else
    SKIP("the seccomp filter is built for x86-64 with the kernel's headers", "ptrace forbidden: the probe says so");
#endif
}

int main(void)
{
    struct dma_pattern p;
    const char *why = NULL;

    test_verdicts();
    test_rep_decoder();
    test_json();
    test_tsv_parse();
    if (probe_trace(DMA_COPY_SPLIT8, 16, 0, &p, &why) != 0) {
        /* No tracing here (another architecture, no ptrace, or ptrace forbidden);
         * split8 is a routine every architecture can run. */
        diag("cannot trace here: %s", why);
        SKIP(why, "traced tests");
        ok(strstr(why, "ptrace") != NULL || strstr(why, "x86-64") != NULL,
           "the reason names ptrace or the architecture");
        return tap_done();
    }
    test_declared_patterns();
    test_libc();
    test_measure_and_summary();
    test_naming();
    test_store_at();
    test_ptrace_refused();
    return tap_done();
}
