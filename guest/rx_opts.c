// SPDX-License-Identifier: GPL-2.0-or-later
/* rx_opts.c - the receivers' options (rx_opts.h). */
#include "rx_opts.h"

#include <stdlib.h>
#include <string.h>

#include "rx_count.h"

static int num(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int rxo_parse(struct rxo *o, int argc, char **argv, int first)
{
	o->driver = "-";
	o->ifname = "eth0";
	o->ring = 0;
	o->burst = 32;
	o->seconds = 0;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int bad = 0;
		if (!v) {
			bad = 1;
		} else if (!strcmp(a, "--driver")) {
			o->driver = v;
		} else if (!strcmp(a, "--ifname")) {
			o->ifname = v;
		} else if (!strcmp(a, "--ring")) {
			bad = num(v, 65536, &o->ring);
		} else if (!strcmp(a, "--burst")) {
			bad = num(v, 512, &o->burst) || o->burst == 0;
		} else if (!strcmp(a, "--seconds")) {
			bad = num(v, 86400, &o->seconds);
		} else {
			bad = 1;
		}
		if (bad) {
			rxc_fail("receiver option %s %s not understood", a, v ? v : "(no value)");
			return -1;
		}
		i++;
	}
	return 0;
}
