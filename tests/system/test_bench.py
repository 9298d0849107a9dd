# SPDX-License-Identifier: Apache-2.0
"""The real-time figures that issue 7 sets as goals, from a short
`make bench` subset: bare metal, trap mode and direct mode with the rt
partition alone, GICv3 and GICv2, under icount.  Under `-icount
shift=0,sleep=off` with a 1 GHz counter a tick is one guest instruction,
so these are path lengths and EL2 entry counts, the same on every run of
the same build, never wall-clock times.
"""
import os
import re
import subprocess

from conftest import ROOT

RUNS = ["bm-v3", "bm-v2", "trap-alone-v3", "trap-alone-v2",
        "direct-alone-v3", "direct-alone-v2"]


def test_trap_and_direct_mode_figures(tmp_path):
    env = dict(os.environ, BENCH_ONLY=",".join(RUNS), BENCH_SAMPLES="200",
               BENCH_OUT=str(tmp_path), BENCH_TIMEOUT="60")
    res = subprocess.run(["/usr/bin/python3", "scripts/bench.py"], cwd=ROOT,
                         env=env, capture_output=True, text=True,
                         timeout=600)
    print(res.stdout[-3000:])
    assert res.returncode == 0, res.stderr[-3000:]
    line = res.stdout.strip().splitlines()[-1]
    m = dict(re.findall(r"(\w+)=(\S+)", line))
    assert line.startswith("bench: "), line
    # Trap mode: one EL2 entry per timer interrupt (no exit on EOI, no
    # maintenance interrupt), at most 100 instructions added.
    assert float(m["trap_el2_per_irq"]) == 1.0, line
    assert int(m["trap_added_insns"]) <= 100, line
    # Direct mode: no EL2 entry at all, bare metal's lateness.
    assert int(m["direct_el2_per_s"]) == 0, line
    assert int(m["direct_added_insns"]) <= 0, line
    # Every requested run produced its row.
    table = open(os.path.join(str(tmp_path), "results.md")).read()
    for r in RUNS:
        assert re.search(r"^\| %s \| .* \| 200 \|" % r, table, re.M), r
