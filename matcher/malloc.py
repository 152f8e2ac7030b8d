"""glibc's allocator, kept from hoarding the arrays an index update replaces.

A pre-forked worker replaces a few megabytes of arrays at every listing change. glibc keeps freed
blocks for reuse, and in a worker the blocks fragment: its private memory grew by some 7 MB per change
(300 MB over 26 changes on the bench marketplace). `trim` (malloc_trim) hands the free pages back to
the system; `search.index` calls it shortly after each swap, once the searches still holding the old
snapshot have finished. A fixed mmap threshold would also stop the growth, but then every large
temporary array of a search is a fresh mapping, and the page faults cost 2 ms of CPU a search.

Without glibc (macOS, musl) these do nothing and say so by returning False.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from typing import Any

#: mallopt's parameter for the number of arenas (malloc.h).
_M_ARENA_MAX = -8


@cache
def _libc() -> Any | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt, libc.malloc_trim  # noqa: B018 - both exist only in glibc
    except (OSError, AttributeError, TypeError):
        return None
    return libc


def limit_arenas(arenas: int = 2) -> bool:
    """At most this many arenas: each thread that allocates can otherwise get its own (the thread
    pools), each holding freed memory of its own."""
    libc = _libc()
    return libc is not None and bool(libc.mallopt(_M_ARENA_MAX, arenas))


def trim() -> bool:
    """Return free heap pages to the system; True when some were."""
    libc = _libc()
    return libc is not None and bool(libc.malloc_trim(0))
