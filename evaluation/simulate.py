"""Simulated people talk with the real assistant, and the share who reach the right suggestion is
measured (`make eval`).

A conversation is a persona (personas.yaml: true facts, routes it must and must not get) talking in
one language in one style (how it says things: phrasings.yaml). The simulated person reads the
assistant's messages as a person would: it recognises a question by its wording (the domain's
responses), answers it from its true facts in its style, and confirms a proposed job
classification only when it is right. Everything random comes from one seeded generator per
conversation, so a run is repeatable. The result is read from the tracker, as an integration would.

The `strangers` bank (personas_strangers.yaml, phrasings_strangers.yaml) has people of its own
(`Stranger`): their own opening and words, a fact said wrong and corrected later, and an objection
when the assistant takes them for someone else. Every bank counts the questions about a fact the
person had already stated (`asked_again`).
"""

from __future__ import annotations

import random
import re
import statistics
import string
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
# then studied too; "fresh", written last and run once (README, "Strangers, simulated"); "strangers",
# written for issue 22 before the assistant was changed for it, with people of its own; "unseen", people
# and words of the same classes written after the strangers bank was studied, by someone who saw none
# of the fixes, and run once at the end of the issue. "sealed", people and words of the same classes
# again, was written on 2026-12-02 by someone who saw none of the assistant's understanding code, and
# is run once at the end. "blind", the seventh, people and words of the same classes once more, was written
# on 2026-12-02 by someone who saw none of the understanding code, data, tests or earlier fixes; run once.
# "cold", the eighth, was written on 2026-12-03 the same way, while the round on the blind bank's failures
# was under way, by someone who saw none of it; run once, at the end of that round.
# "frost", the ninth, was written on 2026-12-03 the same way, by someone who saw none of the understanding
# code, data, tests or fixes; run once, at the start of a round on the cold bank's failures.
# "treaties", the tenth, people covered (or not) by the temporary-entry chapters of CETA, the Canada–UK
# agreement and CPTPP as intra-company transferees or investors, was written on 2026-12-03 by a helper
# session of the engineer's, who read none of the understanding or decision code, data or tests
# (intake_nlu/, nlu_components/, actions/, data/, tests/, imp_engine/ but its profile and country
# codes) and no git history; its routes come from IRCC's instructions. Run once, when the routes exist.
# "campus", the eleventh, people of the open permits (graduates of Canadian schools, spouses of workers
# and of students, permanent-residence applicants in Canada, Quebec's PSTQ invitees) and people who look
# like them, was written on 2026-12-03 the same way as "treaties", before the routes' code.
# "bilateral", the twelfth, professionals and technicians of the agreements with Chile, Peru, Colombia,
# Korea, Panama and Ukraine, people on a services contract (Korea, GATS) and people who look like them,
# was written on 2026-12-04 the same way as "treaties", its routes from IRCC's instructions; run once.
# "crosstalk", the thirteenth, people and words of issue 22's five classes once more (10 each), was written
# on 2026-12-04 the same way, by two helpers; its first run is the honest measure of that day.
BANKS = {
    "dev": "phrasings",
    "holdout": "phrasings_holdout",
    "fresh": "phrasings_fresh",
    "strangers": "phrasings_strangers",
    "unseen": "phrasings_unseen",
    "sealed": "phrasings_sealed",
    "blind": "phrasings_blind",
    "cold": "phrasings_cold",
    "frost": "phrasings_frost",
    "treaties": "phrasings_treaties",
    "campus": "phrasings_campus",
    "bilateral": "phrasings_bilateral",
    "crosstalk": "phrasings_crosstalk",
}
# The banks with people of their own (Stranger); the other banks share personas.yaml.
PERSONAS = {
    "strangers": "personas_strangers",
    "unseen": "personas_unseen",
    "sealed": "personas_sealed",
    "blind": "personas_blind",
    "cold": "personas_cold",
    "frost": "personas_frost",
    "treaties": "personas_treaties",
    "campus": "personas_campus",
    "bilateral": "personas_bilateral",
    "crosstalk": "personas_crosstalk",
}
# Questions about a job offer, which a stranger without one answers by saying so.
JOB_OFFER_FACTS = (
    "job_offer_province",
    "job_offer_title",
    "job_offer_teer",
    "job_offer_noc",
    "job_offer_primary_agriculture",
    "teer_check",
)
# A question the assistant asks about a fact under another name.
SAME_FACT = {"which_province": "job_offer_province", "teer_check_described": "teer_check"}
# What an opening's placeholders say (an opening of the employer kind says who is speaking too).
PLACEHOLDER_FACTS = {
    "age": "age",
    "age_words": "age",
    "nationality": "citizenships",
    "nationalities": "citizenships",
    "country": "citizenships",
    "countries": "citizenships",
    "job": "job_offer_title",
    "city": "job_offer_province",
    "province": "job_offer_province",
    "province_in": "job_offer_province",
}
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


@cache
def fact_slots() -> frozenset[str]:
    """The facts a person can state: the profile's fields, and the title of the job offered."""
    profile = yaml.safe_load((ROOT / "imp_engine" / "data" / "profile.yaml").read_text(encoding="utf-8"))
    return frozenset([*profile["fields"], "job_offer_title"])


# --- recognising what the assistant says ---------------------------------------------------------


@dataclass(frozen=True)
class Said:
    kind: str  # "question", "suggestion", "misunderstood" or "other"
    slot: str | None = None
    # Whom a question addresses, by its words: "worker" (you), "employer" (your candidate), or None
    # when its words are the same for both.
    voice: str | None = None


@cache
def _response_fragments() -> list[tuple[str, str, str | None]]:
    """(fragment, response name, voice) for every response variation: its longest stretch of fixed
    text, and whom it addresses when the response has variations per audience."""
    voices: dict[tuple[str, str], set[str | None]] = {}
    for name, variations in merged_domain()["responses"].items():
        per_audience = any(_voice_of(v) for v in variations)
        for variation in variations:
            pieces = re.split(r"\{[^}]*\}", variation.get("text") or "")
            longest = max(pieces, key=len).strip()
            if len(longest) >= 12:
                voice = (_voice_of(variation) or "worker") if per_audience else None
                voices.setdefault((longest, name), set()).add(voice)
    fragments = [(text, name, next(iter(v)) if len(v) == 1 else None) for (text, name), v in voices.items()]
    return sorted(fragments, key=lambda item: -len(item[0]))


def _voice_of(variation: dict[str, Any]) -> str | None:
    """ "worker" or "employer" for a variation shown to one audience (its `voice` condition)."""
    for condition in variation.get("condition") or []:
        if condition.get("name") == "voice":
            return str(condition["value"]).split("_")[-1]
    return None


def read(message: str) -> Said:
    if any(marker in message for marker in SUGGESTION_MARKERS):
        return Said("suggestion")
    for fragment, name, voice in _response_fragments():
        if fragment in message:
            if name.startswith(MISUNDERSTOOD):
                return Said("misunderstood")
            asked = re.fullmatch(r"utter_ask_(.+?)(?:_again)?", name)
            return Said("question", asked.group(1), voice) if asked else Said("other")
    return Said("other")


@cache
def _read_as_patterns() -> list[re.Pattern[str]]:
    """The assistant saying back how it read a message (utter_read_as): what was typed, and read."""
    patterns = []
    for variation in merged_domain()["responses"].get("utter_read_as", []):
        pieces = re.split(r"(\{typed\}|\{read\})", variation["text"])
        groups = {"{typed}": "(?P<typed>.+?)", "{read}": "(?P<read>.+?)"}
        patterns.append(re.compile("".join(groups.get(p, re.escape(p)) for p in pieces)))
    return patterns


def read_as(message: str) -> str | None:
    """What the assistant says it understood, when it says it back ("I read "x" as y")."""
    for pattern in _read_as_patterns():
        found = pattern.search(message)
        if found:
            return found.group("read")
    return None


# --- what the person has stated ------------------------------------------------------------------


@dataclass
class FactLog:
    """The facts a person has stated, to count the questions that ask one again. A fact the person
    contradicted (a correction) may be asked once more without counting: a careful listener checks."""

    stated: set[str] = field(default_factory=set)
    contested: set[str] = field(default_factory=set)

    def state(self, *slots: str) -> None:
        self.stated.update(s for s in slots if s in fact_slots())

    def contradict(self, slot: str) -> None:
        self.state(slot)
        self.contested.add(slot)

    def asked(self, slot: str) -> bool:
        """Whether a question about this fact asks again what the person already said."""
        if slot in self.contested:
            self.contested.discard(slot)
            return False
        return slot in self.stated


# --- the simulated person ------------------------------------------------------------------------


@dataclass
class Persona:
    id: str
    facts: dict[str, Any]
    must: list[str]
    must_not: list[str]
    job: dict[str, Any] | None = None
    doesnt_know: list[str] = field(default_factory=list)
    group: str = ""  # the strangers bank's class of difficulty
    must_facts: list[str] = field(default_factory=list)  # facts the tracker must not hold wrong at the end
    script: dict[str, Any] = field(default_factory=dict)  # a stranger's own words (personas_strangers.yaml)
    misreading: dict[str, Any] = field(default_factory=dict)  # the wrong reading the persona guards against

    @property
    def teer(self) -> int | None:
        return teer_of_noc(self.job["noc"]) if self.job else None


SCRIPT_KEYS = ("opening", "answers", "correction", "places", "words", "audience_correction")


def personas(file: str = "personas") -> list[Persona]:
    document = data(file)
    return [
        Persona(
            p["id"],
            {**document["defaults"], **p["facts"]},
            p["must"],
            p["must_not"],
            p.get("job"),
            p.get("doesnt_know", []),
            p.get("class", ""),
            p.get("must_facts", []),
            {key: p[key] for key in SCRIPT_KEYS if key in p},
            p.get("misreading", {}),
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
        self.pending_correction_slot: str | None = None
        self.switched = style != "switch_language"
        self.speaking = language if self.switched else _other(language)
        self.log = FactLog()

    # what the person says first, and when the assistant says nothing they can answer
    def opening(self) -> str:
        if self.employer:
            self._said(["audience"])
            return self._pick(self.phrasings["openings"]["employer"])
        kind = {"facts_first": "facts", "question_first": "facts", "options_first": "chatty", "chatty": "chatty"}
        template = self._pick(self.phrasings["openings"][kind.get(self.style, "plain")])
        self._said(_facts_in(template))
        return self._fill(template)

    def nudge(self) -> str:
        return {"en": "so what are my options?", "fr": "et donc, quelles sont mes options ?"}[self.speaking]

    def reply(self, question: Said, asked_before: int, replies: list[str]) -> str:
        """What the person says to the assistant's messages of one turn, the last asking `question`."""
        return _reply(self, question.slot or "", asked_before, replies[-1])

    def after_suggestion(self) -> str | None:
        """Something still to say once a suggestion is made (None: the conversation ends)."""
        return None

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
        if text not in self.phrasings["dont_know"][self.speaking]:
            self._said([slot])
        return self._typo(text) if self.style == "typos" else text

    def _said(self, slots: list[str]) -> None:
        """The person has just stated these facts."""
        self.log.state(*slots)

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
        if slot == "open_permits_check":
            return self._open_permits_answer()
        if isinstance(value, bool):
            return self._pick(self._styled(phrasings["yes" if value else "no"]))
        if isinstance(value, str) and isinstance(phrasings.get(slot), dict) and value in phrasings[slot]:
            return self._fill(self._pick(self._styled(phrasings[slot][value])))
        if isinstance(value, int) and isinstance(phrasings.get(slot), dict):
            # A number in the bank's words: {value}, or {months} for a count of days.
            template = self._pick(self._styled(phrasings[slot]))
            return template.format(value=value, months=round(value / 30), **self._fields())
        if slot in phrasings and isinstance(phrasings[slot], dict):
            return self._fill(self._pick(self._styled(phrasings[slot])))
        return self._pick(phrasings["dont_know"])

    def _open_permits_answer(self) -> str:
        """ "Did you study in Canada, does a partner work or study there, or did you apply for permanent
        residence?": the person names what applies, in the bank's words for it, or says yes or no."""
        for cue in ("canadian_credential", "partner_in_canada", "pr_application"):
            value = self.facts.get(cue)
            if value not in (None, "none") and value in self.phrasings.get(cue, {}):
                self._said([cue])
                return self._fill(self._pick(self._styled(self.phrasings[cue][value])))
        cue_said = self.facts.get("pstq_invited") or self.facts.get("service_contract")
        return self._pick(self._styled(self.phrasings["yes" if cue_said else "no"]))

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
        return template.format(**self._fields())

    def _fields(self) -> dict[str, Any]:
        f = self.facts
        code = f["citizenships"][0]
        province = f.get("job_offer_province") or "ON"
        city, province_en, province_fr = CITIES.get(province, CITIES["ON"])
        job = self.persona.job or {"en": "cook", "fr": "cuisinier"}
        french = self.speaking == "fr"
        return {
            "country": _name(code, self.speaking),
            "nationality": _nationality(code, self.speaking),
            "age": f["age"],
            "age_words": number_in_words(f["age"], self.speaking, self.bank),
            "job": job[self.speaking],
            "city": FR_CITIES.get(city, city) if french else city,
            "province": province_fr if french else province_en,
            "home": _name(code, self.speaking),
        }

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


class Stranger(Person):
    """A person of the strangers bank (personas_strangers.yaml). Besides answering as a Person does,
    in its style, it says its own opening and its own words for some questions the first time they
    are asked (`answers`; `again` when asked again), states one fact wrong and corrects it a few
    questions later while another question waits (`correction`), objects when a question addresses
    it as the other audience ("your candidate" to a worker), objects when the assistant says it read
    a country or a province that is wrong, and confirms a job classification only when the NOC code
    proposed is its own (`job.noc`, or one of `job.accept`)."""

    def __init__(self, persona: Persona, language: str, style: str, rng: random.Random, bank: str = "strangers"):
        super().__init__(persona, language, style, rng, bank)
        self.script = persona.script
        self.facts = dict(persona.facts)  # what the person says: a wrong value until it is corrected
        self.plan: dict[str, Any] = self.script.get("correction") or {}
        self.correction_state = "unsaid" if self.plan else "none"  # then "said_wrong", then "corrected"
        if self.plan:
            self.facts[self.plan["slot"]] = self.plan["wrong"]
        self.correction_due = 0
        self.heard = 0  # questions heard so far
        self.asks: dict[str, int] = {}
        self.job_variant = 0
        self.audience_corrections = 0
        self.objected: set[str] = set()

    def opening(self) -> str:
        own = self.script.get("opening")
        if own is None:
            kind = "employer" if self.employer else ("chatty" if self.style == "chatty" else "plain")
            template = self._pick(self.phrasings["openings"][kind])
            self._said(["audience"] if self.employer else _facts_in(template))
            return self._fill(template)
        self._said(own.get("states", []))
        return self._fill(self._pick(own))

    def reply(self, question: Said, asked_before: int, replies: list[str]) -> str:
        self.heard += 1
        slot = SAME_FACT.get(question.slot or "", question.slot or "")
        asked = self.asks.get(slot, 0)
        self.asks[slot] = asked + 1
        objection = self._objection(replies)
        if objection:
            return objection
        if self.correction_state == "said_wrong" and (self.heard >= self.correction_due or slot == self.plan["slot"]):
            return self._correct()
        if question.voice and question.voice != self.persona.facts["audience"]:
            correction = self._audience_correction()
            if correction:
                return correction
        return self._answer_as_self(slot, asked, replies[-1])

    def after_suggestion(self) -> str | None:
        """A person who has not yet corrected a fact does it now, and reads the new suggestion."""
        return self._correct() if self.correction_state == "said_wrong" else None

    def _answer_as_self(self, slot: str, asked: int, message: str) -> str:
        own = self.script.get("answers", {}).get(slot)
        if own is not None and (asked == 0 or "again" in own):
            self._said(own.get("states", [slot]))
            return self._fill(self._pick(own if asked == 0 else own["again"]))
        self.job_variant = asked
        return self.answer(slot, asked, message)

    def _said(self, slots: list[str]) -> None:
        super()._said(slots)
        if self.correction_state == "unsaid" and self.plan["slot"] in slots:
            self.correction_state = "said_wrong"
            low, high = self.plan.get("after", [1, 3])
            self.correction_due = self.heard + self.rng.randint(low, high)

    def _correct(self) -> str:
        slot = self.plan["slot"]
        self.facts[slot] = self.persona.facts[slot]
        self.correction_state = "corrected"
        self.log.contradict(slot)
        return self._fill(self._pick(self.plan))

    def _audience_correction(self) -> str | None:
        settings = self.phrasings["audience_corrections"]
        if self.audience_corrections >= settings["max"]:
            return None
        self.audience_corrections += 1
        self._said(["audience"])
        own = self.script.get("audience_correction") or settings[self.persona.facts["audience"]]
        return self._fill(self._pick(own))

    def _objection(self, replies: list[str]) -> str | None:
        """ "No, that's wrong" to a country or province the assistant says it read, once per fact."""
        for reading in filter(None, map(read_as, replies)):
            for slot in self._wrong_in(reading):
                if slot not in self.objected:
                    self.objected.add(slot)
                    self._said([slot])
                    return self._fill(self._pick(self.phrasings["read_as_objections"][slot]))
        return None

    def _wrong_in(self, reading: str) -> list[str]:
        wrong = []
        citizenships = set(self.facts["citizenships"])
        if named_countries(reading) - citizenships:
            wrong.append("citizenships")
        provinces = named_provinces(reading, self.phrasings["provinces"])
        if provinces and self.facts.get("job_offer_province") not in provinces:
            wrong.append("job_offer_province")
        return wrong

    def _answer(self, slot: str, message: str) -> str:
        if slot in JOB_OFFER_FACTS and not self.facts.get("has_job_offer"):
            return self._pick(self.phrasings["no_job_offer"])
        if slot == "occupation" and not self.persona.job:
            own = self.script.get("words", {}).get("occupation")
            return _in_language(own, self.speaking) if own else self._pick(self.phrasings["dont_know"])
        if slot != "teer_check" or not self.persona.job:
            return super()._answer(slot, message)
        job = self.persona.job
        code = re.search(r"\b(\d{5})\b", message)
        if code:
            right = code.group(1) in [job["noc"], *job.get("accept", [])]
        else:
            proposed = re.search(r"(?:TEER|FEER)\s*(\d)", message)
            right = proposed is not None and int(proposed.group(1)) == self.persona.teer
        return self._pick(self.phrasings["confirm_yes" if right else "confirm_no"])

    def _fields(self) -> dict[str, Any]:
        fields = super()._fields()
        language, citizenships = self.speaking, self.facts["citizenships"]
        province = self.facts.get("job_offer_province") or "ON"
        names = self.phrasings["provinces"][province]
        joiner = {"en": " and ", "fr": " et "}[language]
        fields |= {
            "province": names[language],
            "province_in": names[f"in_{language}"],
            "city": _in_language(self.script.get("places", {}).get(province, names["city"]), language),
            "nationalities": joiner.join(_nationality(c, language) for c in citizenships),
            "countries": joiner.join(_name(c, language) for c in citizenships),
        }
        if self.persona.job:
            variants = _as_list(self.persona.job[language])
            fields["job"] = variants[min(self.job_variant, len(variants) - 1)]
        fields |= {name: _in_language(words, language) for name, words in self.script.get("words", {}).items()}
        return fields


def named_countries(text: str) -> set[str]:
    """The countries a text names (their ISO names, in English or French)."""
    return _named(text, _country_names())


def named_provinces(text: str, provinces: dict[str, dict[str, str]]) -> set[str]:
    names = tuple((_plain(n[language]), code) for code, n in provinces.items() for language in LANGUAGES)
    return _named(text, tuple(sorted(set(names), key=lambda item: -len(item[0]))))


@cache
def _country_names() -> tuple[tuple[str, str], ...]:
    names = {(_plain(c["name"][language]), code) for code, c in countries().items() for language in LANGUAGES}
    return tuple(sorted(names, key=lambda item: -len(item[0])))


def _named(text: str, names: tuple[tuple[str, str], ...]) -> set[str]:
    """Codes whose name is a whole phrase of the text, the longest names first ("Papua New Guinea"
    is not "Guinea")."""
    plain, found = _plain(text), set()
    for name, code in names:
        pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
        if re.search(pattern, plain):
            found.add(code)
            plain = re.sub(pattern, " ", plain)
    return found


def _plain(text: str) -> str:
    return strip_accents(text).lower()


def _in_language(value: Any, language: str) -> str:
    return str(value[language]) if isinstance(value, dict) else str(value)


def _as_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


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


def _facts_in(template: str) -> list[str]:
    """The facts a template states by its placeholders."""
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    return [PLACEHOLDER_FACTS[n] for n in names if n in PLACEHOLDER_FACTS]


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
    group: str = ""
    asked_again: int = 0  # questions about a fact the person had already stated
    asked_again_of: list[str] = field(default_factory=list)  # the facts of those questions, in order


Say = Callable[[str, str], list[dict[str, Any]]]
Slots = Callable[[str], dict[str, Any]]


@dataclass
class Counts:
    """What is counted along one conversation."""

    questions: int = 0
    runs: list[int] = field(default_factory=lambda: [0])
    misunderstood: int = 0
    asked_again: list[str] = field(default_factory=list)


def converse(
    persona: Persona, language: str, style: str, seed: int, say: Say, slots: Slots, run_id: str = "", bank: str = "dev"
) -> Outcome:
    rng = random.Random(f"{seed}:{persona.id}:{language}:{style}")
    person = (Stranger if bank in PERSONAS else Person)(persona, language, style, rng, bank)
    sender = f"eval-{run_id}{seed}-{bank}-{persona.id}-{language}-{style}".replace("_", "-")
    transcript: list[str] = []
    counts, stalls, suggested = Counts(), 0, False
    last_slot: str | None = None
    asked: dict[str, int] = {}
    message: str | None = person.opening()
    for _ in range(MAX_TURNS):
        transcript.append(f"> {message}")
        replies = [r.get("text") or "" for r in say(sender, message or "")]
        transcript += [f"< {text}" for text in replies]
        readings = [read(text) for text in replies]
        counts.misunderstood += sum(r.kind == "misunderstood" for r in readings)
        if any(r.kind == "suggestion" for r in readings):
            suggested, message = True, person.after_suggestion()
            if message is None:
                return _judge(persona, language, style, slots(sender), transcript, counts)
            continue
        question = next((r for r in reversed(readings) if r.kind == "question" and r.slot), None)
        if question is None or question.slot is None:
            stalls += 1
            if stalls > 2:
                break
            message = person.nudge()
            continue
        counts.questions += 1
        counts.runs[-1] = counts.runs[-1] + 1 if question.slot == last_slot else 1
        if question.slot != last_slot:
            counts.runs.append(1)
        last_slot = question.slot
        if person.log.asked(SAME_FACT.get(question.slot, question.slot)):
            counts.asked_again.append(question.slot)
        asked[question.slot] = asked.get(question.slot, 0) + 1
        message = person.reply(question, asked[question.slot] - 1, replies)
    if suggested:  # a correction after the suggestion: the tracker holds the last suggestion made
        return _judge(persona, language, style, slots(sender), transcript, counts)
    why = "stuck: no question and no suggestion" if stalls > 2 else f"no suggestion after {MAX_TURNS} messages"
    return _outcome(persona, language, style, why, counts, transcript, None)


def _reply(person: Person, slot: str, asked_before: int, message: str) -> str:
    pending = person.pending_correction
    if pending:
        person.pending_correction = None
        person.log.contradict(person.pending_correction_slot or slot)
        return pending
    wrong = person.wrong_answer(slot) if asked_before == 0 else None
    if wrong:
        person.pending_correction = person.correction(slot)
        person.pending_correction_slot = slot
        person.log.state(slot)
        return wrong
    return person.answer(slot, asked_before, message)


def _judge(
    persona: Persona, language: str, style: str, slots: dict[str, Any], transcript: list[str], counts: Counts
) -> Outcome:
    suggested = list(slots.get("suggested_routes") or [])
    missing = [r for r in persona.must if r not in suggested]
    wrong = [r for r in persona.must_not if r in suggested]
    problems = []
    if missing:
        problems.append(f"missing {missing}")
    if wrong:
        problems.append(f"wrongly suggested {wrong}")
    problems += [
        f"{fact} is {slots.get(fact)!r}, not {persona.facts[fact]!r}"
        for fact in persona.must_facts
        if not _agrees(slots.get(fact), persona.facts[fact])
    ]
    if slots.get("language") != language:
        problems.append(f"ended in {slots.get('language')!r}")
    return _outcome(persona, language, style, "; ".join(problems) or "ok", counts, transcript, suggested)


def _agrees(held: Any, truth: Any) -> bool:
    """A fact the tracker holds agrees with the truth, or is not known (left for the consultant)."""
    if held is None:
        return True
    if isinstance(truth, list):
        return isinstance(held, list) and {str(c).upper() for c in held} == {str(c).upper() for c in truth}
    if isinstance(truth, int) and not isinstance(truth, bool):
        return str(held).strip() == str(truth)
    return bool(held == truth)


def _outcome(
    persona: Persona,
    language: str,
    style: str,
    why: str,
    counts: Counts,
    transcript: list[str],
    suggested: list[str] | None,
) -> Outcome:
    return Outcome(
        persona.id,
        language,
        style,
        why == "ok",
        why,
        counts.questions,
        max(counts.runs),
        counts.misunderstood,
        transcript,
        suggested,
        persona.group,
        len(counts.asked_again),
        counts.asked_again,
    )


# --- the run -------------------------------------------------------------------------------------


def bank_personas(bank: str) -> list[Persona]:
    return personas(PERSONAS.get(bank, "personas"))


def bank_styles(bank: str) -> tuple[str, ...]:
    return tuple(data(BANKS[bank]).get("styles", STYLES))


def plan(
    seed: int, limit: int | None = None, bank: str = "dev", persona: str | None = None
) -> list[tuple[Persona, str, str]]:
    """Every persona x language x style of the bank (or of one persona); a limit keeps a fixed, seeded
    sample of it."""
    conversations = [
        (p, language, style)
        for p in bank_personas(bank)
        if persona in (None, p.id)
        for language in LANGUAGES
        for style in bank_styles(bank)
    ]
    if limit is not None and limit < len(conversations):
        conversations = random.Random(seed).sample(conversations, limit)
    return conversations


def run(
    say: Say,
    slots: Slots,
    seed: int = 2026,
    limit: int | None = None,
    workers: int = 4,
    bank: str = "dev",
    persona: str | None = None,
) -> list[Outcome]:
    run_id = f"{time.time_ns() % 10**9}-"  # a new conversation id per run; the rest stays seeded
    conversations = plan(seed, limit, bank, persona)
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda c: converse(c[0], c[1], c[2], seed, say, slots, run_id, bank), conversations))


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
            "asked_again": sum(o.asked_again for o in mine),
            "asked_again_per_conversation": sum(o.asked_again for o in mine) / len(mine),
        }
    return figures


def summary_by_group(outcomes: list[Outcome]) -> dict[str, dict[str, dict[str, float]]]:
    """The figures per class of the strangers bank (empty for a bank without classes)."""
    groups = sorted({o.group for o in outcomes if o.group})
    return {group: summary([o for o in outcomes if o.group == group]) for group in groups}
