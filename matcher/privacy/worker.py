"""One detection process that every service worker shares, and the async client that talks to it.

The named-entity model holds about 350 MB; with `matcher serve --workers N` each worker loading its own
copy would multiply that. So the parent starts one detection process (multiprocessing's 'spawn'
context: a fresh interpreter, no inherited event loop or database pool) before it forks or spawns the
service workers. It loads the model once and answers over a unix socket whose path travels to the
workers in the environment variable `MATCHER_DETECTION_SOCKET`.

    from matcher.privacy.worker import DetectionWorker
    detection = DetectionWorker.start()   # blocks until the model is loaded; sets the variable
    ...start the service workers...
    detection.stop()

The client (`entities`) sends one text per connection and reads the entities back. With no socket
configured (tests, the CLI, a single-process `matcher serve`) it runs the model in this process, loaded
lazily in a thread so the event loop never waits on it. When a configured worker cannot be reached the
client logs it and falls back to the in-process model: detection is never skipped.

Wire format, both ways: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
Request `{"text": "..."}`; answer `{"entities": [[label, start, end, familiar], ...]}` or
`{"error": "..."}`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
import shutil
import socket
import struct
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Final

from . import model
from .model import Entity

SOCKET_ENV: Final = "MATCHER_DETECTION_SOCKET"
_HEADER: Final = struct.Struct(">I")
_MAX_MESSAGE: Final = 16 * 1024 * 1024
_CLIENT_TIMEOUT_S: Final = 30.0

log = logging.getLogger(__name__)


# --- wire format ---------------------------------------------------------------------------------


def _encode(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    return _HEADER.pack(len(body)) + body


def _recv_exact(conn: socket.socket, size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = conn.recv(min(remaining, 1 << 16))
        if not chunk:
            raise ConnectionError("detection connection closed mid-message")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _recv_message(conn: socket.socket) -> dict[str, Any] | None:
    header = conn.recv(_HEADER.size, socket.MSG_WAITALL)
    if not header:
        return None
    if len(header) < _HEADER.size:
        header += _recv_exact(conn, _HEADER.size - len(header))
    (size,) = _HEADER.unpack(header)
    if size > _MAX_MESSAGE:
        raise ConnectionError(f"detection message of {size} bytes is too large")
    message: dict[str, Any] = json.loads(_recv_exact(conn, size).decode("utf-8"))
    return message


# --- the detection process -----------------------------------------------------------------------


def _answer(request: dict[str, Any], inference: threading.Lock) -> dict[str, Any]:
    text = request.get("text")
    if not isinstance(text, str):
        return {"error": "a request is {\"text\": \"...\"}"}
    with inference:  # one text at a time: the model is CPU-bound and the GIL would serialise it anyway
        found = model.entities(text)
    return {"entities": [[e.label, e.start, e.end, e.familiar] for e in found]}


def _serve_connection(conn: socket.socket, inference: threading.Lock) -> None:
    with conn:
        try:
            while (request := _recv_message(conn)) is not None:
                conn.sendall(_encode(_answer(request, inference)))
        except (OSError, ConnectionError, ValueError) as exc:
            log.warning("detection connection dropped: %s", exc)


def _exit_with_parent(parent_pid: int) -> None:
    """A detection process outliving the service would hold the model's memory for nothing."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent_pid:
            os._exit(0)


def _serve(socket_path: str, ready: Connection, parent_pid: int) -> None:
    """The detection process's main: load the model, bind, say ready, then answer until stopped."""
    try:
        model.load_pipeline()
        model.entities("Warm up the pipeline once.")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(socket_path)
        os.chmod(socket_path, 0o600)
        server.listen(64)
    except Exception as exc:  # report why to the parent instead of dying silently
        ready.send(("error", repr(exc)))
        raise
    ready.send(("ready", os.getpid()))
    ready.close()
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    inference = threading.Lock()
    while True:
        conn, _ = server.accept()
        threading.Thread(target=_serve_connection, args=(conn, inference), daemon=True).start()


@dataclass
class DetectionWorker:
    """A running detection process, owned by the process that started it (the service's parent)."""

    socket_path: str
    process: multiprocessing.process.BaseProcess
    _directory: str | None = None

    @classmethod
    def start(cls, socket_path: str | None = None, *, timeout_s: float = 120.0,
              export: bool = True) -> DetectionWorker:
        """Start the process and wait until its model is loaded, so the first request is fast.

        With `export` (the default) the socket path is put in `MATCHER_DETECTION_SOCKET`, which the
        service workers started afterwards inherit; the client reads it on every call.
        """
        directory = None
        if socket_path is None:
            directory = tempfile.mkdtemp(prefix="matcher-detect-")
            socket_path = str(Path(directory) / "detect.sock")
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe(duplex=False)
        process = context.Process(
            target=_serve, args=(socket_path, child_end, os.getpid()), name="matcher-detection", daemon=True
        )
        process.start()
        child_end.close()
        worker = cls(socket_path, process, directory)
        if not parent_end.poll(timeout_s):
            worker.stop()
            raise RuntimeError(f"the detection worker did not load its model within {timeout_s:.0f} s")
        status, detail = parent_end.recv()
        parent_end.close()
        if status != "ready":
            worker.stop()
            raise RuntimeError(f"the detection worker failed to start: {detail}")
        if export:
            os.environ[SOCKET_ENV] = socket_path
        return worker

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def stop(self) -> None:
        """End the process and remove its socket; the variable is cleared if it still points here."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=10)
        if os.environ.get(SOCKET_ENV) == self.socket_path:
            del os.environ[SOCKET_ENV]
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
        elif os.path.exists(self.socket_path):
            os.unlink(self.socket_path)

    def __enter__(self) -> DetectionWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- the client ----------------------------------------------------------------------------------


def configured_socket() -> str | None:
    return os.environ.get(SOCKET_ENV) or None


def _entities_from(answer: dict[str, Any]) -> list[Entity]:
    if "error" in answer:
        raise ValueError(str(answer["error"]))
    items: Sequence[Sequence[Any]] = answer["entities"]
    return [Entity(str(label), int(start), int(end), bool(familiar)) for label, start, end, familiar in items]


async def _ask(socket_path: str, text: str) -> list[Entity]:
    reader, writer = await asyncio.open_unix_connection(socket_path)
    try:
        writer.write(_encode({"text": text}))
        await writer.drain()
        (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
        answer = json.loads((await reader.readexactly(size)).decode("utf-8"))
    finally:
        writer.close()
        await writer.wait_closed()
    return _entities_from(answer)


async def entities(text: str) -> list[Entity]:
    """The model's entities for a text: from the shared detection worker, or from this process."""
    if not text.strip():
        return []
    socket_path = configured_socket()
    if socket_path is not None:
        try:
            return await asyncio.wait_for(_ask(socket_path, text), _CLIENT_TIMEOUT_S)
        except (OSError, EOFError, asyncio.IncompleteReadError, TimeoutError, ValueError, KeyError) as exc:
            log.error("detection worker at %s failed (%r); running the model in this process", socket_path,
                      exc)
    return await asyncio.to_thread(model.entities, text)


def entities_blocking(text: str, socket_path: str) -> list[Entity]:
    """A synchronous client, for scripts and the benchmark."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(socket_path)
        conn.sendall(_encode({"text": text}))
        answer = _recv_message(conn)
    if answer is None:
        raise ConnectionError("the detection worker closed the connection")
    return _entities_from(answer)
