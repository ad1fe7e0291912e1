// SPDX-License-Identifier: GPL-2.0-or-later
/* nic.h - the device models and the driver models as two tables, which
 * driver binds to which device, and one queue type that holds any driver's
 * state. Everything that runs a device against a driver (live, explain,
 * matrix) goes through these rows.
 *
 * src/model/: what every harness runs. Descriptor layouts (desc.h), guest
 * memory and its accessor layer (guest_mem.h), the DMA path and the copy
 * routines (dma.h), the detectors (detect.h), these tables, and the models
 * mirrored from upstream: device/ (QEMU) and driver/ (DPDK, Linux). The
 * harness decides what the accessor layer does. It may use util/ only;
 * device/ and driver/ never include each other. */
#ifndef E1000_POC_NIC_H
#define E1000_POC_NIC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/device/e1000x.h"
#include "model/driver/em.h"
#include "model/driver/igb.h"
#include "model/driver/linux_e1000.h"
#include "model/driver/linux_e1000e.h"
#include "model/driver/linux_igb.h"

enum nic_device_id { NIC_DEV_E1000, NIC_DEV_E1000E, NIC_DEV_IGB, NIC_DEV_COUNT };

struct nic_device {
    const char *name;       /* --device=NAME */
    const char *summary;
    const char *receive_fn; /* the QEMU function it mirrors, for traces */
    ssize_t (*receive)(E1000State *s, size_t size);
    bool (*has_rxbufs)(E1000State *s, size_t size);
};
extern const struct nic_device nic_devices[NIC_DEV_COUNT];

enum nic_driver_id {
    NIC_DRV_DPDK_EM,
    NIC_DRV_DPDK_IGB,
    NIC_DRV_LINUX_E1000,
    NIC_DRV_LINUX_E1000E,
    NIC_DRV_LINUX_IGB,
    NIC_DRV_COUNT
};

/* Any driver's queue state. */
union nic_queue {
    struct em_rx_queue em;
    struct igb_rx_queue igb;
    struct e1000_rx_ring linux_e1000;
    struct e1000_ring linux_e1000e;
    struct igb_ring linux_igb;
};

struct nic_driver {
    const char *name;       /* --driver=NAME */
    const char *summary;
    const char *recv_fn;    /* the function it mirrors, for traces */
    const char *short_name; /* in Observation names, before the workaround: e1000/none/dpdk-em-none/libc */
    enum rx_desc_format format;
    bool polls_length;         /* takes a descriptor when length != 0, not on DD
                                  (linux-igb): nic_desc_ready() */
    bool binds[NIC_DEV_COUNT]; /* devices it drives, as the real one does */
    unsigned ring_min;         /* smallest ring it works with */
    /* Every access, setup's and later ones, goes through as (which must
     * outlive the queue). 0, or -1 out of memory. */
    int (*setup)(union nic_queue *q, const struct gm_as *as, struct gm_region *gm,
                 uint16_t rx_free_thresh, enum em_workaround w);
    void (*reset)(union nic_queue *q);   /* start over, as a port restart */
    void (*release)(union nic_queue *q);
    uint16_t (*recv)(union nic_queue *q, struct nic_pkt *pkts, uint16_t nb_pkts);
    uint16_t (*next)(const union nic_queue *q); /* the descriptor it looks at next */
    /* Upstream's defaults, which the live run uses unless told otherwise. */
    uint16_t rx_free_thresh_default; /* the PMD's default rx_free_thresh (DPDK only) */
    unsigned rx_work_ns_default;     /* per-packet work before the clear or re-arm
                                        (rxwork.h; docs/status-word-race.md says
                                        how each was derived) */
    const char *rx_work_why;         /* what that work is, in a few words */
    void (*set_rx_work)(union nic_queue *q, unsigned ns); /* after setup */
};
extern const struct nic_driver nic_drivers[NIC_DRV_COUNT];

/* Where a driver looks to see that a descriptor is done, and how: DD (bit
 * 0 of the status field's first byte), or a 2-byte length that is not 0. */
struct nic_ready_field {
    size_t off, len;
    bool length; /* ready when the little-endian value != 0, else when DD is set */
};
struct nic_ready_field nic_ready_field(const struct nic_driver *drv);
/* Does the field at desc + r.off say "done"? (Async-signal-safe: the
 * watchpoint's handler asks it.) */
bool nic_ready_field_done(const struct nic_ready_field *r, const volatile uint8_t *desc);
/* Would the driver take this descriptor (16 bytes, as memory holds them)? */
bool nic_desc_ready(const struct nic_driver *drv, const volatile uint8_t *desc);

/* The driver a device gets when none is named: the first that binds. */
enum nic_driver_id nic_default_driver(enum nic_device_id dev);

/* NULL if the pair works, else a sentence saying why not. */
const char *nic_pair_problem(enum nic_device_id dev, enum nic_driver_id drv);

/* NULL if a DPDK driver with this rx_free_thresh keeps a ring of `ring`
 * descriptors going, else a sentence saying why it hangs without any race.
 * The one rule run, matrix and explain all refuse by. */
const char *nic_thresh_problem(unsigned ring, unsigned rx_free_thresh);

#endif
