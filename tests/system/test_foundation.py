# SPDX-License-Identifier: Apache-2.0
"""Issue 2: boot at EL2, partitions on dedicated cores, isolation, bad
configs rejected at build time."""
import glob
import os
import re
import subprocess

import pytest

from conftest import (HB, ROOT, build, check_isolation, heartbeats, make,
                      wait_heartbeats)


def bare_metal_toolchain(bindir, log):
    """Stand-ins for Arm GNU's aarch64-none-elf- tools (not packaged by
    Debian): Debian's cross tools under that prefix, the compiler without
    any C library header (-nostdinc; only GCC's own freestanding ones), so
    that a build leaning on glibc's headers fails.  Each call is logged."""
    inc = subprocess.run(["aarch64-linux-gnu-gcc", "-print-file-name=include"],
                         capture_output=True, text=True,
                         check=True).stdout.strip()
    bindir.mkdir()
    for tool in ("gcc", "ld", "objcopy", "addr2line"):
        flags = '-nostdinc -isystem "%s" ' % inc if tool == "gcc" else ""
        path = bindir / ("aarch64-none-elf-" + tool)
        path.write_text('#!/bin/sh\necho %s >>"%s"\n'
                        'exec aarch64-linux-gnu-%s %s"$@"\n'
                        % (tool, log, tool, flags))
        path.chmod(0o755)


def test_builds_with_the_bare_metal_toolchain_prefix(qemu, tmp_path):
    """CROSS_COMPILE=aarch64-none-elf- builds the pair system with no C
    library headers, and that image boots (both partitions beat)."""
    log = tmp_path / "calls.log"
    bare_metal_toolchain(tmp_path / "bin", log)
    out = tmp_path / "out"
    env = dict(os.environ, PATH="%s:%s" % (tmp_path / "bin", os.environ["PATH"]))
    res = subprocess.run(["make", "--no-print-directory",
                          "CROSS_COMPILE=aarch64-none-elf-", "CONFIG=pair",
                          "BUILD=%s" % out, "all"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    calls = set(log.read_text().split())
    assert {"gcc", "objcopy"} <= calls, calls
    run = qemu(str(out / "bulkhead.bin"))
    wait_heartbeats(run, ["alpha", "beta"], 3)


@pytest.mark.parametrize("cpu", ["cortex-a53", "cortex-a72", "max"])
def test_two_partitions_run_on_their_own_cores(qemu, cpu):
    out = build("pair")
    run = qemu(os.path.join(out, "bulkhead.bin"), cpu=cpu)
    run.expect(r"partition 0 'alpha': vmid 1, cores 0x1")
    run.expect(r"partition 1 'beta': vmid 2, cores 0x2")
    wait_heartbeats(run, ["alpha", "beta"], 5)
    a, b = heartbeats(run, "alpha"), heartbeats(run, "beta")
    # Both at EL1, each on its own physical core, with a virtual MPIDR.
    assert {h["el"] for h in a + b} == {"1"}
    assert {h["pcpu"] for h in a} == {"0"}
    assert {h["pcpu"] for h in b} == {"1"}
    assert {h["mpidr"] for h in a + b} == {"0x80000000"}
    # They run at the same time: the heartbeats interleave.
    order = [m.group(1) for m in run.lines(HB)][:8]
    assert "alpha" in order[:4] and "beta" in order[:4]


def test_gicv2_board_boots(qemu):
    out = build("pair")
    run = qemu(os.path.join(out, "bulkhead.bin"), gic=2)
    run.expect(r"gic: GICv2")
    wait_heartbeats(run, ["alpha", "beta"], 3)


def test_isolation_probes_are_stopped_and_victim_untouched(qemu):
    out = build("isolation")
    run = qemu(os.path.join(out, "bulkhead.bin"))
    check_isolation(run, {
        "p-ram": ("0x48100000", "write"),
        "p-hyp": ("0x40080000", "read"),
        "p-dev": ("0x9010000", "write"),
    })

def test_refuses_to_start_at_el1(qemu):
    out = build("pair")
    run = qemu(os.path.join(out, "bulkhead.bin"), machine_extra="")
    run.expect(r"entered at EL1, but Bulkhead must be started at EL2")
    run.expect(r"halted")


def test_refuses_to_start_at_el3(qemu):
    """With secure=on QEMU starts an ELF at EL3 on every core at once: one
    clear refusal (the boot core's), nothing else, and no partition."""
    out = build("pair")
    run = qemu(os.path.join(out, "bulkhead.elf"),
               machine_extra=",secure=on,virtualization=on")
    run.expect(r"entered at EL3, but Bulkhead must be started at EL2")
    run.expect(r"EL3: let firmware \(TF-A, U-Boot\) drop to EL2 first")
    run.expect(r"halted")
    # Nothing more from the other cores (they stopped silently).
    with pytest.raises(pytest.fail.Exception):
        run.expect(r"bulkhead:", timeout=3)
    assert run.log.count("entered at EL") == 1, run.log
    assert "partition" not in run.log


@pytest.mark.parametrize("gic", [3, 2])
def test_hypervisor_fault_panics_and_stops_all_cores(qemu, gic):
    """A hypervisor bug (a test build's boot core reads an address its EL2
    tables do not map, once core 1's partition runs): the panic report
    decodes the ESR, dumps the registers and a backtrace that resolves to
    the faulting function, and every core stops."""
    build_dir = "build/qemu-virt/pair-test-panic"
    args = ("CONFIG=pair", "HYP_TEST_PANIC=1", "BUILD=" + build_dir)
    make(*args, "all")
    run = qemu(os.path.join(ROOT, build_dir, "bulkhead.bin"), gic=gic)
    run.expect(r"PANIC: exception in the hypervisor: sync on core 0",
               panic_ok=True)
    esr = run.expect(r"esr 0x[0-9a-f]+: ([^\r\n]*)\r*\n",
                     panic_ok=True).group(1)
    assert esr.startswith("data abort: translation fault"), esr
    pc = run.expect(r"#0 (0x[0-9a-f]+)\r*\n", panic_ok=True).group(1)
    run.expect(r"PANIC: hypervisor halted, all cores stopped", panic_ok=True)
    assert re.search(r"far 0x7ffffff000\s+elr 0x[0-9a-f]+", run.log)
    regs = set(re.findall(r"\b(x\d\d) [0-9a-f]{16}", run.log))
    assert regs == {"x%02d" % i for i in range(29)} | {"x29"}, regs
    # The backtrace is real: its first frame is the faulting function.
    res = make(*args, "addr2line", "ADDR=%s" % pc)
    assert "test_panic" in res.stdout, res.stdout
    # The other core ran its guest before, and stopped with the panic.
    before = len(heartbeats(run, "beta"))
    assert before >= 1, "beta never ran before the panic"
    with pytest.raises(pytest.fail.Exception):
        run.expect(r"\[beta\] BH-HB", timeout=2, panic_ok=True)
    assert len(heartbeats(run, "beta")) == before


BAD = sorted(glob.glob(os.path.join(ROOT, "tests/configs/bad/*.dts")))


def comment(path, key):
    m = re.search(r"/\* %s: (.*) \*/" % key, open(path).read())
    return m.group(1) if m else None


@pytest.mark.parametrize("path", BAD, ids=[os.path.basename(p)[:-4] for p in BAD])
def test_bad_config_fails_the_build(path):
    """`make` stops with the config file and its expected message: from
    cfgc, or (checked-by: cfgcheck) from config_check() on the built
    images."""
    name = os.path.basename(path)[:-4]
    expect = comment(path, "expect")
    args = comment(path, "cfgc-args")
    res = make("CONFIG_DIR=tests/configs/bad", "CONFIG=%s" % name, "cfgcheck",
               *(["CFGC_ARGS=%s" % args] if args else []), check=False)
    assert res.returncode != 0, "bad config %s was accepted" % name
    where = "tests/configs/bad/%s.dts: " % name
    if comment(path, "checked-by") == "cfgcheck":
        where += "error: "
    assert where in res.stderr, res.stderr
    assert expect in res.stderr, res.stderr
