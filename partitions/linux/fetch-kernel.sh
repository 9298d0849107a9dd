#!/usr/bin/env bash
# fetch-kernel.sh - fetch the Linux guest payload inputs from Debian's archive.
#
# Downloads (for arm64, without touching the host's apt configuration):
#   * linux-image-cloud-arm64  -> resolved to the versioned linux-image-<ver>-cloud-arm64
#     (BH_KERNEL_FLAVOUR=cloud, the default: QEMU virt), or
#     linux-image-arm64        -> linux-image-<ver>-arm64, Debian's generic
#     kernel with the BCM2711 drivers (BH_KERNEL_FLAVOUR=generic: the Pi 4)
#   * busybox-static
# and extracts:
#   <out>/Image          uncompressed arm64 kernel Image (what QEMU -kernel / Bulkhead load)
#   <out>/busybox        static arm64 busybox used by mkinitramfs.sh
#   <out>/config-<ver>   the kernel's build config (for reference)
#   <out>/modules/<ver>/ the kernel modules the initramfs carries:
#                        sbsa_gwdt.ko and, where it is not built in,
#                        watchdog.ko (mkinitramfs.sh)
#   <out>/versions.txt   resolved package names and versions
#
# Usage: fetch-kernel.sh [OUT_DIR]
#   OUT_DIR           default: $BH_LINUX_OUT or <repo>/build/linux
# Environment:
#   BH_KERNEL_FLAVOUR cloud (default) or generic
#   BH_DOWNLOAD_DIR   download cache (default <repo>/build/downloads)
#   BH_APT_REFRESH=1  force 'apt-get update' even if package lists are cached
#
# Idempotent: when the package lists are cached and the .debs are present, no
# network access happens at all.
set -euo pipefail

log() { printf 'fetch-kernel: %s\n' "$*" >&2; }
die() { printf 'fetch-kernel: error: %s\n' "$*" >&2; exit 1; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)

out_dir=${1:-${BH_LINUX_OUT:-$repo_root/build/linux}}
dl_dir=${BH_DOWNLOAD_DIR:-$repo_root/build/downloads}
mkdir -p "$out_dir" "$dl_dir"
# apt resolves relative Dir:: paths against its own roots: make everything absolute.
out_dir=$(cd "$out_dir" && pwd)
dl_dir=$(cd "$dl_dir" && pwd)

for tool in apt-get apt-cache dpkg-deb gzip; do
    command -v "$tool" >/dev/null || die "missing host tool: $tool"
done

apt_dir=$dl_dir/apt
deb_dir=$dl_dir/debs
mkdir -p "$deb_dir"
# shellcheck source=scripts/lib/apt-arm64.sh
. "$(dirname "$0")/../../scripts/lib/apt-arm64.sh"
apt_arm64_init "$apt_dir"   # the host's sources, read only

have_lists() {
    compgen -G "$apt_dir/lists/*_binary-arm64_Packages*" >/dev/null
}

if [[ ${BH_APT_REFRESH:-0} == 1 ]] || ! have_lists; then
    log "updating private arm64 package lists in $apt_dir/lists (network)"
    apt-get "${apt_opts[@]}" -q update >&2
    have_lists || die "apt-get update produced no arm64 package lists"
else
    log "using cached package lists in $apt_dir/lists (set BH_APT_REFRESH=1 to refresh)"
fi


# Resolve the meta package to the versioned image package.
case ${BH_KERNEL_FLAVOUR:-cloud} in
cloud)   meta=linux-image-cloud-arm64 pattern='^linux-image-[0-9].*-cloud-arm64$' ;;
generic) meta=linux-image-arm64 pattern='^linux-image-[0-9][^-]*(-[0-9]+)?-arm64$' ;;
*)       die "BH_KERNEL_FLAVOUR must be cloud or generic, not '$BH_KERNEL_FLAVOUR'" ;;
esac
kpkg=$(apt-cache "${apt_opts[@]}" depends "$meta" 2>/dev/null |
       awk -v re="$pattern" '$1 == "Depends:" && $2 ~ re { print $2; exit }')
[[ -n $kpkg ]] || die "could not resolve $meta to a versioned linux-image package"
kver=$(candidate_version "$kpkg")
[[ -n $kver && $kver != "(none)" ]] || die "no candidate version for $kpkg"
bbpkg=busybox-static
bbver=$(candidate_version "$bbpkg")
[[ -n $bbver && $bbver != "(none)" ]] || die "no candidate version for $bbpkg"
log "resolved $meta -> $kpkg $kver"
log "resolved $bbpkg -> $bbver"

# deb_path PKG VERSION -> the file name apt-get download writes (':' is %3a)
deb_path() { printf '%s/%s_%s_arm64.deb' "$deb_dir" "$1" "${2//:/%3a}"; }

fetch_deb() {
    local pkg=$1 ver=$2 path
    path=$(deb_path "$pkg" "$ver")
    if [[ -s $path ]]; then
        log "cached: $(basename "$path")"
    else
        log "downloading $pkg=$ver (network)"
        (cd "$deb_dir" && apt-get "${apt_opts[@]}" -q download "$pkg=$ver" >&2)
        [[ -s $path ]] || die "download of $pkg=$ver did not produce $path"
    fi
    printf '%s\n' "$path"
}

kdeb=$(fetch_deb "$kpkg" "$kver")
bbdeb=$(fetch_deb "$bbpkg" "$bbver")

# Extract a .deb once into a directory keyed by its file name.
extract_deb() {
    local deb=$1 dir
    dir=$dl_dir/extract/$(basename "$deb" .deb)
    if [[ ! -f $dir/.extracted ]]; then
        log "extracting $(basename "$deb")"
        rm -rf "$dir"
        mkdir -p "$dir"
        dpkg-deb -x "$deb" "$dir"
        touch "$dir/.extracted"
    fi
    printf '%s\n' "$dir"
}

kdir=$(extract_deb "$kdeb")
bbdir=$(extract_deb "$bbdeb")

# Kernel: /boot/vmlinuz-<uname -r>, a gzip-compressed arm64 Image on Debian.
vmlinuz=$(compgen -G "$kdir/boot/vmlinuz-*" | head -n1 || true)
[[ -n $vmlinuz ]] || die "no /boot/vmlinuz-* in $kdeb"
uname_r=${vmlinuz##*/vmlinuz-}

image=$out_dir/Image
stamp=$out_dir/.Image.source
if [[ -s $image && -f $stamp && $(cat "$stamp") == "$(basename "$kdeb")" ]]; then
    log "up to date: $image"
else
    log "writing uncompressed kernel to $image"
    if [[ $(head -c2 "$vmlinuz" | od -An -tx1 | tr -d ' ') == 1f8b ]]; then
        gzip -dc "$vmlinuz" >"$image.tmp"
    else
        cp "$vmlinuz" "$image.tmp"
    fi
    # arm64 Image header: magic "ARM\x64" at offset 0x38.
    magic=$(dd if="$image.tmp" bs=1 skip=56 count=4 status=none | od -An -tx1 | tr -d ' ')
    [[ $magic == 41524d64 ]] || die "$vmlinuz is not an arm64 Image (magic $magic)"
    mv "$image.tmp" "$image"
    printf '%s\n' "$(basename "$kdeb")" >"$stamp"
fi
cp -f "$kdir/boot/config-$uname_r" "$out_dir/config-$uname_r" 2>/dev/null || true

# The modules /init loads for bh.watchdog: the watchdog core (=m in the cloud
# kernel, built in in the generic one: CONFIG_WATCHDOG_CORE=y) and the SBSA
# Generic Watchdog driver (=m in both), plain .ko files
# (CONFIG_MODULE_COMPRESS_NONE).
mod_src=$kdir/lib/modules/$uname_r/kernel/drivers/watchdog
kconfig=$kdir/boot/config-$uname_r
mod_dir=$out_dir/modules/$uname_r
rm -rf "$out_dir/modules"
mkdir -p "$mod_dir"
for mod in watchdog sbsa_gwdt; do
    if [[ -f $mod_src/$mod.ko ]]; then
        cp -f "$mod_src/$mod.ko" "$mod_dir/$mod.ko"
    elif [[ $mod == watchdog ]] && grep -qx 'CONFIG_WATCHDOG_CORE=y' "$kconfig"; then
        log "watchdog core is built into $uname_r"
    else
        die "no $mod.ko in $(basename "$kdeb") (drivers/watchdog)"
    fi
done

bb=$bbdir/bin/busybox
[[ -x $bb ]] || die "no bin/busybox in $bbdeb"
if ! cmp -s "$bb" "$out_dir/busybox"; then
    log "installing $out_dir/busybox"
    cp -f "$bb" "$out_dir/busybox"
    chmod 0755 "$out_dir/busybox"
fi

cat >"$out_dir/versions.txt.tmp" <<VERS
kernel_meta_package=$meta
kernel_package=$kpkg
kernel_package_version=$kver
kernel_release=$uname_r
busybox_package=$bbpkg
busybox_package_version=$bbver
VERS
mv "$out_dir/versions.txt.tmp" "$out_dir/versions.txt"

log "done: $image ($(stat -c %s "$image") bytes), kernel $uname_r, busybox $bbver"
