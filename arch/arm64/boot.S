// SPDX-License-Identifier: Apache-2.0
/*
 * Entry.  The image starts with the arm64 Linux Image header (Linux
 * Documentation/arch/arm64/booting.rst) so that QEMU -kernel and U-Boot booti
 * hand over exactly as firmware does to Linux: x0 = DTB, MMU off, at EL2.
 */
#include "asm-offsets.h"

#define CFG_MAX_CPUS_ASM 8			// CFG_MAX_CPUS in bulkhead/config.h

	.section .text.head, "ax"
	.global _head
_head:
	b	entry				// code0
	.long	0				// code1
	.quad	TEXT_OFFSET			// text_offset
	.quad	__image_size			// image_size
	.quad	0x2				// flags: LE, 4 KiB pages, bit 3 clear
	.quad	0, 0, 0				// res2-res4
	.ascii	"ARM\x64"			// magic
	.long	0				// res5

	.text
/* x0 = DTB from the boot loader; the other cores are held by firmware. */
entry:
	mov	x19, x0
	mrs	x1, CurrentEL
	ubfx	x1, x1, #2, #2
	adrp	x2, hyp_stacks
	add	x2, x2, :lo12:hyp_stacks
	add	x2, x2, #HYP_STACK_SIZE
	mov	sp, x2
	cmp	x1, #2
	b.ne	wrong_el
	bl	el2_setup
	/* Zero .bss (8-byte aligned by the linker script). */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	mov	x0, x19
	bl	boot_main
	b	.				// boot_main never returns

/*
 * Not at EL2: say so on the UART (no MMU needed) and stop.  A loader that
 * starts every core at the entry point (QEMU's for an ELF, say) sends all
 * of them here on one stack: only the core with affinity 0 (MPIDR Aff3
 * [39:32], Aff2-Aff0 [23:0]; the boot core of both boards) speaks, the
 * others stop at once.
 */
wrong_el:
	mrs	x2, mpidr_el1
	ubfx	x3, x2, #0, #24
	ubfx	x4, x2, #32, #8
	orr	x3, x3, x4
	cbnz	x3, 3f
	mov	x0, x1
	bl	boot_wrong_el
3:	wfe
	b	3b

/*
 * Secondary cores arrive here at EL2, MMU off, from PSCI CPU_ON (x0 = the
 * context we passed: the core index) or from a spin-table release.
 */
	.global secondary_entry
secondary_entry:
	b	secondary_start

/*
 * Spin-table release (Raspberry Pi 4): firmware branches here with x0-x3 = 0
 * (Linux booting.rst), so the core index cannot come in x0.  Find our MPIDR
 * in spin_mpidr[], which arch_cpu_start() filled and cleaned to the point
 * of coherency before the release (the MMU is still off here).  A core that
 * is not listed parks.
 */
	.global secondary_entry_spin
secondary_entry_spin:
	mrs	x0, mpidr_el1
	ldr	x1, =0xff00ffffff		// Aff3..Aff0
	and	x0, x0, x1
	adrp	x1, spin_mpidr
	add	x1, x1, :lo12:spin_mpidr
	mov	x2, #0
4:	ldr	x3, [x1, x2, lsl #3]
	cmp	x3, x0
	b.eq	5f
	add	x2, x2, #1
	cmp	x2, #CFG_MAX_CPUS_ASM
	b.lo	4b
6:	wfe
	b	6b
5:	mov	x0, x2
secondary_start:
	mov	x19, x0
	bl	el2_setup
	adrp	x2, hyp_stacks
	add	x2, x2, :lo12:hyp_stacks
	mov	x3, #HYP_STACK_SIZE
	madd	x2, x19, x3, x2
	add	sp, x2, x3
	mov	x0, x19
	bl	boot_secondary
	b	.

/* Vectors first, so that anything from here on is reported, then a known
 * SCTLR_EL2 (MMU and caches off, alignment checks on). */
el2_setup:
	adrp	x2, vectors
	add	x2, x2, :lo12:vectors
	msr	vbar_el2, x2
	ldr	x2, =0x30c5083a			// SCTLR_EL2 RES1 | A | SA
	msr	sctlr_el2, x2
	isb
	ret

	.bss
	.balign	16
	.global hyp_stacks
hyp_stacks:
	.space	HYP_STACK_SIZE * 8
