// SPDX-License-Identifier: GPL-2.0-or-later
/* out_vm.c - text and JSON of a real-stack run (out_vm.h). */
#include "output/out_vm.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/hostinfo.h"

static const char *widen_note = "widened: QEMU's device thread held between its copy's two stores";

static bool widened(const struct vm_config *c)
{
	return c->widen != VM_WIDEN_NONE;
}

static bool is_dpdk(const struct vm_config *c)
{
	return c->driver == VM_DRV_DPDK_EM || c->driver == VM_DRV_DPDK_IGB;
}

/* The copy routine's bare name ("unknown" when probe could not tell). */
static const char *routine(const struct vm_result *r, size_t *len)
{
	const char *s = r->copy_routine[0] && strncmp(r->copy_routine, "unknown", 7) != 0 ? r->copy_routine
											     : "unknown";
	*len = strcspn(s, " ,");  /* memcpy's name alone */
	return s;
}

void out_vm_name(const struct vm_config *c, const struct vm_result *r, char *buf, size_t len)
{
	size_t n;
	const char *rt = routine(r, &n);
	snprintf(buf, len, "real/%s/%s/%s/%.*s%s", r->qemu_version[0] ? r->qemu_version : "?",
		 vm_devices[c->device].name, vm_drivers[c->driver].name, (int)n, rt,
		 widened(c) ? "+watchpoint" : "");
}

/* "12.4 k/s" */
static const char *fmt_rate(char *buf, size_t len, double per_s)
{
	if (per_s >= 1e3)
		snprintf(buf, len, "%.1f k/s", per_s / 1e3);
	else
		snprintf(buf, len, "%.1f /s", per_s);
	return buf;
}

static double per_s(uint64_t n, double s)
{
	return s > 0 ? (double)n / s : 0;
}

/* Which copies carry the breakpoint, where the ring is, what "done" is. */
static void print_widen_header(FILE *f, const struct vm_config *c, const struct vm_result *r)
{
	const struct vm_widen_result *w = &r->widen;
	static const char *const what[VMBP_WRITES] = { "16 B at 0", "4 B at 8" };
	fprintf(f, "  widen   %s, %u us per hold: int3 on the second store of", widen_note, c->hold_us);
	const char *sep = " ";
	for (unsigned k = 0; k < VMBP_WRITES; k++)
		if (w->writes & (1u << k)) {
			fprintf(f, "%s%s (%s+%#" PRIx64 ")", sep, what[k], w->libc, w->at[k]);
			sep = " and ";
		}
	fprintf(f, "\n          ring at guest %#" PRIx64 ", %u %s descriptors; done = ", w->ring_gpa, w->ndesc,
		w->layout ? w->layout : "?");
	if (w->poll_length)
		fprintf(f, "length (bytes %u-%u) not 0, as the driver polls it\n", w->length_offset,
			w->length_offset + 1);
	else
		fprintf(f, "DD (bit 0 of byte %u)\n", w->dd_offset);
}

void out_vm_header(FILE *f, const struct vm_config *c, const struct vm_result *r)
{
	char cpu[128], rate[32];
	hostinfo_cpu_model(cpu, sizeof(cpu));
	fprintf(f, "e1000_poc vm: QEMU %s RX write-back vs %s receive, real QEMU, real guest%s\n",
		vm_devices[c->device].name, vm_drivers[c->driver].name, widened(c) ? ", widened" : "");
	fprintf(f, "  qemu    %s: %s (pid %d)", c->qemu, r->qemu_banner, (int)r->qemu_pid);
	if (r->qemu_patch[0])
		fprintf(f, "; built by tools/qemu with patch %s", r->qemu_patch);
	fputc('\n', f);
	fprintf(f, "  accel   %s: %s\n", r->accel_used == VM_ACCEL_KVM ? "KVM" : "TCG", r->accel_why);
	fprintf(f, "  guest   Linux %s, DPDK %s; image %s; ready %.1f s after QEMU started\n",
		r->kernel[0] ? r->kernel : "?", r->dpdk, c->guest_dir, r->boot_s);
	fprintf(f, "  device  %s: %s\n", vm_devices[c->device].name, vm_devices[c->device].summary);
	fprintf(f, "  driver  %s: %s, %s; ring %u descriptors", vm_drivers[c->driver].name,
		vm_drivers[c->driver].summary, r->pmd, r->ring);
	if (c->ring && c->ring != r->ring)
		fprintf(f, " (asked %u: the driver chose %u)", c->ring, r->ring);
	else if (!c->ring)
		fprintf(f, " (the driver's default)");
	fprintf(f, "; burst %u\n", c->burst);
	fprintf(f, "  copy    QEMU's memcpy %s (%s in QEMU's process); %s write-back: %s\n", r->copy_routine,
		r->copy_libc, r->copy_writeback, r->copy_verdict[0] ? r->copy_verdict : "not probed");
	fprintf(f, "  host    %s; this program's %s\n", cpu, hostinfo_libc());
	fprintf(f, "  frames  %u bytes, ", c->frame_size);
	if (c->rate)
		fprintf(f, "%s", fmt_rate(rate, sizeof(rate), c->rate));
	else
		fprintf(f, "as fast as the host sends");
	fprintf(f, " in bursts of %u; run id %08x, seq from %" PRIu64 "\n", c->burst, r->run_id, r->first_seq);
	if (widened(c))
		print_widen_header(f, c, r);
	fprintf(f, "  stops   after %.0f s of frames or at the first ring hang; Ctrl-C stops early\n",
		c->duration_s);
	fflush(f);
}

void out_vm_event(FILE *f, const struct vm_config *c, const struct vm_event *e)
{
	const char *who = is_dpdk(c) ? "DPDK" : "Linux";
	char idx[24] = "?", addr[24] = "?";
	if (e->idx >= 0)
		snprintf(idx, sizeof(idx), "%ld", e->idx);
	if (e->addr >= 0)
		snprintf(addr, sizeof(addr), "%llx", e->addr);
	switch (e->kind) {
	case VM_EV_DUP:
		fprintf(f, "%s: DOUBLE CONSUMED: rx_id=%s seq %" PRIu64 " again (buffer %s), newest %" PRIu64 "\n",
			who, idx, e->seq, addr, e->prev);
		break;
	case VM_EV_BAD:
		fprintf(f, "%s: UNEXPECTED ADDR: rx_id=%s buffer %s held bad content (seq field %" PRIu64
			   "), newest good %" PRIu64 "\n", who, idx, addr, e->seq, e->prev);
		break;
	case VM_EV_HANG:
		fprintf(f, "Qemu: Maybe hang RDH=%u RDT=%u\n", e->rdh, e->rdt);
		break;
	case VM_EV_REORDER:
		break;
	}
	fflush(f);
}

/* What the holds showed, in one sentence (which it was: no window, holds
 * unused, used but not undone, undone); "" when the run was not widened. */
static void widen_sentence(const struct vm_result *r, char *buf, size_t len)
{
	const struct vm_widen_result *w = &r->widen;
	const struct vmbp_stats *s = &w->st;
	const char *what = w->poll_length ? "the length non-zero" : "DD set";
	buf[0] = '\0';
	if (!w->armed)
		return;
	if (s->hits_ring == 0)
		snprintf(buf, len, "the breakpoint was not reached on the ring (%" PRIu64 " hits elsewhere):"
			 " no write-back was held", s->hits);
	else if (s->holds == 0)
		snprintf(buf, len, "none of %" PRIu64 " write-backs left %s after the first store:"
			 " the store that sets it is the last, so there is no window to hold", s->hits_ring, what);
	else if (s->undone + s->undone_unheld > 0)
		snprintf(buf, len, "the second store undid the driver's change %" PRIu64 " times (%" PRIu64
			 " after a hold the driver used, %" PRIu64 " with the driver already between the"
			 " stores when the breakpoint was hit; %" PRIu64 " holds, %" PRIu64 " used)",
			 s->undone + s->undone_unheld, s->undone, s->undone_unheld, s->holds, s->holds_used);
	else if (s->holds_used == 0)
		snprintf(buf, len, "the driver used none of %" PRIu64 " holds: no consequence could follow",
			 s->holds);
	else
		snprintf(buf, len, "the driver used %" PRIu64 " of %" PRIu64 " holds and the second store"
			 " undid none of them", s->holds_used, s->holds);
}

/* "; the driver used none of 12 holds: ..." when the run was widened. */
static void print_widen_sentence(FILE *f, const struct vm_result *r)
{
	char s[300];
	widen_sentence(r, s, sizeof(s));
	if (s[0])
		fprintf(f, "; %s", s);
}

void out_vm_verdict(FILE *f, const struct vm_config *c, const struct vm_result *r)
{
	const struct vm_counts *k = &r->counts;
	int status = vm_exit_status(r);
	char rate[32];
	const char *w = widened(c) ? ", " : "";
	const char *wn = widened(c) ? widen_note : "";
	if (status == 1) {
		double first = -1;
		for (unsigned i = 0; i < r->nevents; i++)
			if (r->events[i].kind != VM_EV_REORDER) {
				first = r->events[i].t_s;
				break;
			}
		fprintf(f, "REPRODUCED");
		if (first >= 0)
			fprintf(f, " after %.1f s", first);
		fprintf(f, "%s%s: ", w, wn);
		if (r->hangs)
			fprintf(f, "ring hang; ");
		fprintf(f, "%" PRIu64 " double consumptions, %" PRIu64 " bad contents in %" PRIu64
			   " frames received in %.1f s", k->dup, k->bad, k->rx, r->run_s);
		print_widen_sentence(f, r);
		return;
	}
	if (status == 125) {
		if (r->interrupted && r->fault == VM_OK)
			fprintf(f, "INCONCLUSIVE: interrupted after %.1f s with no event in %" PRIu64 " frames",
				r->run_s, k->rx);
		else
			fprintf(f, "INCONCLUSIVE: %s", r->why[0] ? r->why : "no frame was received");
		if (wn[0])
			fprintf(f, "%s%s", w, wn);
		return;
	}
	fprintf(f, "NOT REPRODUCED%s%s: no bad content, no double consumption, no ring hang in %.1f s;"
		   " %" PRIu64 " frames received (%s); so the rate of events is below %.3g per million"
		   " frames (95%% upper bound, rule of three)",
		w, wn, r->run_s, k->rx, fmt_rate(rate, sizeof(rate), per_s(k->rx, r->run_s)),
		k->rx ? 3e6 / (double)k->rx : 0);
	if (k->stall)
		fprintf(f, "; the receiver stalled %" PRIu64 " s (%s)", k->stall,
			r->hang_check[0] ? r->hang_check : "RDH/RDT not read");
	print_widen_sentence(f, r);
}

/* "2" or "?" (the probe could not tell). */
static const char *count_text(char *b, size_t n, int v)
{
	if (v < 0)
		snprintf(b, n, "?");
	else
		snprintf(b, n, "%d", v);
	return b;
}

/* What the watcher counted: where the breakpoint was hit, the holds and
 * what the driver did with them; the store sequence they are held against. */
static void print_widen_counts(FILE *f, const struct vm_result *r)
{
	const struct vm_widen_result *w = &r->widen;
	const struct vmbp_stats *s = &w->st;
	char a[16], b[16];
	fprintf(f, "  %-24s %" PRIu64 " on the ring (16 B: %" PRIu64 ", 4 B: %" PRIu64 ") of %" PRIu64
		   " in all threads\n", "breakpoint hits", s->hits_ring, s->hits_write[VMBP_DESC16],
		s->hits_write[VMBP_STATUS4], s->hits);
	fprintf(f, "  %-24s %" PRIu64 " (%" PRIu64 " ring hits left the descriptor not done after the"
		   " first store)\n", "holds", s->holds, s->not_ready);
	fprintf(f, "  %-24s %" PRIu64 " used by the driver, %" PRIu64 " not; undone by the second store: %"
		   PRIu64 " (and %" PRIu64 " with no hold)\n", "holds used", s->holds_used, s->holds_unused,
		s->undone, s->undone_unheld);
	fprintf(f, "  %-24s ", w->poll_length ? "stores on the length" : "stores on DD's byte");
	if (w->stores_16 >= 0 && w->stores_2nd >= 0)
		fprintf(f, "%d per write-back: ", w->stores_16 + w->stores_2nd);
	fprintf(f, "%s by the 16 B at 0", count_text(a, sizeof(a), w->stores_16));
	if (w->second[0])
		fprintf(f, ", %s by the %s", count_text(b, sizeof(b), w->stores_2nd), w->second);
	fprintf(f, " (probe of QEMU's own C library)\n");
}

void out_vm_summary(FILE *f, const struct vm_config *c, const struct vm_result *r)
{
	const struct vm_counts *k = &r->counts;
	char name[200], rate[32], rate2[32];
	fprintf(f, "--- after %.1f s: %" PRIu64 " frames sent (%s), %" PRIu64 " received by the guest (%s)\n",
		r->run_s, r->sent, fmt_rate(rate, sizeof(rate), per_s(r->sent, r->run_s)), k->rx,
		fmt_rate(rate2, sizeof(rate2), per_s(k->rx, r->run_s)));
	fprintf(f, "  %-24s %" PRIu64 "\n", "double consumptions", k->dup);
	fprintf(f, "  %-24s %" PRIu64 "\n", "bad contents", k->bad);
	fprintf(f, "  %-24s %" PRIu64 "\n", "ring hangs", r->hangs);
	fprintf(f, "  %-24s %" PRIu64 " (not events: counted)\n", "out of order", k->reorder);
	fprintf(f, "  %-24s %" PRIu64 " (dropped at the socket or the NIC: not events)\n", "missing frames",
		k->gap);
	fprintf(f, "  %-24s %" PRIu64 " s%s%s\n", "receiver stalls", k->stall, r->hang_check[0] ? ": " : "",
		r->hang_check);
	if (r->send_dropped)
		fprintf(f, "  %-24s %" PRIu64 "\n", "refused by the kernel", r->send_dropped);
	if (r->counts_seen && !r->run_id_matches)
		fprintf(f, "  %-24s the guest counted run %08x, not this run's %08x\n", "run id", k->run, r->run_id);
	if (r->lines_bad)
		fprintf(f, "  %-24s %" PRIu64 " (not trusted)\n", "unparsable E1KP lines", r->lines_bad);
	if (r->widen.armed)
		print_widen_counts(f, r);
	out_vm_name(c, r, name, sizeof(name));
	uint64_t ev = vm_events_total(r);
	fprintf(f, "Observation %s %s %" PRIu64 " %" PRIu64 "%s%s\n", name, ev ? "Sometimes" : "Never", ev,
		k->rx, widened(c) ? " " : "", widened(c) ? widen_note : "");
	fputs("Verdict: ", f);
	out_vm_verdict(f, c, r);
	fputc('\n', f);
	fflush(f);
}

static void json_counts(struct json *j, const struct vm_result *r)
{
	const struct vm_counts *k = &r->counts;
	json_object_begin(j, "counts");
	json_uint(j, "sent", r->sent);
	json_uint(j, "refused", r->send_dropped);
	json_uint(j, "received", k->rx);
	json_uint(j, "bad", k->bad);
	json_uint(j, "dup", k->dup);
	json_uint(j, "reorder", k->reorder);
	json_uint(j, "gap", k->gap);
	json_uint(j, "stall_s", k->stall);
	json_uint(j, "hangs", r->hangs);
	json_uint(j, "first_seq", r->first_seq);
	json_uint(j, "last_seq", r->last_seq);
	json_uint(j, "last_seq_received", k->last);
	json_bool(j, "run_id_seen", r->run_id_matches);
	json_uint(j, "unparsable_lines", r->lines_bad);
	json_object_end(j);
}

static void json_events(struct json *j, const struct vm_result *r)
{
	static const char *const kinds[] = { "dup", "bad", "reorder", "hang" };
	json_array_begin(j, "events");
	for (unsigned i = 0; i < r->nevents; i++) {
		const struct vm_event *e = &r->events[i];
		json_object_begin(j, NULL);
		json_string(j, "kind", kinds[e->kind]);
		json_double(j, "t_s", e->t_s);
		json_uint(j, "seq", e->seq);
		json_uint(j, "prev", e->prev);
		if (e->idx >= 0)
			json_int(j, "idx", e->idx);
		else
			json_null(j, "idx");
		if (e->addr >= 0)
			json_uint(j, "addr", (uint64_t)e->addr);
		else
			json_null(j, "addr");
		if (e->kind == VM_EV_HANG) {
			json_uint(j, "rdh", e->rdh);
			json_uint(j, "rdt", e->rdt);
		}
		json_object_end(j);
	}
	json_array_end(j);
}

static void json_widen(struct json *j, const struct vm_result *r)
{
	const struct vm_widen_result *w = &r->widen;
	const struct vmbp_stats *s = &w->st;
	if (!w->armed) {
		json_null(j, "widen");
		return;
	}
	static const char *const names[VMBP_WRITES] = { "desc16", "status4" };
	char place[96], sentence[300];
	json_object_begin(j, "widen");
	json_string(j, "layout", w->layout);
	json_uint(j, "ring_gpa", w->ring_gpa);
	json_uint(j, "ndesc", w->ndesc);
	json_string(j, "ready", w->poll_length ? "length" : "dd");
	json_uint(j, "ready_offset", w->poll_length ? w->length_offset : w->dd_offset);
	json_object_begin(j, "breakpoints");
	for (unsigned k = 0; k < VMBP_WRITES; k++) {
		snprintf(place, sizeof(place), "%s+%#" PRIx64, w->libc, w->at[k]);
		json_string(j, names[k], (w->writes & (1u << k)) ? place : NULL);
	}
	json_object_end(j);
	json_int(j, "stores_16", w->stores_16);
	json_string(j, "second_write", w->second[0] ? w->second : NULL);
	json_int(j, "stores_second", w->stores_2nd);
	json_uint(j, "hits", s->hits);
	json_uint(j, "hits_ring", s->hits_ring);
	json_uint(j, "hits_desc16", s->hits_write[VMBP_DESC16]);
	json_uint(j, "hits_status4", s->hits_write[VMBP_STATUS4]);
	json_uint(j, "not_ready", s->not_ready);
	json_uint(j, "holds", s->holds);
	json_uint(j, "holds_used", s->holds_used);
	json_uint(j, "holds_unused", s->holds_unused);
	json_uint(j, "undone", s->undone);
	json_uint(j, "undone_unheld", s->undone_unheld);
	json_uint(j, "threads", s->threads);
	json_uint(j, "missed_steps", s->missed_steps);
	widen_sentence(r, sentence, sizeof(sentence));
	json_string(j, "what", sentence);
	json_object_end(j);
}

void out_vm_json(FILE *f, const struct vm_config *c, const struct vm_result *r, int status)
{
	struct json j;
	char cpu[128], name[200];
	json_init(&j, f, true);
	json_object_begin(&j, NULL);
	json_string(&j, "command", "vm");
	json_object_begin(&j, "config");
	json_string(&j, "device", vm_devices[c->device].name);
	json_string(&j, "driver", vm_drivers[c->driver].name);
	json_string(&j, "accel", vm_accels[c->accel].name);
	json_string(&j, "widen", vm_widens[c->widen].name);
	json_double(&j, "duration_s", c->duration_s);
	json_uint(&j, "rate", c->rate);
	json_uint(&j, "burst", c->burst);
	json_uint(&j, "ring", c->ring);
	json_uint(&j, "frame_size", c->frame_size);
	json_uint(&j, "hold_us", c->hold_us);
	json_string(&j, "guest", c->guest_dir);
	json_object_end(&j);
	json_object_begin(&j, "qemu");
	json_string(&j, "path", c->qemu);
	json_string(&j, "version", r->qemu_version[0] ? r->qemu_version : NULL);
	json_string(&j, "banner", r->qemu_banner[0] ? r->qemu_banner : NULL);
	json_string(&j, "patch", r->qemu_patch[0] ? r->qemu_patch : NULL);
	json_int(&j, "pid", r->qemu_pid);
	json_string(&j, "accel", r->accel_used == VM_ACCEL_KVM ? "kvm" : "tcg");
	json_string(&j, "accel_why", r->accel_why);
	json_string(&j, "copy_routine", r->copy_routine[0] ? r->copy_routine : NULL);
	json_string(&j, "copy_libc", r->copy_libc[0] ? r->copy_libc : NULL);
	json_string(&j, "writeback", r->copy_writeback[0] ? r->copy_writeback : NULL);
	json_string(&j, "writeback_verdict", r->copy_verdict[0] ? r->copy_verdict : NULL);
	json_object_end(&j);
	json_object_begin(&j, "guest");
	json_string(&j, "kernel", r->kernel[0] ? r->kernel : NULL);
	json_string(&j, "dpdk", r->dpdk);
	json_string(&j, "pmd", r->pmd[0] ? r->pmd : NULL);
	json_uint(&j, "ring", r->ring);
	json_double(&j, "boot_s", r->boot_s);
	json_object_end(&j);
	hostinfo_cpu_model(cpu, sizeof(cpu));
	json_object_begin(&j, "host");
	json_string(&j, "cpu", cpu);
	json_string(&j, "libc", hostinfo_libc());
	json_object_end(&j);
	json_uint(&j, "run_id", r->run_id);
	json_double(&j, "run_s", r->run_s);
	json_counts(&j, r);
	json_events(&j, r);
	json_widen(&j, r);
	json_bool(&j, "interrupted", r->interrupted);
	json_string(&j, "fault", r->fault != VM_OK ? r->why : NULL);
	json_object_begin(&j, "verdict");
	out_vm_name(c, r, name, sizeof(name));
	json_string(&j, "name", name);
	json_string(&j, "observation", vm_events_total(r) ? "Sometimes" : "Never");
	json_bool(&j, "widened", widened(c));
	json_int(&j, "exit_status", status);
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (m) {
		out_vm_verdict(m, c, r);
		fclose(m);
	}
	json_string(&j, "text", text);
	free(text);
	json_object_end(&j);
	json_object_end(&j);
	fputc('\n', f);
}
