"""`matcher …`: serve, migrate, seed, add users, import postcodes, benchmark."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from matcher.settings import Settings, get_settings

if TYPE_CHECKING:
    from matcher.server import ServeContext

T = TypeVar("T")


def _database_url() -> str:
    from matcher.api.app import database_url

    return database_url(get_settings())


def _migrate(url: str) -> None:
    from matcher.db.migrate import upgrade_head

    upgrade_head(url)


def _with_session(url: str, work: Callable[[async_sessionmaker[AsyncSession]], Awaitable[T]]) -> T:
    from matcher.db.engine import create_engine, create_sessionmaker

    async def run() -> T:
        engine = create_engine(url)
        try:
            return await work(create_sessionmaker(engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


def cmd_migrate(args: argparse.Namespace) -> int:
    _migrate(_database_url())
    print("Database is at the newest schema.")
    return 0


def _seed(url: str, size: str, providers: int | None, properties: int | None, only_if_empty: bool) -> None:
    from matcher.seeding import load_marketplace

    report = _with_session(
        url,
        lambda sm: load_marketplace(
            sm, size=size, providers=providers, properties=properties, only_if_empty=only_if_empty
        ),
    )
    print(report, file=sys.stderr)


def cmd_seed(args: argparse.Namespace) -> int:
    url = _database_url()
    _migrate(url)
    # Seeding twice would collide with itself (the same ids every time): it loads into an empty database only.
    _seed(url, args.size, args.providers, args.properties, only_if_empty=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from matcher.server import default_workers, parent_services, serve

    settings = get_settings()
    url = _database_url()
    _migrate(url)
    if args.seed:
        _seed(url, "demo", None, None, only_if_empty=True)
    settings.database_url = url  # the embedded server is already up: reuse it
    settings.public_url = served_url(settings, args.host, args.port)
    if _start_detection_worker not in parent_services:
        parent_services.append(_start_detection_worker)
    return serve(settings, args.host, args.port, args.workers or default_workers())


def served_url(settings: Settings, host: str, port: int) -> str:
    """Links in emails and on pages (a family's invitation) must reach this server: without a configured
    MATCHER_PUBLIC_URL they point where `serve` listens, not at the default port."""
    if "public_url" in settings.model_fields_set:
        return settings.public_url
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def _start_detection_worker(context: ServeContext) -> Callable[[], None]:
    """One identifier-detection process (the name model, about 400 MB) shared by every worker, which
    finds it through MATCHER_DETECTION_SOCKET; started in the parent before the workers fork."""
    from matcher.privacy.worker import DetectionWorker

    worker = DetectionWorker.start()
    return worker.stop


def cmd_user_add(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from matcher.auth.schemas import UserCreate
    from matcher.errors import InvalidInput
    from matcher.organisations.service import create_user

    try:
        body = UserCreate(
            email=args.email,
            password=args.password,
            role=args.role,
            organisation_id=uuid.UUID(args.organisation) if args.organisation else None,
        )
    except ValidationError as exc:  # e.g. the password policy: said in words, not a traceback
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or str((first.get("ctx") or {}).get("field", ""))
        raise InvalidInput(f"{field}: {str(first['msg']).removeprefix('Value error, ')}") from None

    async def work(sessionmaker: async_sessionmaker[AsyncSession]) -> uuid.UUID:
        async with sessionmaker() as session, session.begin():
            return (await create_user(session, None, body)).id

    url = _database_url()
    _migrate(url)
    print(_with_session(url, work))
    return 0


def _input_file_and_database(name: str) -> tuple[Path, str] | None:
    """What every import command needs first: its file (None, having said so, when there is none) and
    a migrated database."""
    path = Path(name)
    if not path.is_file():
        print(f"error: no file at {path}", file=sys.stderr)
        return None
    url = _database_url()
    _migrate(url)
    return path, url


def cmd_import_postcodes(args: argparse.Namespace) -> int:
    from matcher.places import UnknownPostcodeFormat, import_postcodes

    found = _input_file_and_database(args.file)
    if found is None:
        return 2
    path, url = found
    started = time.perf_counter()
    try:
        report = _with_session(url, lambda sm: import_postcodes(sm, path))
    except UnknownPostcodeFormat as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"Imported {report.imported} postcodes and {report.districts} districts "
        f"in {time.perf_counter() - started:.1f} s; skipped: "
        + (", ".join(f"{n} {reason}" for reason, n in sorted(report.skipped.items())) or "none")
    )
    return 0


def _progress_bar(description: str) -> tuple[object, Callable[[int], None], Callable[[int], None]]:
    """A tqdm bar on stderr, and the two callbacks an import reports through (rows done, rows in all)."""
    from tqdm import tqdm

    bar = tqdm(desc=description, unit=" rows", file=sys.stderr)

    def set_total(total: int) -> None:
        bar.total = total
        bar.refresh()

    return bar, bar.update, set_total


def cmd_import_cqc(args: argparse.Namespace) -> int:
    from matcher.imports.cqc import import_cqc

    found = _input_file_and_database(args.file)
    if found is None:
        return 2
    path, url = found
    bar, advance, set_total = _progress_bar("Matching CQC locations")

    async def work(sessionmaker: async_sessionmaker[AsyncSession]) -> str:
        async with sessionmaker() as session, session.begin():
            report = await import_cqc(session, path, advance, set_total)
        lines = [report.summary()] + [f"  ambiguous: {row}" for row in report.ambiguous_rows[: args.show]]
        return "\n".join(lines)

    try:
        summary = _with_session(url, work)
    finally:
        bar.close()  # type: ignore[attr-defined]
    print(summary)
    return 0


def cmd_import_providers(args: argparse.Namespace) -> int:
    from matcher.imports.providers import import_providers

    found = _input_file_and_database(args.file)
    if found is None:
        return 2
    path, url = found
    bar, advance, set_total = _progress_bar("Importing care providers")

    async def work(sessionmaker: async_sessionmaker[AsyncSession]) -> tuple[str, int]:
        async with sessionmaker() as session, session.begin():
            report = await import_providers(session, path.read_bytes(), path.name, dry_run=args.dry_run,
                                            max_rows=get_settings().import_max_rows,
                                            progress=advance, total=set_total)
        lines = [("Dry run (nothing written): " if args.dry_run else "") + report.summary()]
        lines += [f"  {error}" for error in report.errors]
        return "\n".join(lines), 1 if report.errors else 0

    try:
        summary, status = _with_session(url, work)
    finally:
        bar.close()  # type: ignore[attr-defined]
    print(summary)
    return status


def cmd_bench(args: argparse.Namespace) -> int:
    from matcher.bench import run_benchmark

    return run_benchmark(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="matcher", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the API and the pages")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--seed", action="store_true", help="load the demo marketplace if the database is empty"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=0,
        help="HTTP worker processes sharing one search index (default: the machine's cores)",
    )
    serve.set_defaults(run=cmd_serve)

    commands.add_parser("migrate", help="apply migrations").set_defaults(run=cmd_migrate)

    seed = commands.add_parser("seed", help="load a deterministic synthetic marketplace")
    seed.add_argument("--size", choices=["demo", "bench"], default="demo")
    seed.add_argument("--providers", type=int)
    seed.add_argument("--properties", type=int)
    seed.set_defaults(run=cmd_seed)

    user = commands.add_parser("user", help="manage users").add_subparsers(dest="user_command", required=True)
    add = user.add_parser("add", help="create a user; prints its id")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=["admin", "commissioner", "provider", "family"])
    add.add_argument("--password", required=True)
    add.add_argument("--organisation", help="organisation id")
    add.set_defaults(run=cmd_user_add)

    postcodes = commands.add_parser(
        "import-postcodes", help="load ONS Postcode Directory / Code-Point Open CSV"
    )
    postcodes.add_argument("file")
    postcodes.set_defaults(run=cmd_import_postcodes)

    cqc = commands.add_parser(
        "import-cqc", help="set CQC location ids and ratings from the CQC's care directory CSV"
    )
    cqc.add_argument("file")
    cqc.add_argument("--show", type=int, default=20, help="ambiguous rows to list (default 20)")
    cqc.set_defaults(run=cmd_import_cqc)

    providers = commands.add_parser("import-providers", help="create or update care providers from CSV/XLSX")
    providers.add_argument("file")
    providers.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    providers.set_defaults(run=cmd_import_providers)

    bench = commands.add_parser("bench", help="benchmark search in-process, over HTTP and against plain SQL")
    bench.add_argument("--providers", type=int, default=20_000)
    bench.add_argument("--properties", type=int, default=100_000)
    bench.add_argument("--searches", type=int, default=500)
    bench.add_argument("--concurrency", type=int, default=8)
    bench.add_argument("--workers", type=int, default=0, help="serve --workers (default: cores)")
    bench.set_defaults(run=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from matcher.errors import MatcherError

    try:
        result: int = args.run(args)
    except MatcherError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    raise SystemExit(main())
