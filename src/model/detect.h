// SPDX-License-Identifier: GPL-2.0-or-later
/* detect.h - what "reproduced" means, checked on what the driver hands up
 * and on the ring's registers. Shared by the live runner and the tests. */
#ifndef E1000_POC_DETECT_H
#define E1000_POC_DETECT_H

#include <stdbool.h>
#include <stdint.h>

#include "model/driver/em.h"

enum rx_event {
    RX_EV_STALE_ADDR,  /* the device used a buffer other than the one armed */
    RX_EV_DOUBLE,      /* a fill consumed a second time */
    RX_EV_WRONG_FILL,  /* a fill number other than the next one and not a
                          repeat: fills out of order, or a descriptor read
                          before the device finished writing it (torn) */
    RX_EV_HANG,        /* RDH == RDT and nobody can move */
    RX_EV_COUNT
};
#define RX_EV_BIT(e) (1u << (e))

struct rx_event_info {
    const char *name;   /* short, for tables and JSON */
    const char *one;    /* "1 stale buffer address" */
    const char *plural; /* "3 stale buffer addresses" */
};
extern const struct rx_event_info rx_events[RX_EV_COUNT];

/* Checks every packet the driver hands up, in order. */
struct rx_checker {
    uint32_t nb_desc;
    uint64_t *slot_tag;   /* per slot: fill tag last consumed there, + 1 (0 = none yet) */
    uint64_t last_addr;   /* buffer address of the previous packet (seed message) */
    uint32_t expect_tag;  /* fill number the next packet should carry */
    uint64_t consumed;
};

int rx_checker_init(struct rx_checker *c, uint32_t nb_desc); /* 0, or -1 on ENOMEM */
void rx_checker_free(struct rx_checker *c);
/* After the ring was started over: forget every slot; the next packet
 * should carry fill number next_tag. */
void rx_checker_resync(struct rx_checker *c, uint32_t next_tag);

/* What an event line needs besides the packet. */
struct rx_check_detail {
    uint64_t prev_addr;    /* buffer address of the previous packet (seed line) */
    uint32_t expected_tag; /* fill number that was due */
};

/* Check one packet; returns a mask of RX_EV_BIT()s (0 = as expected). */
unsigned rx_check_pkt(struct rx_checker *c, const struct nic_pkt *p, struct rx_check_detail *why);

/* Ring hang: RDH == RDT, so the device sees no free descriptor, while the
 * driver polls a descriptor with DD clear, so it waits for the device. Held
 * with no fill and no consumption for hang_ns while the driver kept polling
 * (so a descheduled or debugger-stopped driver is never called hung). */
struct hang_sample {
    uint64_t now_ns;
    uint32_t rdh, rdt;
    uint16_t driver_next;  /* descriptor the driver polls next */
    bool next_ready;       /* it would take that descriptor (nic_desc_ready) */
    uint64_t fills;        /* descriptors the device has filled */
    uint64_t consumed;     /* descriptors the driver has consumed */
    uint64_t empty_polls;  /* driver polls that found nothing */
};

struct hang_watch {
    bool armed;
    struct hang_sample first; /* when the current stretch began */
};

void hang_watch_reset(struct hang_watch *w);
/* Feed a sample; true once the hang condition has held for hang_ns. */
bool hang_watch_update(struct hang_watch *w, const struct hang_sample *s, uint64_t hang_ns);

#endif
