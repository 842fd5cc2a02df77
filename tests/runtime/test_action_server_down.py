"""An action call whose request was never written (the action server closed its connection first) is
sent again once; any other failure is not."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from rasa.shared.exceptions import RasaException

from rasa_runtime import action_server_down


def failure(cause: BaseException) -> RasaException:
    error = RasaException("Failed to execute custom action")
    error.__cause__ = cause
    return error


STALE = aiohttp.ClientOSError(None, "Can not write request body for http://127.0.0.1:5055/webhook")


@pytest.mark.parametrize(
    ("first_failure", "calls", "succeeds"),
    [
        (failure(STALE), 2, True),  # the action never ran: sent again
        (failure(aiohttp.ClientOSError("Cannot write to closing transport")), 2, True),  # nor here
        (failure(aiohttp.ServerDisconnectedError()), 1, False),  # it may have run: never twice
        (failure(ConnectionRefusedError()), 1, False),  # the server is down
    ],
)
def test_only_a_call_that_was_never_written_is_sent_again(
    monkeypatch: pytest.MonkeyPatch, first_failure: RasaException, calls: int, succeeds: bool
) -> None:
    made: list[int] = []

    async def remote(*_: Any, **__: Any) -> list[str]:
        made.append(1)
        if len(made) == 1:
            raise first_failure
        return ["events"]

    monkeypatch.setattr(action_server_down, "_run_remote_action", remote)
    if succeeds:
        assert asyncio.run(action_server_down._run_remote(None)) == ["events"]  # type: ignore[arg-type]
    else:
        with pytest.raises(RasaException):
            asyncio.run(action_server_down._run_remote(None))  # type: ignore[arg-type]
    assert len(made) == calls
