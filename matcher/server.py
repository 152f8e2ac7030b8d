"""`matcher serve`: one parent builds the search index, then forks the HTTP workers that share it.

Why pre-fork: uvicorn's own `--workers` spawns fresh interpreters, so each would load and build its own
index (seconds of start-up and hundreds of megabytes each). Here the parent migrates, builds the index
once, freezes the garbage collector's view of it (`gc.freeze`, so no worker's collector writes to those
pages) and forks N workers on one listening socket; the index's arrays and listing objects stay shared
copy-on-write. Each worker then keeps its own snapshot fresh from LISTEN/NOTIFY (`search.index`), so
only the arrays a change replaces become private to a worker.

Services that must run ONCE per machine, in the parent and before the fork, register in
`parent_services` (see `ParentService`); they are started in registration order, in one thread while the
index builds, and stopped in reverse order when the server stops.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from fastapi import FastAPI

from matcher import malloc
from matcher.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServeContext:
    """What a parent service may need: the settings (database URL resolved) and the app the workers
    will serve (set `app.state` attributes here to hand something to every worker)."""

    settings: Settings
    app: FastAPI
    workers: int


#: Started once in the parent, before forking; returns a function that stops it (or None).
ParentService = Callable[[ServeContext], Callable[[], None] | None]

#: The hook: append a ParentService here (e.g. at import of your feature's module, or from
#: `matcher.cli`) to run it once for all workers, such as a shared identifier-detection process.
parent_services: list[ParentService] = []


#: The collector's thresholds in `matcher serve` (Python's default: 700, 10, 10). A search allocates
#: thousands of small containers, so the default ran a collection every few hundred of them and, as a
#: worker's caches filled, ever longer full passes: the server's CPU per search crept from 16 to 19 ms
#: over 4,500 searches. With these it stays at 14.5-15.5 ms; what cyclic garbage waits longer for
#: collection is a few megabytes.
GC_THRESHOLDS = (20_000, 20, 20)


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


async def _warm(app: FastAPI, url: str, pool_size: int) -> None:
    from matcher.db.engine import create_engine, create_sessionmaker

    engine = create_engine(url, 2)
    try:
        snapshot = await app.state.search_index.warm(create_sessionmaker(engine))
    finally:
        await engine.dispose()  # no connection may cross the fork
    m = snapshot.marketplace
    sys.stderr.write(
        f"Search index built in {snapshot.built_seconds:.1f} s "
        f"({m.provider_count} care providers, {m.home_count} homes)\n"
    )


def _listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """One listening socket per worker, all on one port (SO_REUSEPORT): the kernel spreads new
    connections over them. With one shared socket the worker that woke first accepted every pending
    connection, and a bench's 8 keep-alive clients often all landed on one worker of two."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets: list[socket.socket] = []
    for _ in range(count):
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if hasattr(socket, "SO_REUSEPORT") and count > 1:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        port = sock.getsockname()[1]  # port 0: the others join the one the first was given
        sock.listen(2048)
        sock.set_inheritable(True)
        sockets.append(sock)
    return sockets


def _run_worker(app: FastAPI, sock: socket.socket) -> None:
    import uvicorn

    config = uvicorn.Config(app, log_level="info", lifespan="on", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def serve(settings: Settings, host: str, port: int, workers: int) -> int:
    """Build the index, start the parent services, fork `workers` HTTP workers and supervise them."""
    from matcher.api.app import create_app

    assert settings.database_url is not None
    malloc.limit_arenas()  # before the index is built: the workers inherit it
    gc.set_threshold(*GC_THRESHOLDS)
    app = create_app(settings, run_migrations=False)
    started = time.perf_counter()
    context = ServeContext(settings, app, workers)
    # The parent services start (in order, in one thread) while the index builds: the detection
    # process loads its model on the other core instead of after the build.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parent-services") as pool:
        starting = pool.submit(_start_services, context)
        try:
            asyncio.run(_warm(app, settings.database_url, settings.pool_size))
        except BaseException:
            for stop in reversed(starting.result()):
                stop()
            raise
        stops = starting.result()
    sockets = _listening_sockets(host, port, workers if hasattr(socket, "SO_REUSEPORT") else 1)
    port = sockets[0].getsockname()[1]
    sys.stderr.write(
        f"Serving on http://{host}:{port} with {workers} worker(s) "
        f"(ready {time.perf_counter() - started:.1f} s after start; API docs: /docs)\n"
    )
    try:
        if workers <= 1:
            _run_worker(app, sockets[0])
            return 0
        return _supervise(app, sockets, workers)
    finally:
        for stop in reversed(stops):
            try:
                stop()
            except Exception:  # one failing service must not keep the others running
                log.exception("stopping a parent service failed")
        for sock in sockets:
            sock.close()


def _start_services(context: ServeContext) -> list[Callable[[], None]]:
    stops: list[Callable[[], None]] = []
    for service in parent_services:
        try:
            stop = service(context)
        except BaseException:
            for started in reversed(stops):
                started()
            raise
        if stop is not None:
            stops.append(stop)
    return stops


def _fork_worker(app: FastAPI, sock: socket.socket) -> int:
    pid = os.fork()
    if pid == 0:  # the worker
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        code = 0
        try:
            _run_worker(app, sock)
        except BaseException:
            log.exception("worker failed")
            code = 1
        finally:
            os._exit(code)
    return pid


def _supervise(app: FastAPI, sockets: list[socket.socket], workers: int) -> int:
    """Fork the workers, worker k on sockets[k % len(sockets)]; a worker that dies is replaced on
    its socket (connections waiting there wait for the new one)."""
    gc.collect()
    gc.freeze()  # the index's objects stay in shared pages: no worker's collector touches them
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    children: dict[int, socket.socket] = {}
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    for k in range(workers):
        sock = sockets[k % len(sockets)]
        children[_fork_worker(app, sock)] = sock
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        sock = children.pop(pid)
        if not stopping:
            # A worker that died is replaced; it starts from the parent's snapshot and catches up
            # from the change log.
            log.warning("worker %s exited (%s); starting another", pid, status)
            children[_fork_worker(app, sock)] = sock
    return 0
