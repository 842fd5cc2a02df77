"""Builds intake_nlu/data/noc2021/unit_groups.json from a public transcription of Statistics Canada's
NOC 2021 Version 1.0 (see intake_nlu/data/noc2021/SOURCE.md): every unit group's code, English and
French titles, and its example job titles in both languages.

    python tools/import_noc.py path/to/noc2021_bilingual.js

The input is the `window.categories = [...]` file of the transcription; the output is sorted by
code so a rebuild from the same input is byte-identical.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "intake_nlu" / "data" / "noc2021" / "unit_groups.json"


def unit_groups(source: str) -> list[dict[str, object]]:
    payload = json.loads(source[source.index("[") : source.rindex("]") + 1])
    groups = [
        {
            "code": g["category_code"],
            "en": g["category_EN"],
            "fr": g["category_FR"],
            "examples_en": sorted(set(g["occupations_EN"])),
            "examples_fr": sorted(set(g["occupations_FR"])),
        }
        for g in payload
    ]
    codes = [g["code"] for g in groups]
    if len(set(codes)) != len(codes) or not all(len(c) == 5 and c.isdigit() for c in codes):
        raise SystemExit("the input's unit-group codes are not unique five-digit codes")
    return sorted(groups, key=lambda g: g["code"])


def main(argv: list[str]) -> None:
    groups = unit_groups(Path(argv[0]).read_text(encoding="utf-8"))
    OUT.write_text(
        json.dumps(
            {"version": "NOC 2021 Version 1.0", "unit_groups": groups}, ensure_ascii=False, separators=(",", ":")
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(groups)} unit groups -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
