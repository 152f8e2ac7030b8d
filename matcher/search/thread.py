"""Where a process runs its searches: one thread beside the event loop.

A search is some 12 ms of Python holding the GIL. Several at once in one process (the default thread
pool) do not run in parallel: they take turns every switch interval (5 ms), each evicting the other's
arrays from the CPU caches. One search thread per process runs them one after another while the event
loop keeps reading and writing requests: with 8 clients on 2 workers the server's CPU per search fell
from 19.5-22 ms to 17.6-19.8 ms, and searches per second rose by a tenth (/work/prof-style runs, see
docs/live-index.md). Long work (allocation, market gaps) stays on the default pool, so it never holds
a search up.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

_executor: tuple[int, ThreadPoolExecutor] | None = None


def _search_executor() -> ThreadPoolExecutor:
    """This process's search thread; a forked worker starts its own (threads do not survive a fork)."""
    global _executor
    pid = os.getpid()
    if _executor is None or _executor[0] != pid:
        _executor = (pid, ThreadPoolExecutor(max_workers=1, thread_name_prefix="search"))
    return _executor[1]


async def in_search_thread(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`asyncio.to_thread` on the search thread."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_search_executor(), functools.partial(fn, *args, **kwargs))
