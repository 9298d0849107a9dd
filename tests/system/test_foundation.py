# SPDX-License-Identifier: Apache-2.0
"""Issue 2: boot at EL2, partitions on dedicated cores, isolation, bad
configs rejected at build time."""
import glob
import os
import re

import pytest

from conftest import ROOT, build, kv, make

HB = r"\[(\w[\w-]*)\] (BH-HB [^\r\n]*)\r*\n"


def heartbeats(run, part):
    return [kv(m.group(2)) for m in run.lines(HB) if m.group(1) == part]


def wait_heartbeats(run, parts, count):
    """Wait until every partition in parts printed `count` heartbeats."""
    while min(len(heartbeats(run, p)) for p in parts) < count:
        run.expect(HB, timeout=60)


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
    wait_heartbeats(run, ["victim"], 2)
    expected = {
        "p-ram": ("0x48100000", "write"),
        "p-hyp": ("0x40080000", "read"),
        "p-dev": ("0x9010000", "write"),
    }
    stopped = set()
    while stopped != set(expected):
        m = run.expect(r"partition '([\w-]+)' stopped: ([^;\r\n]*)")
        stopped.add(m.group(1))
        assert m.group(2) == "data abort"
    for part, (ipa, op) in expected.items():
        fault = [kv(m.group(0)) for m in run.lines(r"FAULT part=%s [^\r\n]*" % part)]
        assert len(fault) == 1, "exactly one fault report for %s" % part
        assert fault[0]["ipa"] == ipa
        assert re.search(r"data abort: translation fault at level \d, %s of 4 bytes" % op,
                         run.log), "decoded fault for %s" % part
    # The probers never reached their target.
    assert "result=reached" not in run.log
    # The victim keeps running afterwards, its precious memory unchanged.
    before = len(heartbeats(run, "victim"))
    wait_heartbeats(run, ["victim"], before + 3)
    sums = {h["sum"] for h in heartbeats(run, "victim")}
    assert len(sums) == 1, "victim checksum changed: %s" % sums


def test_refuses_to_start_at_el1(qemu):
    out = build("pair")
    run = qemu(os.path.join(out, "bulkhead.bin"), machine_extra="")
    run.expect(r"entered at EL1, but Bulkhead must be started at EL2")
    run.expect(r"halted")


BAD = sorted(glob.glob(os.path.join(ROOT, "tests/configs/bad/*.c")))


@pytest.mark.parametrize("path", BAD, ids=[os.path.basename(p)[:-2] for p in BAD])
def test_bad_config_fails_the_build(path):
    name = os.path.basename(path)[:-2]
    expect = re.search(r"/\* expect: (.*) \*/", open(path).read()).group(1)
    res = make("CONFIG_DIR=tests/configs/bad", "CONFIG=%s" % name, "cfgcheck",
               check=False)
    assert res.returncode != 0, "bad config %s was accepted" % name
    assert "tests/configs/bad/%s.c: error: " % name in res.stderr
    assert expect in res.stderr, res.stderr
