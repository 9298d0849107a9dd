# SPDX-License-Identifier: Apache-2.0
"""Issue 6, item 3: the virtual watchdog.  An unmodified Debian Linux
drives the partition's emulated SBSA Generic Watchdog with its own
sbsa_gwdt driver and busybox's watchdog daemon (configs/qemu-virt/
watchdog.dts, bh.watchdog in partitions/linux/init).  While the daemon
pets, nothing happens; once it is killed (SIGKILL: no magic close, the
device stays armed) the hypervisor restarts Linux one timeout after the
last ping, Linux boots again to its shell with its watchdog armed again,
and the real-time partition next to it never notices.

Time is counted in the real-time partition's reports, one per second of
the guests' counter, so the same test holds under icount (where guest
time runs faster than the host's) and without.
"""
import os
import re

import pytest

from conftest import ROOT, build, kv, make
from test_linux import CTRL_BACKSLASH, ICOUNT, RT, check_realtime, rt_reports

TIMEOUT = 4  # timeout-sec of configs/qemu-virt/watchdog.dts
WDT = r"\[linux\] LINUX: (watchdog [^\r\n]*)\r*\n"
EXPIRED = r"partition '([\w-]+)': watchdog expired \(second timeout\)"
RESTARTING = r"partition '([\w-]+)' restarting \(([^)]*)\), restart (\d+),"
RESTARTED = r"partition '([\w-]+)' restarted in (\d+) us"
STOPPED = r"partition '([\w-]+)' stopped"
# sbsa_gwdt's WS0 handler (action=1)
PANIC = r"\[linux\] [^\r\n]*\] Kernel panic - not syncing: SBSA Generic Watchdog timeout"


def watchdog_lines(run):
    return [kv(m.group(1)) for m in run.lines(WDT)]


def wait_rt_reports(run, count):
    """Wait for `count` more real-time reports: `count` guest seconds."""
    target = len(rt_reports(run)) + count
    while len(rt_reports(run)) < target:
        run.expect(RT, timeout=60)


def boot_to_armed_watchdog(run, boot, action=0):
    """Linux's boot number `boot` (1, 2, ...) up to its shell, with the
    watchdog driver bound to the virtual watchdog and the daemon petting;
    sbsa_gwdt's `action` 0 is single-stage, 1 two-stage."""
    run.expect(WDT, timeout=240)
    run.expect(r"\[linux\] LINUX: ready", timeout=60)
    wdt = watchdog_lines(run)
    assert len(wdt) == boot, wdt
    assert "error" not in wdt[-1], wdt[-1]
    assert wdt[-1]["dev"] == "/dev/watchdog0"
    assert wdt[-1]["timeout"] == str(TIMEOUT)
    assert wdt[-1]["state"] == "active"
    assert wdt[-1]["identity"] == "SBSA_Generic_Watchdog"
    # Read back through WCS, WOR and WCV just after a ping.
    assert 1 <= int(wdt[-1]["timeleft"]) <= TIMEOUT, wdt[-1]
    # The driver found the device tree node cfgc wrote, in that mode.
    inits = re.findall(r"sbsa-gwdt b000000\.watchdog: Initialized with "
                       r"(\d+)s timeout @ \d+ Hz, action=(\d)\.", run.log)
    assert inits == [(str(TIMEOUT), str(action))] * boot, inits


def pets_keep_it_alive(run):
    """Negative control: while the daemon pets, no expiry over more than
    twice the timeout."""
    wait_rt_reports(run, 2 * TIMEOUT + 2)
    assert not run.lines(EXPIRED), "watchdog expired while being petted"


def stop_petting(run, two_stage=False, linux="1"):
    """Kill the daemon; returns the guest seconds until the expiry.
    two_stage: Linux panics at WS0 first, one timeout after the last ping
    (its handler of the WS0 interrupt), and the expiry is one more later.
    linux: the Linux partition's number, the console focus key."""
    # Focus the Linux console (partition 1) and type at its shell.  As
    # few keys as possible: console input is taken on core 0, the
    # real-time partition's (docs/console.md).
    run.child.send(CTRL_BACKSLASH + linux)
    run.expect(r"console focus -> 'linux'")
    run.child.send("kill -9 %s\r" % watchdog_lines(run)[-1]["pid"])
    # The watchdog core pings once as the device is closed, no magic
    # close: the device stays armed.
    run.expect(r"watchdog0: watchdog did not stop!")
    killed_at = len(rt_reports(run))
    if two_stage:
        run.expect(PANIC, timeout=60)
        seconds = len(rt_reports(run)) - killed_at
        assert TIMEOUT - 1 <= seconds <= TIMEOUT + 2, seconds
    m = run.expect(EXPIRED, timeout=60)
    assert m.group(1) == "linux"
    seconds = len(rt_reports(run)) - killed_at
    # Single stage: the action comes twice WOR = one timeout after the
    # last ping (the one at close), within a report or two.  Two-stage:
    # WOR is the timeout, so twice that.
    expect = 2 * TIMEOUT if two_stage else TIMEOUT
    assert expect - 1 <= seconds <= expect + 2, seconds
    return seconds


def stop_petting_and_restart(run, two_stage=False, linux="1"):
    """Kill the daemon; returns (guest seconds until the expiry, the
    restart time in us the hypervisor printed)."""
    seconds = stop_petting(run, two_stage, linux)
    m = run.expect(RESTARTING, timeout=10)
    assert m.groups() == ("linux", "watchdog expired", "1")
    m = run.expect(RESTARTED, timeout=30)
    assert m.group(1) == "linux"
    return seconds, int(m.group(2))


# icount: the strict real-time rule (zero misses), as in test_linux.py;
# without it, a stall of a second or more fails.
@pytest.mark.parametrize("gic,icount", [(3, True), (2, True), (3, False),
                                        (2, False)])
def test_watchdog_restarts_linux_only(qemu, gic, icount):
    out = build("watchdog")
    run = qemu(os.path.join(out, "bulkhead.bin"), gic=gic,
               cpu="cortex-a72" + (",cntfrq=1000000000" if icount else ""),
               extra=ICOUNT if icount else ())
    run.expect(r"\[rt\] BH-RT start", timeout=60)
    boot_to_armed_watchdog(run, 1)
    pets_keep_it_alive(run)

    seconds, restart_us = stop_petting_and_restart(run)
    assert restart_us > 0

    # Linux boots again from its pristine image, watchdog armed again.
    restarted_at = len(rt_reports(run))
    boot_to_armed_watchdog(run, 2)
    assert len(run.lines(r"\[linux\] LINUX: boot ok")) == 2
    print("linux: watchdog expired %d s after the last ping; restarted in "
          "%d us (hypervisor: stop, scrub, reload); watchdog armed again "
          "about %d s later (rt reports)"
          % (seconds, restart_us, len(rt_reports(run)) - restarted_at))
    wait_rt_reports(run, 3)

    # Only Linux was touched, once.
    assert [m.group(1) for m in run.lines(EXPIRED)] == ["linux"]
    assert [m.group(1) for m in run.lines(RESTARTING)] == ["linux"]
    assert not run.lines(STOPPED)
    # The real-time partition booted once and reported throughout, with no
    # deadline missed (icount: then every 100 periods exactly) or stall
    # (without: a period more than one late shifts its numbering).
    assert len(run.lines(r"\[rt\] BH-RT start")) == 1
    reports = rt_reports(run)
    periods = [int(r["periods"]) for r in reports]
    gaps = [(a, b) for a, b in zip(periods, periods[1:]) if b - a != 100]
    assert not (icount and gaps), "real-time reports skipped: %s" % gaps
    check_realtime(reports, strict=icount)


def test_watchdog_action_stop(qemu):
    """The same config with action "stop" (-DWDT_STOP): Linux is stopped,
    not restarted, and the real-time partition runs on (icount, GICv3)."""
    make("CONFIG=watchdog", "CFGC_DEFINES=-DWDT_STOP", "all")
    out = os.path.join(ROOT, "build", "qemu-virt", "watchdog")
    run = qemu(os.path.join(out, "bulkhead.bin"),
               cpu="cortex-a72,cntfrq=1000000000", extra=ICOUNT)
    run.expect(r"\[rt\] BH-RT start", timeout=60)
    boot_to_armed_watchdog(run, 1)
    stop_petting(run)
    m = run.expect(r"partition '([\w-]+)' stopped: ([^;\r\n]*);", timeout=10)
    assert m.groups() == ("linux", "watchdog expired")
    wait_rt_reports(run, 3)
    assert not run.lines(RESTARTING)
    assert len(run.lines(r"\[linux\] LINUX: boot ok")) == 1
    assert len(run.lines(r"\[rt\] BH-RT start")) == 1
    check_realtime(rt_reports(run), strict=False)


@pytest.mark.parametrize("gic", [3, 2])
def test_watchdog_two_stage_ws0_interrupt(qemu, gic):
    """-DWDT_PANIC: sbsa_gwdt loaded with action=1 requests the WS0
    interrupt that cfgc wired into its device tree node (a virtual SPI,
    configs/qemu-virt/watchdog.dts).  While petted, WS0 stays low (no
    panic); once the daemon is killed, the interrupt arrives one timeout
    after the last ping and Linux panics in its handler, and the
    hypervisor restarts the partition at WS1, one timeout later.  The
    real-time partition never stalls throughout.

    Not under icount: Linux's panic loop waits in mdelay(), a WFE loop on
    the timer's event stream, and QEMU's icount (WFE = yield) then stops
    advancing virtual time, so every core freezes; on hardware, and under
    MTTCG, the event stream ends each WFE."""
    make("CONFIG=watchdog", "CFGC_DEFINES=-DWDT_PANIC", "all")
    out = os.path.join(ROOT, "build", "qemu-virt", "watchdog")
    run = qemu(os.path.join(out, "bulkhead.bin"), gic=gic, cpu="cortex-a72")
    run.expect(r"\[rt\] BH-RT start", timeout=60)
    boot_to_armed_watchdog(run, 1, action=1)
    pets_keep_it_alive(run)
    assert not run.lines(PANIC), "WS0 raised while the watchdog was petted"
    stop_petting_and_restart(run, two_stage=True)
    boot_to_armed_watchdog(run, 2, action=1)
    # One panic, and only Linux restarted, once.
    assert len(run.lines(PANIC)) == 1
    assert [m.group(1) for m in run.lines(RESTARTING)] == ["linux"]
    assert len(run.lines(r"\[rt\] BH-RT start")) == 1
    check_realtime(rt_reports(run), strict=False)
