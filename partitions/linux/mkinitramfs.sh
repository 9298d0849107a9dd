#!/usr/bin/env bash
# mkinitramfs.sh - build the Linux guest initramfs (gzip'd newc cpio).
#
# Usage: mkinitramfs.sh [OUT_DIR]
#   OUT_DIR     default: $BH_LINUX_OUT or <repo>/build/linux
#               reads  OUT_DIR/busybox (from fetch-kernel.sh, or $BUSYBOX),
#                      OUT_DIR/versions.txt and OUT_DIR/modules/<kernel>/
#                      (sbsa_gwdt.ko and maybe watchdog.ko, from
#                      fetch-kernel.sh)
#               writes OUT_DIR/initramfs.cpio.gz
# Environment:
#   BUSYBOX            path of a static arm64 busybox (default OUT_DIR/busybox)
#   SOURCE_DATE_EPOCH  timestamp stored in the archive (default 0), so the
#                      output is byte-for-byte reproducible
#
# Must run as root (device nodes are created with mknod); no fakeroot needed.
set -euo pipefail

log() { printf 'mkinitramfs: %s\n' "$*" >&2; }
die() { printf 'mkinitramfs: error: %s\n' "$*" >&2; exit 1; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
out_dir=${1:-${BH_LINUX_OUT:-$repo_root/build/linux}}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
busybox=${BUSYBOX:-$out_dir/busybox}
init_src=$script_dir/init
epoch=${SOURCE_DATE_EPOCH:-0}
out=$out_dir/initramfs.cpio.gz

[[ $(id -u) == 0 ]] || die "must run as root (mknod)"
[[ -f $busybox ]] || die "no busybox at $busybox (run fetch-kernel.sh first or set BUSYBOX)"
[[ -f $init_src ]] || die "no init script at $init_src"
kver=$(sed -n 's/^kernel_release=//p' "$out_dir/versions.txt" 2>/dev/null || true)
mod_src=$out_dir/modules/$kver
# /init loads them in this order; watchdog.ko is absent where the kernel
# has the watchdog core built in (fetch-kernel.sh checked that).
modules=()
for mod in watchdog.ko sbsa_gwdt.ko; do
    [[ -n $kver && -f $mod_src/$mod ]] && modules+=("$mod")
done
[[ -f $mod_src/sbsa_gwdt.ko ]] ||
    die "no sbsa_gwdt.ko in $mod_src (run fetch-kernel.sh first)"

for tool in cpio gzip mknod find sort; do
    command -v "$tool" >/dev/null || die "missing host tool: $tool"
done

root=$(mktemp -d "$out_dir/initramfs-root.XXXXXX")
trap 'rm -rf "$root"' EXIT
log "staging in $root"

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,root,etc}
chmod 1777 "$root/tmp"
install -m 0755 "$busybox" "$root/bin/busybox"
install -m 0755 "$init_src" "$root/init"
# Modules for bh.watchdog, where /init looks for them (busybox insmod).
mkdir -p "$root/lib/modules/$kver"
for mod in "${modules[@]}"; do
    install -m 0644 "$mod_src/$mod" "$root/lib/modules/$kver/$mod"
done

# Applets /init needs before it can run 'busybox --install' (which needs /proc);
# everything else is linked at boot time.
for applet in sh mount mkdir cat; do
    ln -s busybox "$root/bin/$applet"
done

# The kernel opens /dev/console before running /init: it must exist in the
# archive, or init starts with no stdin/stdout/stderr.
mknod -m 600 "$root/dev/console" c 5 1
mknod -m 666 "$root/dev/null" c 1 3

printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
printf 'bulkhead-linux\n' >"$root/etc/hostname"

find "$root" -exec touch -h -d "@$epoch" {} +

log "writing $out"
(
    cd "$root"
    find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
        cpio --quiet -o -H newc --owner=0:0 --reproducible
) | gzip -9 -n >"$out.tmp"
mv "$out.tmp" "$out"
log "done: $out ($(stat -c %s "$out") bytes)"
