// SPDX-License-Identifier: Apache-2.0
/*
 * EL2 exception vectors (Arm ARM D1.3.1, table "Vector offsets from vector
 * table base address").  Every one of the 16 slots reports:
 *
 *   0x000 current EL, SP_EL0     -> hypervisor bug, panic
 *   0x200 current EL, SP_EL2     -> hypervisor bug, panic
 *   0x400 lower EL, AArch64      -> guest trap: sync, IRQ, FIQ, SError
 *   0x600 lower EL, AArch32      -> guest trap: contained
 *
 * Synchronous and SError guest entries save x0-x30, ELR and SPSR into the
 * running vCPU (TPIDR_EL2 points at it; regs are at offset VCPU_REGS == 0),
 * call a C handler with x0 = vCPU and restore the same vCPU on return:
 * their handlers read and write any guest register (MMIO emulation,
 * hypercalls, fault dumps, injection).
 *
 * IRQ and FIQ entries save only what a C call may clobber (AAPCS64: x0-x17,
 * x29 which we zero to end backtraces, x30; the hypervisor is built with
 * -ffixed-x18 and never touches x18): their handlers never look at
 * guest registers, and the callee-saved x19-x28 come back untouched.  They
 * run on every interrupt a trap-mode guest gets, which makes the saving
 * worth it (docs/realtime.md).  An interrupt handler that does not return
 * (the partition stops or restarts) never resumes this guest context.
 */
#include "asm-offsets.h"

.if VCPU_REGS != 0
.error "struct vcpu: regs must be the first member"
.endif

/* One 128-byte slot; fails to assemble if the code outgrows it. */
.macro	slot label
	.balign	0x80
\label:
.endm
.macro	slot_end label
	.if (. - \label) > 0x80
	.error "vector slot \label is larger than 0x80 bytes"
	.endif
.endm

.macro	guest_slot label, handler
	slot	\label
	stp	x0, x1, [sp, #-16]!
	adr	x1, \handler
	b	guest_entry
	slot_end \label
.endm

.macro	guest_irq_slot label, handler
	slot	\label
	stp	x0, x1, [sp, #-16]!
	adr	x1, \handler
	b	guest_irq_entry
	slot_end \label
.endm

.macro	hyp_slot label, kind
	slot	\label
	sub	sp, sp, #(34 * 8)
	stp	x0, x1, [sp, #(0 * 8)]
	mov	x1, #\kind
	b	hyp_entry
	slot_end \label
.endm

/* x2-x17 of the guest to or from its vCPU (x0 = vCPU): what both entry
 * paths save. */
.macro	save_x2_x17
	stp	x2, x3, [x0, #(REGS_X0 + 2 * 8)]
	stp	x4, x5, [x0, #(REGS_X0 + 4 * 8)]
	stp	x6, x7, [x0, #(REGS_X0 + 6 * 8)]
	stp	x8, x9, [x0, #(REGS_X0 + 8 * 8)]
	stp	x10, x11, [x0, #(REGS_X0 + 10 * 8)]
	stp	x12, x13, [x0, #(REGS_X0 + 12 * 8)]
	stp	x14, x15, [x0, #(REGS_X0 + 14 * 8)]
	stp	x16, x17, [x0, #(REGS_X0 + 16 * 8)]
.endm
.macro	restore_x2_x17
	ldp	x2, x3, [x0, #(REGS_X0 + 2 * 8)]
	ldp	x4, x5, [x0, #(REGS_X0 + 4 * 8)]
	ldp	x6, x7, [x0, #(REGS_X0 + 6 * 8)]
	ldp	x8, x9, [x0, #(REGS_X0 + 8 * 8)]
	ldp	x10, x11, [x0, #(REGS_X0 + 10 * 8)]
	ldp	x12, x13, [x0, #(REGS_X0 + 12 * 8)]
	ldp	x14, x15, [x0, #(REGS_X0 + 14 * 8)]
	ldp	x16, x17, [x0, #(REGS_X0 + 16 * 8)]
.endm

	.text
	.balign	0x800
	.global vectors
vectors:
	hyp_slot	v_sp0_sync, 0
	hyp_slot	v_sp0_irq, 1
	hyp_slot	v_sp0_fiq, 2
	hyp_slot	v_sp0_serror, 3
	hyp_slot	v_spx_sync, 4
	hyp_slot	v_spx_irq, 5
	hyp_slot	v_spx_fiq, 6
	hyp_slot	v_spx_serror, 7
	guest_slot	v_a64_sync, arch_trap_sync
	guest_irq_slot	v_a64_irq, arch_trap_irq
	guest_irq_slot	v_a64_fiq, arch_trap_fiq
	guest_slot	v_a64_serror, arch_trap_serror
	guest_slot	v_a32_sync, arch_trap_aarch32
	guest_irq_slot	v_a32_irq, arch_trap_irq
	guest_irq_slot	v_a32_fiq, arch_trap_fiq
	guest_slot	v_a32_serror, arch_trap_serror

/* x1 = C handler; guest x0/x1 are on the stack. */
guest_entry:
	mrs	x0, tpidr_el2
	save_x2_x17
	stp	x18, x19, [x0, #(REGS_X0 + 18 * 8)]
	stp	x20, x21, [x0, #(REGS_X0 + 20 * 8)]
	stp	x22, x23, [x0, #(REGS_X0 + 22 * 8)]
	stp	x24, x25, [x0, #(REGS_X0 + 24 * 8)]
	stp	x26, x27, [x0, #(REGS_X0 + 26 * 8)]
	stp	x28, x29, [x0, #(REGS_X0 + 28 * 8)]
	str	x30, [x0, #REGS_X30]
	mov	x19, x1
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #REGS_X0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #REGS_ELR]
	mov	x29, xzr			// ends the backtrace
	blr	x19
	/* fall through: resume the vCPU */

	.global vcpu_restore
vcpu_restore:
	mrs	x0, tpidr_el2
	ldp	x2, x3, [x0, #REGS_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	restore_x2_x17
	ldp	x18, x19, [x0, #(REGS_X0 + 18 * 8)]
	ldp	x20, x21, [x0, #(REGS_X0 + 20 * 8)]
	ldp	x22, x23, [x0, #(REGS_X0 + 22 * 8)]
	ldp	x24, x25, [x0, #(REGS_X0 + 24 * 8)]
	ldp	x26, x27, [x0, #(REGS_X0 + 26 * 8)]
	ldp	x28, x29, [x0, #(REGS_X0 + 28 * 8)]
	ldr	x30, [x0, #REGS_X30]
	ldp	x0, x1, [x0, #REGS_X0]
	eret
	dsb	nsh
	isb

/* x1 = C handler; guest x0/x1 are on the stack.  Caller-saved registers
 * only (see the top of this file). */
guest_irq_entry:
	mrs	x0, tpidr_el2
	save_x2_x17
	stp	x29, x30, [x0, #(REGS_X0 + 29 * 8)]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #REGS_X0]
	mov	x29, xzr			// ends the backtrace
	blr	x1
	mrs	x0, tpidr_el2
	restore_x2_x17
	ldp	x29, x30, [x0, #(REGS_X0 + 29 * 8)]
	ldp	x0, x1, [x0, #REGS_X0]
	eret
	dsb	nsh
	isb

/* First entry into a vCPU: x0 = vCPU (== its regs), x1 = empty stack top. */
	.global vcpu_eret
vcpu_eret:
	mov	sp, x1
	msr	tpidr_el2, x0
	b	vcpu_restore

/* x1 = kind; x0/x1 saved at the bottom of a 34-slot frame. */
hyp_entry:
	stp	x2, x3, [sp, #(2 * 8)]
	stp	x4, x5, [sp, #(4 * 8)]
	stp	x6, x7, [sp, #(6 * 8)]
	stp	x8, x9, [sp, #(8 * 8)]
	stp	x10, x11, [sp, #(10 * 8)]
	stp	x12, x13, [sp, #(12 * 8)]
	stp	x14, x15, [sp, #(14 * 8)]
	stp	x16, x17, [sp, #(16 * 8)]
	stp	x18, x19, [sp, #(18 * 8)]
	stp	x20, x21, [sp, #(20 * 8)]
	stp	x22, x23, [sp, #(22 * 8)]
	stp	x24, x25, [sp, #(24 * 8)]
	stp	x26, x27, [sp, #(26 * 8)]
	stp	x28, x29, [sp, #(28 * 8)]
	add	x2, sp, #(34 * 8)
	stp	x30, x2, [sp, #(30 * 8)]	// lr, sp before the exception
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [sp, #(32 * 8)]
	mov	x0, sp
	bl	arch_hyp_exception		// never returns
	b	.
