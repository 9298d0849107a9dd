// SPDX-License-Identifier: Apache-2.0
/* `make bench`: the default system's tables (rt on core 0, Linux on cores
 * 1-2); the .mk files choose the guest device tree and command line. */
#include "default.c"
