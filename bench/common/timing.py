"""Shared helpers for netvet's benchmark scripts: run a command several times,
take the median wall time and the peak resident memory of the child."""
import os
import statistics
import subprocess
import time


def run(cmd, repeat=3, env=None, stdout=subprocess.DEVNULL):
    """Runs `cmd` `repeat` times; returns (median seconds, max RSS MB, last stderr)."""
    times, rss, err = [], [], ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        err = proc.stderr.read()
        proc.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{err}")
        times.append(elapsed)
        rss.append(usage.ru_maxrss / 1024.0)
    return statistics.median(times), max(rss), err


def median(values):
    return statistics.median(values)
