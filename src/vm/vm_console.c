// SPDX-License-Identifier: GPL-2.0-or-later
/* vm_console.c - parse the guest's E1KP lines (vm_console.h). */
#include "vm/vm_console.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A cursor over the line's space-separated words. */
struct cur { const char *p; };

/* The next word into buf (at most len-1 bytes); -1 at the end or if too long. */
static int word(struct cur *c, char *buf, size_t len)
{
	while (*c->p == ' ')
		c->p++;
	size_t n = strcspn(c->p, " ");
	if (n == 0 || n >= len)
		return -1;
	memcpy(buf, c->p, n);
	buf[n] = '\0';
	c->p += n;
	return 0;
}

/* "key=VALUE" with exactly this key; the value (non-empty) into buf. */
static int kv(struct cur *c, const char *key, char *buf, size_t len)
{
	char w[96];
	size_t kl = strlen(key);
	if (word(c, w, sizeof(w)) < 0 || strncmp(w, key, kl) != 0 || w[kl] != '=' || !w[kl + 1] ||
	    strlen(w + kl + 1) >= len)
		return -1;
	strcpy(buf, w + kl + 1);
	return 0;
}

static int parse_u64(const char *s, int base, unsigned long long *v)
{
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	char *end;
	errno = 0;
	*v = strtoull(s, &end, base);
	return errno || *end ? -1 : 0;
}

static int kv_u64(struct cur *c, const char *key, uint64_t *v)
{
	char b[32];
	unsigned long long x;
	if (kv(c, key, b, sizeof(b)) < 0 || parse_u64(b, 10, &x) < 0)
		return -1;
	*v = x;
	return 0;
}

/* A number, or "-" for unknown (-1). */
static int kv_opt(struct cur *c, const char *key, int base, long long *v)
{
	char b[32];
	unsigned long long x;
	if (kv(c, key, b, sizeof(b)) < 0)
		return -1;
	if (!strcmp(b, "-")) {
		*v = -1;
		return 0;
	}
	const char *s = b;
	if (base == 16) {
		if (strncmp(s, "0x", 2) != 0)
			return -1;
		s += 2;
	}
	if (parse_u64(s, base, &x) < 0 || x > (unsigned long long)INT64_MAX)
		return -1;
	*v = (long long)x;
	return 0;
}

static int at_end(struct cur *c)
{
	while (*c->p == ' ')
		c->p++;
	return *c->p == '\0' ? 0 : -1;
}

static int parse_stats(struct cur *c, struct vm_counts *k)
{
	uint64_t t, run;
	if (kv_u64(c, "t", &t) || kv_u64(c, "rx", &k->rx) || kv_u64(c, "bad", &k->bad) ||
	    kv_u64(c, "dup", &k->dup) || kv_u64(c, "reorder", &k->reorder) ||
	    kv_u64(c, "gap", &k->gap) || kv_u64(c, "stall", &k->stall) ||
	    kv_u64(c, "last", &k->last) || kv_u64(c, "run", &run) || run > UINT32_MAX || at_end(c))
		return -1;
	k->t_s = (double)t;
	k->run = (uint32_t)run;
	return 0;
}

static int parse_event(struct cur *c, struct vm_event *e)
{
	char what[16];
	long long idx, addr;
	if (word(c, what, sizeof(what)) < 0)
		return -1;
	if (!strcmp(what, "dup"))
		e->kind = VM_EV_DUP;
	else if (!strcmp(what, "bad"))
		e->kind = VM_EV_BAD;
	else if (!strcmp(what, "reorder"))
		e->kind = VM_EV_REORDER;
	else
		return -1;
	if (kv_u64(c, "seq", &e->seq) || kv_u64(c, "prev", &e->prev) || kv_opt(c, "idx", 10, &idx) ||
	    kv_opt(c, "addr", 16, &addr) || at_end(c))
		return -1;
	e->idx = (long)idx;
	e->addr = addr;
	return 0;
}

static int parse_ready(struct cur *c, struct vm_line *l)
{
	uint64_t ring;
	if (kv(c, "driver", l->driver, sizeof(l->driver)) || kv(c, "pmd", l->pmd, sizeof(l->pmd)) ||
	    kv(c, "dpdk", l->dpdk, sizeof(l->dpdk)) || kv_u64(c, "ring", &ring) || ring > 65536 ||
	    kv(c, "mac", l->mac, sizeof(l->mac)) || at_end(c))
		return -1;
	l->ring = (unsigned)ring;
	return 0;
}

void vm_console_parse(const char *line, struct vm_line *l)
{
	memset(l, 0, sizeof(*l));
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", line);
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == '\r' || buf[n - 1] == '\n'))
		buf[--n] = '\0';
	if (strstr(buf, "Kernel panic")) {
		l->kind = VM_LINE_PANIC;
		const char *p = strstr(buf, "Kernel panic");
		snprintf(l->text, sizeof(l->text), "%s", p);
		return;
	}
	if (strstr(buf, "reboot: Power down")) {
		l->kind = VM_LINE_POWER_DOWN;
		return;
	}
	if (strncmp(buf, "E1KP ", 5) != 0) {
		l->kind = VM_LINE_OTHER;
		return;
	}
	struct cur c = { buf + 5 };
	char kind[16];
	int rc = -1;
	if (word(&c, kind, sizeof(kind)) == 0) {
		if (!strcmp(kind, "boot")) {
			l->kind = VM_LINE_BOOT;
			rc = kv(&c, "kernel", l->kernel, sizeof(l->kernel)) || at_end(&c);
		} else if (!strcmp(kind, "ready")) {
			l->kind = VM_LINE_READY;
			rc = parse_ready(&c, l);
		} else if (!strcmp(kind, "fail")) {
			l->kind = VM_LINE_FAIL;
			while (*c.p == ' ')
				c.p++;
			snprintf(l->text, sizeof(l->text), "%s", c.p);
			rc = *c.p ? 0 : -1;
		} else if (!strcmp(kind, "stats")) {
			l->kind = VM_LINE_STATS;
			rc = parse_stats(&c, &l->counts);
		} else if (!strcmp(kind, "event")) {
			l->kind = VM_LINE_EVENT;
			rc = parse_event(&c, &l->event);
		}
	}
	if (rc != 0) {
		memset(l, 0, sizeof(*l));
		l->kind = VM_LINE_MALFORMED;
	}
}
