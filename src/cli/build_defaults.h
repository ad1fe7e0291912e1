// SPDX-License-Identifier: GPL-2.0-or-later
/* build_defaults.h - defaults chosen by make's build switches
 * (WITH_QEMU_PATCH / WITH_PATCH, WITH_DPDK_PATCH, RX_DESC_NUM). Runtime
 * options override them. */
#ifndef E1000_POC_BUILD_DEFAULTS_H
#define E1000_POC_BUILD_DEFAULTS_H

#include "model/device/e1000.h"
#include "model/driver/em.h"

struct build_defaults {
    enum e1000_fix qemu_fix;
    enum em_workaround dpdk_fix;
    unsigned ring;
    const char *switches; /* the switches given, e.g. "WITH_QEMU_PATCH=1", or "" */
};

extern const struct build_defaults build_defaults;

#endif
