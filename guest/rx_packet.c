// SPDX-License-Identifier: GPL-2.0-or-later
/* rx_packet.c - the guest's receiver for the Linux drivers (e1000, e1000e,
 * igb): an AF_PACKET socket on the NIC bound to our ethertype; the driver's
 * interrupt and NAPI path hand the frames up. --ring sets the driver's RX
 * ring with ETHTOOL_SRINGPARAM before the link comes up; a driver that
 * refuses says so in an E1KP fail line, one that rounds or clamps is
 * reported through the ring it really uses (ready's ring=).
 *
 *   rx_packet --driver linux-e1000 --ifname eth0 [--ring N] [--burst N] [--seconds N] */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "rx_count.h"
#include "rx_opts.h"
#include "vm/vm_frame.h"

#define MAX_BURST 512

static struct rxc counts;
static uint8_t bufs[MAX_BURST][2048];

static int ethtool(int fd, const char *ifname, void *cmd)
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

/* The ring the driver uses after asking for want (0: leave it); -1 on refusal. */
static long set_ring(int fd, const char *ifname, unsigned want)
{
	struct ethtool_ringparam rp = { .cmd = ETHTOOL_GRINGPARAM };
	if (ethtool(fd, ifname, &rp) < 0) {
		rxc_fail("ETHTOOL_GRINGPARAM on %s: %s", ifname, strerror(errno));
		return -1;
	}
	if (want && want != rp.rx_pending) {
		rp.cmd = ETHTOOL_SRINGPARAM;
		rp.rx_pending = want;
		if (ethtool(fd, ifname, &rp) < 0) {
			rxc_fail("the driver refuses an RX ring of %u (ETHTOOL_SRINGPARAM: %s)", want,
				 strerror(errno));
			return -1;
		}
		rp.cmd = ETHTOOL_GRINGPARAM;
		if (ethtool(fd, ifname, &rp) < 0) {
			rxc_fail("ETHTOOL_GRINGPARAM on %s: %s", ifname, strerror(errno));
			return -1;
		}
	}
	return rp.rx_pending;
}

static int link_up(int fd, const char *ifname, uint8_t mac[6])
{
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	ifr.ifr_flags |= IFF_UP | IFF_PROMISC;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
		return -1;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		return -1;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct rxo o;
	if (rxo_parse(&o, argc, argv, 1) < 0)
		return 1;
	if (o.burst > MAX_BURST)
		o.burst = MAX_BURST;
	int fd = socket(AF_PACKET, SOCK_RAW, htons(VM_FRAME_ETHERTYPE));
	if (fd < 0) {
		rxc_fail("AF_PACKET socket: %s", strerror(errno));
		return 1;
	}
	unsigned ifindex = if_nametoindex(o.ifname);
	if (!ifindex) {
		rxc_fail("no interface %s: %s", o.ifname, strerror(errno));
		return 1;
	}
	long ring = set_ring(fd, o.ifname, o.ring);
	if (ring < 0)
		return 1;
	uint8_t mac[6];
	if (link_up(fd, o.ifname, mac) < 0) {
		rxc_fail("bringing %s up: %s", o.ifname, strerror(errno));
		return 1;
	}
	int rcvbuf = 8 << 20;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(VM_FRAME_ETHERTYPE),
				   .sll_ifindex = (int)ifindex };
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		rxc_fail("binding to %s: %s", o.ifname, strerror(errno));
		return 1;
	}
	const char *module = !strncmp(o.driver, "linux-", 6) ? o.driver + 6 : o.driver;
	rxc_init(&counts);
	printf("E1KP ready driver=%s pmd=%s dpdk=- ring=%ld mac=%02x:%02x:%02x:%02x:%02x:%02x\n", o.driver,
	       module, ring, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	fflush(stdout);

	static struct mmsghdr msgs[MAX_BURST];
	static struct iovec iov[MAX_BURST];
	for (unsigned i = 0; i < MAX_BURST; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	for (;;) {
		if (poll(&pfd, 1, 100) > 0) {
			int nb = recvmmsg(fd, msgs, o.burst, MSG_DONTWAIT, NULL);
			for (int i = 0; i < nb; i++)
				rxc_frame(&counts, bufs[i], msgs[i].msg_len, -1, -1);
		}
		double t = rxc_tick(&counts, 0);
		if (o.seconds && t >= o.seconds)
			break;
	}
	rxc_tick(&counts, 1);
	return 0;
}
