"""Timing, memory and machine facts shared by the benchmarks.

Figures are reported as the median of several runs with their min and max,
because the machines they run on are shared and noisy. Peak memory is the
resident set high-water mark: of this process (reset before each measured
step where Linux allows it) or of a child process (its own `ru_maxrss`).
"""
from __future__ import annotations

import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

MB = 1024 * 1024


def spread(values: Sequence[float], digits: int = 3) -> dict:
    """{"median", "min", "max", "runs"} of the measured values."""
    values = [float(v) for v in values if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "runs": 0}
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "runs": len(values),
    }


def rate(amount: float, seconds: Sequence[float]) -> list[float]:
    """Per-run rates of `amount` done in each of `seconds`."""
    return [amount / s if s > 0 else float("inf") for s in seconds]


# --- memory of this process ---------------------------------------------------


def _status_kb(field_name: str) -> Optional[int]:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Linux resets the VmHWM high-water mark on writing 5 to clear_refs."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def _maxrss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


@dataclass
class PeakMemory:
    """Peak resident memory while the `with` block ran, in MB.

    `peak_mb` is the process's high-water mark during the block (after a reset
    where supported, else since the process started: `since_start` tells),
    `start_mb` the resident memory when it began.
    """

    start_mb: float = 0.0
    peak_mb: float = 0.0
    since_start: bool = False
    _reset: bool = field(default=False, repr=False)

    def as_dict(self) -> dict:
        return {
            "start_rss_mb": round(self.start_mb, 1),
            "peak_rss_mb": round(self.peak_mb, 1),
            "growth_mb": round(self.peak_mb - self.start_mb, 1),
            "peak_is_process_lifetime": self.since_start,
        }


@contextmanager
def peak_memory() -> Iterator[PeakMemory]:
    record = PeakMemory()
    record._reset = _reset_peak()
    rss = _status_kb("VmRSS")
    record.start_mb = (rss or _maxrss_kb()) / 1024
    try:
        yield record
    finally:
        hwm = _status_kb("VmHWM") if record._reset else None
        record.peak_mb = (hwm if hwm is not None else _maxrss_kb()) / 1024
        record.since_start = hwm is None


# --- child processes ---------------------------------------------------------------


@dataclass
class ChildRun:
    seconds: float
    peak_rss_mb: Optional[float]
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    cpu_seconds: Optional[float] = None  # of the command and the processes it waited for


LAUNCHER = Path(__file__).resolve().parent / "child_peak.py"


def run_child(command: list[str], timeout: Optional[float] = None, env: Optional[dict] = None,
              cwd: Optional[Path] = None) -> ChildRun:
    """Run `command`; its wall time, its own peak RSS and its CPU time (see child_peak.py)."""
    out_path, err_path, peak_path = _scratch("out"), _scratch("err"), _scratch("peak")
    launcher = [sys.executable, "-S", str(LAUNCHER), str(peak_path), *command]
    timed_out = False
    with open(out_path, "w+b") as out, open(err_path, "w+b") as err:
        started = time.perf_counter()
        # Its own session, so that a timeout ends the command as well as the launcher.
        child = subprocess.Popen(launcher, stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True)
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    told = peak_path.read_text(encoding="ascii").split() if peak_path.exists() else []
    for path in (out_path, err_path, peak_path):
        path.unlink(missing_ok=True)
    # killed before it could tell: nothing
    peak_mb, cpu = (int(told[0]) / 1024, float(told[1])) if len(told) == 2 else (None, None)
    return ChildRun(seconds, peak_mb, child.returncode, stdout, stderr, timed_out, cpu)


def _scratch(kind: str) -> Path:
    import tempfile

    handle, name = tempfile.mkstemp(prefix=f"gb-bench-{kind}-")
    os.close(handle)
    return Path(name)


# --- the machine -------------------------------------------------------------------


def machine() -> dict:
    """What the figures were measured on; the load average tells how busy it was."""
    info = {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": _cpu_model(),
        "ram_gb": _ram_gb(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": _load_average(),
    }
    try:
        import ladybug

        info["ladybug"] = getattr(ladybug, "__version__", None) or _dist_version("ladybug")
    except ImportError:
        info["ladybug"] = None
    return info


def _dist_version(name: str) -> Optional[str]:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> Optional[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _ram_gb() -> Optional[float]:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _load_average() -> Optional[list[float]]:
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return None
