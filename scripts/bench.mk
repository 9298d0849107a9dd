# SPDX-License-Identifier: Apache-2.0
# `make bench`: the real-time latency benchmark (scripts/bench.py; see
# docs/realtime.md).  Builds the configs/qemu-virt/bench-* systems itself.
.PHONY: bench
bench:
	@scripts/setup.sh --quiet-if-ok
	/usr/bin/python3 scripts/bench.py
