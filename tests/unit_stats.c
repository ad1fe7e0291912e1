// SPDX-License-Identifier: GPL-2.0-or-later
/* unit_stats.c - rates, the strength of a clean run, and the wording of
 * the summary, Observation line, verdict and JSON, on synthetic counts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output/out_run.h"
#include "run/stats.h"
#include "report_text.h"
#include "tap.h"

static struct live_config config(void)
{
    struct live_config c = {
        .qemu_fix = E1000_FIX_NONE, .dpdk_fix = EM_WORKAROUND_NONE, .copy = DMA_COPY_LIBC,
        .ring = 32, .burst = 4, .pace = LIVE_PACE_LOCKSTEP, .duration_s = 10, .hang_ms = 2,
        .cpus = {0, 1},
    };
    return c;
}

static struct live_stats clean(uint64_t consumed, double seconds)
{
    struct live_stats s;
    memset(&s, 0, sizeof(s));
    s.elapsed_s = seconds;
    s.fills = s.consumed = consumed;
    for (int e = 0; e < RX_EV_COUNT; e++)
        s.first_s[e] = -1;
    return s;
}

int main(void)
{
    char buf[64];

    /* Arithmetic. */
    ok(stats_per_second(50, 2.0) == 25.0, "per second: 50 in 2 s = 25");
    ok(stats_per_second(5, 0.0) == 0.0, "per second: no time, no rate");
    ok(stats_per_million(3, 1000000) == 3.0, "per million: 3 in 1e6 = 3");
    ok(stats_per_million(1, 4) == 250000.0, "per million: 1 in 4 = 250000");
    ok(stats_per_million(1, 0) == 0.0, "per million: nothing consumed, no rate");
    ok(stats_rule_of_three(3000000) == 1e-6, "rule of three: none in 3e6 -> below 1e-6");
    ok(isinf(stats_rule_of_three(0)), "rule of three: none in 0 says nothing (infinite bound)");
    ok(fabs(stats_log10_p_none(1e-3, 1000) - (-1.0 / log(10.0))) < 1e-12,
       "chance of none: rate 1e-3 over 1000 = e^-1");
    ok(fabs(stats_log10_p_none(1e-4, 1000000) + 100.0 / log(10.0)) < 1e-9,
       "chance of none: e^-100 as log10");
    stats_format_chance(-1.0 / log(10.0), buf, sizeof(buf));
    is_s(buf, "0.37", "chance formatted: e^-1 = 0.37");
    stats_format_chance(-5.5, buf, sizeof(buf));
    is_s(buf, "1 in 3.2e+05", "chance formatted: 10^-5.5 = 1 in 3.2e+05");
    stats_format_chance(-2033.4, buf, sizeof(buf));
    is_s(buf, "1 in 10^2033", "chance formatted: tiny chances as a power of ten");

    struct live_config c = config();
    out_run_config_name(&c, buf, sizeof(buf));
    is_s(buf, "e1000/none/dpdk-em-none/libc", "configuration name, litmus style");
    c.qemu_fix = E1000_FIX_UPSTREAM;
    c.dpdk_fix = EM_WORKAROUND_STOP_AT_RDH;
    c.copy = DMA_COPY_DOUBLE;
    out_run_config_name(&c, buf, sizeof(buf));
    is_s(buf, "e1000/upstream/dpdk-em-stop-at-rdh/double", "configuration name with fixes");
    c = config();

    /* A reproduced run: events, Observation Sometimes, verdict last. */
    struct live_stats s = clean(86, 0.0023);
    s.fills = 85;
    s.events[RX_EV_STALE_ADDR] = 1;
    s.first_s[RX_EV_STALE_ADDR] = 0.0002;
    s.events[RX_EV_DOUBLE] = 1;
    s.first_s[RX_EV_DOUBLE] = 0.0002;
    s.events[RX_EV_HANG] = 1;
    s.first_s[RX_EV_HANG] = 0.0002;
    s.hang.rdh = s.hang.rdt = 21;
    s.hang.driver_next = 22;
    s.hang.onset_s = 0.0002;
    s.hang.detected_s = 0.0022;
    is_i(live_exit_status(&s), 1, "events: exit status 1");
    is_u(live_events_total(&s), 3, "events total 3");
    char *t = summary_text(&c, &s, NULL);
    ok(strstr(t, "\nObservation e1000/none/dpdk-em-none/libc Sometimes 3 86\n") != NULL,
       "Observation line: Sometimes, events, descriptors");
    is_s(last_line(t),
         "Verdict: REPRODUCED after 0.2 ms: ring hang at 0.2 ms (RDH=RDT=21); 1 stale buffer"
         " address, first after 0.2 ms; 1 double consumption, first after 0.2 ms; 86 descriptors"
         " consumed in 2.3 ms\n",
         "verdict wording, reproduced, singular nouns");
    ok(strstr(t, "stale buffer addresses   1, first after 0.2 ms, 435 /s, 1.16e+04 per million") !=
           NULL, "summary row: count, first, per second, per million");
    free(t);

    s.events[RX_EV_HANG] = 40;
    s.elapsed_s = 2.0;
    s.events[RX_EV_STALE_ADDR] = 3;
    t = summary_text(&c, &s, NULL);
    ok(strstr(last_line(t), "40 ring hangs (20 /s), the first at 0.2 ms (RDH=RDT=21); 3 stale"
                            " buffer addresses") != NULL,
       "verdict wording with --continue: hang count and rate, plurals");
    free(t);

    /* A clean run: Never, rule of three. */
    s = clean(3000000, 2.0);
    is_i(live_exit_status(&s), 0, "clean: exit status 0");
    t = summary_text(&c, &s, NULL);
    ok(strstr(t, "\nObservation e1000/none/dpdk-em-none/libc Never 0 3000000\n") != NULL,
       "Observation line: Never");
    ok(strstr(last_line(t), "Verdict: NOT REPRODUCED: no stale buffer address, no double"
                            " consumption, no ring hang in 2.000 s; 3000000 descriptors consumed"
                            " (1.50 M/s); so the rate of events is below 1 per million"
                            " descriptors (95% upper bound, rule of three)") == last_line(t),
       "verdict wording, clean, rule of three");
    free(t);

    /* A clean run against a baseline. */
    struct live_stats b = clean(1000000, 2.0);
    b.events[RX_EV_HANG] = 100;
    b.events[RX_EV_DOUBLE] = 100;
    t = summary_text(&c, &s, &b);
    ok(strstr(last_line(t), "the unfixed baseline showed 200 events per million descriptors, and"
                            " at that rate the chance of none in 3000000 is 1 in 3.8e+260") != NULL,
       "verdict wording, clean against a baseline (e^-600 = 10^-260.6)");
    free(t);
    b = clean(1000000, 2.0);
    t = summary_text(&c, &s, &b);
    ok(strstr(last_line(t), "the unfixed baseline showed no event either, so this run cannot"
                            " tell the fix from no fix on this host") != NULL,
       "verdict wording, clean against a clean baseline: says it proves nothing");
    free(t);

    s = clean(0, 1.0);
    is_i(live_exit_status(&s), 125, "nothing received: exit status 125");
    t = summary_text(&c, &s, NULL);
    is_s(last_line(t), "Verdict: INCONCLUSIVE: no descriptor was received in 1.000 s\n",
         "verdict wording, nothing received");
    free(t);

    /* JSON of the statistics: keys, nulls for unseen events. */
    char *js = NULL;
    size_t jlen = 0;
    FILE *f = open_memstream(&js, &jlen);
    struct json j;
    json_init(&j, f, false);
    json_object_begin(&j, NULL);
    s = clean(10, 1.0);
    s.events[RX_EV_DOUBLE] = 2;
    s.first_s[RX_EV_DOUBLE] = 0.5;
    out_run_json_stats(&j, "stats", &s);
    json_string(&j, "quote", "a\"b\\c\nd\x01");
    json_object_end(&j);
    fclose(f);
    ok(strstr(js, "\"double\": {\"count\": 2, \"first_s\": 0.5, \"per_s\": 2, \"per_million\": 200000}") != NULL,
       "JSON: an event with count, first time and rates");
    ok(strstr(js, "\"stale_addr\": {\"count\": 0, \"first_s\": null") != NULL,
       "JSON: an unseen event has first_s null");
    ok(strstr(js, "\"first_hang\": null") != NULL, "JSON: no hang, first_hang null");
    ok(strstr(js, "\"quote\": \"a\\\"b\\\\c\\nd\\u0001\"") != NULL, "JSON: strings escaped");
    free(js);
    return tap_done();
}
