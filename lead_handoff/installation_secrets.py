"""Secrets an installation makes for itself when none is configured: 32 random bytes kept in its
var/ directory (IMP_VAR_DIR), made once, readable by its user only, so that no key is a constant
anyone could read in this code. A file is one machine's: several replicas need the variable itself,
the same on each (deploy/docker-compose.yml requires it)."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from lead_handoff.settings import ConfigurationError, var_dir

logger = logging.getLogger(__name__)
SECRET_BYTES = 32


def installation_secret(purpose: str, variables: Sequence[str], env: Mapping[str, str] | None = None) -> bytes:
    """The first of `variables` set in the environment, else this installation's own secret for
    `purpose` (var/<purpose>.secret), made on first use."""
    env = os.environ if env is None else env
    for variable in variables:
        if env.get(variable):
            return env[variable].encode()
    path = var_dir(env) / f"{purpose}.secret"
    try:
        return _kept_secret(path, variables[0])
    except OSError as error:
        raise ConfigurationError(f"set {variables[0]}: no secret can be kept in {path.parent} ({error})") from error


@cache
def _kept_secret(path: Path, variable: str) -> bytes:
    return read_or_create_secret(path, variable)


def read_or_create_secret(path: Path, variable: str) -> bytes:
    """The secret in `path`, made first if there is none (`variable`: what to set instead)."""
    if not path.exists():
        _create(path, variable)
    return _read(path)


def _create(path: Path, variable: str) -> None:
    """Written whole under a name of its own, then linked to `path`, which fails if `path` exists:
    of two processes racing, the second keeps the first one's secret, and none reads half a file."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_hex(SECRET_BYTES) + "\n")
            file.flush()
            os.fsync(file.fileno())
        os.link(draft, path)
        logger.warning("%s is not set: made this installation's own secret, %s (one per machine)", variable, path)
    except FileExistsError:
        pass  # another process made it first
    finally:
        draft.unlink(missing_ok=True)


def _read(path: Path) -> bytes:
    try:
        secret = bytes.fromhex(path.read_bytes().decode("ascii").strip())
    except ValueError:
        secret = b""
    if len(secret) != SECRET_BYTES:
        raise ConfigurationError(f"{path} holds no {SECRET_BYTES}-byte secret in hex: delete it to make a new one")
    return secret
