"""Records the conversations of tools/test_story_scripts.yml as e2e test stories.

Usage: with the assistant running (make run, or bin/serve), on the same tracker store:
    .venv/bin/python tools/record_test_stories.py http://127.0.0.1:5005 "$RASA_API_TOKEN"
Writes tests/stories/recorded_<language>.yml. Review every story before committing it: a recorded
story states what the assistant did, and a test only checks what a reviewer agreed was right.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter
from rasa.shared.utils.io import read_yaml

ROOT = Path(__file__).resolve().parents[1]
MAX_ANSWERS = 30


def post(url: str, body: dict) -> object:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:
        return json.load(response)


def record(server: str, token: str, name: str, steps: list[str | dict], domain: Domain) -> str:
    """A step is a message, or {answers: {slot: text}}: answer whatever is asked until the end."""
    sender = f"{name}-{uuid.uuid4().hex[:8]}"
    query = urllib.parse.urlencode({"token": token})

    def say(message: str) -> None:
        post(f"{server}/webhooks/rest/webhook", {"sender": sender, "message": str(message)})

    for step in steps:
        if not isinstance(step, dict):
            say(step)
            continue
        for _ in range(MAX_ANSWERS):
            asked = get(f"{server}/conversations/{sender}/tracker?{query}")["slots"].get("requested_slot")
            if asked is None:
                break
            say(step["answers"][asked])
    events = get(f"{server}/conversations/{sender}/tracker?{query}")["events"]
    tracker = DialogueStateTracker.from_dict(name, events, domain.slots)
    # Rasa writes YAML 1.2 (a bare ON is a province code); PyYAML would read it back as true.
    story = read_yaml(tracker.export_stories(YAMLStoryWriter(), e2e=True))["stories"][0]
    story["story"] = name
    return yaml.safe_dump(_plain(story), allow_unicode=True, sort_keys=False, width=120)


def _plain(node: object) -> object:
    """ruamel's containers as plain dicts and lists, for PyYAML (which quotes 'ON' when it writes)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return str(node) if type(node).__name__.endswith("ScalarString") else node


def main(server: str, token: str) -> None:
    domain = Domain.load(str(ROOT / "domain"))
    scripts = yaml.safe_load((ROOT / "tools" / "test_story_scripts.yml").read_text(encoding="utf-8"))["stories"]
    by_language: dict[str, list[str]] = {"en": [], "fr": []}
    for name, messages in scripts.items():
        by_language[name.split("_")[0]].append(record(server, token, name, messages, domain))
    for language, stories in by_language.items():
        path = ROOT / "tests" / "stories" / f"recorded_{language}.yml"
        body = "".join("- " + "\n  ".join(story.rstrip().splitlines()) + "\n" for story in stories)
        path.write_text(f'version: "3.1"\nstories:\n{body}', encoding="utf-8")
        print(f"{len(stories)} stories written to {path}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
