# SPDX-License-Identifier: Apache-2.0
"""Issue 3: an unmodified Debian Linux SMP guest next to a bare-metal
real-time partition, on GICv3 and GICv2, Cortex-A53 and Cortex-A72.

Everything is checked from inside the guests: Linux prints `LINUX: ...`
lines from its /init, the real-time partition prints `BH-RT ...` lines.
"""
import os

import pexpect
import pytest

from conftest import (HARD_LIMIT_S, QemuRun, build, heartbeats, kv,
                      wait_heartbeats)

RT = r"\[rt\] (BH-RT periods=[^\r\n]*)\r*\n"
CTRL_BACKSLASH = "\x1c"


def linux_lines(run):
    return [m.group(1) for m in run.lines(r"\[linux\] LINUX: ([^\r\n]*)\r*\n")]


def rt_reports(run):
    return [kv(m.group(1)) for m in run.lines(RT)]


# icount: one counter tick per guest instruction (1 GHz counter), so the
# real-time partition's lateness is a deterministic path length and host
# scheduling cannot cause a miss; there the test demands zero misses.
ICOUNT = ("-icount", "shift=0,sleep=off")


# config "direct": the real-time partition in direct interrupt mode
# (configs/qemu-virt/direct.dts); its core must never enter EL2 for an
# interrupt, and console input then arrives on Linux's core, then on hb's.
@pytest.mark.parametrize("config,gic,cpu,icount", [
    ("default", 3, "cortex-a72", False), ("default", 2, "cortex-a72", False),
    ("default", 3, "cortex-a53", False), ("default", 2, "cortex-a53", False),
    ("default", 3, "cortex-a72", True), ("default", 2, "cortex-a72", True),
    ("direct", 3, "cortex-a72", True), ("direct", 2, "cortex-a72", True),
    ("direct", 3, "cortex-a53", False)])
def test_linux_beside_realtime(qemu, config, gic, cpu, icount):
    # One image for both GIC versions: the hypervisor loads the guest
    # device tree that describes the GIC it finds.
    out = build(config)
    run = qemu(os.path.join(out, "bulkhead.bin"), gic=gic,
               cpu=cpu + (",cntfrq=1000000000" if icount else ""),
               extra=ICOUNT if icount else ())
    # The fourth core runs a second bare-metal partition (direct.dts
    # includes default.dts).
    run.expect(r"partition 2 'hb': vmid 3, cores 0x8")
    run.expect(r"\[rt\] BH-RT start", timeout=60)
    run.expect(r"\[linux\] LINUX: ready", timeout=240)
    info = dict(l.split("=", 1) for l in linux_lines(run) if "=" in l
                and l.split("=", 1)[0] in ("nproc", "memtotal_kb", "kernel"))
    # SMP through PSCI CPU_ON, exactly the partition's two cores.
    assert info["nproc"] == "2"
    # 256 MiB partition: the kernel sees most of it, never more.
    assert 150_000 < int(info["memtotal_kb"]) <= 262_144
    assert info["kernel"].endswith("-cloud-arm64")
    irqs = [kv(l) for l in linux_lines(run) if l.startswith("irq ")]
    names = " ".join(i.get("name", "") for i in irqs)
    assert "arch_timer" in names, "the virtual timer interrupt never arrived"
    # Another partition's RAM through /dev/mem: contained, never reached.
    probe = [kv(l) for l in linux_lines(run) if l.startswith("probe ")]
    assert probe and probe[0]["addr"] == "0x48100000"
    assert probe[0]["result"] in ("sigbus", "error"), probe[0]
    assert "FAULT part=linux" in run.log or probe[0]["result"] == "error"

    # Focus the Linux console (partition 1); what we type reaches its
    # shell through the virtual UART's receive interrupt.
    run.child.send(CTRL_BACKSLASH + "1")
    run.expect(r"console focus -> 'linux'")
    if config == "default":
        # Keys typed to Linux are taken on Linux's core, not rt's.
        run.expect(r"console input on core 1")
    run.child.send("grep uart-pl011 /proc/interrupts\r")
    m = run.expect(r"\[linux\]\s+\d+:\s+(\d+)\s+(\d+)\s+\S+\s+33 Level\s+uart-pl011")
    assert int(m.group(1)) + int(m.group(2)) > 0, "no virtual UART interrupt"
    run.child.send("poweroff -f\r")
    run.expect(r"partition 'linux' stopped: PSCI SYSTEM_OFF", timeout=60)
    # Its cores are parked: input moves to a running trap-mode partition
    # (in the direct config, hb's).
    run.expect(r"console input on core 0" if config == "default"
               else r"console input on core 3")
    # The real-time partition keeps running after Linux is gone.
    seen = len(rt_reports(run))
    while len(rt_reports(run)) < seen + 2:
        run.expect(RT, timeout=60)
    check_realtime(rt_reports(run), strict=icount)
    check_heartbeat_partition(run)
    if config == "direct":
        assert "console input on core 1" in run.log
        irqs = {r["el2_irq"] for r in rt_reports(run)}
        assert irqs == {"0"}, "direct mode: IRQ exits on the RT core %s" % irqs


# Without icount, a stall is a deadline more than a second late (the
# partition stopped or its timer interrupt was lost); lateness below that is
# reported, not asserted: under multi-threaded TCG on a 2-core host, QEMU's
# own scheduling (host threads, exclusive sections while Linux patches its
# text) delays the RT vCPU by tens of milliseconds during Linux's boot.  The
# icount runs assert zero misses (docs/realtime.md).


def check_realtime(reports, strict):
    """strict (icount): no deadline missed at any point."""
    assert reports, "no real-time reports"
    periods = [int(r["periods"]) for r in reports]
    # Reports every 100 periods; a stall would also show up as a skipped
    # report (the guest measures every period, late or not).
    assert periods == sorted(periods) and periods[-1] >= 300, periods
    worst = max(int(r["win_max"]) for r in reports)
    one_second = int(reports[0]["freq"])
    assert worst < one_second, "real-time partition stalled: %d ticks" % worst
    print("real-time partition: %d periods, %s misses (> 5 ms late), worst "
          "lateness %d ticks" % (periods[-1], reports[-1]["misses"], worst))
    if strict:
        assert all(r["misses"] == "0" for r in reports), reports


def test_make_run_boots_the_default_system(request):
    """The README's first command: `make run` builds and boots the default
    system on the console, the three partitions side by side; typing after
    Ctrl-\\ 1 reaches Linux's shell, and Ctrl-a x (the exit key it
    announces) ends QEMU."""
    run = QemuRun(None, cmd=["make", "--no-print-directory", "run",
                             "QEMU_TIMEOUT=%d" % HARD_LIMIT_S])
    request.node.qemu_run = run
    try:
        run.expect(r"Exit: press Ctrl-a, then x\.", timeout=300)
        run.expect(r"partition 0 'rt': vmid 1, cores 0x1")
        run.expect(r"partition 1 'linux': vmid 2, cores 0x6")
        run.expect(r"partition 2 'hb': vmid 3, cores 0x8")
        run.expect(r"\[linux\] LINUX: ready", timeout=240)
        wait_heartbeats(run, ["hb"], 2)
        run.child.send(CTRL_BACKSLASH + "1")
        run.expect(r"console focus -> 'linux'")
        run.child.send("echo typed-$((6 * 7))\r")
        run.expect(r"\[linux\] typed-42")
        assert run.lines(RT), "no real-time report"
        run.child.send("\x01x")
        run.expect(r"QEMU: Terminated", timeout=10)
        run.child.expect(pexpect.EOF, timeout=10)
        run.child.close()
        assert run.child.exitstatus == 0, run.child.exitstatus
    finally:
        if not run.child.closed:
            run.close()


def check_heartbeat_partition(run):
    """The default system's `hb` partition on core 3 beat all along, from
    before Linux booted until after Linux powered off: at EL1 on its own
    core, its RAM checksum never changed, its virtual timer ticking into
    it and nothing foreign arriving (stray counts any other interrupt)."""
    seen = len(heartbeats(run, "hb"))
    wait_heartbeats(run, ["hb"], seen + 1)
    beats = heartbeats(run, "hb")
    assert [int(b["n"]) for b in beats] == list(range(len(beats)))
    assert {(b["pcpu"], b["el"]) for b in beats} == {("3", "1")}
    assert len({b["sum"] for b in beats}) == 1, "hb's RAM changed"
    ticks = [int(b["ticks"]) for b in beats]
    assert ticks == sorted(ticks) and ticks[-1] > ticks[1] > 0, ticks
    assert {b["stray"] for b in beats} == {"0"}


@pytest.mark.parametrize("gic", [3, 2])
def test_three_partitions(qemu, gic):
    """configs/qemu-virt/three.dts: Linux with the RTC passed through, and
    two heartbeat partitions, one in RAM that cfgc placed and remapped."""
    out = build("three")
    run = qemu(os.path.join(out, "bulkhead.bin"), gic=gic)
    run.expect(r"partition 0 'linux': vmid 1, cores 0x3")
    run.expect(r"partition 1 'alpha': vmid 2, cores 0x4")
    # Placed by cfgc in the first free 2 MiB aligned board RAM.
    run.expect(r"partition 2 'monitor': vmid 3, cores 0x8, 32 MiB RAM at "
               r"0x4a000000")
    run.expect(r"\[monitor\] BH-BOOT [^\r\n]* base=0x40000000")
    run.expect(r"\[linux\] LINUX: ready", timeout=240)
    # The device tree gave Linux the RTC: its driver reached the hardware.
    assert "rtc-pl031 9010000.pl031: registered as rtc0" in run.log
    assert "rtc-pl031 9010000.pl031: setting system clock" in run.log
    info = dict(l.split("=", 1) for l in linux_lines(run) if "=" in l
                and l.split("=", 1)[0] == "nproc")
    assert info["nproc"] == "2"
    probe = [kv(l) for l in linux_lines(run) if l.startswith("probe ")]
    assert probe and probe[0]["addr"] == "0x48100000"
    assert probe[0]["result"] in ("sigbus", "error"), probe[0]
    wait_heartbeats(run, ["alpha", "monitor"], 3)
    assert {h["pcpu"] for h in heartbeats(run, "alpha")} == {"2"}
    assert {h["pcpu"] for h in heartbeats(run, "monitor")} == {"3"}
