"""Per-message latency over the REST channel, with the action server's round trips included.

A person's messages are first recorded by holding their conversation once (asking the tracker what
was asked); the timed runs then replay those scripts without any other request to the server."""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tests.e2e.servers import Assistant
from tests.e2e.test_conversations import EMPLOYER_EN_AMERICAN, EMPLOYER_FR_INDIAN, WORKER_EN_FRENCH, WORKER_FR_SPANISH

# The four people of the conversation tests: a worker and an employer in each language.
PEOPLE: list[tuple[str, dict[str, str]]] = [
    ("Hi", WORKER_EN_FRENCH),
    ("Bonjour", WORKER_FR_SPANISH),
    ("Hello", EMPLOYER_EN_AMERICAN),
    ("Bonjour", EMPLOYER_FR_INDIAN),
]
MAX_TURNS = 30
# People read a reply and type the next answer: 5 to 15 seconds between their messages.
THINK_SECONDS = (5.0, 15.0)


@dataclass
class Latencies:
    seconds: list[float]
    wall: float

    def summary(self) -> dict[str, float]:
        ordered = sorted(self.seconds)

        def pick(q: float) -> float:
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

        return {
            "messages": len(ordered),
            "median_ms": statistics.median(ordered) * 1000,
            "p95_ms": pick(0.95),
            "p99_ms": pick(0.99),
            "messages_per_s": len(ordered) / self.wall,
        }


def record_script(assistant: Assistant, sender: str, opening: str, answers: dict[str, str]) -> list[str]:
    """The messages this person sends, in order, as the assistant asks for them."""
    script = [opening]
    assistant.say(sender, opening)
    for _ in range(MAX_TURNS):
        slots = assistant.slots(sender)
        asked = slots.get("requested_slot")
        if asked not in answers or script.count(answers[asked]) > 2:  # done, or stuck on a question
            break
        script.append(answers[asked])
        assistant.say(sender, answers[asked])
    return script


def replay(
    assistant: Assistant, sender: str, script: Sequence[str], out: list[float], think: tuple[float, float] | None = None
) -> None:
    """Sends the script, timing each reply; with `think`, starts at a random moment of the first
    `think[1]` seconds and waits a random time in that range (seconds) before each message after
    the first, as a person reading the reply and typing would."""
    pause = random.Random(sender)
    if think:  # people open their chats over a while, not all in the same instant
        time.sleep(pause.uniform(0, think[1]))
    for index, message in enumerate(script):
        if think and index:
            time.sleep(pause.uniform(*think))
        start = time.perf_counter()
        assistant.say(sender, message)
        out.append(time.perf_counter() - start)


def sequential(assistant: Assistant, scripts: Sequence[list[str]], rounds: int, tag: str) -> Latencies:
    seconds: list[float] = []
    start = time.perf_counter()
    for round_ in range(rounds):
        for index, script in enumerate(scripts):
            replay(assistant, f"{tag}-seq-{round_}-{index}", script, seconds)
    return Latencies(seconds, time.perf_counter() - start)


def concurrent(
    assistant: Assistant,
    scripts: Sequence[list[str]],
    conversations: int,
    tag: str,
    think: tuple[float, float] | None = None,
) -> Latencies:
    results: list[list[float]] = [[] for _ in range(conversations)]
    pace = "paced" if think else "saturated"  # a conversation id is letters, digits and dashes
    threads = [
        threading.Thread(
            target=replay, args=(assistant, f"{tag}-{pace}-{i}", scripts[i % len(scripts)], results[i], think)
        )
        for i in range(conversations)
    ]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Latencies([s for r in results for s in r], time.perf_counter() - start)


def cold_start(assistant: Assistant) -> float:
    """Seconds from the Rasa server process's start to its first answered message (the action
    server already running)."""
    start = time.perf_counter()
    index = assistant.start_replica()
    while True:
        if assistant.rasa_processes[index].poll() is not None:
            raise RuntimeError("the Rasa server exited while starting")
        try:
            if assistant.say("cold-start", "Hello"):
                return time.perf_counter() - start
        except (OSError, AssertionError):
            pass
        time.sleep(0.1)


def memory_mb(pid: int, field: str) -> float:
    """A memory figure of the process's /proc status: VmHWM (peak resident) or VmRSS (now)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb(pid: int) -> float:
    return memory_mb(pid, "VmHWM")


def measure(
    assistant: Assistant, tag: str, rounds: int, conversations: int, think: tuple[float, float] = THINK_SECONDS
) -> dict[str, Any]:
    scripts = [
        record_script(assistant, f"{tag}-record-{i}", opening, answers) for i, (opening, answers) in enumerate(PEOPLE)
    ]
    replay(assistant, f"{tag}-warm", scripts[0], [])
    return {
        "scripts": scripts,
        "sequential": sequential(assistant, scripts, rounds, tag).summary(),
        "concurrent": concurrent(assistant, scripts, conversations, tag, think).summary(),
        "saturated": concurrent(assistant, scripts, conversations, tag).summary(),
    }
