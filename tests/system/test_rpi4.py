# SPDX-License-Identifier: Apache-2.0
"""Raspberry Pi 4 board support, under QEMU's raspi4b (QEMU >= 9).

The SD card image that `make PLATFORM=rpi4 sdcard` writes is booted exactly
as on hardware after the GPU firmware: U-Boot (rpi_4) from -kernel with the
board DTB, U-Boot's env and boot.scr from the card, then bootm of the
CRC-checked bulkhead.uimg.  The Pi firmware itself is not modelled by QEMU.
"""
import os
import re
import shutil
import subprocess

import pytest

from conftest import (ROOT, check_isolation, heartbeats, kv, make,
                      qemu_factory, wait_heartbeats)
from test_linux import check_realtime, rt_reports
from test_watchdog import (PANIC, RESTARTING, boot_to_armed_watchdog,
                           stop_petting_and_restart)
DL = os.path.join(ROOT, "build", "downloads", "rpi4")


def qemu_has_raspi4b():
    exe = shutil.which("qemu-system-aarch64")
    if exe is None:
        return False
    out = subprocess.run([exe, "-machine", "help"], capture_output=True,
                         text=True).stdout
    return re.search(r"^raspi4b\s", out, re.M) is not None


pytestmark = pytest.mark.skipif(
    not qemu_has_raspi4b(),
    reason="qemu-system-aarch64 has no raspi4b machine (needs QEMU >= 9: "
           "scripts/setup.sh installs it from bookworm-backports)")


def sdcard(config):
    """Build build/rpi4/<config>/sdcard.img; return its path."""
    make("PLATFORM=rpi4", "CONFIG=%s" % config, "sdcard")
    return os.path.join(ROOT, "build", "rpi4", config, "sdcard.img")


def rpi_args(card, thread="single"):
    """Boot U-Boot with the board DTB and the SD card, as on hardware.

    thread=single: the cores parked in QEMU's spin-table stub spin in wfe
    and would starve a small host under MTTCG.  A config that releases all
    four cores runs multi-threaded (see test_linux_boots_from_generated_dtb).
    """
    return ["-M", "raspi4b", "-accel", "tcg,thread=%s" % thread,
            "-kernel", os.path.join(DL, "u-boot.bin"),
            "-dtb", os.path.join(DL, "bcm2711-rpi-4-b-qemu.dtb"),
            "-drive", "if=sd,format=raw,file=%s" % card]


@pytest.fixture
def rpi(request):
    """Factory: rpi(card) -> QemuRun on QEMU raspi4b (conftest rules)."""
    yield from qemu_factory(request, rpi_args)


def fat_files(card):
    """Names in the card's first partition (1 MiB in), via mtools."""
    out = subprocess.run(["mdir", "-b", "-i", "%s@@1M" % card, "::"],
                         capture_output=True, text=True, check=True).stdout
    return {os.path.basename(l.strip()) for l in out.splitlines() if l.strip()}


def fat_read(card, name):
    return subprocess.run(["mtype", "-i", "%s@@1M" % card, "::" + name],
                          capture_output=True, text=True, check=True).stdout


def test_sdcard_layout():
    card = sdcard("default")
    assert os.path.getsize(card) >= 64 << 20
    assert os.path.getsize(card) & (os.path.getsize(card) - 1) == 0, \
        "QEMU's SD model needs a power-of-two card"
    table = subprocess.run(["sfdisk", "-d", card], capture_output=True,
                           text=True, check=True).stdout
    assert re.search(r"start=\s*2048,.*type=c, bootable", table), table
    files = fat_files(card)
    for f in ("config.txt", "u-boot.bin", "bcm2711-rpi-4-b.dtb", "boot.scr",
              "uboot.env", "bulkhead.uimg", "bulkhead.bin"):
        assert f in files, "%s missing from the boot partition: %s" % (f, files)
    cfg = fat_read(card, "config.txt")
    for line in ("arm_64bit=1", "enable_uart=1", "kernel=u-boot.bin"):
        assert re.search(r"^%s$" % line, cfg, re.M), cfg
    # The uImage carries the same bytes as the hypervisor's arm64 Image.
    info = subprocess.run(["mkimage", "-l", os.path.join(
        os.path.dirname(card), "sdcard", "fat", "bulkhead.uimg")],
        capture_output=True, text=True, check=True).stdout
    assert "Load Address: 00080000" in info and "Entry Point:  00080000" in info
    if shutil.which("bmaptool"):
        assert os.path.exists(card + ".bmap")


def test_boots_through_uboot_two_partitions(rpi):
    run = rpi(sdcard("pair"))
    run.expect(r"U-Boot 20\d\d")
    run.expect(r"Verifying Checksum \.\.\. OK")
    run.expect(r"Bulkhead [^\r\n]* on rpi4, config 'pair'")
    # The counter frequency is read, not assumed (54 MHz on a real Pi).
    run.expect(r"counter (\d+) Hz")
    run.expect(r"gic: GICv2")
    run.expect(r"partition 0 'alpha': vmid 1, cores 0x1")
    run.expect(r"partition 1 'beta': vmid 2, cores 0x2")
    wait_heartbeats(run, ["alpha", "beta"], 5)
    a, b = heartbeats(run, "alpha"), heartbeats(run, "beta")
    assert {h["el"] for h in a + b} == {"1"}
    assert {h["pcpu"] for h in a} == {"0"}
    assert {h["pcpu"] for h in b} == {"1"}, "beta must run on core 1 " \
        "(released through the spin table)"


def test_isolation_probes_are_stopped_and_victim_untouched(rpi):
    run = rpi(sdcard("isolation"))
    check_isolation(run, {
        "p-ram": ("0x8100000", "write"),
        "p-hyp": ("0x80000", "read"),
        "p-dev": ("0xfe003000", "write"),
    })

def test_default_linux_beside_realtime(rpi):
    """configs/rpi4/default.dts, the default Pi 4 system: Linux on cores
    0-2 with the GICv2 device tree cfgc generates (the GIC-400's virtual CPU
    interface, PSCI over HVC, the virtual PL011 at uart0), next to the
    real-time partition on core 3, both on the multiplexed uart0.

    Multi-threaded TCG: no core is left parked, and under QEMU's
    single-threaded TCG (QEMU 9.2) the Linux boot CPU stalls for good in
    its first broadcast TLB invalidation loop (TLBI VAALE1IS).
    """
    run = rpi(sdcard("default"), thread="multi")
    run.expect(r"Bulkhead [^\r\n]* on rpi4, config 'default'")
    run.expect(r"gic: GICv2")
    run.expect(r"partition 0 'linux': vmid 1, cores 0x7")
    run.expect(r"partition 1 'rt': vmid 2, cores 0x8")
    run.expect(r"\[rt\] BH-RT start [^\r\n]* gic=2 [^\r\n]*pcpu=3")
    # Debian's generic arm64 kernel (linux-image-arm64), not the cloud one.
    run.expect(r"\[linux\] [^\r\n]*Linux version \d+\.\d+\.\d+-\d+-arm64 ")
    run.expect(r"\[linux\] [^\r\n]*Machine model: Bulkhead partition linux "
               r"on rpi4")
    run.expect(r"\[linux\] LINUX: ready", timeout=110)
    lines = [m.group(1) for m in
             run.lines(r"\[linux\] LINUX: ([^\r\n]*)\r*\n")]
    info = kv(" ".join(l for l in lines if l.startswith(("nproc=",
                                                         "memtotal_kb="))))
    # SMP through PSCI CPU_ON (answered by Bulkhead: the board has none).
    assert info["nproc"] == "3"
    # 512 MiB partition: the kernel sees most of it, never more.
    assert 400_000 < int(info["memtotal_kb"]) <= 524_288
    timer = [kv(l) for l in lines if l.startswith("irq name=arch_timer ")]
    assert timer and timer[0]["chip"] == "GIC-0" and int(timer[0]["count"])
    probe = [kv(l) for l in lines if l.startswith("probe ")]
    assert probe and probe[0]["addr"] == "0x08100000"
    assert probe[0]["result"] in ("sigbus", "error"), probe[0]
    # The real-time partition ran through Linux's boot: a report every
    # 100 periods, in order, none stalled (a second late) on the way.
    rt = r"\[rt\] (BH-RT periods=[^\r\n]*)\r*\n"
    seen = len(run.lines(rt))
    while len(run.lines(rt)) < seen + 2:
        run.expect(rt, timeout=60)
    reports = [kv(m.group(1)) for m in run.lines(rt)]
    periods = [int(r["periods"]) for r in reports]
    assert periods == sorted(periods) and periods[-1] >= 200, periods
    assert max(int(r["win_max"]) for r in reports) < int(reports[0]["freq"])


def test_watchdog_two_stage_restarts_linux(rpi):
    """configs/rpi4/watchdog.dts: Debian's generic kernel drives the virtual
    SBSA watchdog through the GIC-400's virtual CPU interface, two-stage
    (sbsa_gwdt action=1).  Once the daemon is killed, its WS0 interrupt
    makes Linux panic one timeout after the last ping, and the hypervisor
    restarts only Linux at WS1; Linux boots again with the watchdog armed
    and the real-time partition on core 3 reports throughout."""
    run = rpi(sdcard("watchdog"), thread="multi")
    run.expect(r"\[rt\] BH-RT start", timeout=60)
    boot_to_armed_watchdog(run, 1, action=1)
    assert not run.lines(PANIC)
    stop_petting_and_restart(run, two_stage=True, linux="0")
    boot_to_armed_watchdog(run, 2, action=1)
    assert len(run.lines(PANIC)) == 1
    assert [m.group(1) for m in run.lines(RESTARTING)] == ["linux"]
    assert len(run.lines(r"\[rt\] BH-RT start")) == 1
    check_realtime(rt_reports(run), strict=False)


def test_make_run_boots_the_card_under_raspi4b():
    """`make PLATFORM=rpi4 run` must start U-Boot with the card, not the
    bare image (QEMU keeps the last -kernel)."""
    res = make("-n", "PLATFORM=rpi4", "run")
    qemu = [l for l in res.stdout.splitlines()
            if l.startswith("qemu-system-aarch64")]
    assert qemu, res.stdout
    cmd = qemu[-1]
    assert "-M raspi4b" in cmd
    kernels = re.findall(r"-kernel (\S+)", cmd)
    assert kernels[-1].endswith("u-boot.bin"), cmd
    assert re.search(r"-dtb \S+bcm2711-rpi-4-b-qemu\.dtb", cmd)
    assert re.search(r"-drive if=sd,format=raw,file=\S+/sdcard\.img", cmd)
