"""Reads pip-audit's JSON report: lists known vulnerabilities, and fails when there are any or when
a package could not be audited (pip-audit reports "No known vulnerabilities found" even when the
vulnerability service was unreachable and every package was skipped)."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(report: Path) -> int:
    dependencies = json.loads(report.read_text(encoding="utf-8"))["dependencies"]
    skipped = [d["name"] for d in dependencies if d.get("skip_reason")]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix"
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    print(f"{len(dependencies)} packages: {len(vulnerable)} with known vulnerabilities, {len(skipped)} not audited")
    if skipped:
        print(
            "not audited (vulnerability service unreachable?): "
            + ", ".join(skipped[:20])
            + (" …" if len(skipped) > 20 else "")
        )
    return 1 if skipped or vulnerable else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
