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
	device-tree-compiler libfdt-dev
	u-boot-tools
	libcmocka-dev
	python3 python3-pytest python3-pexpect
	gdb-multiarch
	clang-format clang-tidy cppcheck
)

quiet=0
[ "${1:-}" = "--quiet-if-ok" ] && quiet=1

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	[ $quiet -eq 1 ] || echo "setup: all prerequisites are installed."
	exit 0
fi

echo "setup: installing missing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "setup: need root or sudo to run apt-get" >&2; exit 1; }
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup: done."
