"""`make eval`: the simulated-user evaluation against the real servers (evaluation/simulate.py).

    python -m evaluation [--bank dev|holdout|fresh|strangers|unseen|sealed|blind|cold|all] [--seed N] [--limit N]
                          [--persona ID] [--url URL --token T]

Without --url it starts an action server and a Rasa server of its own (the trained model). Prints
the figures per phrasing bank and language (and per class of the strangers bank); writes
reports/eval-<bank>.json, the transcripts of the failed conversations to reports/eval-<bank>-failures.md
and of those that asked a stated fact again to reports/eval-<bank>-asked-again.md.
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
    parser.add_argument("--persona", default=None, help="only this persona's conversations (an id of the bank)")
    parser.add_argument(
        "--bank",
        choices=[*BANKS, "all"],
        default="all",
        help="the phrasings: dev, holdout, fresh and strangers (their failures were studied), unseen (issue 22's "
        "last), sealed, blind and cold (written without the understanding code, each run once at the end of a round)",
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
            outcomes = run(say, slots, args.seed, args.limit, args.workers, bank, args.persona)
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
    failed = [(o, o.why) for o in outcomes if not o.success]
    write_transcripts(f"eval-{bank}-failures.md", "Failed conversations of the simulated-user evaluation", failed)
    asked_again = [(o, "asked again: " + ", ".join(o.asked_again_of)) for o in outcomes if o.asked_again_of]
    write_transcripts(f"eval-{bank}-asked-again.md", "Conversations that asked a stated fact again", asked_again)


def write_transcripts(name: str, title: str, conversations: list[tuple[Outcome, str]]) -> None:
    lines = [f"# {title}", ""]
    for o, why in conversations:
        group = f" · {o.group}" if o.group else ""
        lines += [f"## {o.persona} · {o.language} · {o.style}{group}: {why}", "", "```", *o.transcript, "```", ""]
    (REPORTS / name).write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
