"""Training from scratch (an empty Rasa cache) and the held-out NLU evaluation, per configuration."""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path

from tests.e2e.servers import BIN, ROOT, base_env

HOLDOUT = ROOT / "tests" / "nlu_holdout"


def train(config: Path, out: Path, name: str) -> float:
    """Trains a model from scratch; returns the seconds it took."""
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        subprocess.run(
            [
                str(BIN / "rasa"),
                "train",
                "--domain",
                "domain",
                "--config",
                str(config),
                "--out",
                str(out),
                "--fixed-model-name",
                name,
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env=base_env(RASA_CACHE_DIRECTORY=cache, TQDM_DISABLE="1"),
        )
        return time.perf_counter() - start


def nlu_quality(model: Path, language: str) -> dict[str, float | str | None]:
    """Intent accuracy and entity F1 (weighted) on the held-out split of one language."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                str(BIN / "rasa"),
                "test",
                "nlu",
                "--model",
                str(model),
                "--nlu",
                str(HOLDOUT / f"holdout_{language}.yml"),
                "--out",
                out,
                "--no-plot",
            ],
            cwd=ROOT,
            env=base_env(TQDM_DISABLE="1"),
            check=True,
            capture_output=True,
        )
        intents = json.loads((Path(out) / "intent_report.json").read_text(encoding="utf-8"))
        reports = sorted(Path(out).glob("*Extractor_report.json")) + sorted(Path(out).glob("DIET*_report.json"))
        entity_f1, extractor = 0.0, None
        for report in reports:
            figures = json.loads(report.read_text(encoding="utf-8")).get("weighted avg")
            if figures:
                entity_f1, extractor = figures["f1-score"], report.name.removesuffix("_report.json")
                break
        return {"intent_accuracy": intents["accuracy"], "entity_f1": entity_f1, "entity_extractor": extractor}
