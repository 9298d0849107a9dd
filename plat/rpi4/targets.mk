# Raspberry Pi 4 targets, pulled in by the top-level Makefile.
#
#   make PLATFORM=rpi4 [CONFIG=c] sdcard   build/rpi4/<c>/sdcard.img (+ .bmap)
#   make PLATFORM=rpi4 [CONFIG=c] run      boot that card under QEMU raspi4b
#
# Downloads (U-Boot, the DTB, the Pi firmware) are cached under
# build/downloads/ by scripts/rpi4/fetch.sh; see docs/boards/rpi4.md.

.PHONY: sdcard rpi4-fetch

# The fetched files have no cheaper freshness test than the stamp fetch.sh
# writes last; delete build/downloads/rpi4 to fetch again.
$(RPI4_DL)/versions.txt:
	@scripts/rpi4/fetch.sh $(RPI4_DL)

$(RPI4_UBOOT) $(RPI4_QEMU_DTB): $(RPI4_DL)/versions.txt

rpi4-fetch: $(RPI4_DL)/versions.txt

$(RPI4_SD): $(BUILD)/bulkhead.bin $(RPI4_DL)/versions.txt \
		scripts/rpi4/mksdcard.sh
	@scripts/rpi4/mksdcard.sh $(BUILD)/bulkhead.bin $(BUILD) $(RPI4_DL)

sdcard: $(RPI4_SD)

# `run` is defined by the Makefile (`run: all`, then QEMU_CMD, which ends in
# `-kernel $(BUILD)/bulkhead.bin $(QEMU_EXTRA)`).  Here it also needs the card,
# and QEMU must start U-Boot instead: QEMU keeps the last -kernel given, so
# QEMU_EXTRA's -kernel wins.  U-Boot needs -dtb (it hangs silently without),
# and the DTB's stdout-path on serial0 puts its console on -nographic's UART.
run: $(RPI4_SD) $(RPI4_UBOOT) $(RPI4_QEMU_DTB)
QEMU_EXTRA += -kernel $(RPI4_UBOOT) -dtb $(RPI4_QEMU_DTB) \
	-drive if=sd,format=raw,file=$(RPI4_SD)
