# SPDX-License-Identifier: Apache-2.0
# The Linux guest payload: Debian's arm64 cloud kernel fetched by package
# name (cached under build/downloads) and a busybox initramfs built from
# Debian's busybox-static.  Configs name them (kernel-file, initrd-file);
# cfgc writes the guest device tree.
LINUX_OUT := build/linux
LINUX_KERNEL := $(LINUX_OUT)/Image
LINUX_INITRD := $(LINUX_OUT)/initramfs.cpio.gz

$(LINUX_KERNEL): partitions/linux/fetch-kernel.sh
	@echo '  FETCH	Debian linux-image-cloud-arm64, busybox-static (arm64)'
	$(Q)partitions/linux/fetch-kernel.sh $(LINUX_OUT)
	@touch $@

$(LINUX_INITRD): partitions/linux/mkinitramfs.sh partitions/linux/init \
		$(LINUX_KERNEL)
	@echo '  INITRD	$@'
	$(Q)partitions/linux/mkinitramfs.sh $(LINUX_OUT)
