"""Which store holds the skill's memory: chosen once, from ``Settings``, when the skill is built.

``settings.storage`` (``BSC_STORAGE``) names it: ``sqlite``
(``skill.services.sqlite_storage``), ``dynamodb``
(``skill.services.dynamodb_storage``, built on first use: see
``storage.LazyAdapter``) or ``none``. Either store is wrapped in a
``write_behind.WriteBehind``, which lands after the answer an update that
met a slow store. What the adapters share is in
``skill.services.storage``; this module stands above them all, so that none
of them imports the place that picks it.
"""

import logging

from .storage import LazyAdapter, UnavailableAdapter
from .write_behind import WriteBehind

logger = logging.getLogger(__name__)


def build_persistence_adapter(settings):
    """The adapter ``settings.storage`` names: sqlite, dynamodb, or none (None)."""
    storage = (settings.storage or "none").lower()
    if storage == "sqlite":
        from .sqlite_storage import SqliteAdapter
        from .user_key import hashed_user_id_keygen

        return WriteBehind(SqliteAdapter(
            settings.sqlite_path, partition_keygen=hashed_user_id_keygen(settings.user_id_salt)))
    if storage == "dynamodb":
        def build():
            # Imported here, on a helper thread when memory is first used: it imports
            # botocore, which an emergency answer on a cold start must never wait for.
            try:
                from .dynamodb_storage import build_dynamodb_adapter
            except ImportError:
                logger.error("DynamoDB storage unavailable (botocore not installed); "
                             "the skill will answer without memory")
                return UnavailableAdapter("botocore not installed")
            return build_dynamodb_adapter(settings)
        return WriteBehind(LazyAdapter(build))
    if storage != "none":
        logger.error("unknown BSC_STORAGE value; the skill will answer without memory")
    return None
