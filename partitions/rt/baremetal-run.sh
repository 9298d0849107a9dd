#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Build the real-time guest on its own and boot it directly at EL1 on QEMU
# virt, without the hypervisor, to get bare-metal lateness figures.
#
#   partitions/rt/baremetal-run.sh [case...]
#
# Cases (default: all):  v3  v2  v3-icount  v2-icount
# Environment: SAMPLES (default 5000), PERIOD_US (default 1000),
#   TIMEOUT (seconds per run, default 60), CROSS_COMPILE, QEMU,
#   EXTRA_CFLAGS (more -D flags for the guest).
# Output: build/rt-standalone/{rt.elf,rt.bin,<case>.log}; the BH-RT lines
# of each run are printed, prefixed with the case name.
#
# In the icount cases the CPU's counter runs at 1 GHz (cntfrq=1000000000)
# and -icount shift=0 makes one instruction take 1 ns, so one counter tick
# is one instruction and the figures do not depend on the host.
set -eu

cd "$(dirname "$0")/../.."
CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
QEMU=${QEMU:-qemu-system-aarch64}
SAMPLES=${SAMPLES:-5000}
PERIOD_US=${PERIOD_US:-1000}
TIMEOUT=${TIMEOUT:-60}
OUT=build/rt-standalone
GUEST_UART=${GUEST_UART:-0x09000000UL}

# The Makefile's TARGET_CFLAGS + GUEST_CFLAGS, and its guest link line.
CFLAGS="-std=c11 -O2 -g -ffreestanding -nostdlib -fno-builtin \
 -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
 -fno-omit-frame-pointer -fno-stack-protector -fno-pic -fno-pie \
 -fno-asynchronous-unwind-tables -fno-unwind-tables \
 -fno-delete-null-pointer-checks -fno-tree-loop-distribute-patterns \
 -Wall -Wextra -Werror -Wconversion -Wshadow -Wvla -Wmissing-prototypes \
 -Wstrict-prototypes -Wimplicit-fallthrough -fno-jump-tables \
 -Icore/include -Ipartitions/lib -DGUEST_UART=$GUEST_UART"
SRCS="partitions/lib/start.S partitions/lib/runtime.c core/fmt.c \
 core/string.c partitions/rt/main.c partitions/rt/gic.c partitions/rt/vectors.S"

mkdir -p "$OUT"
# shellcheck disable=SC2086 # word splitting of the flag lists is wanted
"${CROSS_COMPILE}gcc" $CFLAGS -DRT_BAREMETAL=1 -DRT_SAMPLES="$SAMPLES" \
	-DRT_PERIOD_US="$PERIOD_US" ${EXTRA_CFLAGS:-} \
	-Wl,-T,partitions/lib/guest.ld -Wl,--build-id=none \
	-Wl,--no-warn-rwx-segments -Wl,--emit-relocs -static \
	-o "$OUT/rt.elf" $SRCS
"${CROSS_COMPILE}objcopy" -O binary "$OUT/rt.elf" "$OUT/rt.bin"

# No absolute addresses may end up in the image: it runs at any base.
# (--emit-relocs above keeps the link-time relocations to look at; the
# _LO12 ones pair with adrp and are fine.)
if "${CROSS_COMPILE}readelf" -r "$OUT/rt.elf" |
	awk '/^Relocation section/ { dbg = ($3 ~ /debug/) }
	     !dbg && /R_AARCH64_ABS(64|32|16)/ { bad = 1 }
	     END { exit !bad }'; then
	echo "rt: absolute address in the image" >&2
	exit 1
fi

run() {
	name=$1
	shift
	echo "== $name: $QEMU $*" >&2
	rc=0
	timeout "$TIMEOUT" "$QEMU" -nographic -no-reboot -nic none -smp 1 -m 512M \
		-kernel "$OUT/rt.bin" "$@" </dev/null >"$OUT/$name.log" 2>&1 ||
		rc=$?
	tr -d '\r' <"$OUT/$name.log" | grep -a '^BH-\|^qemu' |
		sed "s/^/[$name] /" || true
	if [ "$rc" -ne 0 ]; then
		echo "[$name] exit status $rc (124 = timeout)"
	fi
}

cases=${*:-v3 v2 v3-icount v2-icount}
for c in $cases; do
	case $c in
	v3) run v3 -M virt,gic-version=3 -cpu cortex-a72 ;;
	v2) run v2 -M virt,gic-version=2 -cpu cortex-a72 ;;
	v3-icount) run v3-icount -M virt,gic-version=3 \
		-cpu cortex-a72,cntfrq=1000000000 -icount shift=0,sleep=off ;;
	v2-icount) run v2-icount -M virt,gic-version=2 \
		-cpu cortex-a72,cntfrq=1000000000 -icount shift=0,sleep=off ;;
	*) echo "unknown case $c" >&2; exit 2 ;;
	esac
done
