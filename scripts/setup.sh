#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Install everything Bulkhead needs from Debian packages.  Idempotent: only
# missing packages are installed, and it says which.  Make targets call it
# (with --quiet-if-ok) before they need the tools.
set -euo pipefail

# Cross toolchain, QEMU, dtc/libfdt, U-Boot tools, cmocka, pytest+pexpect,
# gdb-multiarch (make debug), clang-format/clang-tidy/cppcheck (make check).
PACKAGES=(
	make gcc libc6-dev git cpio
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
	qemu-system-arm
	ipxe-qemu # NIC option ROMs QEMU virt loads unless run with -nic none
	device-tree-compiler libfdt-dev
	u-boot-tools
	libcmocka-dev
	python3 python3-pytest python3-pexpect
	gdb-multiarch
	clang-format clang-tidy cppcheck
	gnuplot-nox # make bench: lateness histogram plot
	# Raspberry Pi 4 SD card images (scripts/rpi4/mksdcard.sh): FAT, MBR,
	# bmap for fast flashing.
	mtools dosfstools fdisk bmap-tools
)

quiet=0
[ "${1:-}" = "--quiet-if-ok" ] && quiet=1

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing+=("$p")
	fi
done

# QEMU's raspi4b machine (the Raspberry Pi 4 tests and `make PLATFORM=rpi4
# run`) arrived in QEMU 9; bookworm ships 7.2.  Debian's bookworm-backports
# has a newer qemu-system-arm, so on bookworm we add that suite (pinned at
# backports' default low priority: nothing else is upgraded from it) and
# install only QEMU from it.
has_raspi4b() {
	local machines
	command -v qemu-system-aarch64 >/dev/null || return 1
	# Captured first: grep -q closing the pipe early would fail pipefail.
	machines=$(qemu-system-aarch64 -machine help 2>/dev/null) || return 1
	grep -q '^raspi4b ' <<<"$machines"
}
need_backports_qemu=0
if dpkg-query -W -f='${Status}' qemu-system-arm 2>/dev/null | grep -q "ok installed" &&
	! has_raspi4b; then
	need_backports_qemu=1
fi

if [ ${#missing[@]} -eq 0 ] && [ $need_backports_qemu -eq 0 ]; then
	[ $quiet -eq 1 ] || echo "setup: all prerequisites are installed."
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "setup: need root or sudo to run apt-get" >&2; exit 1; }
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -ne 0 ]; then
	echo "setup: installing missing Debian packages: ${missing[*]}"
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! has_raspi4b; then
	# shellcheck disable=SC1091 # a system file, read at run time
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	list=/etc/apt/sources.list.d/bulkhead-backports.list
	if [ "$codename" != bookworm ]; then
		echo "setup: WARNING: $(qemu-system-aarch64 --version | head -n1) has no" \
			"raspi4b machine (QEMU >= 9 needed); the Raspberry Pi 4 tests" \
			"will be skipped. Install a newer QEMU by hand." >&2
	else
		if [ ! -f "$list" ]; then
			echo "setup: QEMU lacks raspi4b: adding Debian bookworm-backports as $list"
			echo "deb http://deb.debian.org/debian bookworm-backports main" |
				$SUDO tee "$list" >/dev/null
		fi
		echo "setup: installing qemu-system-arm from bookworm-backports (QEMU >= 9 for raspi4b)"
		$SUDO apt-get update -q
		$SUDO apt-get install -y -q --no-install-recommends -t bookworm-backports qemu-system-arm
		has_raspi4b || { echo "setup: error: QEMU still has no raspi4b" >&2; exit 1; }
		echo "setup: $(qemu-system-aarch64 --version | head -n1)"
	fi
fi
echo "setup: done."
