from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .servers import Assistant


@pytest.fixture(scope="package")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    running = Assistant(tmp_path_factory.mktemp("assistant"))
    try:
        yield running.start()
    finally:
        running.stop()


@pytest.fixture()
def sender(request: pytest.FixtureRequest) -> str:
    return f"{request.node.name}-{Path(request.node.path).stem}"
