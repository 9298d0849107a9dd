// SPDX-License-Identifier: Apache-2.0
/*
 * Bare-metal guest entry, Linux arm64 boot protocol: EL1, MMU off, x0 = DTB
 * or 0.  The code is position independent (PC-relative addressing only), so
 * one binary runs at whatever RAM address its partition gives it.
 */
	.section .text.start, "ax"
	.global _start
_start:
	b	1f
	.long	0
	.quad	0				// text_offset
	.quad	__guest_end - _start		// image_size
	.quad	0xa				// flags: 4 KiB, placement anywhere
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0
1:	mov	x19, x0
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
2:	cmp	x1, x2
	b.hs	3f
	str	xzr, [x1], #8
	b	2b
3:	adrp	x1, guest_stack_top
	add	x1, x1, :lo12:guest_stack_top
	mrs	x2, mpidr_el1
	and	x2, x2, #0xff
	lsl	x2, x2, #14			// 16 KiB per vCPU
	sub	sp, x1, x2
	adrp	x1, guest_vectors
	add	x1, x1, :lo12:guest_vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19
	bl	guest_main
4:	wfi
	b	4b

/* Secondary vCPUs started with PSCI CPU_ON: x0 = context. */
	.global guest_secondary_start
guest_secondary_start:
	mov	x19, x0
	adrp	x1, guest_stack_top
	add	x1, x1, :lo12:guest_stack_top
	mrs	x2, mpidr_el1
	and	x2, x2, #0xff
	lsl	x2, x2, #14
	sub	sp, x1, x2
	adrp	x1, guest_vectors
	add	x1, x1, :lo12:guest_vectors
	msr	vbar_el1, x1
	isb
	mov	x0, x19
	bl	guest_secondary_main
5:	wfi
	b	5b

/* EL1 vectors: every exception goes to guest_exception(kind, frame). */
.macro	vec kind
	.balign	0x80
	sub	sp, sp, #(32 * 8)
	stp	x0, x1, [sp]
	stp	x2, x3, [sp, #16]
	stp	x29, x30, [sp, #(29 * 8)]
	mov	x0, #\kind
	mov	x1, sp
	b	vec_common
.endm

	.balign	0x800
	.global guest_vectors
guest_vectors:
	vec 0
	vec 1
	vec 2
	vec 3
	vec 4
	vec 5
	vec 6
	vec 7
	vec 8
	vec 9
	vec 10
	vec 11
	vec 12
	vec 13
	vec 14
	vec 15

vec_common:
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	str	x18, [sp, #144]
	bl	guest_exception
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldr	x18, [sp, #144]
	ldp	x0, x1, [sp]
	ldp	x2, x3, [sp, #16]
	ldp	x29, x30, [sp, #(29 * 8)]
	add	sp, sp, #(32 * 8)
	eret
