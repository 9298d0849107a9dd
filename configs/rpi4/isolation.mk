# One probe source, built once per forbidden access (see isolation.c).
# The addresses must match isolation.c and plat/rpi4/board.h.
IMAGES := heartbeat probe-ram-w probe-hyp-r probe-dev-w
GUEST_SRC_probe-ram-w := partitions/probe/main.c
GUEST_FLAGS_probe-ram-w := -DPROBE_ADDR=0x08100000UL -DPROBE_WRITE=1 \
	-DPROBE_TARGET='"victim-ram"'
GUEST_SRC_probe-hyp-r := partitions/probe/main.c
GUEST_FLAGS_probe-hyp-r := -DPROBE_ADDR=0x80000UL -DPROBE_WRITE=0 \
	-DPROBE_TARGET='"hypervisor-ram"'
GUEST_SRC_probe-dev-w := partitions/probe/main.c
GUEST_FLAGS_probe-dev-w := -DPROBE_ADDR=0xfe003000UL -DPROBE_WRITE=1 \
	-DPROBE_TARGET='"unassigned-device"'
