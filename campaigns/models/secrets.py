"""Secrets kept in the database (channel tokens) are encrypted with Fernet (AES-128-CBC + HMAC).

The key is ``settings.LOA_TOKEN_KEY`` (a Fernet key, or any passphrase, which is stretched to one);
when unset it is derived from ``SECRET_KEY``, so a deployment without its own key still never
stores a token in clear. Changing the key makes stored tokens unreadable: they must be entered again.
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

SALT = b"loa.channel-token.v1"


def _fernet() -> Fernet:
    return _fernet_for(getattr(settings, "LOA_TOKEN_KEY", "") or "", settings.SECRET_KEY)


@lru_cache(maxsize=4)
def _fernet_for(configured: str, secret_key: str) -> Fernet:
    if configured:
        try:
            return Fernet(configured)
        except (ValueError, TypeError):  # a passphrase, not a Fernet key: stretch it to one
            pass
    material = configured or secret_key
    key = hashlib.pbkdf2_hmac("sha256", material.encode(), SALT, 100_000)
    return Fernet(base64.urlsafe_b64encode(key))


def secret_encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode() if plaintext else ""


def secret_decrypt(ciphertext: str) -> str:
    """The plaintext, or "" when there is none or the key changed (the token must be entered again)."""
    if not ciphertext:
        return ""
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken:
        return ""
