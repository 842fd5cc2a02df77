"""The one guarded place where this project replaces Rasa and Rasa SDK internals (seams.yaml lists
them, with why and what upstream change would let each go). `replace()` installs a replacement
only after checking that the installed Rasa and Rasa SDK are the versions the seams were written for,
that the target exists and that its parameters are still the ones recorded; otherwise it raises
SeamError naming the seam, which stops the server at start instead of failing in a conversation."""

from __future__ import annotations

import importlib
import inspect
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

SEAMS_FILE = Path(__file__).with_name("seams.yaml")


class SeamError(RuntimeError):
    """A replaced internal is not what its replacement was written for."""


@cache
def registry() -> dict[str, Any]:
    return yaml.safe_load(SEAMS_FILE.read_text(encoding="utf-8"))


def check_versions(seam_id: str) -> None:
    for package, expected in registry()["written_for"].items():
        installed = version(package)
        if installed != str(expected):
            raise SeamError(
                f"seam {seam_id!r} ({registry()['seams'][seam_id]['in']}) was written for {package} "
                f"{expected}; {installed} is installed: check the seam (rasa_runtime/seams.yaml), then "
                f"update written_for"
            )


def owner_and_name(target: str) -> tuple[Any, str]:
    """'pkg.module:Class.attr' -> (Class, 'attr'); 'pkg.module:function' -> (module, 'function')."""
    module_name, _, path = target.partition(":")
    owner: Any = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    return owner, name


def check(seam_id: str) -> tuple[Any, str]:
    """The seam's owner and attribute, after every check; raises SeamError."""
    if seam_id not in registry()["seams"]:
        raise SeamError(f"seam {seam_id!r} is not listed in rasa_runtime/seams.yaml")
    seam = registry()["seams"][seam_id]
    check_versions(seam_id)
    try:
        owner, name = owner_and_name(seam["target"])
        current = getattr(owner, name)
    except (ImportError, AttributeError) as error:
        raise SeamError(f"seam {seam_id!r}: {seam['target']} no longer exists ({error})") from error
    parameters = list(inspect.signature(getattr(current, "__wrapped_original__", current)).parameters)
    if parameters != seam["parameters"]:
        raise SeamError(f"seam {seam_id!r}: {seam['target']} now takes {parameters}, not {seam['parameters']}")
    return owner, name


def replace(seam_id: str, replacement: Any) -> Any:
    """Installs replacement at the seam's target and returns what was there."""
    owner, name = check(seam_id)
    current = getattr(owner, name)
    setattr(owner, name, replacement)
    function = replacement.__func__ if isinstance(replacement, (staticmethod, classmethod)) else replacement
    setattr(function, "__wrapped_original__", getattr(current, "__wrapped_original__", current))  # noqa: B010
    return current
