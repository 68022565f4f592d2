"""Where the skill's memory lives: persistence adapters behind ask-sdk-core's interface.

``build_persistence_adapter(settings)`` picks one by ``BSC_STORAGE``:

``sqlite`` (default off Lambda)
    One file (``BSC_SQLITE_PATH``), its folder and table created on first use,
    WAL journal, a short busy timeout. Every operation opens its own
    connection, so the adapter is safe across threads and across the
    processes of a pre-forking server (gunicorn workers).
``dynamodb`` (default on Lambda)
    ``ask_sdk_dynamodb``'s ``DynamoDbAdapter`` with one attribute per field (see
    ``TABLE_DOC``). boto3 is imported only when this is chosen, and only when
    memory is first used: it is slow to import, and a cold start is the user
    waiting (an emergency answer never waits for it).
``none``
    No adapter: the skill remembers nothing.

Besides the SDK's ``get_attributes`` / ``save_attributes`` /
``delete_attributes``, both adapters offer ``read(request_envelope)`` (the
attributes with what the write needs to know: a ``Stored``) and
``update_attributes(request_envelope, mutate, mark=, expected=, timeout=)``,
an atomic read-modify-write: ``mutate`` gets a copy of the stored attributes
and returns the new ones (or changes the copy in place and returns None).

- Nothing is lost: two requests of one user updating at once both land.
  SQLite holds the write lock for the whole read-modify-write (``BEGIN
  IMMEDIATE``). DynamoDB writes the change as one ``UpdateItem`` of its
  difference from the record as read (with ``expected``, the one read earlier
  in the request: no second read): session counts are added to (``ADD``),
  other fields set one by one, so writers never wait on or retry after one
  another, however many there are. (A field two requests set at once keeps
  the later value; timers the skill forgets that way are found again by
  their labels through the Timers API.)
- Nothing is applied twice: ``mark`` (the memory passes a hash of the request
  id) is stored with the record for ``MARK_KEEP_SECONDS``; a write whose mark
  is already there has landed before (its reply was lost and the write was
  retried) and is not applied again.
- Nothing waits past the request's deadline: ``timeout`` bounds every call
  (SQLite's busy wait; for DynamoDB the call itself, run on a helper thread
  that is abandoned when time is up).

Records are keyed by a hash of the Alexa user id (SHA-256, or HMAC-SHA-256 with
``BSC_USER_ID_SALT``), never the id itself. Errors are raised as
``StorageError`` whose ``reason`` is a short fixed phrase, safe to log: no key,
no user data, no driver message. Only storage errors become ``StorageError``;
anything else (a bug in a ``mutate``) propagates as it is.
"""

import copy
import decimal
import functools
import json
import logging
import os
import sqlite3
import threading
import time
from typing import Callable, Dict, NamedTuple, Optional

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

logger = logging.getLogger(__name__)

#: Seconds a write waits for another process's write lock before giving up.
#: Writes take milliseconds; a lock held longer than this is a fault, and the
#: skill answers without memory rather than keep the user waiting.
SQLITE_BUSY_TIMEOUT_SECONDS = 1.5
#: Records untouched for this long are deleted (SQLite on first use per
#: process; DynamoDB through its time-to-live attribute ``expires_at``).
RETENTION_DAYS = 90

#: DynamoDB client limits: the whole request must stay well inside Alexa's 8 seconds.
DYNAMODB_CONNECT_TIMEOUT_SECONDS = 1.0
DYNAMODB_READ_TIMEOUT_SECONDS = DEFAULT_DYNAMODB_READ_TIMEOUT = 2.0
DYNAMODB_MAX_ATTEMPTS = 2
#: Time a call may take when the caller gives none (the skill always gives the turn's).
DEFAULT_TIMEOUT_SECONDS = 3.0
#: Write marks are kept this long: far longer than any retry of one request's write.
MARK_KEEP_SECONDS = 120
#: And at most this many (a safety valve; one user makes a few requests a minute).
MARK_LIMIT = 1000

TABLE_DOC = """\
DynamoDB table for Back Spasm Coach's memory (BSC_STORAGE=dynamodb)

- Name: BSC_DYNAMODB_TABLE (default back-spasm-coach-memory), in the Lambda's region
  (AWS_REGION, set by Lambda; elsewhere set AWS_REGION or AWS_DEFAULT_REGION).
- Key schema: partition key `id`, type String (S); no sort key.
  `id` is the hex SHA-256 of the Alexa user id, or HMAC-SHA-256 keyed with
  BSC_USER_ID_SALT when that is set. The user id itself is never stored.
  Changing or adding the salt orphans existing records (they expire, below).
- Item attributes (one per field, so simultaneous requests of one user never
  overwrite each other's changes):
  - `m:<field>`: what the skill remembers, and nothing else:
    `m:disclaimer_heard` (Boolean), `m:pain_start` (String, ISO date),
    `m:timers` (List of Maps: `id`, `kind`, `step`, `pack`, `label`,
    `ends_at`, `duration`, all short scalars the skill itself chose; at most 10),
    `m:last_topic` (String, a topic id of the guide).
  - `m:#:sessions:<ISO date>:<heat|ice|alternating>` (Number): sessions done
    that day; only the last three days are kept. Each write adds to it
    (UpdateItem ADD), so counts from simultaneous requests all land.
  - `applied0`, `applied1`, `applied2` (String Sets): hashes of the request
    ids whose writes landed in the last few minutes (one set per two minutes,
    rotating); a write is conditional on its own mark being absent, so a write
    retried after a lost reply is not applied twice.
  - `expires_at` (Number, epoch seconds): 90 days after the last write.
    Enable DynamoDB Time to Live on `expires_at` so that memory of people who
    stop using the skill is deleted.
  - `attributes` (Map): only in items the plain SDK adapter wrote; read, then
    moved into `m:` fields by the first write.
- Capacity: on-demand (PAY_PER_REQUEST) suits the traffic. A request reads
  the item at most once (GetItem, strongly consistent) and writes it at most
  once (one UpdateItem); no write waits for or retries after another's.
- IAM for the Lambda role, on this table only: dynamodb:GetItem, dynamodb:UpdateItem,
  dynamodb:DeleteItem (and dynamodb:CreateTable,
  dynamodb:DescribeTable only if BSC_DYNAMODB_CREATE_TABLE is on, which is
  meant for a local server; a table missing there is made again).
- Create it with:
  aws dynamodb create-table --table-name back-spasm-coach-memory \\
    --attribute-definitions AttributeName=id,AttributeType=S \\
    --key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST
  aws dynamodb update-time-to-live --table-name back-spasm-coach-memory \\
    --time-to-live-specification Enabled=true,AttributeName=expires_at
- Erasure: "forget me" (after a yes) and the SkillDisabled event delete the item.
"""


#: Key of the write marks inside SQLite's JSON (never a memory field: see ``skill.memory``).
_APPLIED = "~applied"


class StorageError(PersistenceException):
    """Storage failed. ``reason`` is a fixed phrase that is safe to log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class CorruptRecord(StorageError):
    """The stored record cannot be read as a dict of attributes."""

    def __init__(self):
        super().__init__("corrupt record")


# --- Keys -----------------------------------------------------------------

def user_id_of(request_envelope) -> str:
    """The Alexa user id: ``context.System.user`` (present in skill events too), else the session's."""
    for holder in (getattr(getattr(request_envelope, "context", None), "system", None),
                   getattr(request_envelope, "session", None)):
        user_id = getattr(getattr(holder, "user", None), "user_id", None)
        if isinstance(user_id, str) and user_id:
            return user_id
    raise StorageError("no user id in request")


try:
    # CPython's own SHA-256: the same digest as hashlib's, without loading
    # OpenSSL's libcrypto, which costs a Lambda cold start about 2 ms.
    from _sha256 import sha256
except ImportError:  # other interpreters, and CPython 3.12+ (where it is _sha2)
    from hashlib import sha256


def hashed_user_id_keygen(salt: Optional[str] = None) -> Callable:
    """A partition key generator: hex SHA-256 of the user id, or HMAC-SHA-256 with ``salt``."""
    key = salt.encode("utf-8") if salt else None

    def keygen(request_envelope) -> str:
        user_id = user_id_of(request_envelope).encode("utf-8")
        if key is not None:
            import hmac  # only with BSC_USER_ID_SALT set

            return hmac.new(key, user_id, sha256).hexdigest()
        return sha256(user_id).hexdigest()

    return keygen


def _apply(mutate, attributes: dict) -> dict:
    working = copy.deepcopy(attributes)
    result = mutate(working)
    result = working if result is None else result
    if not isinstance(result, dict):
        raise StorageError("update produced no attributes")
    return result


class Stored(NamedTuple):
    """A record as read: its attributes, and what a write after the read needs."""

    attributes: dict
    exists: bool = False
    applied: Dict[str, float] = {}
    legacy: bool = False  # DynamoDB: a plain SDK item, all in one map


#: Fields of the memory that are counters: ``{day: {kind: count}}``. DynamoDB
#: stores each count as its own number and adds to it, so counts from
#: simultaneous requests all land without one waiting on another.
COUNTER_FIELDS = ("sessions",)
#: DynamoDB attribute names: ``m:<field>`` for a field, ``m:#:<field>:<day>:<kind>`` for a count.
_FIELD = "m:"
_COUNTER = "#:"
#: DynamoDB keeps write marks in rotating string sets, one per MARK_KEEP_SECONDS.
_BUCKETS = 3


def _counters(attributes: dict) -> Dict[str, int]:
    """``{"sessions:2026-11-25:ice": 2, ...}``: every count of the counter fields, flattened."""
    counts = {}
    for field in COUNTER_FIELDS:
        days = attributes.get(field)
        for day, kinds in (days.items() if isinstance(days, dict) else ()):
            for kind, count in (kinds.items() if isinstance(kinds, dict) else ()):
                if isinstance(count, (int, float)) and not isinstance(count, bool):
                    counts[f"{field}:{day}:{kind}"] = count
    return counts


def _marks(applied, mark: Optional[str], now: float) -> Dict[str, float]:
    """The recent write marks, with ``mark`` added: younger than MARK_KEEP_SECONDS, MARK_LIMIT at most."""
    recent = {key: moment for key, moment in (applied.items() if isinstance(applied, dict) else ())
              if isinstance(key, str) and isinstance(moment, (int, float))
              and moment > now - MARK_KEEP_SECONDS}
    if mark:
        recent[mark] = now
    if len(recent) > MARK_LIMIT:
        recent = dict(sorted(recent.items(), key=lambda item: item[1])[-MARK_LIMIT:])
    return recent


def _within(seconds: Optional[float], work, what: str):
    """``work()``, given at most ``seconds``: after that, StorageError (the work is abandoned)."""
    if seconds is None:
        seconds = DEFAULT_TIMEOUT_SECONDS
    if seconds <= 0.05:
        raise StorageError(f"{what}: no time left")
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="bsc-storage", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise StorageError(f"{what} timed out")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --- SQLite ---------------------------------------------------------------

class SqliteAdapter(AbstractPersistenceAdapter):
    """Attributes as JSON in one SQLite file; safe across threads and worker processes."""

    def __init__(self, path: str, partition_keygen: Callable = None,
                 busy_timeout: Optional[float] = None,
                 retention_days: int = RETENTION_DAYS):
        self.path = os.path.abspath(os.path.expanduser(path))
        self.partition_keygen = partition_keygen or hashed_user_id_keygen()
        self.busy_timeout = SQLITE_BUSY_TIMEOUT_SECONDS if busy_timeout is None else busy_timeout
        self.retention_days = retention_days
        self._prepared_pid = None
        self._prepare_lock = threading.Lock()
        # One connection per thread, kept between requests: opening one costs
        # more than the query, and closing the last one checkpoints the WAL.
        self._local = threading.local()

    # Connections ---------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        # isolation_level=None: no implicit transactions; we say BEGIN ourselves.
        connection = sqlite3.connect(self.path, timeout=self.busy_timeout,
                                     isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    def _prepare(self) -> None:
        """Folder, file (owner-only), WAL journal and table: once per process."""
        if self._prepared_pid == os.getpid():
            return
        with self._prepare_lock:
            if self._prepared_pid == os.getpid():
                return
            folder = os.path.dirname(self.path)
            if folder:
                os.makedirs(folder, mode=0o700, exist_ok=True)
            # Create the file ourselves so it is private to the service's user;
            # SQLite gives its -wal and -shm files the same permissions.
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            connection = self._open()
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS memory ("
                    " id TEXT PRIMARY KEY,"
                    " attributes TEXT NOT NULL,"
                    " updated_at INTEGER NOT NULL)")
                connection.execute("DELETE FROM memory WHERE updated_at < ?",
                                   (int(time.time()) - self.retention_days * 86400,))
            finally:
                connection.close()
            self._prepared_pid = os.getpid()

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use and again after a fork."""
        connection, pid = getattr(self._local, "connection", None), getattr(self._local, "pid", None)
        if connection is None or pid != os.getpid():
            connection = self._open()
            self._local.connection, self._local.pid = connection, os.getpid()
        return connection

    def close(self) -> None:
        """Close this thread's connection (the next use opens a new one)."""
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        self._local.busy_ms = None
        if connection is not None and getattr(self._local, "pid", None) == os.getpid():
            connection.close()

    def _run(self, work, timeout: Optional[float] = None):
        try:
            self._prepare()
            connection = self._connection()
            self._wait_at_most(connection, timeout)
        except StorageError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(self._reason(exc, "sqlite unavailable")) from None
        try:
            return work(connection)
        except StorageError:
            raise
        except sqlite3.Error as exc:
            # A connection that failed may be in any state: start the next request afresh.
            self.close()
            raise StorageError(self._reason(exc, "sqlite error")) from None

    def _wait_at_most(self, connection, timeout: Optional[float]) -> None:
        """Another writer's lock is waited for no longer than ``timeout`` (and the busy timeout)."""
        wait = self.busy_timeout if timeout is None else min(self.busy_timeout, timeout)
        if wait <= 0.01:
            raise StorageError("sqlite: no time left")
        milliseconds = int(wait * 1000)
        if getattr(self._local, "busy_ms", None) != milliseconds:
            connection.execute(f"PRAGMA busy_timeout = {milliseconds}")
            self._local.busy_ms = milliseconds

    @staticmethod
    def _reason(exc, default):
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return "sqlite locked"
        if "unable to open" in text or isinstance(exc, OSError):
            return "sqlite unavailable"
        return default

    @staticmethod
    def _decode(row) -> Stored:
        """The row's attributes, and the write marks kept beside them under ``~applied``."""
        if row is None:
            return Stored({})
        try:
            attributes = json.loads(row[0])
        except (TypeError, ValueError):
            raise CorruptRecord() from None
        if not isinstance(attributes, dict):
            raise CorruptRecord()
        applied = attributes.pop(_APPLIED, {})
        return Stored(attributes, exists=True, applied=applied if isinstance(applied, dict) else {})

    @staticmethod
    def _encode(attributes: dict, applied: Dict[str, float]) -> str:
        try:
            return json.dumps({**attributes, _APPLIED: applied} if applied else attributes,
                              separators=(",", ":"), sort_keys=True)
        except (TypeError, ValueError):
            raise StorageError("attributes not storable") from None

    def _write(self, connection, key, attributes, applied):
        connection.execute(
            "INSERT INTO memory (id, attributes, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET attributes = excluded.attributes,"
            " updated_at = excluded.updated_at",
            (key, self._encode(attributes, applied), int(time.time())))

    # The SDK's interface, and the read and update the memory uses ---------------
    def read(self, request_envelope, timeout: Optional[float] = None) -> Stored:
        key = self.partition_keygen(request_envelope)

        def work(connection):
            row = connection.execute(
                "SELECT attributes FROM memory WHERE id = ?", (key,)).fetchone()
            return self._decode(row)
        return self._run(work, timeout)

    def get_attributes(self, request_envelope) -> dict:
        return self.read(request_envelope).attributes

    def save_attributes(self, request_envelope, attributes) -> None:
        """Whole-record overwrite (the SDK's contract); memory itself uses ``update_attributes``."""
        self.update_attributes(request_envelope, lambda _old: dict(attributes))

    def delete_attributes(self, request_envelope, timeout: Optional[float] = None) -> None:
        key = self.partition_keygen(request_envelope)
        self._run(lambda connection: connection.execute(
            "DELETE FROM memory WHERE id = ?", (key,)), timeout)

    def update_attributes(self, request_envelope, mutate, mark: Optional[str] = None,
                          expected: Optional[Stored] = None,
                          timeout: Optional[float] = None) -> dict:
        """Atomic read-modify-write under SQLite's write lock; returns the stored attributes.

        ``expected`` is not needed here: the lock makes the read inside the
        write the one that counts. A write whose ``mark`` is stored already is
        not applied again.
        """
        key = self.partition_keygen(request_envelope)

        def work(connection):
            connection.execute("BEGIN IMMEDIATE")
            try:
                stored = self._decode(connection.execute(
                    "SELECT attributes FROM memory WHERE id = ?", (key,)).fetchone())
                if mark and mark in stored.applied:
                    connection.execute("ROLLBACK")
                    return stored.attributes
                attributes = _apply(mutate, stored.attributes)
                self._write(connection, key, attributes, _marks(stored.applied, mark, int(time.time())))
                connection.execute("COMMIT")
            except BaseException:
                try:
                    connection.execute("ROLLBACK")
                except sqlite3.Error:
                    self.close()  # closing rolls back; the next use opens afresh
                raise
            return attributes
        return self._run(work, timeout)


# --- DynamoDB ---------------------------------------------------------------

def _from_dynamodb(value):
    """boto3 gives numbers as Decimal: back to int/float, recursively."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _from_dynamodb(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_from_dynamodb(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return [_from_dynamodb(v) for v in sorted(value, key=str)]
    return value


def _to_dynamodb(value):
    """boto3 refuses floats: send them as Decimal, recursively."""
    if isinstance(value, float):
        return decimal.Decimal(str(value))
    if isinstance(value, dict):
        return {str(k): _to_dynamodb(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_dynamodb(v) for v in value]
    return value


def _code(client_error) -> str:
    return client_error.response.get("Error", {}).get("Code", "unknown")


@functools.lru_cache(maxsize=None)
def _dynamodb_adapter_class():
    """Defined on first use: importing ``ask_sdk_dynamodb.adapter`` imports boto3
    (and builds a default boto3 resource, which needs an AWS region)."""
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter
    from botocore.exceptions import BotoCoreError, ClientError, WaiterError

    class VersionedDynamoDbAdapter(DynamoDbAdapter):
        """The SDK's DynamoDB adapter with hashed keys, safe errors, one attribute per field, marked writes."""

        expires_name = "expires_at"
        applied_name = "applied"

        def __init__(self, table_name, dynamodb_resource, partition_keygen,
                     create_table=False, retention_days=RETENTION_DAYS):
            # The SDK would create the table in its constructor, i.e. at cold
            # start with no timeout budget; we create it on first use instead.
            super().__init__(table_name=table_name, partition_key_name="id",
                             attribute_name="attributes", create_table=False,
                             partition_keygen=partition_keygen,
                             dynamodb_resource=dynamodb_resource)
            self.create_table = create_table
            self.retention_days = retention_days
            self._table_ready = not create_table
            self._table_lock = threading.Lock()

        # Helpers -----------------------------------------------------------
        def _table(self):
            if not self._table_ready:
                with self._table_lock:
                    if not self._table_ready:
                        self._create_table()
                        self._table_ready = True
            return self.dynamodb.Table(self.table_name)

        def _create_table(self):
            try:
                table = self.dynamodb.create_table(
                    TableName=self.table_name,
                    KeySchema=[{"AttributeName": self.partition_key_name, "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": self.partition_key_name,
                                           "AttributeType": "S"}],
                    BillingMode="PAY_PER_REQUEST")
            except ClientError as exc:
                if _code(exc) != "ResourceInUseException":
                    raise
                table = self.dynamodb.Table(self.table_name)
            try:
                # Local servers create tables at once; never wait long inside a request.
                table.wait_until_exists(WaiterConfig={"Delay": 1, "MaxAttempts": 3})
            except WaiterError:
                raise StorageError("dynamodb table not ready") from None

        def _call(self, work, timeout, what):
            """``work()`` within ``timeout``, its failures as StorageError."""
            def guarded():
                try:
                    try:
                        return work()
                    except ClientError as exc:
                        if not (self.create_table and _code(exc) == "ResourceNotFoundException"):
                            raise
                        # The table went (a local server restarted): make it again, once.
                        self._table_ready = False
                        return work()
                except ClientError as exc:
                    if _code(exc) == "ResourceNotFoundException" and self.create_table:
                        self._table_ready = False  # and again on the next request
                    raise StorageError(f"dynamodb {_code(exc)}") from None
                except BotoCoreError as exc:
                    raise StorageError(f"dynamodb {type(exc).__name__}") from None
            return _within(timeout, guarded, f"dynamodb {what}")

        def _read(self, table, key) -> Stored:
            response = table.get_item(Key={self.partition_key_name: key}, ConsistentRead=True)
            return self._stored(response.get("Item"))

        def _stored(self, item) -> Stored:
            """The attributes an item holds: its ``m:`` fields over a plain SDK item's map."""
            if item is None:
                return Stored({})
            legacy = _from_dynamodb(item.get(self.attribute_name, {}))
            if not isinstance(legacy, dict):
                raise CorruptRecord()
            attributes = dict(legacy)
            for name, value in item.items():
                if not name.startswith(_FIELD):
                    continue
                field = name[len(_FIELD):]
                if field.startswith(_COUNTER):
                    _, counter, day, kind = field.split(":", 3) if field.count(":") >= 3 else (
                        None, None, None, None)
                    if counter is None:
                        continue
                    days = attributes.setdefault(counter, {})
                    if isinstance(days, dict) and isinstance(days.setdefault(day, {}), dict):
                        days[day][kind] = _from_dynamodb(value)
                else:
                    attributes[field] = _from_dynamodb(value)
            applied = {}
            for bucket in range(_BUCKETS):
                for mark in item.get(f"{self.applied_name}{bucket}", ()):
                    applied[mark] = bucket
            return Stored(attributes, exists=True, applied=applied,
                          legacy=self.attribute_name in item)

        def _update_expression(self, key, before: Stored, after: dict, mark):
            """One UpdateItem turning ``before`` into ``after``: counters added, fields set or removed."""
            names, values, sets, adds, removes = {}, {}, [], [], []

            def name(attribute):
                placeholder = f"#n{len(names)}"
                names[placeholder] = attribute
                return placeholder

            def value(data):
                placeholder = f":v{len(values)}"
                values[placeholder] = data
                return placeholder

            old_counts, new_counts = _counters(before.attributes), _counters(after)
            for field in sorted(set(before.attributes) | set(after)):
                if field in COUNTER_FIELDS:
                    continue
                if field not in after:
                    removes.append(name(_FIELD + field))
                elif before.legacy or before.attributes.get(field) != after[field]:
                    sets.append(f"{name(_FIELD + field)} = {value(_to_dynamodb(after[field]))}")
            for counter in sorted(set(old_counts) | set(new_counts)):
                attribute = _FIELD + _COUNTER + counter
                if counter not in new_counts:
                    removes.append(name(attribute))
                elif before.legacy:
                    sets.append(f"{name(attribute)} = {value(_to_dynamodb(new_counts[counter]))}")
                elif new_counts[counter] != old_counts.get(counter, 0):
                    # Added, not set: another request's sessions, counted meanwhile, stay counted.
                    delta = new_counts[counter] - old_counts.get(counter, 0)
                    adds.append(f"{name(attribute)} {value(_to_dynamodb(delta))}")
            now = int(time.time())
            sets.append(f"{name(self.expires_name)} = "
                        f"{value(now + self.retention_days * 86400)}")
            conditions = []
            if before.legacy:
                # Moving a plain SDK item's map into fields: only from the map as read.
                removes.append(name(self.attribute_name))
                conditions.append(f"attribute_exists({name(self.attribute_name)})")
            bucket = (now // MARK_KEEP_SECONDS) % _BUCKETS
            if mark:
                this_mark = value(mark)
                for kept in (bucket, (bucket - 1) % _BUCKETS):
                    conditions.append(
                        f"NOT contains({name(f'{self.applied_name}{kept}')}, {this_mark})")
                adds.append(f"{name(f'{self.applied_name}{bucket}')} {value({mark})}")
                removes.append(name(f"{self.applied_name}{(bucket + 1) % _BUCKETS}"))
            expression = "SET " + ", ".join(sets)
            if adds:
                expression += " ADD " + ", ".join(adds)
            if removes:
                expression += " REMOVE " + ", ".join(removes)
            update = dict(Key={self.partition_key_name: key}, UpdateExpression=expression,
                          ExpressionAttributeNames=names, ExpressionAttributeValues=values,
                          ReturnValues="ALL_NEW")
            if conditions:
                update["ConditionExpression"] = " AND ".join(conditions)
            return update

        # The SDK's interface, and the read and update the memory uses ----------
        def read(self, request_envelope, timeout: Optional[float] = None) -> Stored:
            key = self.partition_keygen(request_envelope)
            return self._call(lambda: self._read(self._table(), key), timeout, "read")

        def get_attributes(self, request_envelope):
            return self.read(request_envelope).attributes

        def save_attributes(self, request_envelope, attributes):
            self.update_attributes(request_envelope, lambda _old: dict(attributes))

        def delete_attributes(self, request_envelope, timeout: Optional[float] = None):
            key = self.partition_keygen(request_envelope)
            self._call(lambda: self._table().delete_item(Key={self.partition_key_name: key}),
                       timeout, "delete")

        def update_attributes(self, request_envelope, mutate, mark: Optional[str] = None,
                              expected: Optional[Stored] = None,
                              timeout: Optional[float] = None):
            """Apply ``mutate`` as one atomic UpdateItem; the attributes stored after it.

            No version check, so writers of one user never wait on one another:
            the change is written as its difference, session counts added
            (``ADD``), other fields set. With ``expected`` (the record read
            earlier in the request) no read is needed. A write whose ``mark``
            is already stored landed before and is not applied again.
            """
            key = self.partition_keygen(request_envelope)
            ends = time.monotonic() + (DEFAULT_TIMEOUT_SECONDS if timeout is None else timeout)

            def work():
                table = self._table()
                stored = expected
                while True:
                    if stored is None:
                        stored = self._read(table, key)
                    if mark and mark in stored.applied:
                        return stored.attributes
                    after = _apply(mutate, stored.attributes)
                    try:
                        answer = table.update_item(
                            **self._update_expression(key, stored, after, mark))
                        return self._stored(answer.get("Attributes")).attributes
                    except ClientError as exc:
                        if _code(exc) != "ConditionalCheckFailedException":
                            raise
                    # The mark is there (this write landed; its reply was lost and
                    # boto3 sent it again), or another request moved the old map first.
                    stored = None
                    if time.monotonic() >= ends:
                        raise StorageError("dynamodb write outlasted the deadline")

            return self._call(work, timeout, "write")

    return VersionedDynamoDbAdapter


class UnavailableAdapter(AbstractPersistenceAdapter):
    """Storage was chosen but cannot be set up: every call fails (the skill answers without memory)."""

    def __init__(self, reason: str):
        self.reason = reason

    def _fail(self, *args, **kwargs):
        raise StorageError(self.reason)

    read = get_attributes = save_attributes = delete_attributes = update_attributes = _fail


class LazyAdapter(AbstractPersistenceAdapter):
    """Builds the real adapter on first use, so a request that never touches
    memory (an emergency on a cold start) never waits for boto3 to import."""

    def __init__(self, build: Callable[[], AbstractPersistenceAdapter]):
        self._build = build
        self._adapter = None
        self._lock = threading.Lock()

    def _real(self) -> AbstractPersistenceAdapter:
        if self._adapter is None:
            with self._lock:
                if self._adapter is None:
                    self._adapter = self._build()
        return self._adapter

    def read(self, request_envelope, **options):
        return self._real().read(request_envelope, **options)

    def get_attributes(self, request_envelope):
        return self._real().get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        return self._real().save_attributes(request_envelope, attributes)

    def delete_attributes(self, request_envelope, **options):
        return self._real().delete_attributes(request_envelope, **options)

    def update_attributes(self, request_envelope, mutate, **options):
        return self._real().update_attributes(request_envelope, mutate, **options)

    def close(self) -> None:
        """Close the real adapter if it was ever built; never build one just to close it."""
        close = getattr(self._adapter, "close", None)
        if close is not None:
            close()

    def __getattr__(self, name):  # table_name, dynamodb, ... of the real adapter
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._real(), name)


def build_dynamodb_adapter(settings):
    """The DynamoDB adapter for ``settings``; an ``UnavailableAdapter`` if boto3 cannot be set up.

    Only storage's own failures (boto3 missing, no region, botocore refusing
    the configuration) mean "answer without memory"; anything else is a bug.
    """
    try:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:
        return _unavailable("boto3 not installed")
    try:
        session = boto3.session.Session()
        if not session.region_name:
            # Importing the SDK adapter would fail too: it builds a resource at import.
            return _unavailable("no AWS region configured")
        resource = session.resource(
            "dynamodb",
            endpoint_url=settings.dynamodb_endpoint or None,
            config=Config(connect_timeout=DYNAMODB_CONNECT_TIMEOUT_SECONDS,
                          read_timeout=DYNAMODB_READ_TIMEOUT_SECONDS,
                          retries={"total_max_attempts": DYNAMODB_MAX_ATTEMPTS,
                                   "mode": "standard"}))
    except (BotoCoreError, ClientError, ValueError) as exc:  # ValueError: a malformed endpoint
        return _unavailable(f"dynamodb setup failed: {type(exc).__name__}")
    return _dynamodb_adapter_class()(
        table_name=settings.dynamodb_table,
        dynamodb_resource=resource,
        partition_keygen=hashed_user_id_keygen(settings.user_id_salt),
        # Creating tables is for a local server; on AWS the table is provisioned.
        create_table=settings.dynamodb_create_table)


def _unavailable(reason: str) -> "UnavailableAdapter":
    logger.error("DynamoDB storage unavailable (%s); the skill will answer without memory", reason)
    return UnavailableAdapter(reason)


def build_persistence_adapter(settings):
    """The adapter ``settings.storage`` names: sqlite, dynamodb, or none (None)."""
    storage = (settings.storage or "none").lower()
    if storage == "sqlite":
        return SqliteAdapter(settings.sqlite_path,
                             partition_keygen=hashed_user_id_keygen(settings.user_id_salt))
    if storage == "dynamodb":
        return LazyAdapter(lambda: build_dynamodb_adapter(settings))
    if storage != "none":
        logger.error("unknown BSC_STORAGE value; the skill will answer without memory")
    return None
