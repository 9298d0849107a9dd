# SPDX-License-Identifier: Apache-2.0
"""`make debug`'s pieces: QEMU halted with a gdb stub, gdb-multiarch with the
hypervisor's symbols stops at boot_main on the boot core."""
import os
import socket
import subprocess

from conftest import ROOT, build


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gdb_stops_at_boot_main():
    out = build("pair")
    port = free_port()
    qemu = subprocess.Popen(
        ["qemu-system-aarch64", "-M",
         "virt,virtualization=on,gic-version=3", "-cpu", "cortex-a72",
         "-smp", "4", "-m", "1G", "-display", "none", "-no-reboot", "-nic", "none",
         "-serial", "null", "-monitor", "none", "-S",
         "-gdb", "tcp:127.0.0.1:%d" % port,
         "-kernel", os.path.join(out, "bulkhead.bin")],
        cwd=ROOT, stdin=subprocess.DEVNULL)
    try:
        res = subprocess.run(
            ["timeout", "60", "gdb-multiarch", "-q", "-batch", "-nx",
             os.path.join(out, "bulkhead.elf"),
             "-ex", "set architecture aarch64",
             "-ex", "target remote 127.0.0.1:%d" % port,
             "-ex", "break boot_main", "-ex", "continue",
             "-ex", "info symbol $pc", "-ex", "print $x0"],
            cwd=ROOT, capture_output=True, text=True)
    finally:
        qemu.kill()  # our own process, by PID; gdb above is time-bounded
        qemu.wait(timeout=10)
    assert "Breakpoint 1, boot_main" in res.stdout, res.stdout + res.stderr
    assert "boot_main in section .text" in res.stdout, res.stdout
