"""Shared fixtures: a runtime over a real SQLite file, and over PostgreSQL where available."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from termpos.core.clock import FixedClock
from termpos.core.config import Settings
from termpos.services.runtime import Runtime, open_runtime

PG_URL = os.environ.get("TERMPOS_TEST_PG_URL", "")
PG_REQUIRED = os.environ.get("TERMPOS_TEST_PG_REQUIRED") == "1"
START = dt.datetime(2026, 3, 2, 9, 0, 0)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run long endurance tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="endurance test: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def _pg_schema() -> Iterator[str]:
    """Creates a fresh schema on the test PostgreSQL server and drops it afterwards."""
    if not PG_URL:
        if PG_REQUIRED:
            pytest.fail("TERMPOS_TEST_PG_REQUIRED=1 but TERMPOS_TEST_PG_URL is not set")
        pytest.skip("PostgreSQL tests need TERMPOS_TEST_PG_URL (CI sets it)")
    import psycopg2

    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        conn = psycopg2.connect(PG_URL)
    except psycopg2.OperationalError as exc:
        if PG_REQUIRED:
            pytest.fail(f"PostgreSQL required but unreachable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}")
    conn.autocommit = True
    conn.cursor().execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema
    finally:
        conn.cursor().execute(f'DROP SCHEMA "{schema}" CASCADE')
        conn.close()


@pytest.fixture(autouse=True)
def _keep_pepper_env() -> Iterator[None]:
    """Restores TERMPOS_PEPPER_FILE after each test: tools like the soak set it for children."""
    before = os.environ.get("TERMPOS_PEPPER_FILE")
    yield
    if before is None:
        os.environ.pop("TERMPOS_PEPPER_FILE", None)
    else:
        os.environ["TERMPOS_PEPPER_FILE"] = before


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def pepper_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from termpos.services.users import ensure_pepper

    path = tmp_path / "pepper"
    ensure_pepper(path)
    monkeypatch.setenv("TERMPOS_PEPPER_FILE", str(path))
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def rt(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FixedClock, settings: Settings,
    pepper_file: Path,
) -> Iterator[Runtime]:
    """A migrated store on SQLite (a real file) and on PostgreSQL."""
    if request.param == "sqlite":
        runtime = open_runtime(settings, str(tmp_path / "store.db"), clock=clock, create=True)
        yield runtime
        runtime.db.close()
        return
    gen = _pg_schema()
    schema = next(gen)
    runtime = open_runtime(settings, PG_URL, clock=clock, pg_schema=schema)
    try:
        yield runtime
    finally:
        runtime.db.close()
        next(gen, None)


@pytest.fixture
def sqlite_rt(tmp_path: Path, clock: FixedClock, settings: Settings,
              pepper_file: Path) -> Iterator[Runtime]:
    """A migrated store on a real SQLite file only (for SQLite-specific behaviour)."""
    runtime = open_runtime(settings, str(tmp_path / "store.db"), clock=clock, create=True)
    yield runtime
    runtime.db.close()


@pytest.fixture(scope="module")
def till_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated till store with staff and stock, built once per test module."""
    from tests.tillkit import build_template

    return build_template(tmp_path_factory.mktemp("till"))


@pytest.fixture
def store(till_template: Path, tmp_path: Path, clock: FixedClock, settings: Settings,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[Runtime]:
    """A fresh copy of the till store for one test (test modules may define their own)."""
    from tests.tillkit import copy_store

    rt = copy_store(till_template, tmp_path, clock, settings, monkeypatch)
    yield rt
    rt.db.close()
