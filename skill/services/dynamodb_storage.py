"""Memory in DynamoDB (``BSC_STORAGE=dynamodb``, the default on AWS Lambda).

An ask-sdk persistence adapter (the interface of ``ask_sdk_dynamodb``'s
``DynamoDbAdapter``, whose plain items it still reads) with one item attribute
per field (``TABLE_DOC``): a write is one ``UpdateItem`` of its difference from the
record as read, session counts added to (``ADD``) and other fields set, so
simultaneous writers never wait for or retry after one another; each write
is conditional on its mark being absent, so a write botocore sends again after a
lost reply lands once. Every call ends by the deadline it is given (it runs on
one of the adapter's call threads, abandoned when time is up). This module imports
botocore, so ``skill.services.persistence`` imports it only when DynamoDB is chosen,
and only when memory is first used: botocore is slow to import, and a cold start is
the user waiting (an emergency answer never waits for it). It talks to DynamoDB
through one botocore client and nothing of boto3 (``docs/performance.md`` has what
each costs): boto3 adds its own import (s3transfer among it) on a cold start; a boto3
resource loads a second model (its resource definitions) and builds a ``Table`` object
on every call; and ``ask_sdk_dynamodb.adapter`` builds a resource
(``boto3.resource("dynamodb")``) as a default argument on import, loading DynamoDB's
service model again. DynamoDB's typed values (``{"N": "2"}``) are turned to and from
Python values here (``_typed``, ``_untyped``), as boto3's ``TypeSerializer`` does.
A table that disappears from a local server is made again.
See ``skill.services.storage`` for the interface.
"""

import decimal
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import botocore.session
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, WaiterError

from ..deadline import Deadline
from .storage import (
    MARK_KEEP_SECONDS,
    RETENTION_DAYS,
    CorruptRecord,
    Reread,
    StorageError,
    Stored,
    UnavailableAdapter,
    _apply,
    deadline_or_default,
)
from .user_key import hashed_user_id_keygen

logger = logging.getLogger(__name__)

#: DynamoDB client limits: the whole request must stay well inside Alexa's 8 seconds.
DYNAMODB_CONNECT_TIMEOUT_SECONDS = 1.0
DYNAMODB_READ_TIMEOUT_SECONDS = DEFAULT_DYNAMODB_READ_TIMEOUT = 2.0
DYNAMODB_MAX_ATTEMPTS = 2

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
  - `m:<field>`: what the skill keeps between sessions, and nothing else.
    By default only what it needs to work: `m:disclaimer_heard` (Boolean),
    `m:timers` (List of Maps: `id`, `kind`, `step`, `pack`, `label`,
    `ends_at`, `duration`, all short scalars the skill itself chose; at most 10).
    Only with BSC_KEEP_HEALTH_DETAILS on (a private development skill) also
    `m:pain_start` (String, ISO date), `m:last_topic` (String, a topic id of
    the guide) and `m:back_better` (String, ISO date); by default these are
    kept in the session only, and removed from an item by the first write.
  - `m:#:sessions:<ISO date>:<heat|ice|alternating>` (Number): sessions done
    that day, only with BSC_KEEP_HEALTH_DETAILS on; only the last three days
    are kept. Each write adds to it (UpdateItem ADD), so counts from
    simultaneous requests all land.
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


#: Fields of the memory that are counters: ``{day: {kind: count}}``. DynamoDB
#: stores each count as its own number and adds to it, so counts from
#: simultaneous requests all land without one waiting on another.
COUNTER_FIELDS = ("sessions",)
#: DynamoDB attribute names: ``m:<field>`` for a field, ``m:#:<field>:<day>:<kind>`` for a count.
_FIELD = "m:"
_COUNTER = "#:"
#: DynamoDB keeps write marks in rotating string sets, one per MARK_KEEP_SECONDS.
_BUCKETS = 3


def _counters(attributes: dict) -> dict[str, int]:
    """``{"sessions:2026-11-25:ice": 2, ...}``: every count of the counter fields, flattened."""
    counts = {}
    for field in COUNTER_FIELDS:
        days = attributes.get(field)
        for day, kinds in (days.items() if isinstance(days, dict) else ()):
            for kind, count in (kinds.items() if isinstance(kinds, dict) else ()):
                if isinstance(count, (int, float)) and not isinstance(count, bool):
                    counts[f"{field}:{day}:{kind}"] = count
    return counts


#: Threads that make the DynamoDB calls, kept between requests. A call that outlasts its
#: deadline is abandoned where it is (botocore's own time-outs end it later); one that had not
#: started is never made. More calls than this at once wait for a thread, within their deadline.
CALL_THREADS = 8


def _within(calls: ThreadPoolExecutor, deadline: Deadline, work, what: str):
    """``work()`` on one of ``calls``' threads, waited for until ``deadline``: after that,
    StorageError (the work is abandoned, or never started)."""
    seconds = deadline.remaining()
    if seconds <= 0.05:
        raise StorageError(f"{what}: no time left")
    call = calls.submit(work)
    try:
        return call.result(seconds)
    except FutureTimeout:
        call.cancel()
        raise StorageError(f"{what} timed out") from None


def _from_dynamodb(value):
    """Numbers come as Decimal (``_untyped``): back to int/float, recursively."""
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
    """Floats are sent as Decimal (``_typed`` takes no float), recursively."""
    if isinstance(value, float):
        return decimal.Decimal(str(value))
    if isinstance(value, dict):
        return {str(k): _to_dynamodb(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_dynamodb(v) for v in value]
    return value


def _typed(value) -> dict:
    """A Python value as DynamoDB's typed value (numbers as Decimal or int: ``_to_dynamodb``)."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, (int, decimal.Decimal)):
        if isinstance(value, decimal.Decimal) and not value.is_finite():
            raise TypeError("DynamoDB stores no infinity or NaN")
        return {"N": str(value)}
    if isinstance(value, dict):
        return {"M": {key: _typed(item) for key, item in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"L": [_typed(item) for item in value]}
    if isinstance(value, (set, frozenset)) and value and all(isinstance(item, str) for item in value):
        return {"SS": sorted(value)}
    raise TypeError(f"DynamoDB cannot store a {type(value).__name__}")


def _untyped(typed: dict):
    """DynamoDB's typed value as Python: numbers as Decimal, string sets as sets (as boto3 gives)."""
    if not isinstance(typed, dict) or len(typed) != 1:
        raise CorruptRecord()
    (kind, value), = typed.items()
    if kind in ("S", "BOOL"):
        return value
    if kind == "N":
        return decimal.Decimal(value)
    if kind == "NULL":
        return None
    if kind == "M":
        return {key: _untyped(item) for key, item in value.items()}
    if kind == "L":
        return [_untyped(item) for item in value]
    if kind == "SS":
        return set(value)
    if kind == "NS":
        return {decimal.Decimal(item) for item in value}
    raise CorruptRecord()  # binary: the skill never stores any


def _python_item(typed: dict | None) -> dict | None:
    return None if typed is None else {name: _untyped(value) for name, value in typed.items()}


def _typed_values(values: dict) -> dict:
    return {name: _typed(value) for name, value in values.items()}


def _code(client_error) -> str:
    return client_error.response.get("Error", {}).get("Code", "unknown")


class VersionedDynamoDbAdapter(AbstractPersistenceAdapter):
    """An ask-sdk persistence adapter: hashed keys, safe errors, one attribute per field, marked writes."""

    partition_key_name = "id"
    attribute_name = "attributes"  # the one map a plain SDK adapter's item holds
    expires_name = "expires_at"
    applied_name = "applied"

    def __init__(self, table_name, dynamodb_client, partition_keygen,
                 create_table=False, retention_days=RETENTION_DAYS):
        # Like the SDK's adapter, but the table is made on first use, not in the
        # constructor (a cold start has no time budget for it).
        self.table_name = table_name
        self.client = dynamodb_client
        self.partition_keygen = partition_keygen
        self.create_table = create_table
        self.retention_days = retention_days
        self._table_ready = not create_table
        self._table_lock = threading.Lock()
        # Threads kept for the calls (not one started per call: under load, starting a thread
        # and waiting for it to start doubled a warm request's time; docs/performance.md).
        self._calls = ThreadPoolExecutor(CALL_THREADS, thread_name_prefix="bsc-dynamodb")

    # Helpers -----------------------------------------------------------
    def _ensure_table(self) -> None:
        if not self._table_ready:
            with self._table_lock:
                if not self._table_ready:
                    self._create_table()
                    self._table_ready = True

    def _key(self, key: str) -> dict:
        return {self.partition_key_name: {"S": key}}

    def _create_table(self):
        try:
            self.client.create_table(
                TableName=self.table_name,
                KeySchema=[{"AttributeName": self.partition_key_name, "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": self.partition_key_name,
                                       "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST")
        except ClientError as exc:
            if _code(exc) != "ResourceInUseException":
                raise
        try:
            # Local servers create tables at once; never wait long inside a request.
            self.client.get_waiter("table_exists").wait(
                TableName=self.table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 3})
        except WaiterError:
            raise StorageError("dynamodb table not ready") from None

    def _call(self, work, deadline, what):
        """``work()`` by ``deadline``, its failures as StorageError."""
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
        return _within(self._calls, deadline, guarded, f"dynamodb {what}")

    def _read(self, key) -> Stored:
        self._ensure_table()
        response = self.client.get_item(TableName=self.table_name, Key=self._key(key),
                                        ConsistentRead=True)
        return self._stored(_python_item(response.get("Item")))

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
        update = dict(TableName=self.table_name, Key=self._key(key), UpdateExpression=expression,
                      ExpressionAttributeNames=names, ExpressionAttributeValues=_typed_values(values),
                      ReturnValues="ALL_NEW")
        if conditions:
            update["ConditionExpression"] = " AND ".join(conditions)
        return update

    def close(self) -> None:
        """Let the call threads go (tools and tests that build many adapters)."""
        self._calls.shutdown(wait=False, cancel_futures=True)

    # The SDK's interface, and the read and update the memory uses ----------
    def read(self, request_envelope, deadline: Deadline | None = None) -> Stored:
        key = self.partition_keygen(request_envelope)
        return self._call(lambda: self._read(key), deadline_or_default(deadline), "read")

    def get_attributes(self, request_envelope):
        return self.read(request_envelope).attributes

    def save_attributes(self, request_envelope, attributes):
        self.update_attributes(request_envelope, lambda _old: dict(attributes))

    def delete_attributes(self, request_envelope, deadline: Deadline | None = None):
        key = self.partition_keygen(request_envelope)
        def delete():
            self._ensure_table()
            self.client.delete_item(TableName=self.table_name, Key=self._key(key))

        self._call(delete, deadline_or_default(deadline), "delete")

    def update_attributes(self, request_envelope, mutate, mark: str | None = None,
                          expected: Stored | None = None,
                          deadline: Deadline | None = None):
        """Apply ``mutate`` as one atomic UpdateItem; the attributes stored after it.

        No version check, so writers of one user never wait on one another:
        the change is written as its difference, session counts added
        (``ADD``), other fields set. With ``expected`` (the record read
        earlier in the request) no read is needed. A write whose ``mark``
        is already stored landed before and is not applied again.
        """
        key = self.partition_keygen(request_envelope)
        deadline = deadline_or_default(deadline)

        def work():
            self._ensure_table()
            stored = expected
            while True:
                if stored is None:
                    stored = self._read(key)
                if mark and mark in stored.applied:
                    return Reread(stored.attributes)
                after = _apply(mutate, stored.attributes)
                try:
                    answer = self.client.update_item(
                        **self._update_expression(key, stored, after, mark))
                    return self._stored(_python_item(answer.get("Attributes"))).attributes
                except ClientError as exc:
                    if _code(exc) != "ConditionalCheckFailedException":
                        raise
                # The mark is there (this write landed; its reply was lost and
                # botocore sent it again), or another request moved the old map first.
                stored = None
                if deadline.remaining() <= 0:
                    raise StorageError("dynamodb write outlasted the deadline")

        return self._call(work, deadline, "write")



def build_dynamodb_adapter(settings):
    """The DynamoDB adapter for ``settings``; an ``UnavailableAdapter`` if botocore cannot be set up.

    Only storage's own failures (botocore missing, no region, botocore refusing
    the configuration) mean "answer without memory"; anything else is a bug.
    """
    try:
        session = botocore.session.Session()
        if not session.get_config_variable("region"):
            return _unavailable("no AWS region configured")
        client = session.create_client(
            "dynamodb",
            endpoint_url=settings.dynamodb_endpoint or None,
            config=Config(connect_timeout=DYNAMODB_CONNECT_TIMEOUT_SECONDS,
                          read_timeout=DYNAMODB_READ_TIMEOUT_SECONDS,
                          retries={"total_max_attempts": DYNAMODB_MAX_ATTEMPTS,
                                   "mode": "standard"}))
    except (BotoCoreError, ClientError, ValueError) as exc:  # ValueError: a malformed endpoint
        return _unavailable(f"dynamodb setup failed: {type(exc).__name__}")
    return VersionedDynamoDbAdapter(
        table_name=settings.dynamodb_table,
        dynamodb_client=client,
        partition_keygen=hashed_user_id_keygen(settings.user_id_salt),
        # Creating tables is for a local server; on AWS the table is provisioned.
        create_table=settings.dynamodb_create_table)


def _unavailable(reason: str) -> "UnavailableAdapter":
    logger.error("DynamoDB storage unavailable (%s); the skill will answer without memory", reason)
    return UnavailableAdapter(reason)
