"""NLU quality on the held-out split, per language: intent accuracy and the fact extractor's
entity F1. The README reports these figures; here they must stay above the floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.dialogue.rasa_cli import rasa, require_model

HERE = Path(__file__).parent
INTENT_ACCURACY_FLOOR = 0.90
ENTITY_F1_FLOOR = 0.85


@pytest.mark.parametrize("language", ["en", "fr"])
def test_held_out_split(language: str, tmp_path: Path) -> None:
    model = require_model()
    done = rasa(
        "test",
        "nlu",
        "--model",
        str(model),
        "--nlu",
        str(HERE / f"holdout_{language}.yml"),
        "--out",
        str(tmp_path),
        "--no-plot",
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    intents = json.loads((tmp_path / "intent_report.json").read_text(encoding="utf-8"))
    entities = json.loads((tmp_path / "FactExtractor_report.json").read_text(encoding="utf-8"))
    accuracy, entity_f1 = intents["accuracy"], entities["weighted avg"]["f1-score"]
    print(f"{language}: intent accuracy {accuracy:.3f}, entity F1 {entity_f1:.3f}")
    assert accuracy >= INTENT_ACCURACY_FLOOR
    assert entity_f1 >= ENTITY_F1_FLOOR
