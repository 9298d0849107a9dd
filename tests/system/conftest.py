# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures for Bulkhead's QEMU system tests.

Every QEMU run has a hard wall-clock limit (coreutils `timeout` around QEMU,
plus pexpect timeouts), `-no-reboot`, and is ended by its own PID only.  The
full console log of a run is attached to the report when a test fails.
"""
import os
import re
import subprocess
import time

import pexpect
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HARD_LIMIT_S = int(os.environ.get("BH_QEMU_LIMIT", "120"))


def make(*args, check=True):
    """Run make in the project root; return the CompletedProcess."""
    res = subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT,
                         capture_output=True, text=True)
    if check and res.returncode != 0:
        pytest.fail("make %s failed:\n%s%s" % (" ".join(args), res.stdout[-3000:],
                                               res.stderr[-3000:]))
    return res


def build(config, platform="qemu-virt"):
    make("PLATFORM=%s" % platform, "CONFIG=%s" % config, "all")
    return os.path.join(ROOT, "build", platform, config)


def virt_args(image, cpu="cortex-a72", gic=3, smp=4, mem="1G",
              machine_extra=",virtualization=on", extra=()):
    """QEMU arguments to boot an image on the virt board."""
    return ["-M", "virt,gic-version=%d%s" % (gic, machine_extra),
            "-cpu", cpu, "-smp", str(smp), "-m", mem, "-kernel", image,
            *extra]


class QemuRun:
    """One QEMU process with its console captured.

    args: the machine-specific arguments; -nographic and -no-reboot are
    always added, and coreutils `timeout` bounds the run.
    """

    def __init__(self, args, cmd=None):
        """cmd: a whole command instead, which must bound and configure
        QEMU itself (`make run QEMU_TIMEOUT=...`)."""
        self.cmd = cmd or ["timeout", "--kill-after=5", str(HARD_LIMIT_S),
                           "qemu-system-aarch64", "-nographic", "-no-reboot",
                           "-nic", "none", *args]
        self.log = ""
        self.child = pexpect.spawn(self.cmd[0], self.cmd[1:], cwd=ROOT,
                                   encoding="utf-8", codec_errors="replace",
                                   timeout=HARD_LIMIT_S)
        self.start = time.monotonic()

    def _collect(self):
        self.log += (self.child.before or "")
        if isinstance(self.child.after, str):
            self.log += self.child.after

    def expect(self, pattern, timeout=60, panic_ok=False):
        """Wait for a regex; return its match object. Fails on a panic
        unless panic_ok (a test that provokes one)."""
        pats = [pattern] if panic_ok else [pattern, r"PANIC[^\n]*\n"]
        try:
            self.child.expect(pats, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            self._collect()
            kind = "timed out" if isinstance(e, pexpect.TIMEOUT) else "QEMU exited"
            pytest.fail("%s waiting for %r" % (kind, pattern))
        self._collect()
        if not panic_ok and self.child.match.re.pattern.startswith("PANIC"):
            pytest.fail("hypervisor panic: %s" % self.child.match.group(0))
        return self.child.match

    def lines(self, regex):
        """All matches of a regex in the log so far (as dicts of k=v)."""
        return [m for m in re.finditer(regex, self.log)]

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)  # our own PID only
        try:
            self.child.expect(pexpect.EOF, timeout=2)
            self._collect()
        except (pexpect.TIMEOUT, pexpect.EOF, OSError):
            pass


def kv(line):
    """Parse 'key=value' pairs of a report line."""
    return dict(re.findall(r"(\w+)=(\S+)", line))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    run = getattr(item, "qemu_run", None)
    if rep.when == "call" and rep.failed and run is not None:
        log = run.log
        if len(log) > 30000:  # the start (boot) and the end (the failure)
            log = log[:10000] + "\n[... %d bytes ...]\n" % (len(log) - 30000) \
                + log[-20000:]
        rep.sections.append(("QEMU console log (%s)" % " ".join(run.cmd), log))


def qemu_factory(request, make_args):
    """Yield a factory that starts QemuRuns and closes them afterwards."""
    runs = []

    def start(*a, **opts):
        run = QemuRun(make_args(*a, **opts))
        runs.append(run)
        request.node.qemu_run = run
        return run

    yield start
    for run in runs:
        run.close()


@pytest.fixture
def qemu(request):
    """Factory: qemu(image, **virt_args options) -> QemuRun on QEMU virt."""
    yield from qemu_factory(request, virt_args)


HB = r"\[(\w[\w-]*)\] (BH-HB [^\r\n]*)\r*\n"


def heartbeats(run, part):
    """The parsed BH-HB lines partition `part` printed so far."""
    return [kv(m.group(2)) for m in run.lines(HB) if m.group(1) == part]


def wait_heartbeats(run, parts, count):
    """Wait until every partition in parts printed `count` heartbeats."""
    while min(len(heartbeats(run, p)) for p in parts) < count:
        run.expect(HB, timeout=60)


def check_isolation(run, expected):
    """The isolation config's contract: each prober in `expected`
    ({partition: (ipa, "read"|"write")}) is stopped with one decoded fault
    at that IPA, none reaches its target, and the victim keeps
    heartbeating with its checksum unchanged."""
    wait_heartbeats(run, ["victim"], 2)
    # Up to the ';' so a line still arriving is never half-matched.  A
    # prober may have stopped before the victim's heartbeats were in.
    stop = r"partition '([\w-]+)' stopped: ([^;\r\n]*);"
    while {m.group(1) for m in run.lines(stop)} != set(expected):
        run.expect(stop)
    assert {m.group(2) for m in run.lines(stop)} == {"data abort"}
    for part, (ipa, op) in expected.items():
        fault = [kv(m.group(0))
                 for m in run.lines(r"FAULT part=%s [^\r\n]*" % part)]
        assert len(fault) == 1, "exactly one fault report for %s" % part
        assert fault[0]["ipa"] == ipa
        assert re.search(r"data abort: translation fault at level \d, "
                         r"%s of 4 bytes" % op, run.log), \
            "decoded fault for %s" % part
    assert "result=reached" not in run.log
    before = len(heartbeats(run, "victim"))
    wait_heartbeats(run, ["victim"], before + 3)
    sums = {h["sum"] for h in heartbeats(run, "victim")}
    assert len(sums) == 1, "victim checksum changed: %s" % sums
