"""The shared detection worker: one real process answering over its unix socket, and the fallback."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from matcher.privacy import detect_identifiers, find_identifiers, model
from matcher.privacy.worker import SOCKET_ENV, DetectionWorker, entities, entities_blocking

TEXT = "Her brother Chidi Okonkwo visits on Sundays; call 07700 900123."


@pytest.fixture(scope="module")
def detection() -> Iterator[DetectionWorker]:
    worker = DetectionWorker.start(export=False)
    yield worker
    worker.stop()


def test_worker_answers_what_the_model_finds_here(detection: DetectionWorker) -> None:
    assert detection.pid is not None
    assert detection.pid != os.getpid()
    assert entities_blocking(TEXT, detection.socket_path) == model.entities(TEXT)


async def test_async_client_uses_the_configured_worker(
    detection: DetectionWorker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOCKET_ENV, detection.socket_path)
    found = await entities(TEXT)
    assert [e.label for e in found] == [e.label for e in model.entities(TEXT)]
    assert await detect_identifiers(TEXT) == find_identifiers(TEXT)


async def test_unreachable_worker_falls_back_to_this_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: os.PathLike[str], caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(SOCKET_ENV, os.path.join(tmp_path, "nobody-listens.sock"))
    assert await entities(TEXT) == model.entities(TEXT)
    assert "running the model in this process" in caplog.text


async def test_no_worker_configured_runs_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SOCKET_ENV, raising=False)
    assert await entities(TEXT) == model.entities(TEXT)
    assert await entities("   ") == []


def test_stop_removes_the_socket_and_the_variable() -> None:
    worker = DetectionWorker.start()
    assert os.environ[SOCKET_ENV] == worker.socket_path
    worker.stop()
    assert SOCKET_ENV not in os.environ
    assert not os.path.exists(worker.socket_path)
    assert not worker.process.is_alive()


def test_a_text_read_again_is_answered_without_running_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The case form checks a pen picture and the service checks it again at save: the model runs once."""
    text = f"Amara Okafor visits her sister in Leicester on Sundays ({uuid.uuid4().int % 10**6})."
    first = model.entities(text)
    assert any(e.label == "PERSON" for e in first)

    def no_model() -> None:
        raise AssertionError("the model ran again")

    monkeypatch.setattr(model, "load_pipeline", no_model)
    assert model.entities(text) == first
    with pytest.raises(AssertionError, match="ran again"):
        model.entities(text + " She likes music.")
