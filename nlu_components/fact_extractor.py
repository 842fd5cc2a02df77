"""Rasa adapter: the facts of intake_nlu.facts as entities named after the slots they fill.

Runs the project's spaCy gazetteer pipeline (loaded by SpacyNLP from models/spacy/) on the raw
text, then intake_nlu.facts over it. Values are already normalized (ISO codes, province codes,
integers, "true"/"false"), so the domain maps them with plain `from_entity` mappings.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from intake_nlu import facts, noc


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP")
class FactExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config
        noc.noc_table()  # built at start, not on the first person's message

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FactExtractor:
        return cls(config)

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            # SpacyNLP's own doc is lower-cased; case-sensitive names ("US", "Chad") need the raw text.
            found = facts.extract(text, model.model(text)) if text.strip() else []
            entities = self.add_extractor_name([_entity(fact) for fact in found])
            message.set(ENTITIES, message.get(ENTITIES, []) + entities, add_to_output=True)
        return messages


def _entity(fact: facts.Fact) -> dict[str, Any]:
    # Rasa's training data allows only text or numbers as entity values: a yes/no fact travels as
    # "true" / "false", which the slot's validation reads back as a boolean.
    value = ("true" if fact.value else "false") if isinstance(fact.value, bool) else fact.value
    return {"entity": fact.slot, "value": value, "start": fact.start, "end": fact.end, "confidence": 1.0}
