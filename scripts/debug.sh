#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# make debug: start QEMU halted with a gdb stub on :1234, attach
# gdb-multiarch with the hypervisor's symbols, end QEMU when gdb exits.
# Usage: scripts/debug.sh <bulkhead.elf> <qemu command...>
set -euo pipefail
elf=$1
shift
"$@" -display none -serial file:build/debug-console.log -monitor none \
	</dev/null &
qpid=$!
trap 'kill "$qpid" 2>/dev/null || true' EXIT
echo "debug: QEMU (pid $qpid) halted at reset; console -> build/debug-console.log"
gdb-multiarch -q "$elf" \
	-ex "set architecture aarch64" \
	-ex "target remote :1234" \
	-ex "break boot_main" \
	-ex "echo Type 'continue' to boot. Console output: build/debug-console.log\n"
