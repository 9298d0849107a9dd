# SPDX-License-Identifier: Apache-2.0
"""Issue 3: a config may pass a physical UART through to one partition
instead of giving it a virtual one.  The owner's output must appear on the
second UART only, never on the hypervisor's console."""
import os
import subprocess
import time

import pytest

from conftest import ROOT, build, heartbeats, kv, wait_heartbeats


def qemu_has_second_uart():
    """QEMU >= 9.2 adds virt's second PL011 when given a second -serial."""
    dtb = os.path.join(ROOT, "build", "virt-probe.dtb")
    os.makedirs(os.path.dirname(dtb), exist_ok=True)
    subprocess.run(["qemu-system-aarch64", "-M", "virt,dumpdtb=%s" % dtb,
                    "-cpu", "cortex-a72", "-display", "none", "-nic", "none",
                    "-serial", "null", "-serial", "null"],
                   capture_output=True, timeout=30)
    dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", dtb],
                         capture_output=True, text=True).stdout
    return "pl011@9040000" in dts


@pytest.mark.skipif(not qemu_has_second_uart(),
                    reason="this QEMU has no second PL011 on virt "
                           "(needs >= 9.2: scripts/setup.sh installs it)")
def test_passthrough_uart_belongs_to_its_partition(qemu, tmp_path):
    out = build("passthrough")
    uart1 = tmp_path / "uart1.log"
    run = qemu(os.path.join(out, "bulkhead.bin"),
               extra=("-serial", "mon:stdio", "-serial", "file:%s" % uart1))
    wait_heartbeats(run, ["alpha"], 4)
    deadline = time.monotonic() + 30
    lines = []
    while time.monotonic() < deadline:
        lines = [l for l in uart1.read_text(errors="replace").splitlines()
                 if l.startswith("BH-HB ")]
        if len(lines) >= 3:
            break
        run.expect(r"\[alpha\] BH-HB", timeout=30)
    assert len(lines) >= 3, "no heartbeats on the passed-through UART"
    # The owner runs on core 1 and writes the physical UART itself ...
    assert {kv(l)["pcpu"] for l in lines} == {"1"}
    # ... so none of its output goes through the hypervisor's console.
    assert "[owner]" not in run.log
    assert heartbeats(run, "alpha")
