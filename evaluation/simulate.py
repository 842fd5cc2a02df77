"""Simulated people talk with the real assistant, and the share who reach the right suggestion is
measured (`make eval`).

A conversation is a persona (personas.yaml: true facts, routes it must and must not get) talking in
one language in one style (how it says things: phrasings.yaml). The simulated person reads the
assistant's messages as a person would: it recognises a question by its wording (the domain's
responses), answers it from its true facts in its style, and confirms a proposed job
classification only when it is right. Everything random comes from one seeded generator per
conversation, so a run is repeatable. The result is read from the tracker, as an integration would.
"""

from __future__ import annotations

import random
import re
import statistics
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from imp_engine.profile import teer_of_noc
from tools.build_domain import merged_domain

HERE = Path(__file__).parent
ROOT = HERE.parent
LANGUAGES = ("en", "fr")
STYLES = (
    "terse",
    "chatty",
    "facts_first",
    "question_first",
    "typos",
    "correction",
    "program_question",
    "dont_know",
    "switch_language",
    "options_first",
    "describe_teer",
)
MAX_TURNS = 40
# The phrasing banks: "dev", whose failures were studied; "holdout", whose first run was recorded and
# then studied too; "fresh", written last and run once (README, "Strangers, simulated").
BANKS = {"dev": "phrasings", "holdout": "phrasings_holdout", "fresh": "phrasings_fresh"}
SUGGESTION_MARKERS = ("not legal advice", "non un avis juridique")
MISUNDERSTOOD = ("utter_misunderstood", "utter_misunderstood_offer_consultant", "utter_invalid_")
CITIES = {
    "ON": ("Toronto", "Ontario", "Ontario"),
    "QC": ("Montreal", "Quebec", "Québec"),
    "BC": ("Vancouver", "British Columbia", "Colombie-Britannique"),
    "AB": ("Calgary", "Alberta", "Alberta"),
    "NB": ("Moncton", "New Brunswick", "Nouveau-Brunswick"),
    "MB": ("Winnipeg", "Manitoba", "Manitoba"),
    "SK": ("Saskatoon", "Saskatchewan", "Saskatchewan"),
}
FR_CITIES = {"Montreal": "Montréal"}


@cache
def data(name: str) -> dict[str, Any]:
    return yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))


@cache
def countries() -> dict[str, dict[str, Any]]:
    table = yaml.safe_load((ROOT / "imp_engine" / "data" / "countries.yaml").read_text(encoding="utf-8"))
    return {c["code"]: c for c in table["countries"]}


# --- recognising what the assistant says ---------------------------------------------------------


@dataclass(frozen=True)
class Said:
    kind: str  # "question", "suggestion", "misunderstood" or "other"
    slot: str | None = None


@cache
def _response_fragments() -> list[tuple[str, str]]:
    """(fragment, response name) for every response variation: its longest stretch of fixed text."""
    domain = merged_domain()
    fragments = []
    for name, variations in domain["responses"].items():
        for variation in variations:
            pieces = re.split(r"\{[^}]*\}", variation.get("text") or "")
            longest = max(pieces, key=len).strip()
            if len(longest) >= 12:
                fragments.append((longest, name))
    return sorted(fragments, key=lambda item: -len(item[0]))


def read(message: str) -> Said:
    if any(marker in message for marker in SUGGESTION_MARKERS):
        return Said("suggestion")
    for fragment, name in _response_fragments():
        if fragment in message:
            if name.startswith(MISUNDERSTOOD):
                return Said("misunderstood")
            asked = re.fullmatch(r"utter_ask_(.+?)(?:_again)?", name)
            return Said("question", asked.group(1)) if asked else Said("other")
    return Said("other")


# --- the simulated person ------------------------------------------------------------------------


@dataclass
class Persona:
    id: str
    facts: dict[str, Any]
    must: list[str]
    must_not: list[str]
    job: dict[str, str] | None = None
    doesnt_know: list[str] = field(default_factory=list)

    @property
    def teer(self) -> int | None:
        return teer_of_noc(self.job["noc"]) if self.job else None


def personas() -> list[Persona]:
    document = data("personas")
    return [
        Persona(
            p["id"],
            {**document["defaults"], **p["facts"]},
            p["must"],
            p["must_not"],
            p.get("job"),
            p.get("doesnt_know", []),
        )
        for p in document["personas"]
    ]


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


class Person:
    """Answers the assistant's questions from a persona's facts, in one language and style."""

    def __init__(self, persona: Persona, language: str, style: str, rng: random.Random, bank: str = "dev") -> None:
        self.persona, self.language, self.style, self.rng = persona, language, style, rng
        self.phrasings, self.bank = data(BANKS[bank]), bank
        self.facts = persona.facts
        self.employer = self.facts["audience"] == "employer"
        self.corrected = False
        self.asked_program_question = False
        self.said_dont_know = False
        self.pending_correction: str | None = None  # said right after a wrong answer
        self.switched = style != "switch_language"
        self.speaking = language if self.switched else _other(language)

    # what the person says first, and when the assistant says nothing they can answer
    def opening(self) -> str:
        if self.employer:
            return self._pick(self.phrasings["openings"]["employer"])
        kind = {"facts_first": "facts", "question_first": "facts", "options_first": "chatty", "chatty": "chatty"}
        return self._fill(self._pick(self.phrasings["openings"][kind.get(self.style, "plain")]))

    def nudge(self) -> str:
        return {"en": "so what are my options?", "fr": "et donc, quelles sont mes options ?"}[self.speaking]

    def answer(self, slot: str, asked_before: int, message: str) -> str:
        if not self.switched and asked_before == 0 and slot != "audience":
            self.switched, self.speaking = True, self.language
            return self._pick(self.phrasings["switch_language"])
        if self.style == "program_question" and not self.asked_program_question and slot not in ("audience",):
            self.asked_program_question = True
            return self._pick(self.phrasings["program_questions"])
        if self.style == "dont_know" and slot in self.persona.doesnt_know and not self.said_dont_know:
            self.said_dont_know = True
            return self._pick(self.phrasings["dont_know"])
        text = self._answer(slot, message)
        return self._typo(text) if self.style == "typos" else text

    def correction(self, slot: str) -> str | None:
        """Once, right after a wrong answer (the correction style answers age or citizenship wrongly)."""
        if self.style != "correction" or self.corrected or slot not in ("age", "citizenships"):
            return None
        self.corrected = True
        return self._fill(self._pick(self.phrasings["corrections"][slot]))

    def wrong_answer(self, slot: str) -> str | None:
        if self.style != "correction" or self.corrected or slot not in ("age", "citizenships"):
            return None
        if slot == "age":
            return str(self.facts["age"] + 4)
        return _name(_decoy(self.facts["citizenships"][0]), self.speaking)

    # --- answers per question ---
    def _answer(self, slot: str, message: str) -> str:
        phrasings = self.phrasings
        value = self.facts.get(slot)
        if slot == "job_offer_title" or slot == "occupation":
            return self._fill(self._pick(self._styled(phrasings["job"])))
        if slot == "job_offer_teer" and self.persona.teer is None:
            return self._pick(phrasings["dont_know"])  # asked about a job the person does not have
        if slot == "job_offer_teer":
            if self.style == "describe_teer" or self.rng.random() < 0.5:
                return self._pick(phrasings["teer_description"][str(self.persona.teer)])
            return self._pick(phrasings["dont_know"])
        if slot == "teer_check":
            proposed = re.search(r"(?:TEER|FEER)\s*(\d)", message)
            right = proposed is not None and int(proposed.group(1)) == self.persona.teer
            return self._pick(phrasings["confirm_yes" if right else "confirm_no"])
        if slot == "job_offer_noc":
            return self.persona.job["noc"] if self.persona.job else self._pick(phrasings["dont_know"])
        if slot in ("consent",):
            return self._pick(phrasings["callback_no"])
        if isinstance(value, bool):
            return self._pick(self._styled(phrasings["yes" if value else "no"]))
        if slot in ("audience", "french_level", "education", "current_location"):
            return self._fill(self._pick(self._styled(phrasings[slot][value])))
        if slot in phrasings and isinstance(phrasings[slot], dict):
            return self._fill(self._pick(self._styled(phrasings[slot])))
        return self._pick(phrasings["dont_know"])

    def _styled(self, entry: dict[str, Any]) -> Any:
        if self.employer and "employer" in entry:
            return entry["employer"]
        style = "chatty" if self.style in ("chatty", "options_first") else "terse"
        return entry.get(style) or entry.get("terse") or entry

    def _pick(self, options: Any) -> str:
        if isinstance(options, dict):
            options = options[self.speaking]
        return self.rng.choice(options)

    def _fill(self, template: str) -> str:
        f = self.facts
        code = f["citizenships"][0]
        province = f.get("job_offer_province") or "ON"
        city, province_en, province_fr = CITIES.get(province, CITIES["ON"])
        job = self.persona.job or {"en": "cook", "fr": "cuisinier"}
        french = self.speaking == "fr"
        return template.format(
            country=_name(code, self.speaking),
            nationality=_nationality(code, self.speaking),
            age=f["age"],
            age_words=number_in_words(f["age"], self.speaking, self.bank),
            job=job[self.speaking],
            city=FR_CITIES.get(city, city) if french else city,
            province=province_fr if french else province_en,
            home=_name(code, self.speaking),
        )

    def _typo(self, text: str) -> str:
        """Accents dropped, and one longer word with two letters swapped."""
        text = strip_accents(text)
        words = text.split(" ")
        candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if candidates:
            i = self.rng.choice(candidates)
            w, j = words[i], self.rng.randrange(1, len(words[i]) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        return " ".join(words)


def number_in_words(n: int, language: str, bank: str = "dev") -> str:
    """19 -> 'nineteen', 'dix-neuf'; 36 -> 'thirty-six', 'trente-six'; 21 -> 'vingt et un' (to 69)."""
    words = data(BANKS[bank])["number_words"][language]
    if n < 20:
        return words["units"][n]
    tens, unit = words["tens"][n - n % 10], n % 10
    if unit == 0:
        return tens
    if unit == 1 and words["and_one"]:
        return tens + words["and_one"]
    return f"{tens}-{words['units'][unit]}"


def _other(language: str) -> str:
    return "fr" if language == "en" else "en"


def _name(code: str, language: str) -> str:
    return countries()[code]["name"][language]


def _nationality(code: str, language: str) -> str:
    demonyms = countries()[code].get("demonyms", {}).get(language) or [_name(code, language)]
    return demonyms[0]


def _decoy(code: str) -> str:
    return "PT" if code != "PT" else "IT"


# --- one conversation ----------------------------------------------------------------------------


@dataclass
class Outcome:
    persona: str
    language: str
    style: str
    success: bool
    why: str
    questions: int
    longest_run: int
    misunderstood: int
    transcript: list[str]
    suggested: list[str] | None


Say = Callable[[str, str], list[dict[str, Any]]]
Slots = Callable[[str], dict[str, Any]]


def converse(
    persona: Persona, language: str, style: str, seed: int, say: Say, slots: Slots, run_id: str = "", bank: str = "dev"
) -> Outcome:
    rng = random.Random(f"{seed}:{persona.id}:{language}:{style}")
    person = Person(persona, language, style, rng, bank)
    sender = f"eval-{run_id}{seed}-{bank}-{persona.id}-{language}-{style}".replace("_", "-")
    transcript: list[str] = []
    questions, runs, misunderstood, stalls = 0, [0], 0, 0
    last_slot: str | None = None
    asked: dict[str, int] = {}
    message = person.opening()
    for _ in range(MAX_TURNS):
        transcript.append(f"> {message}")
        replies = [r.get("text") or "" for r in say(sender, message)]
        transcript += [f"< {text}" for text in replies]
        readings = [read(text) for text in replies]
        misunderstood += sum(r.kind == "misunderstood" for r in readings)
        if any(r.kind == "suggestion" for r in readings):
            return _judge(persona, language, style, slots(sender), transcript, questions, max(runs), misunderstood)
        question = next((r for r in reversed(readings) if r.kind == "question" and r.slot), None)
        if question is None or question.slot is None:
            stalls += 1
            if stalls > 2:
                break
            message = person.nudge()
            continue
        questions += 1
        runs[-1] = runs[-1] + 1 if question.slot == last_slot else 1
        if question.slot != last_slot:
            runs.append(1)
        last_slot = question.slot
        asked[question.slot] = asked.get(question.slot, 0) + 1
        message = _reply(person, question.slot, asked[question.slot] - 1, replies[-1])
    why = "stuck: no question and no suggestion" if stalls > 2 else f"no suggestion after {MAX_TURNS} messages"
    return Outcome(persona.id, language, style, False, why, questions, max(runs), misunderstood, transcript, None)


def _reply(person: Person, slot: str, asked_before: int, message: str) -> str:
    pending = person.pending_correction
    if pending:
        person.pending_correction = None
        return pending
    wrong = person.wrong_answer(slot) if asked_before == 0 else None
    if wrong:
        person.pending_correction = person.correction(slot)
        return wrong
    return person.answer(slot, asked_before, message)


def _judge(
    persona: Persona,
    language: str,
    style: str,
    slots: dict[str, Any],
    transcript: list[str],
    questions: int,
    longest_run: int,
    misunderstood: int,
) -> Outcome:
    suggested = list(slots.get("suggested_routes") or [])
    missing = [r for r in persona.must if r not in suggested]
    wrong = [r for r in persona.must_not if r in suggested]
    problems = []
    if missing:
        problems.append(f"missing {missing}")
    if wrong:
        problems.append(f"wrongly suggested {wrong}")
    if slots.get("language") != language:
        problems.append(f"ended in {slots.get('language')!r}")
    why = "; ".join(problems) or "ok"
    return Outcome(
        persona.id, language, style, not problems, why, questions, longest_run, misunderstood, transcript, suggested
    )


# --- the run -------------------------------------------------------------------------------------


def plan(seed: int, limit: int | None = None) -> list[tuple[Persona, str, str]]:
    """Every persona x language x style; a limit keeps a fixed, seeded sample of it."""
    conversations = [(p, language, style) for p in personas() for language in LANGUAGES for style in STYLES]
    if limit is not None and limit < len(conversations):
        conversations = random.Random(seed).sample(conversations, limit)
    return conversations


def run(
    say: Say, slots: Slots, seed: int = 2026, limit: int | None = None, workers: int = 4, bank: str = "dev"
) -> list[Outcome]:
    run_id = f"{time.time_ns() % 10**9}-"  # a new conversation id per run; the rest stays seeded
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda c: converse(c[0], c[1], c[2], seed, say, slots, run_id, bank), plan(seed, limit)))


def summary(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    figures = {}
    for language in LANGUAGES:
        mine = [o for o in outcomes if o.language == language]
        if not mine:
            continue
        questions = sorted(o.questions for o in mine)
        figures[language] = {
            "conversations": len(mine),
            "success": sum(o.success for o in mine) / len(mine),
            "questions_median": statistics.median(questions),
            "questions_p90": questions[min(len(questions) - 1, int(0.9 * len(questions)))],
            "longest_run": max(o.longest_run for o in mine),
            "misunderstood_per_conversation": sum(o.misunderstood for o in mine) / len(mine),
        }
    return figures
