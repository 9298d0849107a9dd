# Linux (GICv3 guest device tree) + real-time; see default.c.
IMAGES := rt
LINUX_DTS ?= qemu-virt-linux-guest
LINUX_BOOTARGS ?= console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init \
	bh.probe=0x48100000
FILE_IMAGES := linux_kernel:$(LINUX_KERNEL) linux_initrd:$(LINUX_INITRD) \
	linux_dtb:$(BUILD)/$(LINUX_DTS).dtb
# The real-time guest: 10 ms virtual-timer periods (a miss is > 5 ms late,
# robust against host noise under TCG; `make bench` measures finer under
# icount), a report every second.
GUEST_SRC_rt := partitions/rt/main.c partitions/rt/gic.c partitions/rt/vectors.S
GUEST_FLAGS_rt := -DRT_PERIOD_US=10000 -DRT_REPORT_EVERY=100
