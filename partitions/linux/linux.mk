# SPDX-License-Identifier: Apache-2.0
# The Linux guest payload: a Debian arm64 kernel fetched by package name
# (cached under build/downloads) and a busybox initramfs built from Debian's
# busybox-static, one directory per kernel flavour:
#   build/linux/          linux-image-cloud-arm64 (QEMU virt: virtual devices only)
#   build/linux-generic/  linux-image-arm64, the generic kernel with the
#                         BCM2711 drivers (the Raspberry Pi 4 configs)
# Configs name the files (kernel-file, initrd-file); cfgc writes the guest
# device tree.  The initramfs carries the flavour's own watchdog modules.

# linux_flavour_rules DIR FLAVOUR PACKAGE
define linux_flavour_rules
$(1)/Image: partitions/linux/fetch-kernel.sh
	@echo '  FETCH	Debian $(3), busybox-static (arm64)'
	$$(Q)BH_KERNEL_FLAVOUR=$(2) partitions/linux/fetch-kernel.sh $(1)
	@touch $$@

$(1)/initramfs.cpio.gz: partitions/linux/mkinitramfs.sh partitions/linux/init \
		$(1)/Image
	@echo '  INITRD	$$@'
	$$(Q)partitions/linux/mkinitramfs.sh $(1)
endef
$(eval $(call linux_flavour_rules,build/linux,cloud,linux-image-cloud-arm64))
$(eval $(call linux_flavour_rules,build/linux-generic,generic,linux-image-arm64))
