"""The test stories of tests/stories/ (both languages, every path), run by `rasa test core`:
each user message must get its intent and each bot turn the action the story expects."""

from __future__ import annotations

import json
from pathlib import Path

from .rasa_cli import rasa, require_model

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_story_passes(tmp_path: Path) -> None:
    model = require_model()
    done = rasa(
        "test",
        "core",
        "--model",
        str(model),
        "--stories",
        "tests/stories",
        "--out",
        str(tmp_path),
        "--fail-on-prediction-errors",
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert done.returncode == 0, (done.stdout + done.stderr)[-2000:] + "\n" + details[-6000:]
    report = json.loads((tmp_path / "story_report.json").read_text(encoding="utf-8"))
    assert report["conversation_accuracy"]["accuracy"] == 1.0
    assert report["conversation_accuracy"]["total"] >= 20
