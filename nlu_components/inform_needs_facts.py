"""Rasa adapter: a message classified as `inform` in which the fact extractor found
no fact is treated as not understood (`nlu_fallback`), as Rasa's FallbackClassifier does for low
confidence. The intent classifier learns that `inform` covers varied sentences and gives it to
gibberish with high confidence ("purple elephants dance" -> inform 0.99); a statement of facts
without any fact is not one. Answers to the question being asked are not affected: the form reads
them as text whatever their intent."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from nlu_components.not_understood import IntentCheck, mark_not_understood

# Only inform: "can I change my age?" (correct) states no fact and is still understood.
FACT_STATING_INTENTS = ("inform",)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class InformNeedsFacts(IntentCheck):
    def check(self, message: Message, intent: str | None) -> None:
        if intent in FACT_STATING_INTENTS and not message.get(ENTITIES):
            mark_not_understood(message, self._confidence)
