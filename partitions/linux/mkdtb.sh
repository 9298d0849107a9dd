#!/usr/bin/env bash
# mkdtb.sh - compile a Linux guest device tree and patch in the initrd range.
#
# Usage: mkdtb.sh <dts> <initrd> <out.dtb>
#   <dts>      e.g. dts/qemu-virt-linux-guest.dts (may #include .dtsi files
#              from its own directory; preprocessed with cpp)
#   <initrd>   the initramfs that will be loaded at the initrd base address;
#              only its size is used. "-" or "none" removes the initrd
#              properties instead.
#   <out.dtb>  output
# Environment:
#   BH_INITRD_ADDR  guest physical load address of the initrd (default: the
#                   placeholder linux,initrd-start in the DTS, 0x58000000)
#   BH_DTB_ADDR     guest physical address of the DTB (default 0x5fe00000),
#                   only used to check that the initrd does not overlap it
#   BH_BOOTARGS     if set, replaces /chosen/bootargs
set -euo pipefail

log() { printf 'mkdtb: %s\n' "$*" >&2; }
die() { printf 'mkdtb: error: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 3 ]] || { sed -n '2,19p' "$0" >&2; exit 2; }
dts=$1 initrd=$2 out=$3
[[ -f $dts ]] || die "no such DTS: $dts"
for tool in cpp dtc fdtput fdtget; do
    command -v "$tool" >/dev/null || die "missing host tool: $tool (apt-get install cpp device-tree-compiler)"
done

dts_dir=$(cd "$(dirname "$dts")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

log "compiling $dts"
cpp -nostdinc -undef -x assembler-with-cpp -P -I "$dts_dir" "$dts" -o "$tmp/guest.dts"
dtc -q -I dts -O dtb -i "$dts_dir" -o "$tmp/guest.dtb" "$tmp/guest.dts"

if [[ $initrd == - || $initrd == none ]]; then
    log "no initrd: removing linux,initrd-start/end"
    fdtput -d "$tmp/guest.dtb" /chosen linux,initrd-start 2>/dev/null || true
    fdtput -d "$tmp/guest.dtb" /chosen linux,initrd-end 2>/dev/null || true
else
    [[ -f $initrd ]] || die "no such initrd: $initrd"
    if [[ -n ${BH_INITRD_ADDR:-} ]]; then
        start=$((BH_INITRD_ADDR))
    else
        # Placeholder from the DTS: two 32-bit cells, high then low.
        read -r hi lo < <(fdtget -t u "$tmp/guest.dtb" /chosen linux,initrd-start)
        start=$(( (hi << 32) | lo ))
    fi
    size=$(stat -c %s "$initrd")
    end=$((start + size))
    dtb_addr=$((${BH_DTB_ADDR:-0x5fe00000}))
    if (( start < dtb_addr && end > dtb_addr )); then
        die "initrd $(printf '0x%x-0x%x' "$start" "$end") overlaps the DTB at $(printf '0x%x' "$dtb_addr")"
    fi
    log "$(printf 'initrd %s: 0x%x-0x%x (%d bytes)' "$initrd" "$start" "$end" "$size")"
    fdtput -t x "$tmp/guest.dtb" /chosen linux,initrd-start \
        "$(printf '0x%x' $((start >> 32)))" "$(printf '0x%x' $((start & 0xffffffff)))"
    fdtput -t x "$tmp/guest.dtb" /chosen linux,initrd-end \
        "$(printf '0x%x' $((end >> 32)))" "$(printf '0x%x' $((end & 0xffffffff)))"
fi

if [[ -n ${BH_BOOTARGS:-} ]]; then
    log "bootargs: $BH_BOOTARGS"
    fdtput -t s "$tmp/guest.dtb" /chosen bootargs "$BH_BOOTARGS"
fi

size=$(stat -c %s "$tmp/guest.dtb")
(( size <= 2 * 1024 * 1024 )) || die "DTB is $size bytes, the arm64 boot protocol allows at most 2 MiB"
mkdir -p "$(dirname "$out")"
cp "$tmp/guest.dtb" "$out.tmp"
mv "$out.tmp" "$out"
log "done: $out ($size bytes)"
