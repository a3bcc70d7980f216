"""Who may write: editing is off unless the operator turns it on, and then needs a signed-in editor.

Accounts live in a TOML file the operator keeps (`$TRACKER_ACCESS`) or in Streamlit's secrets
(`.streamlit/secrets.toml`), never in the database:

    [editing]
    enabled = true

    [editors]
    alice = "scrypt$16384$8$1$<salt>$<hash>"      # from: python -m tracker editor alice

Passwords are stored only as scrypt hashes, compared in constant time, and an account is locked
for a while after repeated failed sign-ins.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES = 2 ** 14, 8, 1, 32
MAX_FAILURES = 5             # failed sign-ins for one account ...
LOCK_SECONDS = 15 * 60       # ... within this window lock it for the rest of the window
MAX_PASSWORD = 1024


class AccessError(Exception):
    """The access configuration cannot be used; the message says which file and why."""


def hash_password(password: str) -> str:
    if not password:
        raise AccessError("an empty password")
    salt = os.urandom(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=KEY_BYTES)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def verify(password: str, stored: str) -> bool:
    """Constant-time check of a password against a stored scrypt hash; a malformed hash never matches."""
    try:
        kind, n, r, p, salt, key = stored.split("$")
        if kind != "scrypt":
            return False
        want = base64.b64decode(key)
        got = hashlib.scrypt(password.encode("utf-8")[:MAX_PASSWORD], salt=base64.b64decode(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(want), maxmem=2 ** 26)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


@dataclass
class Access:
    editing: bool = False
    editors: dict[str, str] = field(default_factory=dict)      # name -> scrypt hash
    origin: str = "default: read-only"


def load(secrets: Mapping | None = None, env: Mapping | None = None) -> Access:
    """The operator's settings: $TRACKER_ACCESS (a TOML file) if set, else Streamlit secrets, else read-only."""
    env = os.environ if env is None else env
    data: Mapping = {}
    origin = "default: read-only"
    if env.get("TRACKER_ACCESS"):
        path = Path(env["TRACKER_ACCESS"])
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise AccessError(f"{path}: cannot read the access settings ({e})") from None
        origin = str(path)
    elif secrets is not None:
        data, origin = secrets, "Streamlit secrets"
    editing = bool((data.get("editing") or {}).get("enabled", False))
    editors = {str(k): str(v) for k, v in dict(data.get("editors") or {}).items()}
    bad = [k for k, v in editors.items() if not v.startswith("scrypt$")]
    if bad:
        raise AccessError(f"{origin}: editor {bad[0]!r} has no scrypt hash (make one with `python -m tracker editor NAME`)")
    return Access(editing and bool(editors), editors, origin)


class Guard:
    """Failed sign-ins per account, shared by every session of the server."""

    def __init__(self, clock=time.monotonic):
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def locked(self, name: str) -> bool:
        with self._lock:
            recent = [t for t in self._failures.get(name, []) if self._clock() - t < LOCK_SECONDS]
            self._failures[name] = recent
            return len(recent) >= MAX_FAILURES

    def sign_in(self, access: Access, name: str, password: str) -> str | None:
        """The editor's name if the password is right and the account is not locked; else None."""
        name = name.strip()
        if not access.editing or self.locked(name):
            return None
        stored = access.editors.get(name)
        # an unknown name costs the same scrypt as a known one: no telling which names exist
        ok = verify(password, stored or "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$" + "A" * 44) and stored is not None
        if ok:
            with self._lock:
                self._failures.pop(name, None)
            return name
        with self._lock:
            self._failures.setdefault(name, []).append(self._clock())
        return None
