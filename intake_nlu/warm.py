"""Everything the readers build on first use, built at once: a server calls warm_up() before it
answers anyone, so that no conversation pays for spaCy's French data, the GeoNames towns or the NOC
table (seconds of work) in the middle of someone else's turn.

Every module-level loader of this package that takes no argument and keeps its result
(functools.cache) is called, whatever reads it; then a few sentences go through the readers, for what
is built inside them (the misspelt names of one to three words)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import intake_nlu

SENTENCES = (
    "I'm 27, Mexcian, a registered nurse with a job offer as a cook in Montreal, Britsh Colubmia too",
    "J'ai vingt-deux ans, je suis espagnolle, vendeuse à Trois-Rivières depuis 2 ans, niveau B2",
)


def loaders() -> Iterator[Callable[[], Any]]:
    """The package's cached loaders that take no argument."""
    for module_info in pkgutil.iter_modules(intake_nlu.__path__):
        module = importlib.import_module(f"intake_nlu.{module_info.name}")
        for _, function in inspect.getmembers(module, callable):
            if (
                getattr(function, "__module__", None) == module.__name__
                and hasattr(function, "cache_info")
                and not inspect.signature(function).parameters
            ):
                yield function


def warm_up() -> None:
    from intake_nlu import facts, parsers

    for loader in loaders():
        loader()
    for sentence in SENTENCES:
        facts.extract(sentence)  # the job titles and places
        parsers.parse_citizenships(sentence)  # the misspelt names
