#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Real-time latency benchmark (`make bench`).

Runs the rt guest (partitions/rt/main.c) in QEMU and collects its lateness
figures: bare metal at EL1 without the hypervisor, then trap mode and direct
mode under Bulkhead, each alone, next to an idle Linux and next to a loaded
Linux, on GICv3 and GICv2.  Under `-icount shift=0,sleep=off` with a 1 GHz counter one tick
is one guest instruction, so those figures are exact and repeatable; the
Linux cases are also run under multi-threaded TCG (no icount), where a tick
is a nanosecond of host time.

Output: a Markdown table on stdout and in build/bench/results.md, a plot
of every run's lateness in build/bench/lateness.png (gnuplot; histograms
in build/bench/hist.dat), the QEMU console logs in build/bench/<run>.log,
and a last machine-readable line:

  bench: trap_added_insns=A direct_added_insns=B trap_el2_per_irq=C
         direct_el2_per_s=D

(A, B: worst icount lateness minus bare metal's on the same GIC; C: EL2
entries per timer interrupt, D: EL2 entries per second of the RT core, the
worst icount run alone or with Linux idle.)

Environment: BENCH_TIMEOUT (s per QEMU run, default 300), BENCH_JOBS
(parallel icount runs, default: host CPUs), BENCH_SAMPLES (default 2000),
BENCH_ONLY (comma-separated run names), BENCH_OUT (output directory),
QEMU.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.environ.get("BENCH_OUT", os.path.join(ROOT, "build", "bench"))
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
TIMEOUT = int(os.environ.get("BENCH_TIMEOUT", "300"))
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "2000"))
JOBS = int(os.environ.get("BENCH_JOBS", str(os.cpu_count() or 1)))
# Periods discarded before the rt-alone and bare-metal windows open (the
# Linux configs wait longer, see configs/qemu-virt/bench-linux.dts).
WARMUP = 100
CPU = "cortex-a72,cntfrq=1000000000"  # 1 tick = 1 ns
ICOUNT = ["-icount", "shift=0,sleep=off"]  # and 1 ns = 1 instruction
MTTCG = ["-accel", "tcg,thread=multi"]


class Run:
    def __init__(self, name, mode, gic, load, accel, config=None):
        self.name, self.mode, self.gic, self.load = name, mode, gic, load
        self.accel, self.config = accel, config
        self.res = {}
        self.error = None
        self.wall = 0.0

    def cmd(self):
        if self.mode == "bare Linux":
            return bare_linux_cmd(self.gic) + ICOUNT
        if self.mode == "bare metal":
            machine = ["-M", "virt,gic-version=%d" % self.gic, "-smp", "1",
                       "-m", "512M", "-kernel",
                       os.path.join(OUT, "rt-baremetal.bin")]
        else:
            machine = ["-M", "virt,virtualization=on,gic-version=%d"
                       % self.gic, "-smp", "4", "-m", "1G", "-kernel",
                       os.path.join(ROOT, "build", "qemu-virt", self.config,
                                    "bulkhead.bin")]
        accel = ICOUNT if self.accel == "icount" else MTTCG
        return [QEMU, "-nographic", "-no-reboot", "-nic", "none", "-cpu", CPU] + machine + \
            accel


def runs():
    # One image per config boots on both GIC versions (each partition
    # carries a guest device tree for each).
    # mode -> prefix of its configs: bench-rt / bench-linux / bench-load,
    # and bench-direct / bench-direct-linux / bench-direct-load.
    configs = {"trap": ("bench-rt", "bench-linux", "bench-load"),
               "direct": ("bench-direct", "bench-direct-linux",
                          "bench-direct-load")}
    rs = []
    for gic in (3, 2):
        rs.append(Run("bm-v%d" % gic, "bare metal", gic, "-", "icount"))
        rs.append(Run("linux-bare-v%d" % gic, "bare Linux", gic, "-",
                      "icount"))
        for mode, (alone, idle, load) in configs.items():
            rs.append(Run("%s-alone-v%d" % (mode, gic), mode, gic,
                          "rt alone", "icount", alone))
            rs.append(Run("%s-idle-v%d" % (mode, gic), mode, gic,
                          "Linux idle", "icount", idle))
            rs.append(Run("%s-load-v%d" % (mode, gic), mode, gic,
                          "Linux load", "icount", load))
    for gic in (3, 2):
        for mode, (_, idle, load) in configs.items():
            rs.append(Run("mttcg-%s-idle-v%d" % (mode, gic), mode, gic,
                          "Linux idle", "mttcg", idle))
            rs.append(Run("mttcg-%s-load-v%d" % (mode, gic), mode, gic,
                          "Linux load", "mttcg", load))
    only = os.environ.get("BENCH_ONLY")
    if only:
        rs = [r for r in rs if r.name in only.split(",")]
    return rs


def build(rs):
    configs = sorted({r.config for r in rs if r.config})
    for c in configs:
        subprocess.run(["make", "--no-print-directory", "-C", ROOT,
                        "CONFIG=" + c,
                        "CFGC_DEFINES=-DBENCH_SAMPLES=%d" % SAMPLES],
                       check=True, stdout=subprocess.DEVNULL)
    if any(r.mode == "bare metal" for r in rs):
        build_baremetal()


def build_baremetal():
    """The rt guest linked to run at EL1 on its own, as
    partitions/rt/baremetal-run.sh builds it (its flags, plus ours)."""
    script = open(os.path.join(ROOT, "partitions/rt/baremetal-run.sh")).read()
    cflags = re.search(r'^CFLAGS="(.*?)"', script, re.M | re.S).group(1)
    srcs = re.search(r'^SRCS="(.*?)"', script, re.M | re.S).group(1)
    cross = os.environ.get("CROSS_COMPILE", "aarch64-linux-gnu-")
    flags = cflags.replace("\\\n", " ").replace(
        "$GUEST_UART", "0x09000000UL").split()
    elf = os.path.join(OUT, "rt-baremetal.elf")
    subprocess.run([cross + "gcc"] + flags + [
        "-DRT_BAREMETAL=1", "-DRT_SAMPLES=%d" % SAMPLES,
        "-DRT_WARMUP=%d" % WARMUP, "-DRT_PERIOD_US=1000",
        "-DRT_REPORT_EVERY=1000000", "-Wl,-T,partitions/lib/guest.ld",
        "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments", "-static",
        "-o", elf] + srcs.replace("\\\n", " ").split(), cwd=ROOT, check=True)
    subprocess.run([cross + "objcopy", "-O", "binary", elf,
                    os.path.join(OUT, "rt-baremetal.bin")], check=True)


def bare_linux_cmd(gic):
    """The bench-linux partition's kernel, initramfs and generated device
    tree booted on bare QEMU at the same addresses, no hypervisor
    (partitions/linux/qemu-direct-boot.sh), with bench-linux's command
    line and our CPU."""
    env = dict(os.environ, BH_CONFIG="bench-linux", BH_QEMU_PRINT="1")
    out = subprocess.run(
        [os.path.join(ROOT, "partitions/linux/qemu-direct-boot.sh"),
         "gicv%d" % gic, "quiet"], cwd=ROOT, env=env, check=True,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    args = out.decode().split("\0")[:-1]
    return [CPU if a == "cortex-a72" else a for a in args]


def kv(line):
    return {k: v for k, v in re.findall(r"(\w+)=(\S+)", line)}


def scan_line(r, line):
    """Collect what a console line says; true once the run is complete."""
    m = re.search(r"partition '([\w-]+)' entered at counter (\d+)", line)
    if m:
        r.res.setdefault("entered", {})[m.group(1)] = int(m.group(2))
    m = re.search(r"LINUX: uptime_s=(\S+)", line)
    if m and "linux_init_s" not in r.res:
        r.res["linux_init_s"] = float(m.group(1))  # the first: /init starts
    if "LINUX: ready" in line:
        r.res["linux_ready"] = True
        if r.mode == "bare Linux":
            return True
    m = re.search(r"BH-RT (hist|stats|done|error) (.*)", line)
    if m:
        r.res[m.group(1)] = kv(m.group(2))
        return m.group(1) in ("done", "error")
    return False


def execute(r):
    """One QEMU run, stopped once the rt guest says done (its PSCI
    SYSTEM_OFF stops only its own partition under Bulkhead)."""
    log_path = os.path.join(OUT, r.name + ".log")
    t0 = time.monotonic()
    with open(log_path, "wb") as log:
        # Own session: the whole QEMU process group is ours to kill.
        p = subprocess.Popen(["timeout", "--kill-after=5", str(TIMEOUT)] +
                             r.cmd(), cwd=ROOT, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT,
                             start_new_session=True)
        try:
            for raw in p.stdout:
                log.write(raw)
                line = raw.decode("utf-8", "replace").replace("\r", "")
                if scan_line(r, line):
                    break
        finally:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    r.wall = time.monotonic() - t0
    if r.mode == "bare Linux":
        if "linux_init_s" not in r.res:
            r.error = "Linux never reached /init (timeout?)"
    elif "done" not in r.res:
        r.error = r.res.get("error", {}).get("what", "no result (timeout?)")


def fmt_row(r):
    d = r.res.get("done", {})
    st = r.res.get("stats")
    if r.error:
        return "| %s | %s | v%d | %s | %s | error: %s | | | | | |" % (
            r.name, r.mode, r.gic, r.load, r.accel, r.error)
    periods = int(d["periods"])
    if st:
        el2_s = "%.0f" % (int(st["el2_total"]) / (periods * 1e-3))
    else:
        el2_s = "0" if r.mode == "bare metal" else "?"
    return "| %s | %s | v%d | %s | %s | %d | %s | %s | %s | %s | %s |" % (
        r.name, r.mode, r.gic, r.load, r.accel, periods, d["lat_min"],
        d["lat_mean"], d["lat_max"], el2_s, d["misses"])


def table(rs):
    lines = [
        "| run | mode | GIC | load | clock | samples | lateness min | mean |"
        " max | EL2 entries/s (RT core) | misses |",
        "|---|---|---|---|---|---|---|---|---|---|---|"]
    lines += [fmt_row(r) for r in rs if r.mode != "bare Linux"]
    lines.append("")
    lines.append("Lateness in counter ticks (1 GHz counter): under icount "
                 "1 tick = 1 guest instruction; under MTTCG 1 tick = 1 ns "
                 "of host time.  Period 1 ms; a miss is lateness > 0.5 ms.  "
                 "EL2 entries of the RT core over the recorded window, "
                 "the guest's closing BH_HC_STATS call excluded.")
    return "\n".join(lines)


def boot_tables(rs):
    """Markdown: the counter at each partition's first instruction, and
    Linux's uptime when its /init starts, bare and under Bulkhead (icount:
    guest instructions and instruction-time)."""
    lines = ["", "| run | partition | counter at its first instruction |",
             "|---|---|---|"]
    for r in rs:
        if r.accel == "icount":
            for part, cnt in sorted(r.res.get("entered", {}).items(),
                                    key=lambda kv_: kv_[1]):
                lines.append("| %s | %s | %d |" % (r.name, part, cnt))
    lines += ["", "| run | Linux uptime at /init (s, icount) |", "|---|---|"]
    for r in rs:
        if r.accel == "icount" and "linux_init_s" in r.res:
            lines.append("| %s | %.2f |" % (r.name, r.res["linux_init_s"]))
    lines.append("")
    lines.append("Counter: 1 GHz under icount, so ticks since QEMU started "
                 "= instructions executed by all cores since the "
                 "hypervisor's first one (its boot path, including copying "
                 "each partition's images).  Linux's uptime counts from its "
                 "own clock's start, so the hypervisor's boot is not in it; "
                 "what differs is the cost of running under it.")
    return "\n".join(lines)


def plot(rs):
    """build/bench/lateness.png: min, mean and max lateness of every run,
    icount runs (ticks = guest instructions) and MTTCG runs (ticks = host
    nanoseconds) in two panels; build/bench/hist.dat keeps the histograms."""
    ok = [r for r in rs if "done" in r.res and not r.error]
    with open(os.path.join(OUT, "hist.dat"), "w") as f:
        f.write("# bucket " + " ".join(r.name for r in ok) + "\n")
        for b in range(16):
            f.write("%d %s\n" % (b, " ".join(
                r.res.get("hist", {}).get("b%d" % b, "0") for r in ok)))
    panels = []
    for accel, unit in (("icount", "guest instructions"),
                        ("mttcg", "host ns")):
        rows = [r for r in ok if r.accel == accel]
        if not rows:
            continue  # a BENCH_ONLY subset: no panel
        dat = os.path.join(OUT, "lateness-%s.dat" % accel)
        with open(dat, "w") as f:
            f.write("# run min mean max\n")
            for r in rows:
                d = r.res["done"]
                f.write("%s %d %d %d\n" % (
                    r.name, max(1, int(d["lat_min"])),
                    max(1, int(d["lat_mean"])), max(1, int(d["lat_max"]))))
        panels.append((dat, accel, unit))
    if not panels:
        return
    if not shutil.which("gnuplot"):
        print("bench: gnuplot not found (scripts/setup.sh installs "
              "gnuplot-nox); no plot", file=sys.stderr)
        return
    script = ["set terminal png size 1200,900",
              "set output '%s'" % os.path.join(OUT, "lateness.png"),
              "set multiplot layout %d,1 title 'rt guest lateness, 1 ms "
              "period (boxes: mean; bars: min to max)'" % len(panels),
              "set logscale y", "set grid ytics", "set style fill solid 0.4",
              "set boxwidth 0.6", "set xtics rotate by -30", "set bmargin 6",
              "unset key"]
    for dat, accel, unit in panels:
        script += ["set title '%s'" % accel,
                   "set ylabel 'lateness (%s)'" % unit,
                   "plot '%s' using 0:3:xtic(1) with boxes, '' using 0:3:2:4 "
                   "with yerrorbars lw 2" % dat]
    script.append("unset multiplot")
    subprocess.run(["gnuplot"], input="\n".join(script).encode(),
                   check=True)


def added_insns(rs, mode):
    """Worst lateness minus bare metal's on the same GIC, over the icount
    runs of mode; None if there is none."""
    by = {r.name: r for r in rs}
    added = []
    for r in rs:
        bm = by.get("bm-v%d" % r.gic)
        if r.mode != mode or r.accel != "icount" or r.error or \
                bm is None or bm.error:
            continue
        added.append(int(r.res["done"]["lat_max"]) -
                     int(bm.res["done"]["lat_max"]))
    return max(added) if added else None


def el2_figures(rs, mode):
    """(EL2 entries per timer interrupt, EL2 entries per second) of the
    RT core, the worst of mode's icount runs with Linux idle or alone."""
    per_irq, per_s = [], []
    for r in rs:
        st = r.res.get("stats")
        if r.mode != mode or r.accel != "icount" or not st or \
                r.load == "Linux load":
            continue
        total, periods = int(st["el2_total"]), int(st["periods"])
        per_irq.append(total / max(1, int(st["el2_irq"])))
        per_s.append(total / (periods * 1e-3))
    return (max(per_irq) if per_irq else None,
            max(per_s) if per_s else None)


def summary(rs):
    def fmt(v, spec):
        return "NA" if v is None else spec % v

    trap_irq, _ = el2_figures(rs, "trap")
    _, direct_s = el2_figures(rs, "direct")
    return ("bench: trap_added_insns=%s direct_added_insns=%s "
            "trap_el2_per_irq=%s direct_el2_per_s=%s" % (
                fmt(added_insns(rs, "trap"), "%d"),
                fmt(added_insns(rs, "direct"), "%d"),
                fmt(trap_irq, "%.2f"), fmt(direct_s, "%.0f")))


def main():
    os.makedirs(OUT, exist_ok=True)
    rs = runs()
    build(rs)
    icount = [r for r in rs if r.accel == "icount"]
    # icount runs are deterministic, so they may share the host; MTTCG
    # runs measure host scheduling and get it to themselves.
    with ThreadPoolExecutor(max_workers=max(1, JOBS)) as ex:
        list(ex.map(execute, icount))
    for r in rs:
        if r.accel == "mttcg":
            execute(r)
    for r in rs:
        print("bench: %s %.1fs%s" % (r.name, r.wall,
                                     " ERROR " + r.error if r.error else ""),
              file=sys.stderr)
    md = table(rs) + "\n" + boot_tables(rs)
    with open(os.path.join(OUT, "results.md"), "w") as f:
        f.write(md + "\n")
    plot(rs)
    print(md)
    line = summary(rs)
    print(line)
    return 1 if any(r.error for r in rs) else 0


if __name__ == "__main__":
    sys.exit(main())
