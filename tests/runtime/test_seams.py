"""rasa_runtime/seams.py: every replaced Rasa internal is checked (versions, target, signature)
before it is replaced, and a mismatch stops the start with the seam's name."""

from __future__ import annotations

import copy

import pytest

from rasa_runtime import seams
from tests.runtime.seam_target import Target

STAND_IN = {
    "target": "tests.runtime.seam_target:Target.method",
    "parameters": ["self", "message"],
    "in": "tests",
    "why": "a test",
    "upstream": "none",
}


@pytest.fixture()
def registry(monkeypatch: pytest.MonkeyPatch) -> dict:
    edited = copy.deepcopy(seams.registry())
    edited["seams"]["stand_in"] = dict(STAND_IN)
    monkeypatch.setattr(seams, "registry", lambda: edited)
    return edited


@pytest.mark.parametrize("seam_id", sorted(seams.registry()["seams"]))
def test_every_listed_seam_matches_the_installed_rasa(seam_id: str) -> None:
    seams.check(seam_id)
    seam = seams.registry()["seams"][seam_id]
    assert seam["why"] and seam["upstream"] and seam["in"].startswith("rasa_runtime/")


def test_a_replacement_is_installed_and_the_original_returned(registry: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Target, "method", Target.method)  # restored after the test

    def replaced(self: Target, message: str) -> str:
        return f"replaced {message}"

    original = seams.replace("stand_in", replaced)
    assert Target().method("x") == "replaced x" and original(Target(), "x") == "original x"
    seams.check("stand_in")  # a second seam on the same target still checks the original signature


def test_another_rasa_version_stops_the_start_naming_the_seam(registry: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seams, "version", lambda package: "3.7.0")
    with pytest.raises(
        seams.SeamError, match=r"seam 'stand_in' .* was written for rasa 3\.6\.21; 3\.7\.0 is installed"
    ):
        seams.replace("stand_in", lambda self, message: message)


def test_a_changed_signature_or_a_missing_target_stops_the_start(registry: dict) -> None:
    registry["seams"]["stand_in"]["parameters"] = ["self", "text"]
    with pytest.raises(seams.SeamError, match=r"now takes \['self', 'message'\]"):
        seams.check("stand_in")
    registry["seams"]["stand_in"]["target"] = "tests.runtime.seam_target:Target.gone"
    with pytest.raises(seams.SeamError, match="no longer exists"):
        seams.check("stand_in")
    with pytest.raises(seams.SeamError, match="not listed"):
        seams.check("unknown_seam")
