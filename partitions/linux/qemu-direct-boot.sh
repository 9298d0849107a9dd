#!/usr/bin/env bash
# qemu-direct-boot.sh - boot the Linux guest payload on bare QEMU virt using
# the hand-written partition DTB and the partition's memory layout, without
# the hypervisor. Everything is placed with -device loader at the guest
# physical addresses documented in dts/qemu-virt-linux-guest.dtsi, and a tiny
# boot stub (qemu-bootstub.S) enters the kernel with x0 = DTB.
#
# Usage: qemu-direct-boot.sh [gicv3|gicv2] [extra bootargs...]
# Environment:
#   BH_LINUX_OUT   directory with Image and initramfs.cpio.gz (default <repo>/build/linux)
#   BH_TIMEOUT     seconds before QEMU is killed (default 120)
#   CROSS_COMPILE  default aarch64-linux-gnu-
#   BH_QEMU_PRINT=1  prepare everything, then print the QEMU command line
#                  NUL-separated on stdout instead of running it (the
#                  system test uses this to run and kill QEMU by its own PID)
# Bootargs default to the DTS's plus "bh.autopoweroff".
set -euo pipefail

log() { printf 'qemu-direct-boot: %s\n' "$*" >&2; }
die() { printf 'qemu-direct-boot: error: %s\n' "$*" >&2; exit 1; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
out_dir=${BH_LINUX_OUT:-$repo_root/build/linux}
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}
gic=${1:-gicv3}
shift || true

kernel_addr=0x50200000
initrd_addr=0x58000000
dtb_addr=0x5fe00000
stub_addr=0x5ff00000

case $gic in
    gicv3) dts=$repo_root/dts/qemu-virt-linux-guest.dts; gic_version=3 ;;
    gicv2) dts=$repo_root/dts/qemu-virt-linux-guest-gicv2.dts; gic_version=2 ;;
    *) die "unknown GIC variant '$gic' (gicv3 or gicv2)" ;;
esac
image=$out_dir/Image
initrd=$out_dir/initramfs.cpio.gz
[[ -f $image ]] || die "no $image (run fetch-kernel.sh)"
[[ -f $initrd ]] || die "no $initrd (run mkinitramfs.sh)"

work=$out_dir/direct-boot
mkdir -p "$work"
"${cross}gcc" -nostdlib -nostartfiles -static -Wl,--build-id=none -Wl,-Ttext=$stub_addr \
    -DKERNEL_ADDR=$kernel_addr -DDTB_ADDR=$dtb_addr \
    -o "$work/bootstub.elf" "$script_dir/qemu-bootstub.S"
"${cross}objcopy" -O binary -j .text "$work/bootstub.elf" "$work/bootstub.bin"

bootargs="console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init bh.autopoweroff${*:+ $*}"
BH_INITRD_ADDR=$initrd_addr BH_DTB_ADDR=$dtb_addr BH_BOOTARGS=$bootargs \
    "$script_dir/mkdtb.sh" "$dts" "$initrd" "$work/guest-$gic.dtb"

# 1 GiB of QEMU RAM covers 0x40000000-0x7fffffff; the DTB only gives Linux
# the partition's 0x50000000-0x5fffffff.
qemu=(
    qemu-system-aarch64
    -M "virt,gic-version=$gic_version,virtualization=off,secure=off"
    -cpu cortex-a72 -smp 2 -m 1G -nographic -no-reboot -nic none
    -device "loader,file=$image,addr=$kernel_addr,force-raw=on"
    -device "loader,file=$initrd,addr=$initrd_addr,force-raw=on"
    -device "loader,file=$work/guest-$gic.dtb,addr=$dtb_addr,force-raw=on"
    -device "loader,file=$work/bootstub.bin,addr=$stub_addr,force-raw=on,cpu-num=0"
)
if [[ ${BH_QEMU_PRINT:-0} == 1 ]]; then
    printf '%s\0' "${qemu[@]}"
    exit 0
fi
log "booting $gic: Image@$kernel_addr initrd@$initrd_addr dtb@$dtb_addr stub@$stub_addr"
exec timeout --foreground -k 5 "${BH_TIMEOUT:-120}" "${qemu[@]}"
