"""The intake's own actions run inside the Rasa server, without HTTP; the action server stays for a
firm's own custom actions.

Rasa 3.6 runs every custom action over HTTP: each call opens a new connection and sends the whole
tracker and the whole domain (143 kB of replies in two languages) as JSON, and the action server
decodes it, runs the action and encodes the answer, which Rasa checks against a JSON Schema. A
py-spy profile of the Rasa server (sequential conversations, 2026-12-04) put a third of its time in
that path (encoding the request alone: 13 %), and the action server spent 15 ms of CPU a message.

With `actions_module: <package>` in the action endpoint (endpoints.yml; `RASA_ACTIONS_MODULE`,
`actions` by default), the package's actions are registered with Rasa SDK's own ActionExecutor in
this process, and a call to one of them runs there: the same action-call dictionary Rasa would have
sent (tracker state, domain), handed over without encoding, the answer read by Rasa exactly as an
HTTP answer. Any other action name still goes to the action server's `url`. Rasa Pro's
`actions_module` endpoint does the same upstream; its design and limits are followed:

- the actions run on one thread of their own with its own event loop, as they ran on the action
  server's one loop: a lead written to the database or a summary e-mailed does not stop the Rasa
  server's loop, and the actions never run two at a time;
- the tracker state and the domain are handed over, not copied (the domain dictionary is Rasa's
  own, the same for every call): an action must not change what it is given. With
  `IMP_CHECK_ACTION_INPUTS=1` (the test servers set it, so every whole-conversation test checks every
  call) a call that changed them fails as an action that raised. The answer is passed through JSON,
  as over HTTP, so it holds only JSON values and shares nothing with the action;
- an action that raises fails the turn as an action server answering 500 did (action_server_down.py
  undoes the turn and asks the person to send the message again); a rejection
  (`ActionExecutionRejection`) is Rasa's own rejection, as the 400 answer was.

The seam `inprocess_actions` (rasa_runtime/seams.yaml) is where the endpoint read from endpoints.yml
is replaced by this one."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from rasa.core.actions.action import ActionExecutionRejection
from rasa.core.utils import AvailableEndpoints
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection as SdkRejection

from lead_handoff.settings import require_firm_details
from rasa_runtime import seams

logger = logging.getLogger(__name__)
T = TypeVar("T")
MODULE_KEY = "actions_module"

_read_endpoints: Any = AvailableEndpoints.read_endpoints  # replaced by what was there when apply() runs


class ActionCrashed(RasaException):
    """An in-process action raised: the turn fails as it did when the action server answered 500."""


class ActionThread:
    """One thread with its own event loop, where the in-process actions run one at a time."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        thread = threading.Thread(target=self.loop.run_forever, name="in-process-actions", daemon=True)
        thread.start()

    async def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self.loop))


class InProcessActionEndpoint(EndpointConfig):
    """The action endpoint of endpoints.yml, running its `actions_module`'s actions in this process."""

    def __init__(self, endpoint: EndpointConfig) -> None:
        kwargs = dict(endpoint.kwargs)
        package = kwargs.pop(MODULE_KEY)
        super().__init__(
            endpoint.url,
            endpoint.params,
            endpoint.headers,
            endpoint.basic_auth,
            endpoint.token,
            endpoint.token_name,
            endpoint.cafile,
            **kwargs,
        )
        require_firm_details()  # as the action server does at start, not in the first callback
        self.package = package
        self.executor = ActionExecutor()
        self.executor.register_package(package)
        self.thread = ActionThread()
        self.check_inputs = os.environ.get("IMP_CHECK_ACTION_INPUTS") == "1"
        logger.info("%d actions of %r run in this process", len(self.executor.actions), package)

    def runs_here(self, action_name: str | None) -> bool:
        return action_name in self.executor.actions

    async def request(
        self,
        method: str = "post",
        subpath: str | None = None,
        content_type: str | None = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any:
        call = kwargs.get("json")
        if method == "post" and subpath is None and isinstance(call, dict) and self.runs_here(call.get("next_action")):
            return await self.run(call)
        return await super().request(method, subpath, content_type, compress, **kwargs)

    async def run(self, call: dict[str, Any]) -> dict[str, Any]:
        """The action's answer, as the action server would have sent it."""
        name = call["next_action"]
        shared = shared_with_rasa(call) if self.check_inputs else None
        before = fingerprint(shared)
        try:
            answer = await self.thread.run(self.executor.run(call))
        except SdkRejection as rejection:
            raise ActionExecutionRejection(rejection.action_name, rejection.message) from rejection
        except Exception as error:
            logger.exception("the in-process action %r raised", name)
            raise ActionCrashed(f"Failed to execute custom action '{name}'") from error
        if shared is not None and fingerprint(shared) != before:
            logger.error("the in-process action %r changed the tracker or domain it was given", name)
            raise ActionCrashed(f"Custom action '{name}' changed the tracker or domain it was given")
        return json.loads(json.dumps(answer or {}))


def shared_with_rasa(call: dict[str, Any]) -> list[Any]:
    """What of the call is Rasa's own, not made for it: the domain, the slots' values, what the events
    and the latest message hold. (The dictionaries and lists around them are new for each call: an
    action may change those, as Rasa SDK's validation actions update the tracker's slots.)"""
    tracker = call.get("tracker", {})
    return [
        call.get("domain"),
        list(tracker.get("slots", {}).values()),
        list(tracker.get("events", [])),
        list(tracker.get("latest_message", {}).values()),
    ]


def fingerprint(value: Any) -> str:
    return "" if value is None else json.dumps(value, sort_keys=True, default=repr)


def with_actions_in_process(endpoints: AvailableEndpoints) -> AvailableEndpoints:
    action = endpoints.action
    if action is not None and action.kwargs.get(MODULE_KEY):
        endpoints.action = InProcessActionEndpoint(action)
    elif action is not None:
        action.kwargs.pop(MODULE_KEY, None)  # empty: every action over HTTP
    return endpoints


def _read_endpoints_in_process(cls: type[AvailableEndpoints], endpoint_file: str) -> AvailableEndpoints:
    return with_actions_in_process(_read_endpoints(endpoint_file))


def apply() -> None:
    global _read_endpoints
    _read_endpoints = seams.replace("inprocess_actions", classmethod(_read_endpoints_in_process))
