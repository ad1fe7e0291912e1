// SPDX-License-Identifier: GPL-2.0-or-later
/* out_probe.c - `probe`'s output: text for people, JSON for programs. */
#include "output/out_probe.h"

#include <string.h>

#include "util/hostinfo.h"
#include "util/json.h"

void out_probe_json_stores(FILE *f, const struct dma_pattern *p, unsigned base)
{
    fputc('[', f);
    for (unsigned i = 0; i < p->n; i++)
        fprintf(f, "%s[%u,%u]", i ? "," : "", base + p->s[i].off, base + p->s[i].off + p->s[i].len);
    fputc(']', f);
}

static const struct probe_write *wb_write(unsigned b)
{
    return &probe_writes[probe_writebacks[b].write];
}

/* "__memcpy_avx512_unaligned_erms", or for an unnamed variant its place. */
static const char *routine_label(const struct probe_measurement *m, char *buf, size_t len)
{
    if (m->named)
        snprintf(buf, len, "%s", m->routine);
    else
        snprintf(buf, len, "an unnamed variant%s%s", m->where[0] ? " at " : "", m->where);
    return buf;
}

void out_probe_text(FILE *f, const struct probe_measurement *m)
{
    const char *tunables = hostinfo_glibc_tunables_text();
    char cpu[128], stores[1024], who[200];

    hostinfo_cpu_model(cpu, sizeof(cpu));
    fprintf(f, "e1000_poc probe: the stores of the DMA copy, traced one instruction at a time\n");
    fprintf(f, "  copy     %s: %s\n", dma_copies[m->id].name, dma_copies[m->id].summary);
    fprintf(f, "  libc     %s; GLIBC_TUNABLES %s\n", hostinfo_libc(), tunables ? tunables : "unset");
    if (dma_copy_is_libc(m->id) && m->named)
        fprintf(f, "  routine  %s at %s (named from %s)\n", m->routine, m->where, m->source);
    else if (dma_copy_is_libc(m->id))
        fprintf(f, "  routine  unnamed%s%s: %s; the measured stores are what counts\n",
                m->where[0] ? " at " : "", m->where, m->source);
    else
        fprintf(f, "  routine  %s\n", m->source);
    fprintf(f, "  CPU      %s\n", cpu);
    if (m->other.done) {
        /* QEMU before 8.0 copies guest RAM with memcpy, from 8.0 with memmove. */
        const char *fn = m->other.id == DMA_COPY_LIBC_MEMMOVE ? "memmove" : "memcpy";
        const char *self = m->id == DMA_COPY_LIBC_MEMMOVE ? "memmove" : "memcpy";
        if (m->other.same) {
            bool one = m->named && m->other.named && strcmp(m->routine, m->other.routine) == 0;
            fprintf(f, "  %-8s %s: the same stores as %s for every write below%s (QEMU 8.0 and"
                       " later call memmove, earlier versions memcpy)\n", fn,
                    m->other.routine[0] ? m->other.routine : "unnamed", self,
                    one ? ", the same code" : "");
        } else {
            const struct probe_write *w = &probe_writes[m->other.first_diff];
            fprintf(f, "  %-8s %s: DIFFERENT stores from %s: %u B at %u: %s (QEMU 8.0 and later"
                       " call memmove, earlier versions memcpy; probe --copy=%s shows it all)\n",
                    fn, m->other.routine[0] ? m->other.routine : "unnamed", self, w->len, w->off,
                    probe_format_stores(&m->other.p, w->off, stores, sizeof(stores)),
                    dma_copies[m->other.id].name);
        }
    }

    fprintf(f, "Stores in program order, as descriptor bytes [from,to):\n");
    for (unsigned w = 0; w < PROBE_WRITE_COUNT; w++)
        if (m->writes & (1u << w))
            fprintf(f, "  %u B at %u: %s\n", probe_writes[w].len, probe_writes[w].off,
                    probe_format_stores(&m->w[w].p, probe_writes[w].off, stores, sizeof(stores)));

    fprintf(f, "Write-backs (exposed: a later store can undo the guest driver's re-arm):\n");
    for (unsigned b = 0; b < PROBE_WB_COUNT; b++)
        if (m->writes & (1u << probe_writebacks[b].write))
            fprintf(f, "  %-16s  %s: %s\n", m->v[b].label, probe_writebacks[b].title, m->v[b].why);

    const struct probe_verdict *v = &m->v[PROBE_WB_E1000_UNFIXED];
    const struct probe_write *w16 = wb_write(PROBE_WB_E1000_UNFIXED);
    probe_format_stores(&m->w[PROBE_WRITE_DESC16].p, w16->off, stores, sizeof(stores));
    routine_label(m, who, sizeof(who));
    switch (v->e) {
    case PROBE_EXPOSED:
        fprintf(f, "Verdict: EXPOSED: %s writes the 16-byte descriptor as %s; an unfixed e1000"
                   " (QEMU < 7.1) can lose a DPDK guest's re-arm on this host\n", who, stores);
        break;
    case PROBE_NOT_EXPOSED:
        fprintf(f, "Verdict: NOT EXPOSED: %s writes the 16-byte descriptor as %s; nothing after"
                   " the store that sets DD rewrites what the driver writes\n", who, stores);
        break;
    default:
        fprintf(f, "Verdict: %s: %s, 16-byte descriptor: %s\n",
                strcmp(v->label, "unknown at speed") == 0 ? "UNKNOWN AT SPEED" : "UNKNOWN", who,
                v->why);
        break;
    }
}

void out_probe_json(FILE *f, const struct probe_measurement *m)
{
    char cpu[128];
    hostinfo_cpu_model(cpu, sizeof(cpu));

    fputs("{\"command\":\"probe\",\"copy\":", f);
    json_write_string(f, dma_copies[m->id].name);
    fputs(",\"libc\":", f);
    json_write_string(f, hostinfo_libc());
    fputs(",\"glibc_tunables\":", f);
    json_write_string(f, hostinfo_glibc_tunables());
    fputs(",\"cpu\":", f);
    json_write_string(f, cpu);
    fputs(",\"routine\":", f);
    json_write_string(f, m->named ? m->routine : NULL);
    fputs(",\"routine_at\":", f);
    json_write_string(f, m->where[0] ? m->where : NULL);
    fputs(",\"routine_source\":", f);
    json_write_string(f, m->source);
    fprintf(f, ",\"traced\":%s,\"error\":", m->traced ? "true" : "false");
    json_write_string(f, m->traced ? NULL : m->why);
    fputs(",\"other_libc\":", f);
    if (m->other.done) {
        fputs("{\"copy\":", f);
        json_write_string(f, dma_copies[m->other.id].name);
        fputs(",\"routine\":", f);
        json_write_string(f, m->other.routine[0] ? m->other.routine : NULL);
        fprintf(f, ",\"same_stores\":%s}", m->other.same ? "true" : "false");
    } else {
        fputs("null", f);
    }
    fputs(",\"writes\":[", f);
    for (unsigned w = 0, first = 1; w < PROBE_WRITE_COUNT; w++) {
        if (!m->traced || !(m->writes & (1u << w)))
            continue;
        fprintf(f, "%s{\"len\":%u,\"off\":%u,\"what\":", first ? "" : ",", probe_writes[w].len,
                probe_writes[w].off);
        json_write_string(f, probe_writes[w].what);
        fputs(",\"stores\":", f);
        out_probe_json_stores(f, &m->w[w].p, probe_writes[w].off);
        /* Where each store's instruction is: a breakpoint's place (src/vm/bpwatch.c). */
        fputs(",\"store_at\":[", f);
        for (unsigned i = 0; i < m->w[w].p.n; i++) {
            fputs(i ? "," : "", f);
            json_write_string(f, m->placed && m->store_at[w][i][0] ? m->store_at[w][i] : NULL);
        }
        fputc(']', f);
        fprintf(f, ",\"steps\":%u,\"string_op\":%s}", m->w[w].steps,
                m->w[w].string_op ? "true" : "false");
        first = 0;
    }
    fputs("],\"writebacks\":[", f);
    for (unsigned b = 0; b < PROBE_WB_COUNT; b++) {
        const struct probe_writeback *wb = &probe_writebacks[b];
        fprintf(f, "%s{\"name\":", b ? "," : "");
        json_write_string(f, wb->name);
        fputs(",\"title\":", f);
        json_write_string(f, wb->title);
        fprintf(f, ",\"len\":%u,\"off\":%u,\"dd_byte\":%u,\"verdict\":", probe_writes[wb->write].len,
                probe_writes[wb->write].off, wb->dd_byte);
        json_write_string(f, m->v[b].json);
        fputs(",\"label\":", f);
        json_write_string(f, m->v[b].label);
        fputs(",\"why\":", f);
        json_write_string(f, m->v[b].why);
        fputc('}', f);
    }
    fputs("],\"verdict\":", f);
    json_write_string(f, m->traced ? m->v[PROBE_WB_E1000_UNFIXED].json : "cannot-trace");
    fprintf(f, ",\"exit_status\":%d}\n", m->traced ? probe_exit_status(m) : 125);
}

void out_probe_tsv(FILE *f, const struct probe_measurement *m)
{
    char stores[1024];
    if (!m->traced) {
        fprintf(f, "cannot-trace\tcannot trace\t-\t-\t%s\n", m->why);
        return;
    }
    const struct probe_verdict *v = &m->v[PROBE_WB_E1000_UNFIXED];
    fprintf(f, "%s\t%s\t%s\t%s\t%s\n", v->json, v->label, m->named ? m->routine : "-",
            probe_format_stores(&m->w[PROBE_WRITE_DESC16].p, 0, stores, sizeof(stores)), v->why);
}
