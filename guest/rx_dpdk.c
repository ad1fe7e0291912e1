// SPDX-License-Identifier: GPL-2.0-or-later
/* rx_dpdk.c - the guest's DPDK receiver: the real em or igb PMD (DPDK's
 * net_e1000 plugin, loaded by the EAL from its plugin folder) drives the
 * emulated NIC in poll mode; every frame rte_eth_rx_burst hands up is
 * checked and counted (rx_count.h).
 *
 *   rx_dpdk [EAL options] -- --driver dpdk-em|dpdk-igb [--ring N] [--burst N] [--seconds N]
 *
 * The descriptor index of a frame is its position in the receive order
 * modulo the ring: the PMD hands descriptors up in ring order from 0, one
 * per frame (our frames fit one buffer). */
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_version.h>

#include "rx_count.h"
#include "rx_opts.h"

#define MAX_BURST 512

static struct rxc counts;

static int setup_port(uint16_t port, const struct rxo *o, struct rte_mempool *pool, unsigned *ring)
{
	struct rte_eth_conf conf;
	memset(&conf, 0, sizeof(conf));
	int rc = rte_eth_dev_configure(port, 1, 1, &conf);
	if (rc < 0) {
		rxc_fail("rte_eth_dev_configure: %s", strerror(-rc));
		return -1;
	}
	uint16_t nrx = (uint16_t)*ring, ntx = 64;
	rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nrx, &ntx);
	if (rc < 0 || nrx != *ring) {
		rxc_fail("the PMD refuses a ring of %u descriptors (nearest it takes: %u)", *ring, nrx);
		return -1;
	}
	rc = rte_eth_rx_queue_setup(port, 0, nrx, (unsigned)rte_eth_dev_socket_id(port), NULL, pool);
	if (rc < 0) {
		rxc_fail("rte_eth_rx_queue_setup ring=%u: %s", nrx, strerror(-rc));
		return -1;
	}
	rc = rte_eth_tx_queue_setup(port, 0, ntx, (unsigned)rte_eth_dev_socket_id(port), NULL);
	if (rc < 0) {
		rxc_fail("rte_eth_tx_queue_setup: %s", strerror(-rc));
		return -1;
	}
	rc = rte_eth_dev_start(port);
	if (rc < 0) {
		rxc_fail("rte_eth_dev_start: %s", strerror(-rc));
		return -1;
	}
	rte_eth_promiscuous_enable(port);
	struct rte_eth_rxq_info qi;
	if (rte_eth_rx_queue_info_get(port, 0, &qi) == 0)
		*ring = qi.nb_desc;
	(void)o;
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	int n = rte_eal_init(argc, argv);
	if (n < 0) {
		rxc_fail("rte_eal_init: %s", rte_strerror(rte_errno));
		return 1;
	}
	struct rxo o;
	if (rxo_parse(&o, argc, argv, n + 1) < 0)
		return 1;
	const char *want = !strcmp(o.driver, "dpdk-igb") ? "net_e1000_igb" : "net_e1000_em";
	if (o.ring == 0)
		o.ring = 32;
	if (o.burst > MAX_BURST)
		o.burst = MAX_BURST;
	if (rte_eth_dev_count_avail() != 1) {
		rxc_fail("no NIC for DPDK: %u ports probed (is the PMD %s in the plugin folder?)",
			 rte_eth_dev_count_avail(), want);
		return 1;
	}
	uint16_t port = 0;
	RTE_ETH_FOREACH_DEV(port)
		break;
	struct rte_eth_dev_info info;
	if (rte_eth_dev_info_get(port, &info) != 0 || strcmp(info.driver_name, want) != 0) {
		rxc_fail("the NIC is driven by %s, not %s", info.driver_name ? info.driver_name : "?", want);
		return 1;
	}
	struct rte_mempool *pool = rte_pktmbuf_pool_create("rx", 4095, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
							   (int)rte_socket_id());
	if (!pool) {
		rxc_fail("rte_pktmbuf_pool_create: %s", rte_strerror(rte_errno));
		return 1;
	}
	unsigned ring = o.ring;
	if (setup_port(port, &o, pool, &ring) < 0)
		return 1;
	struct rte_ether_addr mac;
	rte_eth_macaddr_get(port, &mac);
	const char *ver = rte_version();
	if (!strncmp(ver, "DPDK ", 5))
		ver += 5;
	rxc_init(&counts);
	printf("E1KP ready driver=%s pmd=%s dpdk=%s ring=%u mac=" RTE_ETHER_ADDR_PRT_FMT "\n", o.driver,
	       info.driver_name, ver, ring, RTE_ETHER_ADDR_BYTES(&mac));
	fflush(stdout);

	struct rte_mbuf *pkts[MAX_BURST];
	uint64_t taken = 0;  /* descriptors handed up since start: the next one's index */
	for (;;) {
		uint16_t nb = rte_eth_rx_burst(port, 0, pkts, (uint16_t)o.burst);
		for (uint16_t i = 0; i < nb; i++) {
			struct rte_mbuf *m = pkts[i];
			rxc_frame(&counts, rte_pktmbuf_mtod(m, const uint8_t *), rte_pktmbuf_data_len(m),
				  (long)(taken % ring), (long long)rte_pktmbuf_iova(m));
			taken++;
			rte_pktmbuf_free(m);
		}
		double t = rxc_tick(&counts, 0);
		if (o.seconds && t >= o.seconds)
			break;
	}
	rxc_tick(&counts, 1);
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
	rte_eal_cleanup();
	return 0;
}
