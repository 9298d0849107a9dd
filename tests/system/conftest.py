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


class QemuRun:
    """One QEMU process with its console captured."""

    def __init__(self, image, cpu="cortex-a72", gic=3, smp=4, mem="1G",
                 machine_extra=",virtualization=on", extra=()):
        self.cmd = ["timeout", "--kill-after=5", str(HARD_LIMIT_S),
                    "qemu-system-aarch64",
                    "-M", "virt,gic-version=%d%s" % (gic, machine_extra),
                    "-cpu", cpu, "-smp", str(smp), "-m", mem,
                    "-nographic", "-no-reboot", "-kernel", image, *extra]
        self.log = ""
        self.child = pexpect.spawn(self.cmd[0], self.cmd[1:], cwd=ROOT,
                                   encoding="utf-8", codec_errors="replace",
                                   timeout=HARD_LIMIT_S)
        self.start = time.monotonic()

    def _collect(self):
        self.log += (self.child.before or "")
        if isinstance(self.child.after, str):
            self.log += self.child.after

    def expect(self, pattern, timeout=60):
        """Wait for a regex; return its match object. Fails on panic."""
        try:
            self.child.expect([pattern, r"PANIC[^\n]*\n"], timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            self._collect()
            kind = "timed out" if isinstance(e, pexpect.TIMEOUT) else "QEMU exited"
            pytest.fail("%s waiting for %r" % (kind, pattern))
        self._collect()
        if self.child.match.re.pattern.startswith("PANIC"):
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
        rep.sections.append(("QEMU console log (%s)" % " ".join(run.cmd),
                             run.log[-20000:]))


@pytest.fixture
def qemu(request):
    """Factory: qemu(image, **opts) -> QemuRun, closed after the test."""
    runs = []

    def start(image, **opts):
        run = QemuRun(image, **opts)
        runs.append(run)
        request.node.qemu_run = run
        return run

    yield start
    for run in runs:
        run.close()
