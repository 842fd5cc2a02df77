"""Rasa adapter: a message classified as a question about a program (ask_iec, ask_cusma, …) that names
none of that program's words (intake_nlu/data/lexicon.yaml, `question_topics`) is treated as not
understood (`nlu_fallback`). Every such question names its program ("what is IEC?", "c'est quoi une
EIMT ?"); the intent classifier also gives these intents to text that is not a question at all — a
mistyped email answering the callback ("lucia chez exemple" -> ask_imp 0.67) would otherwise get a
description of the program instead of "that is not an email address"."""
from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from intake_nlu.lexicon import finder, lexicon
from nlu_components.not_understood import mark_not_understood


def names_its_topic(intent: str, text: str) -> bool:
    return intent in {found.key for found in finder("question_topics").find_all(text)}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionsNameTheirTopic(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"confidence": 0.3}

    def __init__(self, config: dict[str, Any]) -> None:
        self._confidence = config["confidence"]
        self._questions = frozenset(lexicon()["question_topics"])

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> QuestionsNameTheirTopic:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if intent in self._questions and not names_its_topic(intent, message.get(TEXT) or ""):
                mark_not_understood(message, self._confidence)
        return messages
