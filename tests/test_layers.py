"""The layout is the architecture (DEVELOPERS.md): the engine, the language helpers and the lead
handoff import nothing of Rasa nor of the adapters around it, and imports flow one way. The one
crossing between the engine and `intake_nlu` is the floor module `intake_nlu.text` (folding, near
spellings, the tokenizer), which imports nothing of the project: the engine matches an occupation
in the person's words with it, while the rest of `intake_nlu` reads the rules through the engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ("imp_engine", "intake_nlu", "lead_handoff", "actions", "nlu_components", "channels", "rasa_runtime")
ADAPTERS = ("actions", "nlu_components", "channels", "rasa_runtime", "evaluation", "tools", "bench")
RASA = ("rasa", "rasa_sdk")


def imports(path: Path) -> set[str]:
    """Every module path.py imports, at any depth of the file (lazy imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def under(module: str, packages: tuple[str, ...]) -> bool:
    return module.split(".")[0] in packages


@pytest.mark.parametrize("package", ["imp_engine", "intake_nlu", "lead_handoff"])
def test_the_pure_packages_import_neither_rasa_nor_an_adapter(package: str) -> None:
    wrong = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in modules(package)
        for module in imports(path)
        if under(module, RASA + ADAPTERS)
    }
    assert not wrong


def test_the_engine_reads_words_only_through_the_floor_of_intake_nlu() -> None:
    wrong = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in modules("imp_engine")
        for module in imports(path)
        if under(module, ("intake_nlu",)) and module != "intake_nlu.text"
    }
    assert not wrong


def test_the_floor_imports_nothing_of_the_project() -> None:
    assert not {module for module in imports(ROOT / "intake_nlu" / "text.py") if under(module, PROJECT)}


def test_the_lead_handoff_does_not_read_words() -> None:
    assert not {
        module for path in modules("lead_handoff") for module in imports(path) if under(module, ("intake_nlu",))
    }
