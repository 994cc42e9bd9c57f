"""Timing helpers shared by the benchmark scripts.

Both sides of a comparison are timed the same way: the garbage collector runs before every run
(so no run pays for garbage another left behind) and stays on during it (as it is for a user).
"""

from __future__ import annotations

import gc
import resource
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_of(fn: Callable[[], T], repeat: int = 3) -> tuple[float, T]:
    """Fastest of ``repeat`` runs in seconds (the least disturbed by other load), and a result."""
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result  # type: ignore[return-value]


def median_of(fn: Callable[[], T], repeat: int = 5,
              before: Callable[[], object] | None = None) -> tuple[float, float, T]:
    """Median wall time of ``repeat`` runs, the median CPU time of the process over the same runs
    (less disturbed when other programs share the cores), and the last result.

    ``before`` (untimed) runs ahead of each run, after the collection: what makes every run start
    from the same state (a cache cleared, say).
    """
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()
        cpu, start = time.process_time(), time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result  # type: ignore[return-value]


def peak_mib() -> float:
    """Peak resident memory of the process so far (``ru_maxrss``), MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
