"""bin/assess, contract section 3: JSON in, JSON out; exit 2 and one line for bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSESS = ROOT / "bin" / "assess"


def run(stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(ASSESS)], input=stdin, capture_output=True, cwd=ROOT, timeout=60)


def test_answers_a_profile() -> None:
    done = run(json.dumps({"age": 28, "citizenships": ["FR"], "language": "fr"}).encode())
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["rules_as_of"] == "2026-11-26"
    assert len(result["routes"]) == len({r["id"] for r in result["routes"]}) == 29
    wh = next(r for r in result["routes"] if r["id"] == "iec_working_holiday")
    assert wh["verdict"] == "eligible" and wh["missing"] == []
    assert wh["reasons"][0].startswith("Les citoyens de ce pays (France)")


def test_answers_an_occupation_for_cusma() -> None:
    profile = {"citizenships": ["MX"], "has_job_offer": True, "occupation": "ingénieure civile", "has_degree": True}
    done = run(json.dumps(profile).encode())
    routes = {r["id"]: r for r in json.loads(done.stdout)["routes"]}
    assert routes["cusma_professional"]["verdict"] == "eligible"
    assert done.stderr == b""


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (b"", "input is not JSON"),
        (b"{age: 3}", "input is not JSON"),
        (b"\xff\xfe{}", "input is not UTF-8"),
        (b"[1, 2]", "input must be one JSON object"),
        (b'"FR"', "input must be one JSON object"),
        (b'{"age": -3}', "age must be between 0 and 120, not -3"),
        (b'{"age": "twenty"}', "age must be a whole number"),
        (b'{"citizenships": ["ZZ"]}', "unknown country code 'ZZ'"),
        (b'{"has_job_offer": "yes"}', "has_job_offer must be true or false"),
        (b'{"language": "de"}', "language must be one of en, fr"),
        (b"[" * 100_000, "input is nested too deeply"),
    ],
)
def test_bad_input_exits_2_with_one_line(stdin: bytes, message: str) -> None:
    done = run(stdin)
    assert done.returncode == 2
    assert done.stdout == b""
    error = done.stderr.decode()
    assert error.count("\n") == 1 and error.startswith("assess: ")
    assert message in error
