"""The project's intent checks: each reads the classifier's intent beside the message's words and
facts, and overrides an intent they contradict — with `nlu_fallback` (not understood, as Rasa's
FallbackClassifier does for low confidence) or with the intent the facts show."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message


def set_intent(message: Message, name: str, confidence: float) -> None:
    """The intent becomes name, ahead of the classifier's own ranking."""
    intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
    message.set(INTENT, intent, add_to_output=True)
    ranking = message.get(INTENT_RANKING_KEY) or []
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)


def mark_not_understood(message: Message, confidence: float) -> None:
    set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, confidence)


class IntentCheck(GraphComponent):
    """One check over every message; subclasses say what they override in `check`."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"confidence": 0.3}

    def __init__(self, config: dict[str, Any]) -> None:
        self._confidence = config["confidence"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentCheck:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self.check(message, (message.get(INTENT) or {}).get(INTENT_NAME_KEY))
        return messages

    def check(self, message: Message, intent: str | None) -> None:
        raise NotImplementedError
