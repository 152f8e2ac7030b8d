"""Searches of one process run on its one search thread, one after another."""

from __future__ import annotations

import asyncio
import threading
import time

from matcher.search.thread import in_search_thread


async def test_searches_run_one_at_a_time_on_one_named_thread() -> None:
    running, most, names = 0, 0, set()
    lock = threading.Lock()

    def search(k: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        names.add(threading.current_thread().name)
        time.sleep(0.01)
        with lock:
            running -= 1
        return k * 2

    assert await asyncio.gather(*(in_search_thread(search, k) for k in range(6))) == [0, 2, 4, 6, 8, 10]
    assert most == 1
    (name,) = names
    assert name.startswith("search")
