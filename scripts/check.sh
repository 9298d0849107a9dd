#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Static checks (`make check`, CI): layering, clang-format (check only),
# clang-tidy and cppcheck over the hypervisor sources.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0

echo "check: layering (core/ never includes arch-private headers)"
if grep -rnE '#include *[<"].*(priv/|arch/arm64/)' core/ ; then
	echo "check: core/ includes an arch-private header" >&2
	fail=1
fi

echo "check: clang-format"
mapfile -t srcs < <(git ls-files '*.c' '*.h' | grep -v '^tests/configs/')
if ! clang-format --dry-run --Werror "${srcs[@]}"; then
	echo "check: run 'make format' to fix formatting" >&2
	fail=1
fi

echo "check: clang-tidy"
inc="-Icore/include -Iarch/arm64/include -Iplat/qemu-virt -Ipartitions/lib"
mapfile -t tidy < <(git ls-files 'core/*.c' 'plat/*.c' 'tools/*.c')
if ! clang-tidy --quiet "${tidy[@]}" -- -std=c11 $inc \
	-DCFG_FILE='"x"' -DLOAD_ADDR=0x80000ULL -DHYP_SIZE=0x8000000ULL \
	-DTEXT_OFFSET=0x80000ULL >/tmp/bh-tidy.log 2>&1; then
	cat /tmp/bh-tidy.log
	fail=1
fi

echo "check: cppcheck"
if ! cppcheck --quiet --error-exitcode=1 --std=c11 \
	--enable=warning,portability --inline-suppr \
	--suppress=missingIncludeSystem $inc core plat arch/arm64 tools; then
	fail=1
fi

if [ $fail -ne 0 ]; then
	echo "check: FAILED" >&2
	exit 1
fi
echo "check: all passed"
