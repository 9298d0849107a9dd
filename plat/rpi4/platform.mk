# Raspberry Pi 4 Model B (BCM2711).  See docs/boards/rpi4.md; the board
# itself is described by dts/rpi4.dts.
#
# The image is linked at 0x80000: where the Pi firmware, QEMU -kernel and
# U-Boot booti all place an arm64 Image (text_offset 0x80000 from the 2 MiB
# aligned RAM base at 0).  0x0-0x1000 stays free for the spin table.
LOAD_ADDR   := 0x80000
TEXT_OFFSET := 0x80000
# RAM for the image, pool and stacks: it must lie in the board's
# bulkhead,hypervisor-memory node (tools/cfgcheck checks).
HYP_SIZE    := 0x8000000
BOARD_SRCS  :=
# Bare-metal guests print through their virtual PL011, seen at the same
# address as the board's uart0.
GUEST_UART  := 0xfe201000UL

# `make PLATFORM=rpi4 run` boots the SD card image through U-Boot, exactly as
# the CI test does (targets.mk builds the image and the QEMU DTB).  The
# default system (Linux + rt) uses all four cores and needs multi-threaded
# TCG (single-threaded, the Linux boot CPU stalls in its first broadcast
# TLB invalidation loop).  A config that leaves cores in QEMU's spin-table
# stub (CONFIG=pair) runs better with RPI4_TCG_THREAD=single: those cores
# spin in wfe and would starve a small host (docs/boards/rpi4.md).  The
# generic `run` rule appends
# `-kernel $(BUILD)/bulkhead.bin`; targets.mk overrides `run` for this
# platform, so QEMU_CMD below is what actually runs.
RPI4_DL      ?= build/downloads/rpi4
RPI4_SD      = $(BUILD)/sdcard.img
RPI4_UBOOT   = $(RPI4_DL)/u-boot.bin
RPI4_QEMU_DTB = $(RPI4_DL)/bcm2711-rpi-4-b-qemu.dtb
RPI4_TCG_THREAD ?= multi
QEMU_MACHINE = -M raspi4b -accel tcg,thread=$(RPI4_TCG_THREAD)
