"""Writes the credentials file the Rasa server starts with: every channel of credentials.yml whose
environment variables are all set, and none of the others (a messaging channel is off until the
firm configures it). Secrets stay `${VARIABLES}` in the written file; Rasa reads them from the
environment. Usage: python -m channels.credentials credentials.yml var/credentials.yml"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def variables(section: Any) -> set[str]:
    if isinstance(section, dict):
        return set().union(*(variables(value) for value in section.values()))
    return set(VARIABLE.findall(section)) if isinstance(section, str) else set()


def configured(channels: Mapping[str, Any], environ: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The channels to open, and for the others the variables they still need."""
    kept: dict[str, Any] = {}
    missing: dict[str, list[str]] = {}
    for name, section in channels.items():
        unset = sorted(v for v in variables(section) if not environ.get(v))
        if unset:
            missing[name] = unset
        else:
            kept[name] = section
    return kept, missing


def short_name(channel: str) -> str:
    """'channels.telegram.TelegramChannel' -> 'telegram'; 'rest' -> 'rest'."""
    return channel.split(".")[-2] if "." in channel else channel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    kept, missing = configured(yaml.safe_load(args.source.read_text(encoding="utf-8")) or {}, os.environ)
    args.target.parent.mkdir(parents=True, exist_ok=True)
    args.target.write_text(yaml.safe_dump(kept, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for name in kept:
        print(f"channel on: {short_name(name)}", file=sys.stderr)
    for name, unset in missing.items():
        print(f"channel off: {short_name(name)} (to open it, set {', '.join(unset)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
