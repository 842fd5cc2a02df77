"""Rasa adapter: a message that states facts is never "not understood", and a language named as a
level is not a request to switch.

- A message with facts (the fact extractor's entities) whose intent is not understood, out of scope,
  a greeting or "what can you do" becomes `inform`: "Hallo! I'm nineteen, from Germany" starts the
  questions with what it said, instead of "sorry, I didn't get that".
- `switch_language` needs a request for a language (intake_nlu.parsers.parse_language_request):
  "je ne parle pas français" states a French level (an `inform` with its fact), it does not ask for
  French; without a request or a fact it is not understood.
- A short statement about oneself that reads as an answer ("je suis francophone"), or a message
  that opens with a yes or a no and asks nothing ("no, I don't have a spouse in Canada"), is no
  question about a program, whatever topic word it holds.
- A message that states facts and asks nothing ("I hold a Quebec selection certificate") is no
  question about a program either; "I have a CSQ, what is IMP+?" still is.
- A lone yes or no ("yup", "nah") that the classifier took for "I don't know", or for something
  an answer outweighs, is a yes or a no.
- A greeting, thanks or goodbye naming its own words ("see ya", "ok, goodbye then") stays one, though
  "ya" and "ok" read as answers.
- A message that is only an email address ("erase.me@example.org", "help@…") is `inform`, whatever
  words its parts spell: the callback form reads it as the address asked for.
- A short message that reads as an answer to one of the intake's questions ("Saskatoon",
  "bilingue", "moi") is `inform` whatever the classifier made of it (greet, goodbye, not
  understood…): the domain reads an `inform` as the answer to the question being asked, and the
  question decides what it means (intake_nlu.parsers.reads_as_an_answer).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from intake_nlu import parsers
from intake_nlu.lexicon import finder, intents
from nlu_components.not_understood import IntentCheck, mark_not_understood, set_intent
from nlu_components.questions_name_their_topic import names_its_topic

# Which intents a classifier gives by mistake (intake_nlu/data/intents.yaml): to a message stating
# facts, and to a short answer; a real one of these reads as no answer.
FACTS_OUTWEIGH = (
    DEFAULT_NLU_FALLBACK_INTENT_NAME,
    *(name for name, spec in intents().items() if spec.get("misread_when_facts_stated")),
)
# Questions a statement may be taken for ("I hold a Quebec selection certificate" is no ask_csq);
# not the requests ("send me a summary please"), which state nothing about the person.
QUESTIONS = frozenset(name for name, spec in intents().items() if name.startswith("ask_") and not spec.get("request"))
# Greetings, thanks, goodbyes: one that names its own words ("see ya") is what it says.
SOCIAL = frozenset(name for name, spec in intents().items() if spec["role"] == "social" and spec.get("topics"))
ANSWERS_OUTWEIGH = (
    *FACTS_OUTWEIGH,
    *(name for name, spec in intents().items() if spec.get("misread_for_short_answers")),
)


def _answers_yes_or_no(text: str) -> bool:
    """ "No, I don't have a spouse working in Canada", "yes, my husband is on a study permit": an
    answer that opens with a yes or a no, goes on, and asks nothing is no question about a program
    ("yup", "see ya", "ok, goodbye then" are left to what they are; "ok so what are my next steps"
    asks, with no question mark)."""
    goes_on = len(text.split()) >= ANSWER_THAT_GOES_ON
    return goes_on and not _asks(text) and parsers.parse_opening_yes_no(text) is not None


def _asks(text: str) -> bool:
    return "?" in text or finder("cues", "question").contains(text)


ANSWER_THAT_GOES_ON = 4  # words


def only_an_email_address(text: str) -> bool:
    """The message is an email address and nothing else (whatever words its parts spell)."""
    address = parsers.parse_email(text)
    return address is not None and text.strip(" .,;!").lower() == address.lower()


def states_facts(message: Message) -> bool:
    return any(entity.get("entity") != "language" for entity in message.get(ENTITIES) or [])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class FactsDecideTheIntent(IntentCheck):
    def check(self, message: Message, intent: str | None) -> None:
        text = message.get(TEXT) or ""
        if intent == "switch_language" and parsers.parse_language_request(text):
            return
        if intent in SOCIAL and names_its_topic(intent, text):
            return  # "see ya", "ok, goodbye then" say goodbye in words of a goodbye, whatever else they hold
        if intent in (*ANSWERS_OUTWEIGH, "dont_know") and (said := parsers.lone_yes_or_no(text)) is not None:
            set_intent(message, "affirm" if said else "deny", 1.0)  # "yup" (not understood, 0.45) is a yes
            return
        if (
            only_an_email_address(text)  # "erase.me@example.org" gives an address, it asks for no erasure
            or (intent in FACTS_OUTWEIGH and states_facts(message))
            or (intent in ANSWERS_OUTWEIGH and parsers.reads_as_an_answer(text))
            or (intent in QUESTIONS and parsers.says_of_oneself(text))
            or (intent in QUESTIONS and _answers_yes_or_no(text))
            or (intent in QUESTIONS and states_facts(message) and not _asks(text))
        ):
            set_intent(message, "inform", 1.0)
        elif intent == "switch_language":
            mark_not_understood(message, self._confidence)
        elif intent == DEFAULT_NLU_FALLBACK_INTENT_NAME and not _asks(text):
            said = parsers.parse_opening_yes_no(text)  # "yes please, I'd like a call back" (affirm 0.38)
            if said is not None:
                set_intent(message, "affirm" if said else "deny", 1.0)
