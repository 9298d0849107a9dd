# `make bench`: rt next to an idle Linux (GICv3 guest device tree).  The
# rt guest skips BENCH_WARMUP periods first, so that Linux has finished
# booting before the recorded window opens.
BENCH_WARMUP ?= 5000
LINUX_DTS ?= qemu-virt-linux-guest
LINUX_BOOTARGS ?= console=ttyAMA0 rdinit=/init quiet $(BENCH_LINUX_ARGS)
include configs/qemu-virt/bench-rt.mk
FILE_IMAGES := linux_kernel:$(LINUX_KERNEL) linux_initrd:$(LINUX_INITRD) \
	linux_dtb:$(BUILD)/$(LINUX_DTS).dtb
