"""Every refusal of the REST channel has its text in both languages, and each one renders."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from rasa_runtime.guards import limits, refuse

REASONS = sorted(limits()["rest_refusals"])


@pytest.mark.parametrize("reason", REASONS)
@pytest.mark.parametrize("accept", ["fr-CA,fr;q=0.9", "en-US", ""])
def test_every_refusal_renders_in_the_asked_language(reason: str, accept: str) -> None:
    request = SimpleNamespace(headers={"Accept-Language": accept})
    values = {"limit": 7} if "{limit}" in limits()["rest_refusals"][reason]["en"] else {}
    answer = refuse(request, 400, reason, **values)  # type: ignore[arg-type]
    language = "fr" if accept.startswith("fr") else "en"
    expected = limits()["rest_refusals"][reason][language]
    body = json.loads(answer.body)
    assert body["reason"] == reason and body["error"].startswith(expected.split("{")[0])
    assert answer.status == 400
