"""The bench stays alive: `python -m bench --smoke` runs every step of `make bench` once, small, on the
trained model (recording and replaying the conversations, many at once, the worst case, the engine
alone). No figure is judged here (`make bench` judges them); a step that breaks fails this test, as
the conversation ids the replay made up did when the REST channel began refusing them."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.e2e.servers import ROOT


def test_every_step_of_the_bench_runs() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke"],
        cwd=ROOT,
        env={**os.environ, "TQDM_DISABLE": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    for row in ("sequential median (ms)", "50 at once, no pause: p95 (ms)", "longest wait of another (s)"):
        line = next((line for line in run.stdout.splitlines() if row in line), "")
        assert re.search(r"\| \d[\d.,]* \|", line), f"no figure for {row!r}:\n{run.stdout[-2000:]}"
    assert re.search(r"engine alone: [\d,]+ profiles", run.stdout)
