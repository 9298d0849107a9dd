# QEMU virt: where the image is linked and how QEMU runs it.  The board
# itself is described by dts/qemu-virt.dts.
LOAD_ADDR   := 0x40080000
TEXT_OFFSET := 0x80000
# RAM for the image, pool and stacks: it must lie in the board's
# bulkhead,hypervisor-memory node (tools/cfgcheck checks).
HYP_SIZE    := 0x8000000
BOARD_SRCS  :=
QEMU_CPU    ?= cortex-a72
GIC         ?= 3
QEMU_MACHINE = -M virt,virtualization=on,gic-version=$(GIC) -cpu $(QEMU_CPU) -smp 4 -m 1G -nic none
