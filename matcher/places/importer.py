"""`matcher import-postcodes FILE`: stream a postcode file into PostgreSQL.

The ONS Postcode Directory is about 2.7 million rows (over 1 GB), so the file is read line by line and
written in batches, each committed on its own: memory stays flat and an interrupted import keeps what it
wrote (running it again upserts, so it simply carries on). District centroids are the mean of their unit
postcodes, written at the end, so "LE11" resolves without a separate districts file.

FILE may be a .csv, a .csv.gz, or the .zip as downloaded (ONSPD or Code-Point Open: the CSVs under its
`Data/` folder are read, ONSPD's per-area `multi_csv` copies left out).
"""

from __future__ import annotations

import contextlib
import gzip
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from tqdm import tqdm

from matcher.places import repository
from matcher.places.postcodes import (
    DistrictCentroids,
    ParsedRow,
    Skipped,
    UnknownPostcodeFormat,
    iter_postcode_rows,
)

BATCH_SIZE = 5000


@dataclass(frozen=True)
class ImportReport:
    imported: int  # unit postcode rows written (a postcode repeated in the file counts each time)
    districts: int  # district rows written: given in the file, or centroids of its unit postcodes
    skipped: dict[str, int] = field(default_factory=dict)  # reason code -> rows
    seconds: float = 0.0


def _lines(handle: Iterable[bytes], bar: tqdm, counted: IO[bytes] | None = None) -> Iterator[str]:
    """Decoded lines, moving the bar by bytes read (of `counted`, the compressed file, when given)."""
    position = counted.tell() if counted is not None else 0
    for raw in handle:
        if counted is None:
            bar.update(len(raw))
        else:
            now = counted.tell()
            bar.update(now - position)
            position = now
        yield raw.decode("utf-8", errors="replace")


def _zip_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    csvs = [m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(".csv")]
    data = [m for m in csvs if "data" in (p.lower() for p in Path(m.filename).parts[:-1])
            and "multi_csv" not in m.filename.lower()]
    return sorted(data or csvs, key=lambda m: m.filename)


@contextlib.contextmanager
def _streams(path: Path, bar: tqdm) -> Iterator[Iterator[tuple[str, Iterator[str]]]]:
    """(name, lines) for each CSV in the file: one for a .csv or .csv.gz, one per data CSV in a .zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = _zip_members(archive)
            bar.reset(total=sum(m.file_size for m in members))

            def each() -> Iterator[tuple[str, Iterator[str]]]:
                for member in members:
                    with archive.open(member) as handle:
                        yield member.filename, _lines(handle, bar)

            yield each()
        return
    with path.open("rb") as raw:
        bar.reset(total=path.stat().st_size)
        if raw.read(2) == b"\x1f\x8b":
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw) as unzipped:
                yield iter([(path.name, _lines(unzipped, bar, counted=raw))])
            return
        raw.seek(0)
        yield iter([(path.name, _lines(raw, bar))])


Row = tuple[str, str, float, float]


async def _write(sessionmaker: async_sessionmaker[AsyncSession], rows: Sequence[Row]) -> None:
    if rows:
        async with sessionmaker() as session, session.begin():
            await repository.upsert_postcodes(session, rows)


async def import_postcodes(sessionmaker: async_sessionmaker[AsyncSession], path: Path, progress: bool = True,
                           batch_size: int = BATCH_SIZE) -> ImportReport:
    """Import every postcode of `path`, then district centroids; see the module docstring."""
    started = time.perf_counter()
    skipped: Counter[str] = Counter()
    centroids = DistrictCentroids()
    given_districts: set[str] = set()
    imported = 0
    batch: list[Row] = []
    with tqdm(total=0, unit="B", unit_scale=True, unit_divisor=1024, desc=path.name, file=sys.stderr,
              disable=not progress, mininterval=0.5) as bar, _streams(path, bar) as streams:
        for name, lines in streams:
            try:
                for item in iter_postcode_rows(lines):
                    if isinstance(item, Skipped):
                        skipped[item.reason] += 1
                        continue
                    assert isinstance(item, ParsedRow)
                    if item.kind == "unit":
                        centroids.add(item)
                        imported += 1
                    else:
                        given_districts.add(item.postcode)
                    batch.append((item.postcode, item.kind, item.latitude, item.longitude))
                    if len(batch) >= batch_size:
                        await _write(sessionmaker, batch)
                        batch = []
            except UnknownPostcodeFormat as exc:
                raise UnknownPostcodeFormat(f"{name}: {exc}") from None
        await _write(sessionmaker, batch)
    # A district the file gave explicitly keeps the file's position; the others get their centroid.
    computed: list[Row] = [(r.postcode, r.kind, r.latitude, r.longitude) for r in centroids.rows()
                if r.postcode not in given_districts]
    for start in range(0, len(computed), batch_size):
        await _write(sessionmaker, computed[start:start + batch_size])
    seconds = round(time.perf_counter() - started, 3)
    return ImportReport(imported=imported, districts=len(given_districts) + len(computed),
                        skipped=dict(sorted(skipped.items())), seconds=seconds)
