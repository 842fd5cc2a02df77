"""Runs Rasa's command line from the project root, as make does."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.e2e.servers import BIN, MODEL, ROOT, base_env


def rasa(*args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "rasa"), *args], cwd=ROOT, env=base_env(), capture_output=True, text=True, timeout=timeout
    )


def require_model() -> Path:
    if not MODEL.exists():
        raise AssertionError(f"no trained model at {MODEL}: run 'make train' (make test does)")
    return MODEL
