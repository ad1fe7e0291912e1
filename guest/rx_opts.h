// SPDX-License-Identifier: GPL-2.0-or-later
/* rx_opts.h - the options both guest receivers take (init passes them from
 * the kernel command line's e1kp.* keys). Prefix rxo_. */
#ifndef E1KP_RX_OPTS_H
#define E1KP_RX_OPTS_H

struct rxo {
	const char *driver;   /* dpdk-em, linux-e1000, ... */
	const char *ifname;   /* rx_packet only */
	unsigned ring;        /* 0: the driver's default */
	unsigned burst;
	unsigned seconds;     /* 0: until stopped */
};

/* Reads --driver --ifname --ring --burst --seconds from argv[first..argc);
 * on a bad one prints an E1KP fail line and returns -1. */
int rxo_parse(struct rxo *o, int argc, char **argv, int first);

#endif
