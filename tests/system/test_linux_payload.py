"""System tests for the Linux guest payload (partitions/linux/).

These boot Debian's cloud arm64 kernel with the Bulkhead initramfs on plain
QEMU (no hypervisor) and check the machine-readable "LINUX: ..." lines that
partitions/linux/init prints on the console.

Prerequisites (otherwise the tests skip with a reason):
    partitions/linux/fetch-kernel.sh     -> build/linux/Image
    partitions/linux/mkinitramfs.sh      -> build/linux/initramfs.cpio.gz
    qemu-system-aarch64 on PATH
The partition-DTB tests also need aarch64-linux-gnu-gcc, cpp, dtc and fdtput
(they build the default config's guest device trees with make).
BH_LINUX_OUT overrides build/linux for the bare-QEMU tests.

Every QEMU is started by this file and killed only by its own PID; each boot
has a hard timeout and prints the whole console log when it fails.
"""

import io
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

REPO = Path(__file__).resolve().parents[2]
OUT = Path(os.environ.get("BH_LINUX_OUT", REPO / "build" / "linux"))
IMAGE = OUT / "Image"
INITRD = OUT / "initramfs.cpio.gz"
DIRECT_BOOT = REPO / "partitions" / "linux" / "qemu-direct-boot.sh"
QEMU = "qemu-system-aarch64"

BOOT_TIMEOUT = 120  # seconds, whole boot up to "LINUX: ready"
POWEROFF_TIMEOUT = 30

LINE_RE = re.compile(r"^LINUX: (.*?)\r*$", re.M)


def _require_payload():
    if not IMAGE.is_file():
        pytest.skip(f"{IMAGE} absent: run partitions/linux/fetch-kernel.sh")
    if not INITRD.is_file():
        pytest.skip(f"{INITRD} absent: run partitions/linux/mkinitramfs.sh")
    if shutil.which(QEMU) is None:
        pytest.skip(f"{QEMU} not installed")


def bare_cmd(smp=2, mem="512M", gic=3, append=""):
    return [
        QEMU,
        "-M", f"virt,gic-version={gic}",
        "-cpu", "cortex-a72",
        "-smp", str(smp),
        "-m", mem,
        "-nographic", "-no-reboot", "-nic", "none",
        "-kernel", str(IMAGE),
        "-initrd", str(INITRD),
        "-append", f"console=ttyAMA0 {append}".strip(),
    ]


class Guest:
    """One QEMU process on a pty, with its console log kept for reporting."""

    def __init__(self, argv):
        self.argv = argv
        self.log = io.StringIO()
        self.start = time.monotonic()
        self.child = pexpect.spawn(
            argv[0], argv[1:], encoding="utf-8", codec_errors="replace",
            timeout=BOOT_TIMEOUT, dimensions=(50, 200),
        )
        self.child.logfile_read = self.log
        self.pid = self.child.pid

    def expect(self, pattern, timeout=BOOT_TIMEOUT):
        try:
            return self.child.expect(pattern, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            kind = "timeout" if isinstance(exc, pexpect.TIMEOUT) else "QEMU exited"
            self.fail(f"{kind} waiting for {pattern!r}")

    def fail(self, why):
        self.kill()
        pytest.fail(
            f"{why}\ncommand: {' '.join(self.argv)}\n"
            f"----- console log -----\n{self.console()}\n"
            f"----- end of console log -----",
            pytrace=False,
        )

    def console(self):
        """The console log with the pty's CR/LF doubling undone."""
        return re.sub(r"\r+\n", "\n", self.log.getvalue())

    def lines(self):
        return LINE_RE.findall(self.console())

    def kv(self):
        """Single 'key=value' lines as a dict; the last one wins."""
        out = {}
        for line in self.lines():
            if " " not in line and "=" in line:
                key, value = line.split("=", 1)
                out[key] = value
        return out

    def wait_poweroff(self):
        try:
            self.child.expect(pexpect.EOF, timeout=POWEROFF_TIMEOUT)
        except pexpect.TIMEOUT:
            self.fail("guest did not power off")
        self.child.close()
        if self.child.exitstatus != 0:
            self.fail(f"QEMU exit status {self.child.exitstatus} "
                      f"signal {self.child.signalstatus}")
        return time.monotonic() - self.start

    def kill(self):
        """Kill only the QEMU this object started, by its PID."""
        if self.child.isalive():
            try:
                os.kill(self.pid, 9)
            except ProcessLookupError:
                pass
        try:
            self.child.close(force=True)
        except Exception:  # noqa: BLE001 - best effort cleanup
            pass


@pytest.fixture
def guest_factory():
    started = []

    def start(argv):
        g = Guest(argv)
        started.append(g)
        return g

    yield start
    for g in started:
        g.kill()


def check_common(g, nproc, mem_kb_range):
    lines = g.lines()
    kv = g.kv()
    if "boot ok" not in lines:
        g.fail("no 'LINUX: boot ok'")
    if "ready" not in lines:
        g.fail("no 'LINUX: ready'")
    if kv.get("nproc") != str(nproc):
        g.fail(f"nproc={kv.get('nproc')!r}, expected {nproc}")
    mem = int(kv.get("memtotal_kb", "0"))
    lo, hi = mem_kb_range
    if not lo <= mem <= hi:
        g.fail(f"memtotal_kb={mem} outside [{lo}, {hi}]")
    irq = [l for l in lines if l.startswith("irq name=arch_timer ")]
    if not irq or int(re.search(r"count=(\d+)", irq[0]).group(1)) <= 0:
        g.fail("no arch_timer interrupts reported")
    if not any(l.startswith("irq_summary ") for l in lines):
        g.fail("no irq_summary line")


def test_bare_qemu_autopoweroff(guest_factory):
    """-smp 2 -m 512M: nproc, memory, probe of an unassigned address, poweroff."""
    _require_payload()
    g = guest_factory(bare_cmd(append="bh.autopoweroff bh.probe=0x09070000"))
    g.expect(r"LINUX: ready\r*\n")
    g.expect(r"LINUX: poweroff")
    elapsed = g.wait_poweroff()
    # 512 MiB of RAM minus the kernel image and reservations.
    check_common(g, nproc=2, mem_kb_range=(300 * 1024, 512 * 1024))
    probe = [l for l in g.lines() if l.startswith("probe ")]
    # Nothing is mapped at 0x09070000 on QEMU virt: the access takes an
    # external abort, which the kernel turns into SIGBUS for devmem.
    if probe != ["probe addr=0x09070000 result=sigbus"]:
        g.fail(f"unexpected probe lines {probe}")
    print(f"bare boot to poweroff: {elapsed:.2f}s")


def test_bare_qemu_interactive_shell(guest_factory):
    """Without bh.autopoweroff the console gets a working shell."""
    _require_payload()
    g = guest_factory(bare_cmd(smp=1, mem="256M"))
    g.expect(r"LINUX: ready\r*\n")
    check_common(g, nproc=1, mem_kb_range=(100 * 1024, 256 * 1024))
    if "probe addr=none result=skipped" not in g.lines():
        g.fail("expected a skipped probe without bh.probe=")
    g.expect(r"# ", timeout=30)
    g.child.sendline("echo BH_$((6 * 7)) $(cat /proc/sys/kernel/hostname)")
    g.expect(r"BH_42", timeout=30)
    g.child.sendline("poweroff -f")
    g.wait_poweroff()


@pytest.mark.parametrize("gic", ["gicv3", "gicv2"])
def test_partition_dtb_layout(guest_factory, gic):
    """Boot with the cfgc-generated DTB of the default config's Linux
    partition (the one for this GIC) at the partition's addresses.

    QEMU's -kernel would rewrite /memory and /chosen in the DTB, so
    qemu-direct-boot.sh places Image, initramfs and DTB with -device loader
    and enters the kernel via a small boot stub.
    """
    _require_payload()
    missing = [t for t in ("aarch64-linux-gnu-gcc", "cpp", "dtc", "fdtput", "fdtget")
               if shutil.which(t) is None]
    if missing:
        pytest.skip(f"missing host tools: {', '.join(missing)}")
    prep = subprocess.run(
        [str(DIRECT_BOOT), gic, "bh.probe=0x09070000"],
        env={**os.environ, "BH_QEMU_PRINT": "1", "BH_LINUX_OUT": str(OUT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300, check=False,
    )
    if prep.returncode != 0:
        pytest.fail(f"qemu-direct-boot.sh failed:\n{prep.stderr.decode(errors='replace')}")
    argv = [a for a in prep.stdout.decode().split("\0") if a]
    g = guest_factory(argv)
    g.expect(r"LINUX: ready\r*\n")
    g.wait_poweroff()
    # The DTB gives Linux exactly 256 MiB at 0x50000000 (QEMU has 1 GiB).
    check_common(g, nproc=2, mem_kb_range=(150 * 1024, 256 * 1024))
    if "Machine model: Bulkhead partition linux on qemu-virt" not in g.console():
        g.fail("the kernel did not use the partition DTB")
    if "node   0: [mem 0x0000000050000000-0x000000005fffffff]" not in g.console():
        g.fail("memory map is not the partition's 0x50000000-0x5fffffff")
    chip = "GICv3" if gic == "gicv3" else "GIC-0"
    timer = [l for l in g.lines() if l.startswith("irq name=arch_timer ")]
    if f"chip={chip}" not in timer[0]:
        g.fail(f"arch_timer not on {chip}: {timer[0]}")
    if "probe addr=0x09070000 result=sigbus" not in g.lines():
        g.fail("probe of an unassigned address did not report sigbus")
