"""The key a user's record is stored under: a hash of the Alexa user id, never the id itself.

Hex SHA-256 of the user id, or HMAC-SHA-256 keyed with ``BSC_USER_ID_SALT``. Only the
adapters that store records import this (``hashlib`` loads OpenSSL, which an emergency
answer on a cold start, touching no memory, never needs: ``docs/performance.md``).
"""

import hmac
from collections.abc import Callable
from hashlib import sha256

from .storage import user_id_of


def hashed_user_id_keygen(salt: str | None = None) -> Callable:
    """A partition key generator: hex SHA-256 of the user id, or HMAC-SHA-256 with ``salt``."""
    key = salt.encode("utf-8") if salt else None

    def keygen(request_envelope) -> str:
        user_id = user_id_of(request_envelope).encode("utf-8")
        if key is not None:
            return hmac.new(key, user_id, sha256).hexdigest()
        return sha256(user_id).hexdigest()

    return keygen
