/* SPDX-License-Identifier: MIT */
/*
 * Minimal arm64 Linux boot stub for QEMU, used only to test the guest
 * payload without the hypervisor but with the exact partition memory layout
 * (qemu-direct-boot.sh): QEMU's -kernel would rewrite the DTB's /memory and
 * /chosen, and would place the kernel and initrd where it likes.
 *
 * Follows the arm64 boot protocol (Documentation/arm64/booting.rst):
 * x0 = DTB physical address, x1 = x2 = x3 = 0, MMU off, then jump to the
 * start of the Image. Secondary CPUs stay powered off until Linux starts
 * them via PSCI CPU_ON (QEMU's built-in PSCI, HVC conduit).
 */
#ifndef KERNEL_ADDR
#define KERNEL_ADDR 0x50200000
#endif
#ifndef DTB_ADDR
#define DTB_ADDR 0x5fe00000
#endif

	.text
	.globl	_start
_start:
	ldr	x0, dtb_addr
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	ldr	x4, kernel_addr
	br	x4

	.balign	8
dtb_addr:
	.quad	DTB_ADDR
kernel_addr:
	.quad	KERNEL_ADDR
