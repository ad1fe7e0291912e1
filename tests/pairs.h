// SPDX-License-Identifier: GPL-2.0-or-later
/* pairs.h - the device/driver pairs that bind, stated here as the tests'
 * own list (as the real drivers bind), not derived from nic.c's binds[]:
 * a table the tests walk, and a check on that table. */
#ifndef E1000_POC_TEST_PAIRS_H
#define E1000_POC_TEST_PAIRS_H

#include "model/nic.h"

static const struct {
    enum nic_device_id dev;
    enum nic_driver_id drv;
} pairs[] = {
    {NIC_DEV_E1000, NIC_DRV_DPDK_EM},      {NIC_DEV_E1000, NIC_DRV_LINUX_E1000},
    {NIC_DEV_E1000E, NIC_DRV_DPDK_EM},     {NIC_DEV_E1000E, NIC_DRV_LINUX_E1000E},
    {NIC_DEV_IGB, NIC_DRV_DPDK_IGB},       {NIC_DEV_IGB, NIC_DRV_LINUX_IGB},
};
#define NPAIRS (sizeof(pairs) / sizeof(pairs[0]))

#endif
