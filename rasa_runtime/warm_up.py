"""The Rasa server reads a few messages through its own NLU at start, before it answers anyone, so
that what the NLU builds on first use is built then and not in the middle of a conversation (every
table of the readers, intake_nlu.warm, then the messages below): the
gazetteer's misspelling reader imports spaCy's French language data (compiling its tokenizer
pattern) and parses GeoNames' table of Canadian towns, 4 to 7 s of the event loop on two busy cores.

Built in a conversation, it stopped every other conversation of that replica for those seconds, and
an action call whose connection had just been opened could not send its request: the action server
(Sanic 21.12) closes a connection that has sent nothing for KEEP_ALIVE_TIMEOUT (5 s), even before
its first request, so the call failed ("Cannot write to closing transport", "Can not write request
body") and the turn was undone as if the action server were down (action_server_down.py): the
person was asked to send the message again."""

from __future__ import annotations

import logging
import time
from typing import Any

import rasa.core.run
from sanic import Sanic

import intake_nlu.warm
from rasa_runtime import seams

logger = logging.getLogger(__name__)

# What the first messages take the NLU through, in both languages: a greeting, a whole profile (an
# age in digits and in words, a nationality, an occupation, a town), a misspelt nationality (the
# gazetteer's misspelling reader), a yes and a no.
MESSAGES = (
    "Hi",
    "Bonjour",
    "I'm 27, French, a registered nurse with a job offer as a cook in Montreal",
    "J'ai vingt-deux ans, je suis mexicaine, vendeuse à Trois-Rivières",
    "I'm Mexcian",
    "je suis espagnolle",
    "yes",
    "non",
)

_configure_app: Any = rasa.core.run.configure_app  # replaced by the one installed when apply() runs


async def parse_all(agent: Any) -> None:
    """Reads MESSAGES through the agent's NLU (nothing is stored: no conversation is involved)."""
    for text in MESSAGES:
        await agent.parse_message(text)


async def warm_up(app: Sanic, _loop: Any) -> None:
    """After the model is loaded (Rasa loads it before the server starts) and before the server
    answers: the loop is this listener's until it returns."""
    agent = getattr(app.ctx, "agent", None)
    if agent is None or not agent.is_ready():
        return
    started = time.monotonic()
    try:
        intake_nlu.warm.warm_up()  # every table, whichever message would have reached it first
        await parse_all(agent)
    except Exception as error:  # the server still starts; its first messages build the rest
        logger.warning("NLU warm-up failed (%s): the first messages will be slower", type(error).__name__)
        return
    logger.info("NLU warmed up in %.1f s", time.monotonic() - started)


def _configure_warmed_app(*args: Any, **kwargs: Any) -> Sanic:
    app = _configure_app(*args, **kwargs)
    app.register_listener(warm_up, "after_server_start")
    return app


def apply() -> None:
    """Wraps the configure_app in place when called (guards.py replaces it too)."""
    global _configure_app
    _configure_app = seams.replace("nlu_warm_up", _configure_warmed_app)
