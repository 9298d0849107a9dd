# QEMU virt: where the image is linked and how QEMU runs it.
LOAD_ADDR   := 0x40080000
TEXT_OFFSET := 0x80000
# Must match hyp_size in board.c: RAM reserved for the image, pool, stacks.
HYP_SIZE    := 0x8000000
BOARD_SRCS  := plat/qemu-virt/board.c
QEMU_CPU    ?= cortex-a72
GIC         ?= 3
QEMU_MACHINE = -M virt,virtualization=on,gic-version=$(GIC) -cpu $(QEMU_CPU) -smp 4 -m 1G -nic none
