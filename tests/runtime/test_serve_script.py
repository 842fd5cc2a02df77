"""bin/serve (what `make run` starts): the conversations and leads it writes are readable by its
user only, and every service it starts listens on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVE = (ROOT / "bin" / "serve").read_text(encoding="utf-8")


def test_var_is_private_before_anything_is_written(tmp_path: Path) -> None:
    assert SERVE.index("umask 077") < SERVE.index("mkdir")
    # What that umask gives a directory and a database file the services create:
    script = f"umask 077; mkdir -p {tmp_path}/var && : > {tmp_path}/var/leads.db"
    subprocess.run(["bash", "-c", script], check=True)
    assert oct((tmp_path / "var").stat().st_mode & 0o777) == "0o700"
    assert oct((tmp_path / "var" / "leads.db").stat().st_mode & 0o777) == "0o600"


def test_every_service_listens_on_the_loopback_by_default() -> None:
    assert '--interface "${RASA_INTERFACE:-127.0.0.1}"' in SERVE  # the Rasa server
    assert "0.0.0.0" not in SERVE and "--host" not in SERVE  # the others keep their own defaults:
    web = (ROOT / "website" / "server.py").read_text(encoding="utf-8")
    actions = (ROOT / "rasa_runtime" / "action_server.py").read_text(encoding="utf-8")
    assert re.search(r'os\.environ\.get\("WEB_HOST", "127\.0\.0\.1"\)', web)
    assert 'os.environ.setdefault("SANIC_HOST", "127.0.0.1")' in actions
    assert os.access(ROOT / "bin" / "serve", os.X_OK)
