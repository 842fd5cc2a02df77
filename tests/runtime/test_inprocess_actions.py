"""rasa_runtime/inprocess_actions.py: an action endpoint with `actions_module` runs that package's
actions in the Rasa server, and Rasa reads their answers as it read the action server's; other
actions still go over HTTP; a crash, a rejection and an action that changes what Rasa gave it end
as they did over HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from rasa_runtime import action_server_down, inprocess_actions
from rasa_runtime.inprocess_actions import ActionCrashed, InProcessActionEndpoint, with_actions_in_process
from tools.build_domain import merged_domain

PACKAGE = "tests.runtime.sample_actions"
DOMAIN = Domain.from_dict(
    {
        "slots": {
            "language": {"type": "any", "mappings": [{"type": "custom"}]},
            "citizenships": {"type": "list", "mappings": [{"type": "custom"}]},
        },
        "actions": [f"action_sample_{name}" for name in ("answers", "raises", "rejects", "elsewhere")],
    }
)


@pytest.fixture()
def endpoint(monkeypatch: pytest.MonkeyPatch) -> InProcessActionEndpoint:
    monkeypatch.setenv("IMP_CHECK_ACTION_INPUTS", "1")
    monkeypatch.setenv("IMP_ENV", "development")
    made = with_actions_in_process(
        AvailableEndpoints(action=EndpointConfig("http://127.0.0.1:9/webhook", token="t", actions_module=PACKAGE))
    ).action
    assert isinstance(made, InProcessActionEndpoint)
    return made


def tracker() -> DialogueStateTracker:
    made = DialogueStateTracker.from_events("ana", [UserUttered("bonjour", {"name": "greet", "confidence": 1.0})])
    made.update(SlotSet("citizenships", ["IN"]))
    return made


def run(action: str, endpoint: EndpointConfig) -> list[Any]:
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    return asyncio.run(RemoteAction(action, endpoint).run(CollectingOutputChannel(), nlg, tracker(), DOMAIN))


def test_an_action_of_the_package_runs_here_and_rasa_reads_its_answer(endpoint: InProcessActionEndpoint) -> None:
    events = run("action_sample_answers", endpoint)
    assert [type(event) for event in events] == [BotUttered, SlotSet]
    assert events[0].text == "you said bonjour"
    assert events[1].value == ["fr"]  # JSON's values, as over HTTP: a list, not the action's tuple


def test_a_crash_fails_the_turn_as_an_action_server_error_did(endpoint: InProcessActionEndpoint) -> None:
    with pytest.raises(ActionCrashed) as crash:
        run("action_sample_raises", endpoint)
    assert isinstance(crash.value.__cause__, KeyError)
    assert action_server_down.unreachable(crash.value)  # the turn is undone, the person asked to send it again


def test_a_rejection_is_rasas_own(endpoint: InProcessActionEndpoint) -> None:
    with pytest.raises(ActionExecutionRejection) as rejection:
        run("action_sample_rejects", endpoint)
    assert rejection.value.action_name == "action_sample_rejects"
    assert not action_server_down.unreachable(rejection.value)


@pytest.mark.parametrize("action", ["action_sample_changes_the_domain", "action_sample_changes_a_slot_value"])
def test_an_action_that_changes_what_rasa_gave_it_fails_when_checked(
    endpoint: InProcessActionEndpoint, action: str
) -> None:
    with pytest.raises(ActionCrashed, match="changed the tracker or domain"):
        asyncio.run(endpoint.request(json=call(action)))
    endpoint.check_inputs = False  # unchecked (production), the same action goes through
    asyncio.run(endpoint.request(json=call(action)))


def test_updating_the_trackers_own_slot_dictionary_is_allowed(endpoint: InProcessActionEndpoint) -> None:
    assert asyncio.run(endpoint.request(json=call("action_sample_updates_its_own_slots"))) == {
        "events": [],
        "responses": [],
    }


def call(action: str) -> dict[str, Any]:
    return RemoteAction(action, None)._action_call_format(tracker(), DOMAIN)


def test_any_other_action_goes_over_http(endpoint: InProcessActionEndpoint, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[dict[str, Any]] = []

    async def over_http(self: EndpointConfig, method: str = "post", *args: Any, **kwargs: Any) -> dict[str, Any]:
        sent.append(kwargs["json"])
        return {"events": [], "responses": []}

    monkeypatch.setattr(EndpointConfig, "request", over_http)
    assert run("action_sample_elsewhere", endpoint) == []
    assert [body["next_action"] for body in sent] == ["action_sample_elsewhere"]
    run("action_sample_answers", endpoint)
    assert len(sent) == 1


def test_without_a_module_every_action_goes_over_http() -> None:
    for module in ("", None):
        endpoint = EndpointConfig("http://127.0.0.1:9/webhook", actions_module=module)
        made = with_actions_in_process(AvailableEndpoints(action=endpoint)).action
        assert type(made) is EndpointConfig and "actions_module" not in made.kwargs


def test_the_intake_actions_run_here_when_the_server_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMP_ENV", "development")
    for variable, value in (
        ("ACTION_ENDPOINT_URL", "http://127.0.0.1:9/webhook"),
        ("ACTION_SERVER_TOKEN", "t"),
        ("RASA_TRACKER_DB", "unused.db"),
        ("RASA_ACTIONS_MODULE", "actions"),
    ):
        monkeypatch.setenv(variable, value)
    monkeypatch.setattr(AvailableEndpoints, "read_endpoints", AvailableEndpoints.read_endpoints)  # restored after
    inprocess_actions.apply()
    endpoint = AvailableEndpoints.read_endpoints("endpoints.yml").action
    assert isinstance(endpoint, InProcessActionEndpoint) and endpoint.token == "t"
    named = {action for action in merged_domain()["actions"] if not action.startswith("utter_")}
    assert named and named <= set(endpoint.executor.actions)  # every custom action the domain names
