"""Run a command and write its own peak RSS (kB) and CPU time (s) to a file.

    python -S benchmarks/child_peak.py RESULT_FILE COMMAND [ARG...]

RESULT_FILE gets "PEAK_KB CPU_SECONDS". The CPU time is user plus system time
of the command and of every process it started and waited for (its workers).

Linux counts the memory a process had when it forked into its child's
`ru_maxrss`, so a child started from a big benchmark process reports at least
the parent's size. Started through this small launcher, the command's peak is
its own (give or take the launcher's few MB). The exit status is the command's.
"""
import os
import sys


def main() -> int:
    result_file, command = sys.argv[1], sys.argv[2:]
    pid = os.posix_spawnp(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    with open(result_file, "w", encoding="ascii") as out:
        out.write(f"{usage.ru_maxrss} {usage.ru_utime + usage.ru_stime:.3f}")
    return os.waitstatus_to_exitcode(status) & 0xFF


if __name__ == "__main__":
    sys.exit(main())
