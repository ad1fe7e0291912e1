// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_seedlog.c - the lines the live run prints as it goes, rendered from
 * fixed reports through the hooks out_seedlog_hooks() gives the run: the
 * seed's lines byte for byte, the event lines, and the limit per kind. */
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "output/out_seedlog.h"
#include "tap.h"

/* What the hooks wrote to a memory stream while fn ran. */
struct sink {
    char *buf;
    size_t len;
    FILE *f;
    struct live_hooks h;
};

static void sink_open(struct sink *s)
{
    s->buf = NULL;
    s->len = 0;
    s->f = open_memstream(&s->buf, &s->len);
    s->h = out_seedlog_hooks(s->f);
}

static char *sink_close(struct sink *s)
{
    fclose(s->f);
    return s->buf;
}

static void test_seed_lines(void)
{
    struct sink s;
    char *t;

    sink_open(&s);
    s.h.hang(s.h.arg, 4, 4);
    t = sink_close(&s);
    is_s(t, "Qemu: Maybe hang RDH=4 RDT=4\n", "seed line: Maybe hang");
    free(t);

    sink_open(&s);
    s.h.second(s.h.arg, 12);
    s.h.second(s.h.arg, UINT64_C(4294967296));
    t = sink_close(&s);
    is_s(t, "RX COUNT: 12\nRX COUNT: 4294967296\n", "seed line: RX COUNT, beyond 32 bits too");
    free(t);

    sink_open(&s);
    s.h.get(s.h.arg, 4);
    t = sink_close(&s);
    regex_t re;
    regcomp(&re, "^\\[[0-9]+\\.[0-9]{3}\\] DPDK: GET rx_id=4\n$", REG_EXTENDED);
    if (!ok(regexec(&re, t, 0, NULL, 0) == 0, "seed line: [sec.msec] DPDK: GET rx_id=4"))
        diag("got %.*s", (int)strcspn(t, "\n"), t);
    regfree(&re);
    free(t);
}

/* One event of kind e, the nth, through the hook. */
static char *one_event(enum rx_event e, uint64_t nth, const struct nic_pkt *p,
                       const struct rx_check_detail *why)
{
    struct sink s;
    sink_open(&s);
    s.h.event(s.h.arg, e, nth, p, why);
    return sink_close(&s);
}

static void test_event_lines(void)
{
    struct nic_pkt legacy = {.wb_buffer_addr = 0xb0, .fill_tag = 373, .format = RX_FMT_LEGACY,
                             .rx_id = 21};
    struct nic_pkt no_fill = {.wb_buffer_addr = 0, .fill_tag = 0, .format = RX_FMT_ADVANCED,
                              .rx_id = 5};
    struct nic_pkt stale = {.wb_buffer_addr = 0x4, .fill_tag = 9, .format = RX_FMT_LEGACY,
                            .rx_id = 3};
    struct nic_pkt wrong = {.wb_buffer_addr = 0x40, .fill_tag = 7, .format = RX_FMT_EXTENDED,
                            .rx_id = 2};
    struct rx_check_detail none = {0}, prev = {.prev_addr = 0xb}, want = {.expected_tag = 6};
    char *t;

    t = one_event(RX_EV_STALE_ADDR, 1, &stale, &prev);
    is_s(t, "DPDK: UNEXPECTED ADDR: last b current 4\n", "seed line: UNEXPECTED ADDR, hex");
    free(t);
    t = one_event(RX_EV_DOUBLE, 1, &legacy, &none);
    is_s(t, "DPDK: DOUBLE CONSUMED: rx_id=21 fill 373 again (buffer b0)\n",
         "double consumption, legacy: the fill again and its buffer");
    free(t);
    t = one_event(RX_EV_DOUBLE, 1, &no_fill, &none);
    is_s(t, "DPDK: DOUBLE CONSUMED: rx_id=5 no fill (vlan 0): DD came back after the re-arm\n",
         "double consumption, vlan 0: 'no fill', as explain says, not 'fill 0 (buffer 0)'");
    free(t);
    t = one_event(RX_EV_WRONG_FILL, 1, &wrong, &want);
    is_s(t, "DPDK: WRONG FILL: rx_id=2 fill 7, expected fill 6\n", "wrong fill: the fill and the one expected");
    free(t);
    t = one_event(RX_EV_HANG, 1, &legacy, &none);
    is_s(t, "", "a hang has no event line (the device's Maybe hang says it)");
    free(t);
}

/* The limit: every event up to it has its line, the limit's is followed by
 * the note, none after it has any; each kind counts on its own. */
static void test_limit(void)
{
    struct nic_pkt p = {.wb_buffer_addr = 0xb0, .fill_tag = 373, .format = RX_FMT_LEGACY, .rx_id = 21};
    struct rx_check_detail none = {0};
    struct sink s;
    sink_open(&s);
    for (uint64_t n = 1; n <= OUT_SEEDLOG_EVENT_LIMIT + 5; n++)
        s.h.event(s.h.arg, RX_EV_DOUBLE, n, &p, &none);
    s.h.event(s.h.arg, RX_EV_WRONG_FILL, 1, &p, &none);
    char *t = sink_close(&s);

    unsigned lines = 0, doubles = 0, notes = 0;
    const char *note = NULL, *last_double = NULL;
    for (const char *l = t; *l != '\0'; l = strchr(l, '\n') + 1) {
        lines++;
        if (strncmp(l, "DPDK: DOUBLE CONSUMED: ", 23) == 0) {
            doubles++;
            last_double = l;
        }
        if (strncmp(l, "(further ", 9) == 0 && notes++ == 0)
            note = l;
    }
    if (!ok(doubles == OUT_SEEDLOG_EVENT_LIMIT, "double consumptions beyond the limit print no line"))
        diag("%u lines of double consumptions for %d events", doubles, OUT_SEEDLOG_EVENT_LIMIT + 5);
    char want[128];
    snprintf(want, sizeof(want), "(further %s are counted, not printed)\n",
             rx_events[RX_EV_DOUBLE].plural);
    ok(notes == 1 && strncmp(note, want, strlen(want)) == 0 && note > last_double,
       "the note follows the limit's line, once");
    ok(lines == OUT_SEEDLOG_EVENT_LIMIT + 2, "the other kind still prints (its own count)");
    const char *tail = t + strlen(t) - 1; /* the last line's newline */
    while (tail > t && tail[-1] != '\n')
        tail--;
    ok(strncmp(tail, "DPDK: WRONG FILL:", 17) == 0, "... and comes last");
    free(t);
}

int main(void)
{
    test_seed_lines();
    test_event_lines();
    test_limit();
    return tap_done();
}
