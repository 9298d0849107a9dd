#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# fetch.sh - fetch what a Raspberry Pi 4 SD card and its QEMU run need from
# Debian's archive, without touching the host's apt configuration.
#
#   u-boot-rpi          -> <out>/u-boot.bin        (rpi_4 build, runs at EL2)
#   linux-image-arm64   -> <out>/bcm2711-rpi-4-b.dtb (the board's device tree)
#   raspi-firmware      -> <out>/firmware/{start4.elf,fixup4.dat,...}
#                          (non-free-firmware; optional, see below)
# and derives
#   <out>/bcm2711-rpi-4-b-qemu.dtb  the DTB with the console on the PL011,
#                          for QEMU -dtb (the stock DT puts U-Boot's console
#                          on the mini-UART, QEMU's serial1)
#   <out>/versions.txt     resolved package names and versions
#
# Usage: fetch.sh [OUT_DIR]       (default <repo>/build/downloads/rpi4)
# Environment:
#   BH_DOWNLOAD_DIR   cache root (default <repo>/build/downloads)
#   BH_APT_REFRESH=1  refresh the package lists even if they are cached
#   BH_RPI4_NO_FIRMWARE=1  do not try to fetch raspi-firmware
#
# The same private-apt approach as partitions/linux/fetch-kernel.sh, but with
# our own sources list: raspi-firmware lives in the non-free-firmware
# component, which the host's sources may not enable.  Once the lists and
# .debs are cached, no network access happens.
set -euo pipefail

log() { printf 'rpi4-fetch: %s\n' "$*" >&2; }
die() { printf 'rpi4-fetch: error: %s\n' "$*" >&2; exit 1; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
dl_root=${BH_DOWNLOAD_DIR:-$repo_root/build/downloads}
out_dir=${1:-$dl_root/rpi4}
mkdir -p "$out_dir" "$dl_root"
# apt resolves relative Dir:: paths against its own roots: use absolute ones.
out_dir=$(cd "$out_dir" && pwd)
dl_root=$(cd "$dl_root" && pwd)

for tool in apt-get apt-cache dpkg-deb fdtput; do
	command -v "$tool" >/dev/null ||
		die "missing host tool: $tool (run scripts/setup.sh)"
done

apt_dir=$dl_root/apt-rpi4
deb_dir=$dl_root/debs
mkdir -p "$apt_dir" "$deb_dir"

# Debian's archive with the component the Pi firmware needs.  The host's own
# sources are ignored (SourceParts points at an empty directory).
suite=${BH_DEBIAN_SUITE:-bookworm}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -r $keyring ]] || die "missing $keyring (package debian-archive-keyring)"
cat >"$apt_dir/sources.list" <<SRC
deb [signed-by=$keyring] http://deb.debian.org/debian $suite main non-free-firmware
deb [signed-by=$keyring] http://deb.debian.org/debian $suite-updates main non-free-firmware
deb [signed-by=$keyring] http://deb.debian.org/debian-security $suite-security main non-free-firmware
SRC

# shellcheck source=scripts/lib/apt-arm64.sh
. "$script_dir/../lib/apt-arm64.sh"
apt_arm64_init "$apt_dir" "$apt_dir/sources.list"

have_lists() {
	compgen -G "$apt_dir/lists/*non-free-firmware_binary-arm64_Packages*" \
		>/dev/null
}

if [[ ${BH_APT_REFRESH:-0} == 1 ]] || ! have_lists; then
	log "updating private arm64 package lists in $apt_dir/lists (network)"
	apt-get "${apt_opts[@]}" -q update >&2 ||
		log "warning: apt-get update failed; using whatever lists exist"
else
	log "using cached package lists (BH_APT_REFRESH=1 refreshes)"
fi


deb_path() { printf '%s/%s_%s_%s.deb' "$deb_dir" "$1" "${2//:/%3a}" "$3"; }

# fetch_deb PKG -> path of the cached .deb (empty output if unavailable)
fetch_deb() {
	local pkg=$1 ver arch path
	ver=$(candidate_version "$pkg")
	[[ -n $ver && $ver != "(none)" ]] || return 0
	for arch in arm64 all; do
		path=$(deb_path "$pkg" "$ver" "$arch")
		if [[ -s $path ]]; then
			log "cached: $(basename "$path")"
			printf '%s\n' "$path"
			return 0
		fi
	done
	log "downloading $pkg=$ver (network)"
	(cd "$deb_dir" && apt-get "${apt_opts[@]}" -q download "$pkg=$ver" >&2) ||
		return 0
	for arch in arm64 all; do
		path=$(deb_path "$pkg" "$ver" "$arch")
		[[ -s $path ]] && { printf '%s\n' "$path"; return 0; }
	done
}

extract_deb() {
	local deb=$1 dir
	dir=$dl_root/extract/$(basename "$deb" .deb)
	if [[ ! -f $dir/.extracted ]]; then
		log "extracting $(basename "$deb")"
		rm -rf "$dir"
		mkdir -p "$dir"
		dpkg-deb -x "$deb" "$dir"
		touch "$dir/.extracted"
	fi
	printf '%s\n' "$dir"
}

# --- U-Boot: the rpi_4 build (rpi_arm64 also works but scans USB first). ---
udeb=$(fetch_deb u-boot-rpi)
[[ -n $udeb ]] || die "could not download u-boot-rpi (arm64)"
udir=$(extract_deb "$udeb")
cp -f "$udir/usr/lib/u-boot/rpi_4/u-boot.bin" "$out_dir/u-boot.bin"

# --- Device tree: Debian ships it in the arm64 kernel package. ---
meta=linux-image-arm64
kpkg=$(apt-cache "${apt_opts[@]}" depends "$meta" 2>/dev/null |
	awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9].*-arm64$/ { print $2; exit }')
[[ -n $kpkg ]] || die "could not resolve $meta to a versioned package"
kdeb=$(fetch_deb "$kpkg")
[[ -n $kdeb ]] || die "could not download $kpkg"
kdir=$(extract_deb "$kdeb")
dtb=$(compgen -G "$kdir/usr/lib/linux-image-*/broadcom/bcm2711-rpi-4-b.dtb" |
	head -n1 || true)
[[ -n $dtb ]] || die "no broadcom/bcm2711-rpi-4-b.dtb in $kdeb"
cp -f "$dtb" "$out_dir/bcm2711-rpi-4-b.dtb"

# QEMU's copy: U-Boot (and so our boot log) on the PL011 = QEMU serial0.
# The SD card keeps the stock DT: on hardware the firmware edits it anyway.
cp -f "$dtb" "$out_dir/bcm2711-rpi-4-b-qemu.dtb.tmp"
fdtput -t s "$out_dir/bcm2711-rpi-4-b-qemu.dtb.tmp" /chosen stdout-path \
	serial0:115200n8
mv "$out_dir/bcm2711-rpi-4-b-qemu.dtb.tmp" "$out_dir/bcm2711-rpi-4-b-qemu.dtb"

# --- Pi firmware (GPU boot loader), only needed on real hardware. ---
fwver="(not fetched)"
if [[ ${BH_RPI4_NO_FIRMWARE:-0} != 1 ]]; then
	fdeb=$(fetch_deb raspi-firmware)
	if [[ -n $fdeb ]]; then
		fdir=$(extract_deb "$fdeb")
		mkdir -p "$out_dir/firmware"
		for f in start4.elf fixup4.dat; do
			src=$(find "$fdir" -name "$f" -print -quit)
			[[ -n $src ]] && cp -f "$src" "$out_dir/firmware/$f"
		done
		fwver=$(basename "$fdeb" .deb)
	else
		log "warning: raspi-firmware (non-free-firmware) is not available;"
		log "the SD image will lack start4.elf and fixup4.dat (QEMU does not need them)"
	fi
fi

cat >"$out_dir/versions.txt" <<VERS
u_boot=$(basename "$udeb" .deb)
dtb_from=$(basename "$kdeb" .deb)
raspi_firmware=$fwver
VERS
log "done: $out_dir ($(tr '\n' ' ' <"$out_dir/versions.txt"))"
