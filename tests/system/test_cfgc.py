# SPDX-License-Identifier: Apache-2.0
"""cfgc, the device-tree config compiler: every bad config is rejected with
its expected message, every good one is accepted and its outputs are usable
(the C tables compile and pass config_check, the guest DTBs describe the
partition).  No QEMU needed."""
import glob
import os
import re
import shutil
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CFGC = os.path.join(ROOT, "build", "tools", "cfgc")
CPP = ["cpp", "-nostdinc", "-undef", "-D__DTS__", "-x", "assembler-with-cpp",
       "-P", "-Idts"]
DTC = ["dtc", "-@", "-q", "-W", "no-unique_unit_address", "-I", "dts",
       "-O", "dtb"]
BAD = sorted(glob.glob(os.path.join(ROOT, "tests/configs/bad/*.dts")))
GOOD = sorted(glob.glob(os.path.join(ROOT, "tests/configs/good/*.dts")) +
              glob.glob(os.path.join(ROOT, "configs/*/*.dts")))


def rel(path):
    return os.path.relpath(path, ROOT)


@pytest.fixture(scope="session", autouse=True)
def cfgc_built():
    subprocess.run(["make", "--no-print-directory", "-f", "tools/cfgc/cfgc.mk",
                    "build/tools/cfgc"], cwd=ROOT, check=True)


def compile_config(path, out_dir, *args):
    """cpp + dtc + cfgc, as the build runs them; returns cfgc's result."""
    dtb = os.path.join(out_dir, "config.dtb")
    src = subprocess.run(CPP + [rel(path)], cwd=ROOT, check=True,
                         capture_output=True).stdout
    subprocess.run(DTC + ["-o", dtb, "-"], cwd=ROOT, input=src, check=True)
    return subprocess.run([CFGC, "-f", rel(path), *args, dtb], cwd=ROOT,
                          capture_output=True, text=True)


def comment(path, key):
    m = re.search(r"/\* %s: (.*) \*/" % key, open(path).read())
    return m.group(1) if m else None


@pytest.mark.parametrize("path", BAD, ids=[os.path.basename(p)[:-4] for p in BAD])
def test_bad_config_is_rejected(path, tmp_path):
    expect = comment(path, "expect")
    args = (comment(path, "cfgc-args") or "").split()
    res = compile_config(path, str(tmp_path), *args)
    assert res.returncode == 1, "bad config accepted: %s" % res.stdout
    assert res.stderr.startswith(rel(path) + ": "), res.stderr
    assert expect in res.stderr, res.stderr


def build_outputs(path, out):
    res = compile_config(path, out, "-o", os.path.join(out, "config.c"),
                         "-m", os.path.join(out, "config.mk"), "-d", out)
    assert res.returncode == 0, res.stderr
    return open(os.path.join(out, "config.mk")).read()


def stub_images(mk, out):
    """An images.S with a 256-byte blob per image the tables name."""
    names = re.search(r"^IMAGES :=(.*)$", mk, re.M).group(1).split()
    names += re.findall(r"(?:FILE_IMAGES \+=| ) ?(\w+):", mk)
    s = os.path.join(out, "images.S")
    with open(s, "w") as f:
        f.write('.section .note.GNU-stack, "", %progbits\n.data\n')
        for n in set(x.replace("-", "_") for x in names):
            f.write(".global bh_image_%s_start, bh_image_%s_end\n"
                    "bh_image_%s_start: .skip 256\nbh_image_%s_end:\n"
                    % (n, n, n, n))
    return s


@pytest.mark.parametrize("path", GOOD, ids=[rel(p) for p in GOOD])
def test_good_config_compiles_and_passes_config_check(path, tmp_path):
    out = str(tmp_path)
    mk = build_outputs(path, out)
    exe = os.path.join(out, "cfgcheck")
    subprocess.run(["gcc", "-std=c11", "-Wall", "-Wextra", "-Werror",
                    "-Wconversion", "-Icore/include", "-Iarch/arm64/include",
                    "-DCFG_FILE=\"%s\"" % rel(path), "-DCONFIG_NAME=\"t\"",
                    "-o", exe, "tools/cfgcheck.c", "core/config_check.c",
                    "core/fmt.c", os.path.join(out, "config.c"),
                    stub_images(mk, out)], cwd=ROOT, check=True)
    subprocess.run([exe], cwd=ROOT, check=True, capture_output=True)
    for dtb in re.findall(r"dtb_\w+:(\S+)", mk):
        subprocess.run(["dtc", "-I", "dtb", "-O", "dts", "-o", os.devnull,
                        dtb], check=True, capture_output=True)


BOARD_CMP = r"""
#include <stdio.h>
#include "board.h"
int main(void)
{
	const struct cfg_board *a = &board_qemu_virt, *b = cfg_system.board;
#define SAME(f) if (a->f != b->f) { printf(#f " %llx != %llx\n", \
	(unsigned long long)a->f, (unsigned long long)b->f); return 1; }
	SAME(ram_base) SAME(ram_size) SAME(hyp_base) SAME(hyp_size)
	SAME(uart_base) SAME(cpu_count) SAME(smp) SAME(gicd_base)
	SAME(gicr_base) SAME(gicc_base) SAME(gich_base) SAME(gicv_base)
	SAME(dev_base) SAME(dev_size)
	for (unsigned i = 0; i < a->cpu_count; i++) SAME(cpu_mpidr[i])
	return 0;
}
"""


def test_board_dts_matches_handwritten_board(tmp_path):
    """dts/qemu-virt.dts says what plat/qemu-virt/board.c says."""
    out = str(tmp_path)
    mk = build_outputs(os.path.join(ROOT, "configs/qemu-virt/pair.dts"), out)
    main = os.path.join(out, "cmp.c")
    open(main, "w").write(BOARD_CMP)
    exe = os.path.join(out, "cmp")
    subprocess.run(["gcc", "-std=c11", "-Icore/include", "-Iarch/arm64/include",
                    "-Iplat/qemu-virt", "-o", exe, main,
                    "plat/qemu-virt/board.c", os.path.join(out, "config.c"),
                    stub_images(mk, out)], cwd=ROOT, check=True)
    res = subprocess.run([exe], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout


def fdtget(dtb, node, prop, *opts):
    return subprocess.run(["fdtget", *opts, dtb, node, prop], check=True,
                          capture_output=True, text=True).stdout.split()


def test_outputs_of_three_partition_example(tmp_path):
    out = str(tmp_path)
    path = os.path.join(ROOT, "tests/configs/good/three-partitions.dts")
    mk = build_outputs(path, out)
    c = open(os.path.join(out, "config.c")).read()
    # DT interrupt numbering in, GIC INTIDs out: SPI 2 -> 34, SPI 40 -> 72.
    assert "irq_linux_0[] = {34}" in c
    assert "irq_monitor_0[] = {72}" in c and ".intids = irq_monitor_0" in c
    # uart1 sits on a bus at offset 0x40000: translated through `ranges`.
    assert ".pa = 0x9040000" in c
    # Memory without phys-addr is placed in free RAM; guest-addr remaps.
    assert "{.pa = 0x48000000, .ipa = 0x40000000, .size = 0x2000000}" in c
    assert "IMAGES := rt heartbeat" in mk
    assert "FILE_IMAGES += linux_kernel:build/linux/Image" in mk
    linux = os.path.join(out, "linux.dtb")
    assert "dtb_linux:%s" % linux in mk
    # Guest view: vCPUs from 0, PSCI over HVC, GICR sized for 2 vCPUs.
    assert fdtget(linux, "/cpus/cpu@1", "reg") == ["1"]
    assert fdtget(linux, "/psci", "method") == ["hvc"]
    gic = fdtget(linux, "/interrupt-controller@8000000", "reg", "-tx")
    assert gic[-1] == "40000"
    assert fdtget(linux, "/chosen", "stdout-path") == ["/pl011@9000000"]
    assert fdtget(linux, "/pl011@9000000", "interrupts") == ["0", "1", "4"]
    rt = os.path.join(out, "rt.dtb")
    assert fdtget(rt, "/chosen", "stdout-path") == ["/pl011@9040000"]
    monitor = os.path.join(out, "monitor.dtb")
    assert fdtget(monitor, "/memory@40000000", "reg", "-tx") == \
        ["0", "40000000", "0", "2000000"]


def test_shared_device(tmp_path):
    out = str(tmp_path)
    build_outputs(os.path.join(ROOT, "tests/configs/good/shared-device.dts"), out)
    c = open(os.path.join(out, "config.c")).read()
    # Mapped in both partitions, flagged, its interrupt (SPI 7) in neither.
    assert c.count(".pa = 0x9030000, .ipa = 0x9030000, .size = 0x1000, "
                   ".shared = true") == 2
    assert "{39}" not in c
    for part in ("a", "b"):
        dtb = os.path.join(out, "%s.dtb" % part)
        assert fdtget(dtb, "/pl061@9030000", "compatible")[0] == "arm,pl061"


@pytest.mark.skipif(shutil.which("clang") is None, reason="clang not installed")
def test_fuzz_smoke():
    """A short libFuzzer pass (make fuzz-cfgc FUZZ_TIME=10 in CI)."""
    res = subprocess.run(["make", "--no-print-directory", "-f",
                          "tools/cfgc/cfgc.mk", "fuzz-cfgc", "FUZZ_TIME=5"],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-3000:]
