"""The person's identity, encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256, from the
``cryptography`` package), under keys that rotate.

``CALLOFF_PERSON_KEYS`` holds one or more Fernet keys, comma separated: the first encrypts,
all decrypt (``MultiFernet``). To rotate, put a new key first and keep the old ones after
it; ``POST /operations/person-keys/rotate`` re-encrypts every stored identity under the
first key, after which the old keys can be dropped. Each row records a fingerprint of the
key that made it (never the key), so rotation finds the rows still under an old key.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from services.calloff.domain.people import PersonDetails


class KeysUnusable(ValueError):
    """A configured key is not a Fernet key (the message never shows the key)."""


class PersonSealNotOpened(RuntimeError):
    """A stored identity no configured key opens (a key was dropped too early)."""


def fingerprint(key: bytes) -> str:
    """Which key this is, without revealing it: 16 hex digits of its SHA-256."""
    return hashlib.sha256(key).hexdigest()[:16]


def derived_local_key(jwt_secret: str) -> str:
    """A local-mode key derived from the local JWT secret (HKDF-SHA256), for a service run
    in local mode without ``CALLOFF_PERSON_KEYS``: stable across restarts of that run."""
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"care-dps", info=b"calloff person key v1"
    ).derive(jwt_secret.encode())
    return base64.urlsafe_b64encode(derived).decode()


def parse_keys(value: str) -> list[bytes]:
    keys = [part.strip().encode() for part in value.split(",") if part.strip()]
    if not keys:
        raise KeysUnusable("no key given")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise KeysUnusable(
                f"key {position} is not a Fernet key (32 url-safe base64-encoded bytes;"
                " make one with `python -c 'from cryptography.fernet import Fernet;"
                " print(Fernet.generate_key().decode())'`)"
            ) from None
    return keys


class PersonSealer:
    """Encrypts and decrypts ``PersonDetails``; the first key encrypts."""

    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise KeysUnusable("no key given")
        self._fernet = MultiFernet([Fernet(k) for k in keys])
        self.current_key_id = fingerprint(keys[0])

    def seal(self, person: PersonDetails) -> str:
        return self._fernet.encrypt(json.dumps(person.as_dict()).encode()).decode()

    def open(self, sealed: str) -> PersonDetails:
        try:
            plain = self._fernet.decrypt(sealed.encode())
        except InvalidToken:
            raise PersonSealNotOpened(
                "no configured person key opens this stored identity: restore the key it"
                " was sealed with to CALLOFF_PERSON_KEYS"
            ) from None
        return PersonDetails.from_dict(json.loads(plain))

    def rotate(self, sealed: str) -> str:
        """The same identity, sealed under the first key."""
        try:
            return self._fernet.rotate(sealed.encode()).decode()
        except InvalidToken:
            raise PersonSealNotOpened(
                "no configured person key opens a stored identity; rotation stopped"
            ) from None


def sealer_for(person_keys: str | None, *, local: bool, jwt_secret: str | None) -> PersonSealer:
    """The sealer of a service's settings; ``ValueError`` (naming no key) if unusable.

    Without keys, a local-mode service derives one from its JWT secret (so a bare local
    run keeps working across restarts); anywhere else the service refuses to start.
    """
    if person_keys:
        return PersonSealer(parse_keys(person_keys))
    if local and jwt_secret:
        return PersonSealer([derived_local_key(jwt_secret).encode()])
    raise KeysUnusable("no person key is set")
