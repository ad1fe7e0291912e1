// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_errors.c - what bad input meets: the escaper of error messages, the
 * strict number parsers, and the rule that refuses a ring which hangs
 * without any race (nic_thresh_problem), checked against the device and
 * driver models themselves. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "model/device/e1000.h"
#include "model/nic.h"
#include "tap.h"

static void test_escape(void)
{
    char b[64];
    is_s((cli_escape(b, sizeof(b), "plain --ring 8"), b), "plain --ring 8", "printable ASCII as it is");
    is_s((cli_escape(b, sizeof(b), "a\nb"), b), "a\\x0ab", "a newline as \\x0a");
    is_s((cli_escape(b, sizeof(b), "\033[31m"), b), "\\x1b[31m", "an escape sequence cannot reach the terminal");
    is_s((cli_escape(b, sizeof(b), "\x7f\xc3\xa9"), b), "\\x7f\\xc3\\xa9", "DEL and non-ASCII bytes as \\xNN");
    is_s((cli_escape(b, sizeof(b), "a\\b"), b), "a\\\\b", "a backslash doubled, so \\xNN is unambiguous");
    is_u(cli_escape(b, 6, "abcdefgh"), 5, "truncated to fit, NUL included");
    is_s(b, "abcde", "... at a whole character");
    is_u(cli_escape(b, 6, "ab\ncd"), 2, "an escape that would not fit is left out whole");
}

static void test_numbers(void)
{
    unsigned long long u;
    double d;
    is_i(cli_parse_uint("4294967295", 4294967295ull, &u), 0, "uint: the maximum");
    is_i(cli_parse_uint("4294967296", 4294967295ull, &u), -1, "uint: one above");
    is_i(cli_parse_uint("0x10", 100, &u), -1, "uint: no hex");
    is_i(cli_parse_seconds("0.5", &d), 0, "seconds: 0.5");
    is_i(cli_parse_seconds(".5", &d), 0, "seconds: .5");
    is_i(cli_parse_seconds("5.", &d), 0, "seconds: 5.");
    is_i(cli_parse_seconds("1e3", &d), -1, "seconds: no exponent");
    is_i(cli_parse_seconds("0x10", &d), -1, "seconds: no hex");
    is_i(cli_parse_seconds("inf", &d), -1, "seconds: no inf");
    is_i(cli_parse_seconds(".", &d), -1, "seconds: a dot alone is not a number");
    is_i(cli_parse_seconds("1.2.3", &d), -1, "seconds: one dot at most");
    is_i(cli_parse_seconds("10000001", &d), -2, "seconds: well-formed, too large (-2)");
}

/* Run the device and the driver one after the other, never at the same
 * time (so no race can happen): the device fills until it is refused, the
 * driver consumes until it finds nothing, for three laps of the ring.
 * Returns true if the ring stopped for good (neither side moved). */
static bool hangs_sequentially(enum nic_driver_id k, unsigned ring, unsigned thresh)
{
    static E1000State dev;
    static union nic_queue q;
    struct nic_pkt pkts[8];
    struct gm_region *gm = gm_alloc(ring);
    bool stuck = false;
    nic_drivers[k].setup(&q, &gm_as_live, gm, (uint16_t)thresh, EM_WORKAROUND_NONE);
    e1000_init(&dev, &gm_as_live, gm, E1000_FIX_UPSTREAM, &dma_copies[DMA_COPY_SINGLE], 0);
    for (unsigned received = 0; received < 3 * ring && !stuck;) {
        unsigned filled = 0, consumed = 0, n;
        while (nic_devices[NIC_DEV_E1000].receive(&dev, 60) > 0)
            filled++;
        while ((n = nic_drivers[k].recv(&q, pkts, 8)) > 0)
            consumed += n;
        received += consumed;
        stuck = filled == 0 && consumed == 0;
    }
    nic_drivers[k].release(&q);
    gm_free(gm);
    return stuck;
}

static void test_thresh_rule(void)
{
    static const unsigned rings[] = {8, 16, 32};
    for (unsigned r = 0; r < sizeof(rings) / sizeof(rings[0]); r++) {
        unsigned ring = rings[r], agree = 0;
        for (unsigned t = 0; t < ring; t++) {
            bool refused = nic_thresh_problem(ring, t) != NULL;
            bool hangs = hangs_sequentially(NIC_DRV_DPDK_EM, ring, t);
            if (refused == hangs)
                agree++;
            else
                diag("ring %u, rx_free_thresh %u: refused %d, hangs without a race %d", ring, t,
                     refused, hangs);
        }
        is_u(agree, ring, "ring %u: refused exactly where dpdk-em hangs without any race", ring);
    }
    ok(nic_thresh_problem(32, 30) == NULL, "ring 32: rx_free_thresh 30 (ring - 2) accepted");
    ok(nic_thresh_problem(32, 31) != NULL, "ring 32: rx_free_thresh 31 (ring - 1) refused");
    ok(strstr(nic_thresh_problem(8, 7), "use at most 6") != NULL, "the refusal names the largest value");
}

int main(void)
{
    test_escape();
    test_numbers();
    test_thresh_rule();
    return tap_done();
}
