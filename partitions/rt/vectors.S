// SPDX-License-Identifier: Apache-2.0
/*
 * EL1 vector table of the real-time guest.  Only "IRQ, current EL with
 * SP_ELx" (offset 0x280; Arm ARM DDI 0487, "Vector offsets from vector table
 * base address") has its own handler; every other slot branches to the
 * same slot of the runtime's guest_vectors, which reports and halts.
 *
 * The IRQ entry reads CNTVCT_EL0 as its second instruction, so the
 * lateness the guest measures is timer deadline -> first instructions of
 * the handler, before any C code.  Exception entry is itself context
 * synchronizing (Arm ARM, "Context
 * synchronization event"), so no ISB is needed to
 * keep the counter read from being taken early.
 *
 * Position independent: branches only, and VBAR_EL1 is set from adrp.
 */
	.text

/* Relay one slot to the runtime's table. */
.macro	relay n
	.balign	0x80
	b	guest_vectors + (\n * 0x80)
.endm

	.balign	0x800
	.global rt_vectors
rt_vectors:
	relay 0				// current EL, SP_EL0
	relay 1
	relay 2
	relay 3
	relay 4				// current EL, SP_ELx: synchronous
	.balign	0x80			// current EL, SP_ELx: IRQ
	b	rt_irq_entry
	relay 6
	relay 7
	relay 8				// lower EL, AArch64
	relay 9
	relay 10
	relay 11
	relay 12			// lower EL, AArch32
	relay 13
	relay 14
	relay 15

/*
 * Save the registers the AAPCS64 lets a C function clobber (x0-x18, x29,
 * x30; AAPCS64, "General-purpose
 * registers"), call rt_irq(counter at entry), restore, eret.
 * IRQs stay masked (PSTATE.I set on entry) so there is no nesting and
 * ELR_EL1/SPSR_EL1 need no saving.  176 bytes keeps SP 16-byte aligned.
 */
rt_irq_entry:
	stp	x0, x1, [sp, #-176]!
	mrs	x0, cntvct_el0
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	str	x30, [sp, #160]
	bl	rt_irq
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	ldr	x30, [sp, #160]
	ldp	x0, x1, [sp], #176
	eret

	.section .note.GNU-stack, "", %progbits
