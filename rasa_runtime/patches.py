"""Fixes to Rasa 3.6 applied inside the Rasa server process, each found with py-spy and measured
(README, "Speed"). Each does the same work as Rasa's code, once instead of on every call:

- every custom action's response is checked against a JSON Schema with `jsonschema.validate`, which
  first validates the schema itself against its meta-schema: two thirds of the server's time went
  there. The schema never changes: its validator is built once. An answer of an action run in this
  process (inprocess_actions.py) is not checked: Rasa SDK's executor made it from its own event
  helpers, and Rasa reads the events right after.
- every event read from the tracker store finds its class by scanning all subclasses of `Event`
  (a tenth of the time): the class found for a name is remembered.
- every slot extraction during a form rebuilds the form's unique entity mappings from the domain:
  they are remembered per form and domain."""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.actions.forms import FormAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event

from rasa_runtime import seams
from rasa_runtime.inprocess_actions import InProcessActionEndpoint

_resolve_by_type = Event.resolve_by_type
_create_unique_entity_mappings = FormAction._create_unique_entity_mappings
_event_classes: dict[str, type[Event]] = {}
_unique_mappings: dict[tuple[str, int], tuple[Domain, set[str]]] = {}


@cache
def _action_response_validator() -> Any:
    spec = RemoteAction.action_response_format_spec()
    return validator_for(spec)(spec)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if isinstance(self.action_endpoint, InProcessActionEndpoint) and self.action_endpoint.runs_here(self.name()):
        return True  # made in this process by Rasa SDK's own executor and event helpers, read by Rasa next
    try:
        _action_response_validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            f"from the Action endpoint is valid. For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def _resolve_event_class(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _event_classes.get(type_name)
    if found is None:
        found = _resolve_by_type(type_name, default)
        if found is not None and found.type_name == type_name:
            _event_classes[type_name] = found
    return found


def _unique_entity_mappings(self: FormAction, domain: Domain) -> set[str]:
    key = (self.name(), id(domain))
    known = _unique_mappings.get(key)
    if known is None or known[0] is not domain:  # a new model brings a new domain
        known = (domain, _create_unique_entity_mappings(self, domain))
        _unique_mappings[key] = known
    return known[1]


def apply() -> None:
    seams.replace("action_response_validator", _validate_action_result)
    seams.replace("event_class_lookup", staticmethod(_resolve_event_class))
    seams.replace("form_unique_entity_mappings", _unique_entity_mappings)
