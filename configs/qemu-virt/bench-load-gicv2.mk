# As bench-load.mk, with the GICv2 guest device tree.
LINUX_DTS := qemu-virt-linux-guest-gicv2
include configs/qemu-virt/bench-load.mk
