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
# "checked-by: cfgcheck": bad only with the built images (test_foundation).
BAD = sorted(p for p in glob.glob(os.path.join(ROOT, "tests/configs/bad/*.dts"))
             if "/* checked-by: cfgcheck */" not in open(p).read())
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


def platform_defines(path):
    """-D flags for tools/cfgcheck.c from the config's platform.mk."""
    board = os.path.basename(os.path.dirname(path))
    mk = os.path.join(ROOT, "plat", board, "platform.mk")
    if not os.path.exists(mk):  # tests/configs/*: QEMU virt
        mk = os.path.join(ROOT, "plat", "qemu-virt", "platform.mk")
    text = open(mk).read()
    return ["-D%s=%sULL" % (v, re.search(r"^%s\s*:=\s*(\S+)" % v, text,
                                         re.M).group(1))
            for v in ("LOAD_ADDR", "HYP_SIZE", "TEXT_OFFSET")]


@pytest.mark.parametrize("path", GOOD, ids=[rel(p) for p in GOOD])
def test_good_config_compiles_and_passes_config_check(path, tmp_path):
    out = str(tmp_path)
    mk = build_outputs(path, out)
    exe = os.path.join(out, "cfgcheck")
    subprocess.run(["gcc", "-std=c11", "-Wall", "-Wextra", "-Werror",
                    "-Wconversion", "-Icore/include", "-Iarch/arm64/include",
                    "-DCFG_FILE=\"%s\"" % rel(path), "-DCONFIG_NAME=\"t\"",
                    *platform_defines(path),
                    "-o", exe, "tools/cfgcheck.c", "core/config_check.c",
                    "core/fmt.c", os.path.join(out, "config.c"),
                    stub_images(mk, out)], cwd=ROOT, check=True)
    subprocess.run([exe], cwd=ROOT, check=True, capture_output=True)
    dtbs = re.findall(r"dtb_\w+:(\S+)", mk)
    assert dtbs
    for dtb in dtbs:
        subprocess.run(["dtc", "-I", "dtb", "-O", "dts", "-o", os.devnull,
                        dtb], check=True, capture_output=True)


BOARD_DUMP = r"""
#include <stdio.h>
#include <bulkhead/config.h>
int main(void)
{
	const struct cfg_board *b = cfg_system.board;
#define F(f) printf(#f "=0x%llx\n", (unsigned long long)b->f);
	F(ram_base) F(ram_size) F(hyp_base) F(hyp_size) F(uart_base)
	F(uart_intid) F(cpu_count) F(smp) F(gicd_base) F(gicr_base)
	F(gicc_base) F(gich_base) F(gicv_base) F(dev_base) F(dev_size)
	for (unsigned i = 0; i < b->cpu_count; i++) {
		F(cpu_mpidr[i]) F(spin_release[i])
	}
	return 0;
}
"""

# What the hardware is, as plat/<board>/board.c said before the boards
# became device trees (and docs/architecture.md, docs/boards/rpi4.md say).
CPUS = {"cpu_count": 4, "cpu_mpidr[i]": [0, 1, 2, 3]}
BOARDS = {
    "qemu-virt": dict(
        ram_base=0x40000000, ram_size=1 << 30, hyp_base=0x40000000,
        hyp_size=128 << 20, uart_base=0x09000000, uart_intid=33,
        smp=0, gicd_base=0x08000000, gicr_base=0x080a0000,
        gicc_base=0x08010000, gich_base=0x08030000, gicv_base=0x08040000,
        dev_base=0, dev_size=1 << 30, **{"spin_release[i]": [0] * 4}),
    "rpi4": dict(
        ram_base=0, ram_size=960 << 20, hyp_base=0, hyp_size=128 << 20,
        uart_base=0xfe201000, uart_intid=153, smp=1,  # SMP_SPIN_TABLE
        gicd_base=0xff841000, gicr_base=0, gicc_base=0xff842000,
        gich_base=0xff844000, gicv_base=0xff846000, dev_base=0xc0000000,
        dev_size=1 << 30, **{"spin_release[i]": [0xd8, 0xe0, 0xe8, 0xf0]}),
}


@pytest.mark.parametrize("board", sorted(BOARDS))
def test_board_dts_describes_the_board(board, tmp_path):
    """dts/<board>.dts becomes the board table the hypervisor runs on."""
    out = str(tmp_path)
    mk = build_outputs(os.path.join(ROOT, "configs", board, "default.dts"),
                       out)
    main = os.path.join(out, "dump.c")
    open(main, "w").write(BOARD_DUMP)
    exe = os.path.join(out, "dump")
    subprocess.run(["gcc", "-std=c11", "-Icore/include", "-Iarch/arm64/include",
                    "-o", exe, main, os.path.join(out, "config.c"),
                    stub_images(mk, out)], cwd=ROOT, check=True)
    got = {}
    for line in subprocess.run([exe], capture_output=True, text=True,
                               check=True).stdout.split():
        k, v = line.split("=")
        if k.endswith("[i]"):
            got.setdefault(k, []).append(int(v, 16))
        else:
            got[k] = int(v, 16)
    assert got == {**CPUS, **BOARDS[board]}


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
    # One tree per GIC version the board can run with, both in the tables.
    linux = os.path.join(out, "linux.gicv3.dtb")
    linux2 = os.path.join(out, "linux.gicv2.dtb")
    assert "dtb_v3_linux:%s" % linux in mk
    assert "dtb_v2_linux:%s" % linux2 in mk
    assert ".dtb_v3 = CFG_IMAGE(dtb_v3_linux, 0x5fe00000)" in c
    assert ".dtb_v2 = CFG_IMAGE(dtb_v2_linux, 0x5fe00000)" in c
    # Guest view: vCPUs from 0, PSCI over HVC, GICR sized for 2 vCPUs.
    assert fdtget(linux, "/cpus/cpu@1", "reg") == ["1"]
    assert fdtget(linux, "/psci", "method") == ["hvc"]
    gic = fdtget(linux, "/interrupt-controller@8000000", "reg", "-tx")
    assert gic[-1] == "40000"
    assert fdtget(linux, "/chosen", "stdout-path") == ["/pl011@9000000"]
    assert fdtget(linux, "/pl011@9000000", "interrupts") == ["0", "1", "4"]
    # GICv2: the emulated distributor, and as CPU interface the GICV page
    # pair the hypervisor maps at the board's GICC; PPIs name the 2 vCPUs.
    gic = "/interrupt-controller@8000000"
    assert fdtget(linux2, gic, "compatible") == ["arm,cortex-a15-gic"]
    assert fdtget(linux2, gic, "reg", "-tx") == \
        ["0", "8000000", "0", "10000", "0", "8010000", "0", "2000"]
    assert fdtget(linux2, "/timer", "interrupts", "-tx")[2] == "304"
    assert fdtget(linux, "/timer", "interrupts", "-tx")[2] == "4"
    assert fdtget(linux2, "/chosen", "bootargs") == \
        fdtget(linux, "/chosen", "bootargs")
    rt = os.path.join(out, "rt.gicv3.dtb")
    assert fdtget(rt, "/chosen", "stdout-path") == ["/pl011@9040000"]
    monitor = os.path.join(out, "monitor.gicv3.dtb")
    assert fdtget(monitor, "/memory@40000000", "reg", "-tx") == \
        ["0", "40000000", "0", "2000000"]


def test_gicv2_only_board(tmp_path):
    """The Pi's GIC-400 runs only as a GICv2: one tree per partition, for
    GICv2, with the board's compatible and the vCPUs' PPI mask."""
    out = str(tmp_path)
    mk = build_outputs(os.path.join(ROOT, "configs/rpi4/pair.dts"), out)
    c = open(os.path.join(out, "config.c")).read()
    assert "dtb_v3" not in mk and "dtb_v3" not in c
    assert ".dtb_v2 = CFG_IMAGE(dtb_v2_alpha, 0xbff0000)" in c
    alpha = os.path.join(out, "alpha.gicv2.dtb")
    gic = "/interrupt-controller@ff841000"
    assert fdtget(alpha, gic, "compatible") == ["arm,gic-400"]
    assert fdtget(alpha, gic, "reg", "-tx") == \
        ["0", "ff841000", "0", "1000", "0", "ff842000", "0", "2000"]
    # One vCPU: mask 0x1 in bits [15:8], the board's level-low sense kept.
    assert fdtget(alpha, "/timer", "interrupts", "-tx")[2] == "108"
    # The UART sits on /soc at a VideoCore bus address: translated.
    assert fdtget(alpha, "/chosen", "stdout-path") == ["/serial@fe201000"]
    assert fdtget(alpha, "/serial@fe201000", "interrupts") == \
        ["0", "121", "4"]


def test_shared_device(tmp_path):
    out = str(tmp_path)
    build_outputs(os.path.join(ROOT, "tests/configs/good/shared-device.dts"), out)
    c = open(os.path.join(out, "config.c")).read()
    # Mapped in both partitions, flagged, its interrupt (SPI 7) in neither.
    assert c.count(".pa = 0x9030000, .ipa = 0x9030000, .size = 0x1000, "
                   ".shared = true") == 2
    assert "{39}" not in c
    for part in ("a", "b"):
        dtb = os.path.join(out, "%s.gicv3.dtb" % part)
        assert fdtget(dtb, "/pl061@9030000", "compatible")[0] == "arm,pl061"


def check_watchdog_node(dtb, addr, timeout, irq=None):
    """The SBSA Generic Watchdog as Linux's sbsa_gwdt reads it: resource 0
    the control frame, resource 1 the refresh frame, the config's timeout,
    and the WS0 interrupt as the config wrote it (irq, a 3-cell specifier)
    or none (WS0 unwired: single-stage)."""
    node = "/watchdog@%x" % addr
    assert fdtget(dtb, node, "compatible") == ["arm,sbsa-gwdt"]
    assert fdtget(dtb, node, "reg", "-tx") == \
        ["0", "%x" % addr, "0", "1000", "0", "%x" % (addr + 0x1000), "0",
         "1000"]
    assert fdtget(dtb, node, "timeout-sec") == [str(timeout)]
    props = subprocess.run(["fdtget", "-p", dtb, node], check=True,
                           capture_output=True, text=True).stdout.split()
    if irq is None:
        assert "interrupts" not in props
    else:
        assert fdtget(dtb, node, "interrupts") == [str(c) for c in irq]


def test_watchdog(tmp_path):
    """configs/qemu-virt/watchdog.dts: Linux's watchdog in the tables and in
    both guest trees; the real-time partition has none."""
    out = str(tmp_path)
    build_outputs(os.path.join(ROOT, "configs/qemu-virt/watchdog.dts"), out)
    c = open(os.path.join(out, "config.c")).read()
    assert c.count(".wdt_ipa") == 1
    assert ".wdt_ipa = 0xb000000,\n\t\t.wdt_action = WDT_ACTION_RESTART" in c
    # WS0 wired to SPI 12: INTID 44 in the tables, the board's own
    # specifier in the guest trees.
    assert c.count(".wdt_intid = 44,") == 1
    for gic in (3, 2):
        check_watchdog_node(os.path.join(out, "linux.gicv%d.dtb" % gic),
                            0xb000000, 4, irq=(0, 12, 4))
        rt = subprocess.run(["fdtget", "-l", os.path.join(
            out, "rt.gicv%d.dtb" % gic), "/"], check=True,
            capture_output=True, text=True).stdout
        assert "watchdog" not in rt


def test_watchdog_stop_and_default_timeout(tmp_path):
    out = str(tmp_path)
    build_outputs(os.path.join(ROOT, "tests/configs/good/watchdog-stop.dts"),
                  out)
    c = open(os.path.join(out, "config.c")).read()
    assert ".wdt_ipa = 0xc000000,\n\t\t.wdt_action = WDT_ACTION_STOP" in c
    assert c.count(".wdt_ipa") == 1 and ".wdt_intid" not in c
    check_watchdog_node(os.path.join(out, "a.gicv3.dtb"), 0xc000000, 10)


@pytest.mark.skipif(shutil.which("clang") is None, reason="clang not installed")
def test_fuzz_smoke():
    """A short libFuzzer pass (make fuzz-cfgc FUZZ_TIME=10 in CI)."""
    res = subprocess.run(["make", "--no-print-directory", "-f",
                          "tools/cfgc/cfgc.mk", "fuzz-cfgc", "FUZZ_TIME=5"],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-3000:]
