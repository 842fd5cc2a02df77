"""bin/assess: one profile as JSON on stdin, the verdicts as JSON on stdout (contract section 3).

Exit status: 0 answered; 2 bad input (one line on stderr); 1 the rule data itself is broken.
"""

from __future__ import annotations

import json
import sys
from typing import Any, BinaryIO, TextIO

from imp_engine.engine import assess
from imp_engine.profile import ProfileError
from imp_engine.rulebook import LANGUAGES, RuleDataError, default_rulebook

MAX_INPUT_BYTES = 1_000_000
BAD_INPUT, BROKEN_RULES = 2, 1


class BadInput(ValueError):
    pass


def read_request(stream: BinaryIO) -> tuple[dict[str, Any], str]:
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise BadInput(f"input is larger than {MAX_INPUT_BYTES} bytes")
    try:
        request = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BadInput(f"input is not UTF-8 text (byte {error.start})") from error
    except json.JSONDecodeError as error:
        raise BadInput(f"input is not JSON: {error.msg} at line {error.lineno} column {error.colno}") from error
    except RecursionError as error:
        raise BadInput("input is nested too deeply") from error
    if not isinstance(request, dict):
        raise BadInput("input must be one JSON object (a profile)")
    language = request.pop("language", None) or "en"
    if language not in LANGUAGES:
        raise BadInput(f"language must be one of {', '.join(LANGUAGES)}, not {json.dumps(language)[:40]}")
    return request, language


def main(stdin: BinaryIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin.buffer
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    try:
        profile, language = read_request(stdin)
        result = assess(profile, language, default_rulebook())
    except (BadInput, ProfileError) as error:
        print(f"assess: {error}", file=stderr)
        return BAD_INPUT
    except RuleDataError as error:
        print(f"assess: rule data: {error}", file=stderr)
        return BROKEN_RULES
    json.dump(result, stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
