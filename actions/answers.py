"""validate_<slot> for every profile slot. A value arrives either from the fact extractor (already
normalized: an int, an ISO code, a bool) or, for the question being asked, as the person's raw
text, which the intake_nlu parsers read. An answer that cannot be read is asked again with a short,
specific message; nothing else is lost. "I don't know" is accepted: the question is skipped and a
consultant settles it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.slots import (
    JOB_TITLE,
    MAX_ASKS,
    MISUNDERSTANDINGS,
    OPEN_PERMIT_CUES,
    OPEN_PERMITS_CHECK,
    PLACE_CANDIDATE,
    SKIPPED,
    STREAK,
    TEER_CANDIDATE,
    TEER_CHECK,
    language_of,
    latest_intent,
    latest_text,
    phrases,
    profile_fields,
    shown,
    voice,
)
from imp_engine.profile import teer_of_noc
from imp_engine.rulebook import default_rulebook
from intake_nlu import gazetteer, noc, parsers
from intake_nlu.corrections import corrections
from intake_nlu.lexicon import finder, lexicon, places

Result = dict[str, Any]


# Which answer to the one question for the open permits names each cue (lexicon `open_permits_check`).
CUE_OF = {
    "canadian_credential": "studied",
    "partner_in_canada": "partner",
    "pr_application": "applied",
    "pstq_invited": "applied",
    "service_contract": "contract",
}


class ProfileAnswers:
    """Mixin for ValidationAction / FormValidationAction."""

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Corrections first: a message that corrects a known fact ("ah pardon, j'ai 36 ans, pas 34",
        "the office is in Ottawa, not Gatineau", "c'est pour moi") replaces that fact, is said back in
        one line, and is no answer to the question asked, which stays pending."""
        corrected = corrections_in(tracker) if self.reads_corrections(tracker) else {}
        pending = set_aside_pending_answer(tracker) if corrected else None
        for slot, value in corrected.items():
            tracker.events.append({"event": "slot", "name": slot, "value": value, "timestamp": None})
            tracker.slots[slot] = value
        events: list[dict[str, Any]] = await super().get_validation_events(dispatcher, tracker, domain)  # type: ignore[misc]
        if corrected:
            say_corrected(dispatcher, tracker, corrected)
        if pending and not any(e.get("name") == pending for e in events):
            events.append({"event": "slot", "name": pending, "value": None, "timestamp": None})
        if corrected:
            # The question still pending is asked again as first asked: a correction is no failed answer.
            events.append({"event": "slot", "name": STREAK, "value": None, "timestamp": None})
        return events

    def reads_corrections(self, tracker: Tracker) -> bool:
        """Whether this validation reads corrections (the form's, while it runs; else the turn's)."""
        return True

    # --- shared outcomes -------------------------------------------------------------------

    def _accept(self, slot: str, value: Any, **extra: Any) -> Result:
        return {slot: value, MISUNDERSTANDINGS: 0, **extra}

    def _refuse(
        self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher, response: str, **values: Any
    ) -> Result:
        if gave_other_facts(tracker, slot):
            # "I'm a software engineer" while the TEER was asked: the facts were taken; no scolding.
            return {slot: None}
        if latest_intent(tracker) == "out_of_scope":
            # Not an answer at all ("can you book me a flight?"): say what the assistant is for.
            response, values = "utter_out_of_scope", {}
        count = int(tracker.get_slot(MISUNDERSTANDINGS) or 0) + 1
        if not last_attempt(tracker, slot):
            # After the last attempt the form says the question is left for the consultant instead.
            dispatcher.utter_message(response=response, **values)
        return {slot: None, MISUNDERSTANDINGS: count}

    def _skip(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> Result:
        dispatcher.utter_message(response="utter_noted_unknown")
        skipped = list(tracker.get_slot(SKIPPED) or [])
        return {slot: None, SKIPPED: [*skipped, slot] if slot not in skipped else skipped, MISUNDERSTANDINGS: 0}

    def _parsed(
        self,
        slot: str,
        value: Any,
        tracker: Tracker,
        dispatcher: CollectingDispatcher,
        parse: Callable[[str], Any],
        response: str,
    ) -> Result:
        """Raw text through parse: accepted, skipped (don't know) or asked again."""
        parsed = parse(str(value))
        if parsed == parsers.DONT_KNOW:
            return self._skip(slot, tracker, dispatcher)
        if parsed is None:
            return self._refuse(slot, tracker, dispatcher, response, value=shown(value))
        return self._accept(slot, parsed)

    # --- one method per slot ---------------------------------------------------------------

    def validate_audience(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        audience = value if value in ("worker", "employer") else parsers.parse_audience(str(value))
        before = previous_value(tracker, "audience")
        if before and audience != before and parsers.states_audience(latest_text(tracker)) != audience:
            # Understood once, kept until the person says otherwise ("27 years old", answered of a
            # candidate, reads like a person introducing themselves); the voice stays with it.
            return {"audience": before, "voice": voice(language_of(tracker), before)}
        if audience is None and parsers.says_dont_know(str(value)):
            return self._skip("audience", tracker, dispatcher)
        if audience is None:
            return self._refuse("audience", tracker, dispatcher, "utter_invalid_audience")
        return self._accept("audience", audience, voice=voice(language_of(tracker), audience))

    def validate_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        if tracker.get_slot("requested_slot") in LENGTH_SLOTS and previous_value(tracker, "age") is not None:
            return {"age": previous_value(tracker, "age")}  # "4 ans, donc 48 mois" is a length, not an age
        age = value if isinstance(value, int) and not isinstance(value, bool) else parsers.parse_age(str(value))
        if age == parsers.DONT_KNOW:
            return self._skip("age", tracker, dispatcher)
        bounds = parsers.limits()["age"]
        if not isinstance(age, int) or not bounds["min"] <= age <= bounds["max"]:
            return self._refuse(
                "age",
                tracker,
                dispatcher,
                "utter_invalid_age",
                value=shown(value),
                min=bounds["min"],
                max=bounds["max"],
            )
        return self._accept("age", age)

    def validate_citizenships(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        values = value if isinstance(value, list) else [value]
        if tracker.get_slot("requested_slot") == "french_level" and finder("languages").contains(latest_text(tracker)):
            # The question decides: "pas un mot de français" answers the French question; "français"
            # there is a language, never a passport.
            return {"citizenships": previous_value(tracker, "citizenships")}
        codes = [v for v in values if isinstance(v, str) and len(v) == 2 and v.isupper()]
        if len(codes) < len(values):
            codes = [c for v in values for c in parsers.parse_citizenships(str(v))]
        if not codes:
            if parsers.says_dont_know(latest_text(tracker)):
                return self._skip("citizenships", tracker, dispatcher)
            return self._refuse(
                "citizenships",
                tracker,
                dispatcher,
                "utter_invalid_citizenships",
                value=shown(" ".join(map(str, values))),
            )
        tell_misreadings(tracker, dispatcher, codes)
        return self._accept("citizenships", _merged(previous_value(tracker, "citizenships"), codes, tracker))

    def validate_current_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        if value in ("quebec", "canada_other", "abroad"):
            return self._accept("current_location", value)
        if parsers.says_canada_only(str(value)):
            dispatcher.utter_message(response="utter_ask_which_province")
            return {"current_location": None}
        return self._parsed(
            "current_location",
            value,
            tracker,
            dispatcher,
            parsers.parse_current_location,
            "utter_invalid_current_location",
        )

    def validate_job_offer_province(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        text = str(value)
        candidate = tracker.get_slot(PLACE_CANDIDATE)
        namesake = parsers.namesake_in(text) if not parsers.parse_province(text) else None
        offered_again = namesake is not None and namesake.provinces == (candidate,)
        if candidate and (offered_again or (parsers.parse_yes_no(text) is True and not parsers.parse_province(text))):
            # "yes, that Nelson", or the town offered named again ("Nelson, the one in the Kootenays")
            return self._accept("job_offer_province", candidate, **{PLACE_CANDIDATE: None})
        if namesake and not gave_other_facts(tracker, "job_offer_province"):
            return self._ask_which_town(namesake, tracker, dispatcher)
        result = self._parsed(
            "job_offer_province", value, tracker, dispatcher, _province_or_dont_know, "utter_invalid_job_offer_province"
        )
        if result.get("job_offer_province"):
            tell_misreadings(tracker, dispatcher, [result["job_offer_province"]])
        return {**result, PLACE_CANDIDATE: None}

    def _ask_which_town(
        self, namesake: gazetteer.Namesake, tracker: Tracker, dispatcher: CollectingDispatcher
    ) -> Result:
        """ "Stratford": in two provinces, the person says which; "Nelson": the Canadian one is offered,
        a yes takes it (a city abroad has the name, and the question asks where in Canada)."""
        language = language_of(tracker)
        names = [place_name(gazetteer.PROVINCE, code, language) for code in namesake.provinces]
        if len(names) == 1:
            dispatcher.utter_message(response="utter_town_in_one_province", town=namesake.name, province=names[0])
            return {"job_offer_province": None, PLACE_CANDIDATE: namesake.provinces[0]}
        listed = (" ou " if language == "fr" else " or ").join([", ".join(names[:-1]), names[-1]])
        dispatcher.utter_message(response="utter_town_in_several_provinces", town=namesake.name, provinces=listed)
        return {"job_offer_province": None, PLACE_CANDIDATE: None}

    def validate_job_offer_teer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 5:
            return self._accept("job_offer_teer", value)
        code = parsers.parse_noc(str(value))
        if code not in (None, parsers.DONT_KNOW):
            # "63200" answers the TEER question too: a NOC 2021 code's second digit is its TEER.
            return self._accept("job_offer_teer", teer_of_noc(code), job_offer_noc=code)
        if parsers.parse_teer(str(value)) is None:
            described = parsers.parse_teer_description(str(value))
            if described is not None:
                # "You need a degree for it": usually TEER 1, which the person is asked to confirm.
                return {
                    "job_offer_teer": None,
                    MISUNDERSTANDINGS: 0,
                    TEER_CANDIDATE: {"teer": described, "noc": None, "source": "description"},
                }
        return self._parsed(
            "job_offer_teer", value, tracker, dispatcher, parsers.parse_teer, "utter_invalid_job_offer_teer"
        )

    def validate_job_offer_title(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        """The job's title, looked up in the NOC 2021 table; what is found is confirmed next."""
        text = " ".join(str(value).split())
        limit = parsers.limits()["occupation"]["max_length"]
        if parsers.says_dont_know(text) and not noc.find_job(text):
            return self._skip(JOB_TITLE, tracker, dispatcher)
        code = parsers.parse_noc(text)
        if code not in (None, parsers.DONT_KNOW):
            return self._accept(JOB_TITLE, text, job_offer_noc=code, job_offer_teer=teer_of_noc(code))
        teer = parsers.parse_teer(text) if finder("cues", "teer").contains(text) else None
        if isinstance(teer, int):
            return self._accept(JOB_TITLE, text, job_offer_teer=teer)
        found = noc.find_job(text)
        if found:
            candidate = {"teer": found.group.teer, "noc": found.group.code, "source": "title"}
            return self._accept(JOB_TITLE, text[:limit], **{TEER_CANDIDATE: candidate})
        described = parsers.parse_teer_description(text)
        if described is not None:
            return self._accept(
                JOB_TITLE, text, **{TEER_CANDIDATE: {"teer": described, "noc": None, "source": "description"}}
            )
        just_yes_or_no = len(text.split()) <= 2 and parsers.parse_yes_no(text) in (True, False)
        if just_yes_or_no or not any(ch.isalpha() for ch in text):
            return self._refuse(JOB_TITLE, tracker, dispatcher, "utter_invalid_job_offer_title")
        # A title the table does not hold: kept for the consultant; the TEER question comes next.
        return self._accept(JOB_TITLE, text[:limit])

    def validate_teer_check(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        """Yes: the TEER (and NOC code) found are kept. No: the TEER question follows, once, for a
        title; for a description the consultant settles it."""
        candidate = tracker.get_slot(TEER_CANDIDATE)
        if tracker.get_slot("requested_slot") != TEER_CHECK or not candidate:
            return {TEER_CHECK: None}
        answer = parsers.parse_yes_no(str(value))
        if answer is True:
            return self._accept(
                TEER_CHECK,
                None,
                job_offer_teer=candidate["teer"],
                job_offer_noc=candidate["noc"],
                **{TEER_CANDIDATE: None},
            )
        teer = parsers.parse_teer(str(value))
        if isinstance(teer, int) and finder("cues", "teer").contains(str(value)):
            return self._accept(TEER_CHECK, None, job_offer_teer=teer, **{TEER_CANDIDATE: None})
        if answer is False or answer == parsers.DONT_KNOW:
            if candidate["source"] == "description":
                result = self._skip("job_offer_teer", tracker, dispatcher)
                return {**result, TEER_CHECK: None, TEER_CANDIDATE: None}
            return self._accept(TEER_CHECK, None, **{TEER_CANDIDATE: None})
        return self._refuse(TEER_CHECK, tracker, dispatcher, "utter_invalid_yes_no")

    def validate_job_offer_noc(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        return self._noc_with_its_teer("job_offer_noc", "job_offer_teer", value, tracker, dispatcher)

    def _noc_with_its_teer(
        self, noc_slot: str, teer_slot: str, value: Any, tracker: Tracker, dispatcher: CollectingDispatcher
    ) -> Result:
        """A NOC 2021 code, and the TEER its second digit gives."""
        result = self._parsed(noc_slot, value, tracker, dispatcher, parsers.parse_noc, "utter_invalid_job_offer_noc")
        if result.get(noc_slot):
            result[teer_slot] = teer_of_noc(result[noc_slot])
        return result

    def validate_education(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        if value in default_rulebook().profile.education_levels:
            result = self._accept("education", value)
        else:
            result = self._parsed(
                "education", value, tracker, dispatcher, parsers.parse_education, "utter_invalid_education"
            )
        level = result.get("education")
        if level is not None:
            # education is has_degree's finer answer: a bachelor's or higher is a degree.
            result["has_degree"] = level == "bachelor_or_higher"
        return result

    def validate_french_level(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        return self._parsed(
            "french_level", value, tracker, dispatcher, parsers.parse_french_level, "utter_invalid_french_level"
        )

    def validate_open_permits_check(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        """ "None of these" settles every cue; "I studied in Canada" leaves the program to be asked,
        "my wife works there" what the partner does, "I applied for permanent residence" the
        application (the facts of the message count first)."""
        if tracker.get_slot("requested_slot") != OPEN_PERMITS_CHECK:
            return {OPEN_PERMITS_CHECK: None}
        said = parsers.parse_open_permits_check(str(value))
        if said == parsers.DONT_KNOW:
            result = self._skip(OPEN_PERMITS_CHECK, tracker, dispatcher)
            return {**result, OPEN_PERMITS_CHECK: "asked"}
        if said is None:
            return self._refuse(OPEN_PERMITS_CHECK, tracker, dispatcher, "utter_invalid_choice")
        # each cue not said is settled as absent; those said are asked next
        settled = {
            fact: absent
            for fact, absent in OPEN_PERMIT_CUES.items()
            if CUE_OF[fact] not in said and tracker.get_slot(fact) is None
        }
        return self._accept(OPEN_PERMITS_CHECK, "asked", **settled)

    def validate_partner_job_teer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        """The partner's job: a TEER, a NOC code or a title looked up in the NOC table."""
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 5:
            return self._accept("partner_job_teer", value)
        found = parsers.parse_teer_of_a_job(str(value))
        if found == parsers.DONT_KNOW:
            return self._skip("partner_job_teer", tracker, dispatcher)
        if not isinstance(found, tuple):
            return self._refuse("partner_job_teer", tracker, dispatcher, "utter_invalid_job_offer_teer")
        teer, code = found
        return self._accept("partner_job_teer", teer, **({"partner_job_noc": code} if code else {}))

    def validate_partner_job_noc(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        return self._noc_with_its_teer("partner_job_noc", "partner_job_teer", value, tracker, dispatcher)

    def validate_occupation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        text = " ".join(str(value).split())
        if parsers.says_dont_know(text):
            return self._skip("occupation", tracker, dispatcher)
        limit = parsers.limits()["occupation"]["max_length"]
        just_yes_or_no = len(text.split()) <= 2 and parsers.parse_yes_no(text) in (True, False)
        if just_yes_or_no or not any(ch.isalpha() for ch in text) or len(text) > limit:
            return self._refuse("occupation", tracker, dispatcher, "utter_invalid_occupation")
        return self._accept("occupation", text)


def _yes_no_validator(slot: str) -> Callable[..., Result]:
    def validate(
        self: ProfileAnswers, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        if isinstance(value, bool):
            return self._accept(slot, value)
        if gave_other_facts(tracker, slot):
            # "Ah pardon, j'ai 36 ans": its "j'ai" is no yes. Only a yes or a no said first answers.
            answer = parsers.parse_opening_yes_no(str(value))
            return self._accept(slot, answer) if answer is not None else {slot: None}
        return self._parsed(slot, value, tracker, dispatcher, parsers.parse_yes_no, "utter_invalid_yes_no")

    validate.__name__ = f"validate_{slot}"
    return validate


# Every boolean field of the engine's profile (imp_engine/data/profile.yaml) is a yes/no question.
YES_NO_SLOTS = default_rulebook().profile.boolean_fields()
for _slot in YES_NO_SLOTS:
    setattr(ProfileAnswers, f"validate_{_slot}", _yes_no_validator(_slot))


def _choice_validator(slot: str) -> Callable[..., Result]:
    """A field of a few values, read from lexicon.yaml `field_values` (the open permits' questions)."""
    values = default_rulebook().profile.fields[slot]["enum"]

    def validate(
        self: ProfileAnswers, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        if value in values:
            return self._accept(slot, value)
        parse: Callable[[str], Any] = lambda text: parsers.parse_field_value(slot, text)  # noqa: E731
        return self._parsed(slot, value, tracker, dispatcher, parse, "utter_invalid_choice")

    validate.__name__ = f"validate_{slot}"
    return validate


def _length_validator(slot: str, unit: str) -> Callable[..., Result]:
    """A count of months ("2 years", "18 mois") or of days since ("3 months ago", "pas encore")."""
    parse = parsers.parse_length_in_months if unit == "months" else parsers.parse_days_since
    response = "utter_invalid_duration" if unit == "months" else "utter_invalid_days_ago"

    def validate(
        self: ProfileAnswers, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Result:
        if isinstance(value, int) and not isinstance(value, bool):
            return self._accept(slot, value)
        return self._parsed(slot, value, tracker, dispatcher, parse, response)

    validate.__name__ = f"validate_{slot}"
    return validate


# The fields of lexicon.yaml `field_values` are answered from it; a field with a `unit` is a length.
CHOICE_SLOTS = tuple(lexicon()["field_values"])
LENGTH_SLOTS = {name: spec["unit"] for name, spec in default_rulebook().profile.fields.items() if "unit" in spec}
for _slot in CHOICE_SLOTS:
    setattr(ProfileAnswers, f"validate_{_slot}", _choice_validator(_slot))
for _slot, _unit in LENGTH_SLOTS.items():
    setattr(ProfileAnswers, f"validate_{_slot}", _length_validator(_slot, _unit))


def tell_misreadings(tracker: Tracker, dispatcher: CollectingDispatcher, taken: list[str]) -> None:
    """A misspelt name read as the nearest one, and taken (its code among taken), is said back once,
    so the person can correct it; a word never taken for a name ("Where do I begin?") is not."""
    language = language_of(tracker)
    replies = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "bot"]
    misread = parsers.misspelt_names(latest_text(tracker))
    for typed, label, code in (name for name in misread if name[2] in taken):
        read = place_name(label, code, language)
        if not any(shown(typed) in reply and read in reply for reply in replies):
            replies.append(f"{shown(typed)} {read}")
            dispatcher.utter_message(response="utter_read_as", typed=shown(typed), read=read)


def place_name(label: str, code: str, language: str) -> str:
    if label in ("PROVINCE", "CITY"):
        return places()["provinces"][code][language][0]
    return default_rulebook().countries[code].name[language]


def last_attempt(tracker: Tracker, slot: str) -> bool:
    """Whether slot's question has been asked MAX_ASKS times in a row: this answer was its last chance."""
    streak = tracker.get_slot(STREAK) or {}
    return streak.get("slot") == slot and streak.get("times", 0) >= MAX_ASKS


def gave_other_facts(tracker: Tracker, slot: str) -> bool:
    """Whether the latest message stated new facts for other slots (the fact extractor's entities):
    "I'm 250" says again that the person is the worker, which is no other answer."""
    entities = (tracker.latest_message or {}).get("entities") or []
    before = slots_before_latest_message(tracker)
    return any(
        entity.get("entity") not in (slot, "language")
        and not _known(before.get(entity.get("entity")), entity.get("value"))
        for entity in entities
    )


def _known(before: Any, value: Any) -> bool:
    return value in before if isinstance(before, list) else before == value


def _province_or_dont_know(text: str) -> str | None:
    return parsers.parse_province(text) or (parsers.DONT_KNOW if parsers.says_dont_know(text) else None)


def previous_value(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (the tracker already holds the new one)."""
    return slots_before_latest_message(tracker).get(slot)


def slots_before_latest_message(tracker: Tracker) -> dict[str, Any]:
    """Every slot's value before the latest user message, read in one pass (none before a restart)."""
    values: dict[str, Any] = {}
    seen_latest_user = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "user" and not seen_latest_user:
            seen_latest_user = True
        elif kind == "restart":
            break
        elif seen_latest_user and kind == "slot":
            values.setdefault(event.get("name"), event.get("value"))
    return values


def _merged(previous: list[str] | None, new: list[str], tracker: Tracker) -> list[str]:
    """'I also have a Spanish passport' adds; 'sorry, I meant Spain' replaces."""
    if previous and finder("cues", "also").contains(latest_text(tracker)):
        return [*previous, *(code for code in new if code not in previous)]
    return list(dict.fromkeys(new))


# --- corrections -------------------------------------------------------------------------------


def known_facts(tracker: Tracker) -> dict[str, Any]:
    """The profile as it stood before the latest message."""
    before = slots_before_latest_message(tracker)
    return {slot: before.get(slot) for slot in profile_fields()}


def stated_facts(tracker: Tracker) -> dict[str, Any]:
    """The facts the fact extractor read in the latest message (citizenships as a list; a yes/no
    fact's "true"/"false", as an entity carries it, as a boolean)."""
    stated: dict[str, Any] = {}
    for entity in (tracker.latest_message or {}).get("entities") or []:
        slot, value = entity.get("entity"), entity.get("value")
        value = {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value
        if slot == "citizenships":
            stated.setdefault(slot, []).append(value)
        elif slot and slot not in stated:
            stated[slot] = value
    return stated


def corrections_in(tracker: Tracker) -> dict[str, Any]:
    text = latest_text(tracker)
    if not text or latest_intent(tracker) in ("start_over", "delete_my_data") or corrected_this_turn(tracker):
        return {}
    return corrections(text, known_facts(tracker), stated_facts(tracker))


def corrected_this_turn(tracker: Tracker) -> bool:
    """Whether a correction in the latest message was taken and said back already (each validation
    of the turn reads the same message: the slot mappings', then the form's)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == "utter_corrected":
            return True
    return False


def set_aside_pending_answer(tracker: Tracker) -> str | None:
    """The question asked is not answered by a correction: its candidate read from the message's
    text is dropped (the question stays pending). Returns that question's slot, if it had one."""
    pending = tracker.get_slot("requested_slot")
    if not pending or pending in stated_facts(tracker):
        return None  # none asked, or the message states it too ("I'm 36, and yes, I have an offer")
    tail = len(tracker.events)
    while tail and tracker.events[tail - 1].get("event") == "slot":
        tail -= 1
    kept = [e for e in tracker.events[tail:] if e.get("name") != pending]
    tracker.events[tail:] = kept
    tracker.slots[pending] = None
    return pending


def say_corrected(dispatcher: CollectingDispatcher, tracker: Tracker, corrected: dict[str, Any]) -> None:
    language = language_of(tracker)
    profile = default_rulebook().profile
    separator = phrases()["list_separator"][language]
    colon = " : " if language == "fr" else ": "
    changes = separator.join(
        f"{profile.label(slot, language)}{colon}{shown_value(slot, value, language)}"
        for slot, value in corrected.items()
    )
    dispatcher.utter_message(response="utter_corrected", changes=changes)


def shown_value(slot: str, value: Any, language: str) -> str:
    words = phrases()["corrected_values"]
    if isinstance(value, bool) or value in ("true", "false"):  # an entity's value may come as text
        return str(words["booleans"][str(value).lower()][language])
    if slot in words and value in words[slot]:
        return str(words[slot][value][language])
    if slot == "citizenships":
        return phrases()["list_separator"][language].join(place_name("COUNTRY", c, language) for c in value)
    if slot == "job_offer_province":
        return place_name("PROVINCE", value, language)
    return str(value)
