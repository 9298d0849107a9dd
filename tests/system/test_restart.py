# SPDX-License-Identifier: Apache-2.0
"""Fault policies per partition: restart.  PSCI SYSTEM_RESET and a fault
under policy "restart" reboot only the partition concerned, from pristine
images in scrubbed RAM, until its restart budget is spent; its neighbour
never notices."""
import os
import re
import time

import pytest

from conftest import build, kv

HB = r"\[victim\] (BH-HB [^\r\n]*)\r*\n"
RESTARTING = r"partition '([\w-]+)' restarting \(([^)]*)\), restart (\d+)"
RESTARTED = r"partition '([\w-]+)' restarted in (\d+) us"
# The ";" makes pexpect wait for the whole reason.
STOPPED = r"partition '([\w-]+)' stopped: ([^;\r\n]*);"
LIMIT = "restart limit reached (5 restarts within 60000 ms)"
MAX_RESTARTS = 5


def heartbeats(run):
    return [kv(m.group(1)) for m in run.lines(HB)]


def wait_heartbeats(run, count):
    while len(heartbeats(run)) < count:
        run.expect(HB, timeout=30)


def restarts(run, part):
    return [(m.group(2), int(m.group(3))) for m in run.lines(RESTARTING)
            if m.group(1) == part]


def boots(run, part, what="boot"):
    return [kv(m.group(1)) for m in
            run.lines(r"\[%s\] BH-RESET %s([^\r\n]*)" % (part, what))]


# restart-direct: the same with the restarted partitions in direct
# interrupt mode, where a running vCPU can only be recalled through the
# hypervisor's Group 0 SGI (FIQ): the crasher's first vCPU never traps.
@pytest.mark.parametrize("config,gic", [("restart", 3), ("restart", 2),
                                        ("restart-direct", 3),
                                        ("restart-direct", 2)])
def test_restart_until_limit_victim_untouched(qemu, config, gic):
    out = build(config)
    run = qemu(os.path.join(out, "bulkhead.bin"), gic=gic)
    wait_heartbeats(run, 2)
    stopped = {}
    while len(stopped) < 2:
        m = run.expect(STOPPED, timeout=20)
        stopped[m.group(1)] = m.group(2)
    assert stopped == {"resetter": LIMIT, "crasher": LIMIT}
    # The back-off keeps the whole budget short (20 ms doubling, 5 times).
    assert time.monotonic() - run.start < 20

    # Every restart is announced, numbered, and finished.
    expected = list(range(1, MAX_RESTARTS + 1))
    assert restarts(run, "resetter") == [("PSCI SYSTEM_RESET", n)
                                         for n in expected]
    assert restarts(run, "crasher") == [("data abort", n) for n in expected]
    done = [m.group(1) for m in run.lines(RESTARTED)]
    assert done.count("resetter") == MAX_RESTARTS
    assert done.count("crasher") == MAX_RESTARTS

    # The guests really booted again each time, from a pristine image:
    # their .data counter is back at its initial value on every boot.
    for part in ("resetter", "crasher"):
        b = boots(run, part)
        assert len(b) == MAX_RESTARTS + 1 >= 3
        assert {h["seen"] for h in b} == {"1"}
        assert {h["mpidr"] for h in b} == {"0x80000000"}
    assert {h["pcpu"] for h in boots(run, "resetter")} == {"1"}
    assert {h["pcpu"] for h in boots(run, "crasher")} == {"2"}
    # The crasher's second vCPU (the one that faults, while the first still
    # runs) comes back after every restart too.
    sec = boots(run, "crasher", "secondary")
    assert len(sec) == MAX_RESTARTS + 1
    assert {h["pcpu"] for h in sec} == {"3"}
    assert "reset-returned" not in run.log
    faults = run.lines(r"FAULT part=crasher vcpu=1 cpu=3 kind=data abort")
    assert len(faults) == 2, "full reports stay rate-limited across restarts"

    # The victim ran on throughout: one boot, no gap, no restart, its
    # memory untouched; and it keeps going after the others stopped.
    before = len(heartbeats(run))
    wait_heartbeats(run, before + 3)
    hb = heartbeats(run)
    assert [int(h["n"]) for h in hb] == list(range(len(hb)))
    assert len({h["sum"] for h in hb}) == 1, "victim checksum changed"
    assert {h["pcpu"] for h in hb} == {"0"}
    assert len(re.findall(r"\[victim\] BH-BOOT", run.log)) == 1
    assert restarts(run, "victim") == []

