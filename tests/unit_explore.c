/* unit_explore.c - the explorer (explain): coroutines and snapshots, replay
 * tokens, the verdict of every variant against what is known, a
 * deliberately broken fix, minimality, agreement between the search
 * methods, and byte-identical replay. Timings are not tested (bench/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xp_coro.h"
#include "xp_expect.h"
#include "xp_search.h"
#include "xp_token.h"
#include "xp_trace.h"

/* ---- coroutines ------------------------------------------------------------ */

static struct xp_coro co;
static int co_out;

static void counter(void *arg)
{
    int step = *(int *)arg;
    for (int i = 0;; i += step) {
        co_out = i;
        xp_coro_yield(&co);
    }
}

static void test_coro(void)
{
    int step = 3;
    ok(xp_coro_alloc(&co, 64 * 1024) == 0, "coroutine stack allocated");
    xp_coro_start(&co, counter, &step);
    xp_coro_resume(&co);
    is_i(co_out, 0, "first resume runs to the first yield");
    xp_coro_resume(&co);
    xp_coro_resume(&co);
    is_i(co_out, 6, "each resume runs one more turn of the loop");
    xp_coro_start(&co, counter, &step);
    xp_coro_resume(&co);
    is_i(co_out, 0, "a restart abandons the old run");

    if (!xp_coro_can_snapshot()) {
        ok(1, "stack snapshots # SKIP not with the ucontext switch");
        xp_coro_free(&co);
        return;
    }
    xp_coro_resume(&co); /* 3 */
    size_t used = xp_coro_stack_used(&co);
    void *saved_sp = co.sp;
    void *copy = malloc(used);
    xp_coro_stack_save(&co, copy);
    for (int i = 0; i < 5; i++)
        xp_coro_resume(&co);
    is_i(co_out, 18, "ran on past the snapshot");
    co.sp = saved_sp;
    xp_coro_stack_restore(&co, copy, used);
    xp_coro_resume(&co);
    is_i(co_out, 6, "after restoring the stack the coroutine continues from the snapshot");
    free(copy);
    xp_coro_free(&co);
}

/* ---- replay tokens ----------------------------------------------------------- */

/* A token that must be refused, with the reason in the test's line. */
static void refused(const char *token, const char *what)
{
    struct xp_config d;
    struct xp_schedule t;
    const char *why = "";
    int rc = xp_token_decode(token, &d, &t, &why);
    ok(rc != 0, "%s refused: %s", what, rc != 0 ? why : "(accepted)");
}

static void test_token(void)
{
    struct xp_config c = {E1000_FIX_UPSTREAM, EM_WORKAROUND_STOP_AT_RDH, DMA_COPY_BYTES_DOWN,
                          XP_MEM_TSO, 4, 7, 3, 1}, d;
    struct xp_schedule s = {.n = 3, .d = {{5, 1}, {17, 3}, {40, 0}}}, t;
    char tok[XP_TOKEN_MAX], bad[XP_TOKEN_MAX];
    const char *why;

    ok(xp_token_encode(tok, sizeof(tok), &c, &s) == 0, "token encodes");
    diag("token: %s", tok);
    ok(xp_token_decode(tok, &d, &t, &why) == 0, "token decodes");
    ok(memcmp(&c, &d, sizeof(c)) == 0, "token carries the whole configuration");
    ok(t.n == 3 && t.d[0].step == 5 && t.d[1].entity == 3 && t.d[2].step == 40,
       "token carries the schedule");
    ok(strspn(tok, "abcdefghijklmnopqrstuvwxyz0123456789/:,-") == strlen(tok),
       "token is shell-safe");

    struct xp_schedule none = {.n = 0};
    c.memory = XP_MEM_SC;
    xp_token_encode(tok, sizeof(tok), &c, &none);
    ok(xp_token_decode(tok, &d, &t, &why) == 0 && t.n == 0, "empty schedule round-trips");

    /* Each of these must be refused. */
    xp_token_encode(tok, sizeof(tok), &c, &s); /* sc with flush entities */
    refused(tok, "store-buffer entities under sc");
    c.memory = XP_MEM_TSO;
    xp_token_encode(tok, sizeof(tok), &c, &s);
    snprintf(bad, sizeof(bad), "%s", tok);
    bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == '0' ? '1' : '0';
    refused(bad, "wrong check digits");
    char *p = strstr(tok, "r4p7");
    snprintf(bad, sizeof(bad), "%.*sr5p7%s", (int)(p - tok), tok, p + 4);
    refused(bad, "a changed bound");
    const char *garbage[] = {"", "x1", "x2/none/none/double/sc/r2p3b4t0/-/00000000",
                             "x1/none/none/double/sc/r2p3b4t0/-", "x1//none/double/sc/r2p3b4t0/-/0",
                             "hello world"};
    for (size_t i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++)
        refused(garbage[i], garbage[i]);
}

/* ---- verdicts ------------------------------------------------------------------ */

static const struct xp_search_limits all_interleavings = {
    .max_preemptions = XP_PREEMPTIONS_ALL, .state_cache = true, .max_states = 2000000};

static struct xp_config variant(enum e1000_fix f, enum em_workaround w, enum dma_copy_id c,
                                enum xp_memory m)
{
    return (struct xp_config){f, w, c, m, 2, 3, 4, 0};
}

static const char *name_of(const struct xp_config *c, char *b, size_t n)
{
    snprintf(b, n, "%s/%s/%s/%s r%u p%u b%u", e1000_fixes[c->fix].name,
             em_workarounds[c->workaround].name, dma_copies[c->copy].name,
             xp_memories[c->memory].name, c->ring, c->packets, c->burst);
    return b;
}

/* Search c with lim; 1 violation, 0 none (bounds covered), -1 neither. */
static int verdict(const struct xp_config *c, const struct xp_search_limits *lim,
                   struct xp_search_result *r)
{
    const char *why = NULL;
    if (xp_search(c, lim, r, &why) != 0) {
        diag("search failed: %s", why);
        return -1;
    }
    return r->found ? 1 : r->complete ? 0 : -1;
}

static void test_known_verdicts(void)
{
    struct xp_search_result r;
    struct xp_config c;
    char n[96];

    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
    is_i(verdict(&c, &all_interleavings, &r), 1, "unfixed + double: violation");
    is_u(r.preemptions, 1, "unfixed + double: one preemption (between the two stores)");
    ok((r.violations & XP_V_BIT(XP_V_DOUBLE)) && (r.violations & XP_V_BIT(XP_V_STALE_ADDR)),
       "unfixed + double: a stale buffer consumed twice");

    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_SC);
    is_i(verdict(&c, &all_interleavings, &r), 0, "unfixed + single: no violation");
    ok(r.exhausted, "unfixed + single: every interleaving explored (%llu states)",
       (unsigned long long)r.states);

    /* Every routine writes the fix's 1-byte status in one store (double too,
     * as glibc does). */
    const enum dma_copy_id one_store_status[] = {DMA_COPY_SINGLE, DMA_COPY_DOUBLE, DMA_COPY_SPLIT8,
                                                 DMA_COPY_BYTES_UP, DMA_COPY_BYTES_DOWN};
    for (size_t i = 0; i < 5; i++) {
        c = variant(E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE, one_store_status[i], XP_MEM_SC);
        is_i(verdict(&c, &all_interleavings, &r), 0, "%s: no violation, every interleaving",
             name_of(&c, n, sizeof(n)));
    }
    for (int f = 0; f < E1000_FIX_COUNT; f++) {
        c = variant((enum e1000_fix)f, EM_WORKAROUND_STOP_AT_RDH, DMA_COPY_DOUBLE, XP_MEM_SC);
        is_i(verdict(&c, &all_interleavings, &r), 0, "%s: no violation",
             name_of(&c, n, sizeof(n)));
    }

    /* The deliberately wrong fix must be caught, whatever the copy. */
    for (int cp = DMA_COPY_SINGLE; cp < DMA_COPY_COUNT; cp++) {
        c = variant(E1000_FIX_BROKEN_DD_FIRST, EM_WORKAROUND_NONE, (enum dma_copy_id)cp, XP_MEM_SC);
        is_i(verdict(&c, &all_interleavings, &r), 1, "%s: caught", name_of(&c, n, sizeof(n)));
        ok(r.violations & XP_V_BIT(XP_V_TORN_READ), "%s: the driver reads a half-written descriptor",
           name_of(&c, n, sizeof(n)));
    }

    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_BYTES_DOWN, XP_MEM_SC);
    is_i(verdict(&c, &all_interleavings, &r), 1, "bytes-down: exposed");
    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_SPLIT8, XP_MEM_SC);
    is_i(verdict(&c, &all_interleavings, &r), 0, "split8: DD in the last store, no violation");

    /* libc: only where this host's memcpy pattern can be measured. */
    struct dma_pattern p16, p1;
    const char *why = NULL, *because = NULL;
    if (dma_copy_pattern(DMA_COPY_LIBC, 16, 0, &p16, &why) != 0 ||
        dma_copy_pattern(DMA_COPY_LIBC, 1, 12, &p1, &why) != 0) {
        ok(1, "unfixed + libc # SKIP the host's memcpy pattern cannot be measured: %s", why);
    } else {
        c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_LIBC, XP_MEM_SC);
        bool expect = xp_expect_violation(&c, &p16, &p1, &because);
        is_i(verdict(&c, &all_interleavings, &r), expect, "unfixed + libc: as its measured pattern says (%s)",
             because);
    }
}

/* Every row of --all, SC and TSO: the explorer agrees with the argument
 * from the store pattern (xp_expect.h). Two packets already need a lap of
 * the 2-descriptor ring; TSO uses them to stay quick under ASan. */
static void test_all_rows_agree(enum xp_memory m, unsigned packets)
{
    unsigned rows = 0, agree = 0;
    for (int f = 0; f < E1000_FIX_COUNT; f++)
        for (int w = 0; w < EM_WORKAROUND_COUNT; w++)
            for (int cp = DMA_COPY_SINGLE; cp < DMA_COPY_COUNT; cp++) {
                struct xp_config c = variant((enum e1000_fix)f, (enum em_workaround)w,
                                             (enum dma_copy_id)cp, m);
                c.packets = packets;
                struct dma_pattern p16, p1;
                struct xp_search_result r;
                const char *because, *why;
                char n[96];
                dma_copy_pattern(c.copy, 16, 0, &p16, &why);
                dma_copy_pattern(c.copy, 1, 12, &p1, &why);
                bool expect = xp_expect_violation(&c, &p16, &p1, &because);
                int v = verdict(&c, &all_interleavings, &r);
                rows++;
                if (v == (int)expect)
                    agree++;
                else
                    diag("%s: explorer %d, expected %d (%s)", name_of(&c, n, sizeof(n)), v, expect,
                         because);
            }
    is_u(agree, rows, "%s, %u packets: all %u rows agree with the store-pattern argument",
         xp_memories[m].name, packets, rows);
}

/* ---- minimality and the search methods ---------------------------------------- */

static void test_minimal(const struct xp_config *c, bool without_cache)
{
    struct xp_search_result r, lower, levels, nocache;
    struct xp_search_limits lim = all_interleavings;
    char n[96];

    name_of(c, n, sizeof(n));
    if (verdict(c, &lim, &r) != 1) {
        ok(0, "%s: expected a violation", n);
        return;
    }
    /* No interleaving with fewer preemptions fails: explore them all. */
    lim.max_preemptions = r.preemptions - 1;
    is_i(verdict(c, &lim, &lower), 0, "%s: no violation with at most %u preemption(s)", n,
         r.preemptions - 1);
    ok(lower.complete, "%s: ... and that bound was covered", n);

    /* The same answer from the levels alone, and without the state cache. */
    lim = all_interleavings;
    lim.replay_only = true;
    verdict(c, &lim, &levels);
    ok(levels.found && levels.preemptions == r.preemptions && levels.steps == r.steps,
       "%s: replayed levels agree (%u preemptions, %u steps)", n, levels.preemptions, levels.steps);
    if (!without_cache)
        return;
    lim.max_preemptions = r.preemptions;
    lim.state_cache = false;
    verdict(c, &lim, &nocache);
    ok(nocache.found && nocache.preemptions == r.preemptions && nocache.steps == r.steps,
       "%s: without the state cache: the same %u preemptions, %u steps (%llu executions)", n,
       nocache.preemptions, nocache.steps, (unsigned long long)nocache.executions);
}

/* The depth-first cover from snapshots and the replayed levels explore the
 * same interleavings: same verdicts, both complete. */
static void test_methods_agree(void)
{
    const struct xp_config cs[] = {
        {E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_SC, 3, 4, 2, 0},
        {E1000_FIX_NONE, EM_WORKAROUND_STOP_AT_RDH, DMA_COPY_DOUBLE, XP_MEM_SC, 3, 4, 1, 0},
        {E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_TSO, 3, 4, 4, 1},
        {E1000_FIX_UPSTREAM, EM_WORKAROUND_NONE, DMA_COPY_SPLIT8, XP_MEM_TSO, 2, 3, 2, 0},
    };
    for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
        struct xp_search_result a, b;
        struct xp_search_limits lim = all_interleavings;
        char n[96];
        name_of(&cs[i], n, sizeof(n));
        int va = verdict(&cs[i], &lim, &a);
        lim.replay_only = true;
        int vb = verdict(&cs[i], &lim, &b);
        ok(va == 0 && vb == 0 && a.exhausted && b.exhausted,
           "%s: snapshots (%llu states) and replay (%llu states) both cover every interleaving",
           n, (unsigned long long)a.states, (unsigned long long)b.states);
    }
    /* With a preemption bound, too, and a violation beyond it. */
    struct xp_config c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_TSO);
    struct xp_search_result a, b;
    struct xp_search_limits lim = all_interleavings;
    lim.max_preemptions = 0;
    int va = verdict(&c, &lim, &a);
    lim.replay_only = true;
    int vb = verdict(&c, &lim, &b);
    ok(va == 0 && vb == 0 && !a.exhausted && !b.exhausted,
       "tso double: no violation without preemption, by both methods; more needs preemptions");
}

/* ---- replay and the trace ---------------------------------------------------- */

static char *trace_text(const struct xp_config *c, const struct xp_schedule *s, bool keep_going)
{
    struct xp_exec x;
    const char *why;
    uint32_t pre;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (xp_exec_init(&x, c, &why) != 0)
        return NULL;
    x.keep_going = keep_going;
    if (xp_replay(&x, s, true, &pre, &why) == 0) {
        xp_trace_print(f, &x, x.ntrace);
        xp_trace_verdict(f, &x, x.violations, x.ntrace);
    }
    xp_exec_free(&x);
    fclose(f);
    return buf;
}

static void test_replay(void)
{
    struct xp_config c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
    struct xp_search_result r1, r2;
    verdict(&c, &all_interleavings, &r1);
    verdict(&c, &all_interleavings, &r2);
    ok(r1.schedule.n == r2.schedule.n &&
       memcmp(r1.schedule.d, r2.schedule.d, r1.schedule.n * sizeof(r1.schedule.d[0])) == 0 &&
       r1.steps == r2.steps, "the search is deterministic: same schedule twice");

    char tok[XP_TOKEN_MAX];
    struct xp_config d;
    struct xp_schedule s;
    const char *why;
    xp_token_encode(tok, sizeof(tok), &c, &r1.schedule);
    xp_token_decode(tok, &d, &s, &why);
    char *a = trace_text(&c, &r1.schedule, false);
    char *b = trace_text(&d, &s, false);
    ok(a != NULL && b != NULL && strcmp(a, b) == 0, "the token replays the same trace, byte for byte");
    ok(a != NULL && strstr(a, "store 1/2") && strstr(a, "preemption 1") &&
       strstr(a, "store 2 of 2 writes d0 back (buf 1, status DD) over the driver's re-arm") &&
       strstr(a, "consumed twice") && strstr(a, "RDT == RDH"),
       "the trace shows store 1, the preemption, store 2 undoing the re-arm, the double consumption, RDT == RDH");
    free(b);

    /* Run on without stopping: the ring hangs. */
    struct xp_exec x;
    uint32_t pre;
    xp_exec_init(&x, &c, &why);
    x.keep_going = true;
    xp_replay(&x, &r1.schedule, false, &pre, &why);
    ok(x.status == XP_ST_VIOLATION && (x.violations & XP_V_BIT(XP_V_HANG)) && x.gm->rdh == x.gm->rdt,
       "run on with no further preemption, the ring hangs with RDH == RDT (%u)", x.gm->rdh);

    /* Schedules that do not fit are refused, not run differently. */
    struct xp_schedule late = {.n = 1, .d = {{100000, 1}}};
    int rc = xp_replay(&x, &late, false, &pre, &why);
    ok(rc != 0, "a deviation past the end is refused: %s", rc ? why : "");
    struct xp_schedule flush = {.n = 1, .d = {{3, XP_E_DRIVER_FLUSH}}};
    rc = xp_replay(&x, &flush, false, &pre, &why);
    ok(rc != 0, "an impossible choice is refused: %s", rc ? why : "");
    xp_exec_free(&x);
    free(a);
}

/* TSO: a schedule that keeps a store in the buffer while its thread goes
 * on (a deviation to the program where the default flushes) replays, and
 * the trace shows it. */
static void test_tso_delayed_flush(void)
{
    struct xp_config c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_TSO);
    struct xp_choice ch[XP_NENTITIES];
    struct xp_schedule s = {.n = 0};
    struct xp_exec x;
    const char *why;
    uint32_t pre;
    unsigned n;

    xp_exec_init(&x, &c, &why);
    xp_exec_start(&x, false);
    while ((n = xp_exec_choices(&x, ch)) > 0 && s.n == 0) {
        for (unsigned j = 1; j < n; j++)
            if (ch[0].entity == XP_E_DEVICE_FLUSH && ch[j].entity == XP_E_DEVICE) {
                s.d[0].step = x.steps;
                s.d[0].entity = XP_E_DEVICE;
                s.n = 1;
            }
        xp_exec_step(&x, ch[0].entity, ch[0].cost, false);
    }
    ok(s.n == 1, "tso: the default flushes a device store at step %u, the program may go first",
       s.d[0].step);
    int rc = xp_replay(&x, &s, true, &pre, &why);
    ok(rc == 0 && pre == 0, "tso: that schedule replays, free of preemptions");
    unsigned k = s.d[0].step;
    ok(rc == 0 && x.ntrace > k + 1 && x.trace[k].entity == XP_E_DEVICE &&
           x.th[XP_DEVICE].buf.n == 0 && x.trace[k].deviation,
       "tso: the device's program ran at the deviation and the buffer drained later");
    xp_exec_free(&x);
}

int main(void)
{
    test_coro();
    test_token();
    test_known_verdicts();
    test_all_rows_agree(XP_MEM_SC, 3);
    test_all_rows_agree(XP_MEM_TSO, 2);
    struct xp_config c;
    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC);
    test_minimal(&c, true);
    c = variant(E1000_FIX_BROKEN_DD_FIRST, EM_WORKAROUND_NONE, DMA_COPY_SINGLE, XP_MEM_SC);
    test_minimal(&c, true);
    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_BYTES_DOWN, XP_MEM_SC);
    test_minimal(&c, true);
    c = variant(E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_TSO);
    test_minimal(&c, false); /* without the cache TSO takes a million executions */
    c = (struct xp_config){E1000_FIX_NONE, EM_WORKAROUND_NONE, DMA_COPY_DOUBLE, XP_MEM_SC, 4, 5, 2, 0};
    test_minimal(&c, true);
    test_methods_agree();
    test_replay();
    test_tso_delayed_flush();
    return tap_done();
}
