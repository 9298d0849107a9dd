// SPDX-License-Identifier: Apache-2.0
/* The default system for a GICv2 board (QEMU virt gic-version=2): the same
 * tables; only the guest device tree differs (see linux-gicv2.mk). */
#include "default.c"
