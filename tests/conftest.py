import os
from pathlib import Path

import pytest

# Tests run as local development (plain-HTTP cookies, the firm's placeholder details); a test of
# production behaviour says so itself.
os.environ.setdefault("IMP_ENV", "development")

ROOT = Path(__file__).resolve().parent.parent
# Folders whose tests need a trained model, a browser, running servers or the real PostgreSQL/Redis.
HEAVY_FOLDERS = ("e2e", "production", "dialogue", "nlu_holdout")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks `heavy` what `make check` leaves to `make test`: the heavy folders, and the tests run
    against the real PostgreSQL server (the `postgresql` parameter of the lead store's fixture)."""
    for item in items:
        folder = Path(item.path).relative_to(ROOT / "tests").parts[0]
        callspec = getattr(item, "callspec", None)
        on_postgresql = callspec is not None and "postgresql" in callspec.params.values()
        if folder in HEAVY_FOLDERS or on_postgresql:
            item.add_marker(pytest.mark.heavy)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
