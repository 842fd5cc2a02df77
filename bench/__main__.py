"""python -m bench [--rounds N] [--conversations N] [--skip-default] [--smoke]: trains this project's
model and Rasa's default one from scratch, measures both, prints a table and writes reports/bench.json.

--smoke: every step once on a small scale, on the model already trained (models/), this project's
pipeline only, nothing written and no figure judged: `make test` runs it so that a change that breaks
the bench is caught."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import tempfile
from pathlib import Path
from typing import Any

import yaml

from bench.dashboard_speed import dashboard_seconds
from bench.engine_speed import profiles_per_second
from bench.live_speed import live_seconds
from bench.load import cold_start, measure, peak_rss_mb
from bench.models import nlu_quality, train
from bench.worst_case import worst_case
from tests.e2e.servers import MODEL, ROOT, Assistant

HERE = Path(__file__).parent
CONFIGS = {"imp-intake": ROOT / "config.yml", "rasa default": HERE / "default_config.yml"}
# How each runs its custom actions: this project's in the Rasa server (rasa_runtime/inprocess_actions.py);
# Rasa's default, over HTTP to the action server, as Rasa 3.6 runs them. Neither checks its actions'
# inputs (the tests' servers do).
RUNTIME_ENV = {
    "imp-intake": {"RASA_ACTIONS_MODULE": "actions", "IMP_CHECK_ACTION_INPUTS": "0"},
    "rasa default": {"RASA_ACTIONS_MODULE": "", "IMP_CHECK_ACTION_INPUTS": "0"},
}
LANGUAGES = ("en", "fr")
SMOKE_THINK_SECONDS = (0.05, 0.2)  # the smoke run's people type fast: it checks the steps, not the figures


def serve_and_measure(
    model: Path, workdir: Path, tag: str, rounds: int, conversations: int, env: dict[str, str], **pace: Any
) -> dict[str, Any]:
    assistant = Assistant(workdir, model=model, replicas=0, token=f"bench-{tag}", extra_env=env).start()
    try:
        figures: dict[str, Any] = {"cold_start_s": cold_start(assistant)}
        figures.update(measure(assistant, tag, rounds, conversations, **pace))
        figures["worst_case"] = worst_case(assistant)
        figures["rasa_rss_mb"] = peak_rss_mb(assistant.rasa_processes[0].pid)
        figures["actions_rss_mb"] = peak_rss_mb(assistant.actions.pid)
        return figures
    finally:
        assistant.stop()


def measure_config(name: str, config: Path, workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    print(f"[{name}] training from scratch …", flush=True)
    tag = name.replace(" ", "-")
    figures: dict[str, Any] = {"training_s": train(config, workdir, tag)}
    model = workdir / f"{tag}.tar.gz"
    for language in LANGUAGES:
        print(f"[{name}] held-out NLU evaluation ({language}) …", flush=True)
        quality = nlu_quality(model, language)
        figures[f"intent_accuracy_{language}"] = quality["intent_accuracy"]
        figures[f"entity_f1_{language}"] = quality["entity_f1"]
        figures[f"entity_extractor_{language}"] = quality["entity_extractor"]
    print(
        f"[{name}] cold start, {args.rounds} sequential rounds, {args.conversations} conversations at once …",
        flush=True,
    )
    figures.update(serve_and_measure(model, workdir, tag, args.rounds, args.conversations, RUNTIME_ENV[name]))
    return figures


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(
        next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024**2, 1),
        "python": platform.python_version(),
    }


ROWS = [  # (label, key, format)
    ("sequential median (ms)", ("sequential", "median_ms"), "{:.1f}"),
    ("sequential p95 (ms)", ("sequential", "p95_ms"), "{:.1f}"),
    ("sequential p99 (ms)", ("sequential", "p99_ms"), "{:.1f}"),
    ("50 at once, people's pace: median (ms)", ("concurrent", "median_ms"), "{:.1f}"),
    ("50 at once, people's pace: p95 (ms)", ("concurrent", "p95_ms"), "{:.1f}"),
    ("50 at once, people's pace: p99 (ms)", ("concurrent", "p99_ms"), "{:.1f}"),
    ("50 at once, no pause: p95 (ms)", ("saturated", "p95_ms"), "{:.1f}"),
    ("throughput at saturation (messages/s)", ("saturated", "messages_per_s"), "{:.1f}"),
    ("20 longest messages at once: longest wait of another (s)", ("worst_case", "other_user_max_wait_s"), "{:.2f}"),
    ("20 longest messages at once: Rasa server RSS after (MB)", ("worst_case", "rasa_rss_after_mb"), "{:.0f}"),
    ("cold start (s)", ("cold_start_s",), "{:.1f}"),
    ("Rasa server peak RSS (MB)", ("rasa_rss_mb",), "{:.0f}"),
    ("action server peak RSS (MB)", ("actions_rss_mb",), "{:.0f}"),
    ("training from scratch (s)", ("training_s",), "{:.0f}"),
    ("intent accuracy EN", ("intent_accuracy_en",), "{:.3f}"),
    ("intent accuracy FR", ("intent_accuracy_fr",), "{:.3f}"),
    ("entity F1 EN", ("entity_f1_en",), "{:.3f}"),
    ("entity F1 FR", ("entity_f1_fr",), "{:.3f}"),
]
TARGET_KEYS = {
    ("sequential", "median_ms"): "sequential_median_ms",
    ("sequential", "p95_ms"): "sequential_p95_ms",
    ("concurrent", "p95_ms"): "concurrent_p95_ms",
    ("cold_start_s",): "cold_start_s",
    ("rasa_rss_mb",): "rasa_rss_mb",
    ("training_s",): "training_s",
    ("worst_case", "other_user_max_wait_s"): "worst_case_other_wait_s",
    ("worst_case", "rasa_rss_after_mb"): "worst_case_rss_mb",
    ("intent_accuracy_en",): "intent_accuracy_en",
    ("intent_accuracy_fr",): "intent_accuracy_fr",
}


def lookup(figures: dict[str, Any], key: tuple[str, ...]) -> Any:
    found: Any = figures
    for part in key:
        found = found.get(part) if isinstance(found, dict) else None
    return found


def verdict(value: Any, target: dict[str, float] | None) -> str:
    if target is None or value is None:
        return ""
    if "max" in target:
        return f"≤ {target['max']:g} {'met' if value <= target['max'] else 'NOT MET'}"
    return f"≥ {target['min']:g} {'met' if value >= target['min'] else 'NOT MET'}"


def table(results: dict[str, dict[str, Any]], targets: dict[str, dict[str, float]]) -> str:
    names = list(results)
    lines = ["| measure | " + " | ".join(names) + " | default ÷ imp-intake | target |", "|---" * (len(names) + 3) + "|"]
    for label, key, fmt in ROWS:
        values = [lookup(results[name], key) for name in names]
        shown = [fmt.format(v) if isinstance(v, (int, float)) else "—" for v in values]
        ratio = ""
        if len(values) == 2 and all(isinstance(v, (int, float)) and v for v in values):
            ratio = f"{values[1] / values[0]:.2f}×"
        target = targets.get(TARGET_KEYS.get(key, ""))
        lines.append(f"| {label} | " + " | ".join(shown) + f" | {ratio} | {verdict(values[0], target)} |")
    return "\n".join(lines)


def smoke() -> None:
    with tempfile.TemporaryDirectory(prefix="imp-bench-smoke-") as tmp:
        figures = serve_and_measure(
            MODEL, Path(tmp), "smoke", 1, 3, RUNTIME_ENV["imp-intake"], think=SMOKE_THINK_SECONDS
        )
        figures["engine_profiles_per_s"] = profiles_per_second(seconds=0.5)
        figures |= dashboard_seconds(Path(tmp), conversations=2_000, runs=1)
        figures |= live_seconds(Path(tmp), conversations=20, runs=1)
    print(table({"imp-intake": figures}, {}))
    print(f"\nengine alone: {figures['engine_profiles_per_s']:,.0f} profiles assessed per second (smoke run)")
    print(dashboard_line(figures))
    print(live_line(figures))


def dashboard_line(figures: dict[str, Any], target: dict[str, float] | None = None) -> str:
    seconds, count = figures["dashboard_report_s"], figures["dashboard_conversations"]
    return f"dashboard: {seconds:.3f} s for {count:,} conversations {verdict(seconds, target)}".rstrip()


def live_line(figures: dict[str, Any], target: dict[str, float] | None = None) -> str:
    seconds, count, poll = figures["live_list_s"], figures["live_conversations"], figures["live_burst_poll_ms"]
    judged = f" {verdict(seconds, target)}" if target else ""
    return (
        f"live view: the list of {count} conversations in {seconds:.3f} s{judged}; "
        f"a message in each at once read in one poll of {poll:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="sequential rounds of the four conversations")
    parser.add_argument("--conversations", type=int, default=50, help="conversations at once")
    parser.add_argument("--skip-default", action="store_true", help="measure this project's pipeline only")
    parser.add_argument("--smoke", action="store_true", help="once, small, on the trained model: nothing judged")
    args = parser.parse_args()
    if args.smoke:
        smoke()
        return
    targets = yaml.safe_load((HERE / "targets.yaml").read_text(encoding="utf-8"))
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="imp-bench-") as tmp:
        for name, config in CONFIGS.items():
            if args.skip_default and name != "imp-intake":
                continue
            workdir = Path(tmp) / name.replace(" ", "-")
            workdir.mkdir()
            results[name] = measure_config(name, config, workdir, args)
        print("[engine] profiles assessed per second …", flush=True)
        engine = profiles_per_second()
        print("[dashboard] 100,000 conversations …", flush=True)
        dashboard = dashboard_seconds(Path(tmp))
        print("[live view] 200 conversations at once …", flush=True)
        dashboard |= live_seconds(Path(tmp))
    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "engine_profiles_per_s": engine,
        **dashboard,
        "results": results,
        "targets": targets,
    }
    text = table(results, targets) + f"\n\nengine alone: {engine:,.0f} profiles assessed per second"
    text += "\n" + dashboard_line(dashboard, targets.get("dashboard_report_s"))
    text += "\n" + live_line(dashboard, targets.get("live_list_s"))
    print("\n" + text)
    out = ROOT / "reports" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    (ROOT / "reports" / "bench.md").write_text(f"{report['date']} · {report['machine']}\n\n{text}\n", encoding="utf-8")
    print(f"\nwritten: {out.relative_to(ROOT)}, reports/bench.md")


if __name__ == "__main__":
    main()
