"""`make eval`: the simulated-user evaluation against the real servers (evaluation/simulate.py).

    python -m evaluation [--bank dev|holdout|fresh|strangers|all] [--seed N] [--limit N] [--url URL --token T]

Without --url it starts an action server and a Rasa server of its own (the trained model). Prints
the figures per phrasing bank and language (and per class of the strangers bank); writes
reports/eval-<bank>.json and, per failed conversation, its transcript to reports/eval-<bank>-failures.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from evaluation.simulate import BANKS, ROOT, Outcome, run, summary, summary_by_group

REPORTS = ROOT / "reports"
# A simulated person answers at once; a stuck conversation would hit the per-conversation limit.
EVAL_ENV = {"RASA_LIMIT_PER_SENDER": "100000"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--limit", type=int, default=None, help="a seeded sample of this many conversations")
    parser.add_argument("--url", help="a running Rasa server (else one is started)")
    parser.add_argument("--token", default=None)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--bank",
        choices=[*BANKS, "all"],
        default="all",
        help="the phrasings: dev and holdout (their failures were studied), fresh (run once), strangers (issue 22)",
    )
    args = parser.parse_args(argv)
    from tests.e2e.servers import Assistant, request

    assistant = None
    if args.url is None:
        assistant = Assistant(Path(tempfile.mkdtemp(prefix="imp-eval-")), extra_env=EVAL_ENV).start()
        args.url, args.token = assistant.url, assistant.token
    try:

        def say(sender: str, text: str) -> list[dict]:
            status, replies = request("POST", f"{args.url}/webhooks/rest/webhook", {"sender": sender, "message": text})
            if status != 200:
                raise RuntimeError(f"{status}: {replies}")
            return replies or []

        def slots(sender: str) -> dict:
            return request("GET", f"{args.url}/conversations/{sender}/tracker", token=args.token)[1]["slots"]

        for bank in BANKS if args.bank == "all" else [args.bank]:
            outcomes = run(say, slots, seed=args.seed, limit=args.limit, workers=args.workers, bank=bank)
            figures = summary(outcomes)
            write_reports(bank, outcomes, figures)
            print(f"phrasings: {bank}")
            print_figures(bank, figures, outcomes)
            for group, group_figures in summary_by_group(outcomes).items():
                print(f"  class: {group}")
                print_table(group_figures)
    finally:
        if assistant:
            assistant.stop()
    return 0


def print_figures(bank: str, figures: dict, outcomes: list[Outcome]) -> None:
    print_table(figures)
    failures = [o for o in outcomes if not o.success]
    print(f"{len(failures)} failed conversation(s); transcripts in {REPORTS / f'eval-{bank}-failures.md'}")


def print_table(figures: dict) -> None:
    print(
        f"{'':4}{'conversations':>14}{'success':>9}{'questions median':>18}{'p90':>5}{'longest run':>13}"
        f"{'misunderstood/conv':>20}{'asked again':>13}{'/conv':>7}"
    )
    for language, f in figures.items():
        print(
            f"{language:4}{f['conversations']:>14}{f['success']:>9.1%}{f['questions_median']:>18}"
            f"{f['questions_p90']:>5}{f['longest_run']:>13}{f['misunderstood_per_conversation']:>20.2f}"
            f"{f['asked_again']:>13}{f['asked_again_per_conversation']:>7.2f}"
        )


def write_reports(bank: str, outcomes: list[Outcome], figures: dict) -> None:
    REPORTS.mkdir(exist_ok=True)
    conversations = [{k: v for k, v in vars(o).items() if k != "transcript"} for o in outcomes]
    document = {"bank": bank, "figures": figures, "conversations": conversations}
    by_group = summary_by_group(outcomes)
    if by_group:
        document["figures_by_class"] = by_group
    (REPORTS / f"eval-{bank}.json").write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    lines = ["# Failed conversations of the simulated-user evaluation", ""]
    for o in (o for o in outcomes if not o.success):
        group = f" · {o.group}" if o.group else ""
        lines += [f"## {o.persona} · {o.language} · {o.style}{group}: {o.why}", "", "```", *o.transcript, "```", ""]
    (REPORTS / f"eval-{bank}-failures.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
