"""The worst message the server accepts, many at once: 20 people each send the longest accepted
message (2,000 characters of words, countries and numbers) at the same moment, while another person
holds an ordinary conversation. Measures that person's longest wait and the Rasa server's memory.

python -m bench.worst_case: against models/intake.tar.gz (make train first); `make bench` runs it too.
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.load import memory_mb, peak_rss_mb
from rasa_runtime.guards import limits
from tests.e2e.servers import ROOT, Assistant

AT_ONCE = 20
ORDINARY = ["Hi", "I want to work in Canada", "I'm French", "28", "no", "no", "no"]
WORDS = "I am 27 French and Mexican with a job offer in Montreal Toronto je suis ingénieure française 1998 "


def longest_message() -> str:
    limit = limits()["max_message_chars"]
    return (WORDS * (limit // len(WORDS) + 1))[:limit]


def worst_case(assistant: Assistant) -> dict[str, Any]:
    pid = assistant.rasa_processes[0].pid
    assistant.say("worst-warm-up", "Hi")
    before = memory_mb(pid, "VmRSS")
    message = longest_message()
    waits: list[float] = []
    heavy_seconds: list[float] = []

    def heavy(index: int) -> None:
        started = time.monotonic()
        assistant.say(f"worst-heavy-{index}", message)
        heavy_seconds.append(time.monotonic() - started)

    def ordinary() -> None:
        for text in ORDINARY:
            started = time.monotonic()
            assistant.say("worst-ordinary", text)
            waits.append(time.monotonic() - started)

    threads = [threading.Thread(target=heavy, args=(i,)) for i in range(AT_ONCE)]
    threads.append(threading.Thread(target=ordinary))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "message_chars": len(message),
        "at_once": AT_ONCE,
        "other_user_max_wait_s": max(waits),
        "heavy_max_s": max(heavy_seconds),
        "rasa_rss_before_mb": before,
        "rasa_rss_after_mb": memory_mb(pid, "VmRSS"),
        "rasa_peak_rss_mb": peak_rss_mb(pid),
    }


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="imp-worst-") as tmp:
        assistant = Assistant(
            Path(tmp),
            model=ROOT / "models" / "intake.tar.gz",
            replicas=1,
            token="bench-worst",
            extra_env={"IMP_CHECK_ACTION_INPUTS": "0"},
        ).start()
        try:
            for key, value in worst_case(assistant).items():
                print(f"{key}: {value:.2f}" if isinstance(value, float) else f"{key}: {value}")
        finally:
            assistant.stop()


if __name__ == "__main__":
    main()
