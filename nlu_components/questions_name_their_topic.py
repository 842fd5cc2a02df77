"""Rasa adapter: a message classified as a question about a program (ask_iec, ask_cusma, …) that names
none of that program's words (intake_nlu/data/lexicon.yaml, `question_topics`) is treated as not
understood (`nlu_fallback`). Every such question names its program ("what is IEC?", "c'est quoi une
EIMT ?"); the intent classifier also gives these intents to text that is not a question at all — a
mistyped email answering the callback ("lucia chez exemple" -> ask_imp 0.67) would otherwise get a
description of the program instead of "that is not an email address"."""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from intake_nlu.lexicon import finder, lexicon
from nlu_components.not_understood import IntentCheck, mark_not_understood


def names_its_topic(intent: str, text: str) -> bool:
    return intent in {found.key for found in finder("question_topics").find_all(text)}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionsNameTheirTopic(IntentCheck):
    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self._questions = frozenset(lexicon()["question_topics"])

    def check(self, message: Message, intent: str | None) -> None:
        if intent is not None and intent in self._questions and not names_its_topic(intent, message.get(TEXT) or ""):
            mark_not_understood(message, self._confidence)
