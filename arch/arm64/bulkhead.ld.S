/* SPDX-License-Identifier: Apache-2.0 */
/* Link map of the hypervisor image; LOAD_ADDR comes from the platform. */
OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_head)

SECTIONS
{
	. = LOAD_ADDR;
	__image_start = .;
	.text : {
		KEEP(*(.text.head))
		*(.text .text.*)
	}
	. = ALIGN(4096);
	.rodata : {
		*(.rodata .rodata.*)
		. = ALIGN(4096);
		*(.images)
	}
	. = ALIGN(4096);
	.data : { *(.data .data.*) }
	. = ALIGN(16);
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.*) *(COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	. = ALIGN(4096);
	__image_end = .;
	__image_size = __image_end - __image_start;
	ASSERT(__image_size <= HYP_SIZE - TEXT_OFFSET,
	       "the hypervisor image (with its guest images) outgrows the board's hypervisor region")
	/DISCARD/ : { *(.eh_frame*) *(.comment) *(.note*) }
}
