// SPDX-License-Identifier: GPL-2.0-or-later
/* out_tunables.c - `probe --tunables`' table as text or JSON, from the rows'
 * results (probe/tunables.h) only. */
#include "output/out_tunables.h"

#include <stdbool.h>
#include <string.h>

#include "output/out_probe.h"
#include "probe/verdict.h"
#include "util/hostinfo.h"
#include "util/json.h"

/* "2 stores [0,16) [0,16)", or for long patterns the first two and the last. */
static const char *short_stores(const struct dma_pattern *p, char *buf, size_t len)
{
    if (p->n <= 3)
        return probe_format_stores(p, 0, buf, len);
    snprintf(buf, len, "%u stores [%u,%u) [%u,%u) ... [%u,%u)", p->n, p->s[0].off,
             p->s[0].off + p->s[0].len, p->s[1].off, p->s[1].off + p->s[1].len, p->s[p->n - 1].off,
             p->s[p->n - 1].off + p->s[p->n - 1].len);
    return buf;
}

static bool single_16(const struct dma_pattern *p)
{
    return p->n == 1 && p->s[0].off == 0 && p->s[0].len == 16;
}

/* ", NAME" for each row whose result satisfies want(); returns how many. */
static unsigned list_rows(FILE *f, const struct probe_tunables_result *r,
                          bool (*want)(const struct probe_tunables_result *))
{
    unsigned n = 0;
    for (unsigned i = 0; i < probe_tunables_count; i++) {
        if (!r[i].ok || !want(&r[i]))
            continue;
        const char *h = probe_tunables_rows[i].hwcaps;
        fprintf(f, "%s%s", n ? "; " : "", h ? h : "(unset)");
        n++;
    }
    if (n == 0)
        fputs("none", f);
    return n;
}

static bool is_single_16(const struct probe_tunables_result *r) { return single_16(&r->p); }
static bool is_not_exposed(const struct probe_tunables_result *r)
{
    return strcmp(r->verdict, "not-exposed") == 0;
}
static bool is_unknown_at_speed(const struct probe_tunables_result *r)
{
    return strcmp(r->label, "unknown at speed") == 0;
}

void out_tunables_text(FILE *f, const struct probe_tunables_result *r)
{
    char cpu[128], stores[160];
    hostinfo_cpu_model(cpu, sizeof(cpu));
    fprintf(f, "e1000_poc probe --tunables: the C library's memcpy under GLIBC_TUNABLES settings\n");
    fprintf(f, "  libc     %s\n  CPU      %s\n", hostinfo_libc(), cpu);
    fprintf(f, "  rows     each a fresh run of this program with"
               " GLIBC_TUNABLES=glibc.cpu.hwcaps=SETTING\n");
    fprintf(f, "%2s  %-16s  %-32s  %-34s  %s\n", "#", "e1000 (QEMU<7.1)", "routine",
            "16-byte write-back", "SETTING: aim");
    for (unsigned i = 0; i < probe_tunables_count; i++) {
        const struct probe_tunables_row *row = &probe_tunables_rows[i];
        const char *set = row->hwcaps ? row->hwcaps : "(unset)";
        if (!r[i].ok)
            fprintf(f, "%2u  %-16s  %-32s  %-34s  %s: %s\n", i + 1, "failed", "-", r[i].why, set,
                    row->aim);
        else
            fprintf(f, "%2u  %-16s  %-32s  %-34s  %s: %s\n", i + 1, r[i].label,
                    strcmp(r[i].routine, "-") == 0 ? "(unnamed)" : r[i].routine,
                    r[i].p.n ? short_stores(&r[i].p, stores, sizeof(stores)) : "-", set, row->aim);
    }
    fprintf(f, "A single 16-byte store under: ");
    list_rows(f, r, is_single_16);
    fprintf(f, "\nNot exposed under: ");
    list_rows(f, r, is_not_exposed);
    fprintf(f, "\nUnknown at speed (a rep movsb variant) under: ");
    list_rows(f, r, is_unknown_at_speed);
    fputc('\n', f);
}

void out_tunables_json(FILE *f, const struct probe_tunables_result *r)
{
    char cpu[128], var[512];
    hostinfo_cpu_model(cpu, sizeof(cpu));
    fputs("{\"command\":\"probe --tunables\",\"libc\":", f);
    json_write_string(f, hostinfo_libc());
    fputs(",\"cpu\":", f);
    json_write_string(f, cpu);
    fputs(",\"rows\":[", f);
    for (unsigned i = 0; i < probe_tunables_count; i++) {
        const struct probe_tunables_row *row = &probe_tunables_rows[i];
        if (row->hwcaps)
            snprintf(var, sizeof(var), "glibc.cpu.hwcaps=%s", row->hwcaps);
        fprintf(f, "%s{\"glibc_tunables\":", i ? "," : "");
        json_write_string(f, row->hwcaps ? var : NULL);
        fputs(",\"aim\":", f);
        json_write_string(f, row->aim);
        fprintf(f, ",\"ran\":%s,\"routine\":", r[i].ok ? "true" : "false");
        json_write_string(f, r[i].ok && strcmp(r[i].routine, "-") != 0 ? r[i].routine : NULL);
        fputs(",\"stores16\":", f);
        out_probe_json_stores(f, &r[i].p, 0);
        fputs(",\"single_store\":", f);
        fputs(r[i].ok && single_16(&r[i].p) ? "true" : "false", f);
        fputs(",\"verdict\":", f);
        json_write_string(f, r[i].ok ? r[i].verdict : "failed");
        fputs(",\"label\":", f);
        json_write_string(f, r[i].ok ? r[i].label : "failed");
        fputs(",\"why\":", f);
        json_write_string(f, r[i].why);
        fputc('}', f);
    }
    fputs("]}\n", f);
}
