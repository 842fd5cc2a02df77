"""`rasa data validate` is clean: no error, and no warning but one kind, checked here instead.

Rasa's validator looks for every response in stories and rules; the form's questions
(utter_ask_<slot>) and the re-asks sent by actions never appear there. Those warnings are accepted
only for responses the form or an action really uses, so a response nobody uses still fails."""

from __future__ import annotations

import re
from pathlib import Path

from tools.build_domain import merged_domain

from .rasa_cli import rasa

ROOT = Path(__file__).resolve().parents[2]
UNUSED = re.compile(r"The utterance '(\w+)' is not used in any story or rule\.")


def used_outside_stories() -> set[str]:
    domain = merged_domain()
    asked = {f"utter_ask_{slot}" for form in domain["forms"].values() for slot in form["required_slots"]}
    sources = [*(ROOT / "actions").glob("*.py"), *(ROOT / "rasa_runtime").glob("*.py")]
    code = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    sent = set(re.findall(r'"(utter_\w+)"', code))
    # A question asked a second time in a row is rephrased: utter_ask_<slot>_again (actions/questions.py).
    again = {f"{name}_again" for name in asked | sent if name.startswith("utter_ask_")}
    return asked | sent | again


def test_rasa_data_validate_is_clean() -> None:
    done = rasa("data", "validate", "--domain", "domain", timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    warnings = [line for line in output.splitlines() if "UserWarning" in line and "Slot auto-fill" not in line]
    unexplained = []
    for line in warnings:
        unused = UNUSED.search(line)
        if not unused or unused.group(1) not in used_outside_stories():
            unexplained.append(line)
    assert not unexplained, "\n".join(unexplained)
    assert "No story structure conflicts found" in output
