#!/usr/bin/env bash
# qemu-direct-boot.sh - boot the Linux guest payload on bare QEMU virt, without
# the hypervisor, with the device tree cfgc generates for the partition and
# the partition's memory layout: the kernel, initrd and DTB are placed with
# -device loader at the guest addresses of the config, and a tiny boot stub
# (qemu-bootstub.S) enters the kernel with x0 = DTB.  QEMU's -kernel would
# rewrite the DTB's /memory and /chosen instead.
#
# Usage: qemu-direct-boot.sh [gicv3|gicv2] [extra bootargs...]
# Environment:
#   BH_CONFIG      the QEMU virt config (default: default)
#   BH_PART        its Linux partition (default: linux)
#   BH_TIMEOUT     seconds before QEMU is killed (default 120)
#   CROSS_COMPILE  default aarch64-linux-gnu-
#   BH_QEMU_PRINT=1  prepare everything, then print the QEMU command line
#                  NUL-separated on stdout instead of running it (the
#                  system test uses this to run and kill QEMU by its own PID)
# Bootargs: the console ones, "rdinit=/init bh.autopoweroff" and the extra
# ones; the config's own (its bh.probe= targets another partition's RAM,
# which bare QEMU does not fence off) are replaced.
set -euo pipefail

log() { printf 'qemu-direct-boot: %s\n' "$*" >&2; }
die() { printf 'qemu-direct-boot: error: %s\n' "$*" >&2; exit 1; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
config=${BH_CONFIG:-default}
part=${BH_PART:-linux}
cross=${CROSS_COMPILE:-aarch64-linux-gnu-}
gic=${1:-gicv3}
shift || true

case $gic in
    gicv3) gic_version=3 ;;
    gicv2) gic_version=2 ;;
    *) die "unknown GIC variant '$gic' (gicv3 or gicv2)" ;;
esac
for tool in fdtget fdtput; do
    command -v "$tool" >/dev/null || die "missing host tool: $tool (apt-get install device-tree-compiler)"
done

# The guest trees, the kernel and the initramfs, as the build makes them.
build=$repo_root/build/qemu-virt/$config
make -C "$repo_root" --no-print-directory CONFIG="$config" guest-dtbs >&2
dtb=$build/guests/$part.$gic.dtb
[[ -f $dtb ]] || die "no $dtb: is '$part' a partition of configs/qemu-virt/$config.dts?"

# Addresses and blobs from the generated tables: the partition's block of
# config.c, and the FILE_IMAGES of config.mk.
block=$(sed -n "/\\.name = \"$part\",/,/^\t},/p" "$build/gen/config.c")
field() { sed -n "s/.*\\.$1 = CFG_IMAGE(\\([a-z0-9_]*\\), \\(0x[0-9a-f]*\\)).*/\\$2/p" <<<"$block"; }
file_of() { sed -n "s|^FILE_IMAGES += $1:||p" "$build/gen/config.mk"; }
kernel_addr=$(field kernel 2) initrd_addr=$(field initrd 2)
dtb_addr=$(field "dtb_v$gic_version" 2)
image=$repo_root/$(file_of "$(field kernel 1)")
initrd=$repo_root/$(file_of "$(field initrd 1)")
[[ -n $kernel_addr && -n $initrd_addr && -n $dtb_addr ]] ||
    die "partition '$part' has no kernel, initrd and DTB in $build/gen/config.c"
[[ -f $image && -f $initrd ]] || die "no kernel $image or initrd $initrd"
# The stub goes right after the DTB's 64 KiB slot.
stub_addr=$(printf '0x%x' $((dtb_addr + 0x10000)))
smp=$(fdtget -l "$dtb" /cpus | grep -c '^cpu@')

work=$build/direct-boot
mkdir -p "$work"
"${cross}gcc" -nostdlib -nostartfiles -static -Wl,--build-id=none -Wl,-Ttext="$stub_addr" \
    -DKERNEL_ADDR="$kernel_addr" -DDTB_ADDR="$dtb_addr" \
    -o "$work/bootstub.elf" "$script_dir/qemu-bootstub.S"
"${cross}objcopy" -O binary -j .text "$work/bootstub.elf" "$work/bootstub.bin"

cp "$dtb" "$work/guest-$gic.dtb"
bootargs="console=ttyAMA0 earlycon=pl011,0x09000000 rdinit=/init bh.autopoweroff${*:+ $*}"
fdtput -t s "$work/guest-$gic.dtb" /chosen bootargs "$bootargs"

# 1 GiB of QEMU RAM covers 0x40000000-0x7fffffff; the DTB only gives Linux
# the partition's RAM.
qemu=(
    qemu-system-aarch64
    -M "virt,gic-version=$gic_version,virtualization=off,secure=off"
    -cpu cortex-a72 -smp "$smp" -m 1G -nographic -no-reboot -nic none
    -device "loader,file=$image,addr=$kernel_addr,force-raw=on"
    -device "loader,file=$initrd,addr=$initrd_addr,force-raw=on"
    -device "loader,file=$work/guest-$gic.dtb,addr=$dtb_addr,force-raw=on"
    -device "loader,file=$work/bootstub.bin,addr=$stub_addr,force-raw=on,cpu-num=0"
)
if [[ ${BH_QEMU_PRINT:-0} == 1 ]]; then
    printf '%s\0' "${qemu[@]}"
    exit 0
fi
log "booting $config/$part ($gic): Image@$kernel_addr initrd@$initrd_addr dtb@$dtb_addr stub@$stub_addr"
exec timeout --foreground -k 5 "${BH_TIMEOUT:-120}" "${qemu[@]}"
