"""Let the C allocator keep freed memory for the next month's arrays (glibc, Linux).

A month of a region allocates and frees dozens of temporary arrays the size of the population
(2.6 MB for 330,000 int64 values). glibc serves allocations above its mmap threshold (128 kB
at first) with fresh pages from the kernel and returns them on free, so every such temporary
pays a page fault per 4 kB page when first written: measured on Tokachi, about a quarter of a
month's time (docs/performance.md). Raising the thresholds keeps those pages in the heap for
reuse. Results do not depend on it (the same bytes out); memory freed stays with the process
up to ``TRIM_THRESHOLD`` instead of going back to the system at once.

Set the environment variable ``DXSIM_MALLOC=default`` to leave the allocator as it is.
"""

from __future__ import annotations

import ctypes
import os
import sys

__all__ = ["MMAP_THRESHOLD", "TOP_PAD", "TRIM_THRESHOLD", "keep_freed_memory"]

# mallopt's parameter numbers (malloc.h)
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3

#: Allocations up to this size come from the heap (glibc's largest allowed value on 64 bits).
MMAP_THRESHOLD = 32 * 2**20
#: Free memory at the top of the heap kept for reuse before any is returned to the system.
TRIM_THRESHOLD = 2**30
#: Extra heap requested each time it grows, so that growing is rare.
TOP_PAD = 64 * 2**20

_applied: bool | None = None


def keep_freed_memory() -> bool:
    """Apply the thresholds once per process; True when glibc accepted them."""
    global _applied
    if _applied is not None:
        return _applied
    _applied = False
    if not sys.platform.startswith("linux") or os.environ.get("DXSIM_MALLOC") == "default":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc: nothing to tune
        return False
    settings = (
        (_M_MMAP_THRESHOLD, MMAP_THRESHOLD),
        (_M_TRIM_THRESHOLD, TRIM_THRESHOLD),
        (_M_TOP_PAD, TOP_PAD),
    )
    _applied = all(mallopt(param, value) == 1 for param, value in settings)
    return _applied
