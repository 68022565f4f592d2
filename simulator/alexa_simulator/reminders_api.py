"""The Alexa Reminders API, emulated for ``AlexaApiEmulator`` (``alexa_simulator.alexa_api``).

Paths as in the SDK's ``ReminderManagementServiceClient``:
``POST /v1/alerts/reminders`` (create), ``GET /v1/alerts/reminders`` (this
skill's reminders), ``GET|PUT|DELETE /v1/alerts/reminders/{alertToken}``.
Bodies are read the way the SDK's ``ReminderRequest`` writes them:
``trigger`` (``SCHEDULED_ABSOLUTE`` with a naive local ``scheduledTime`` and
``timeZoneId``, or ``SCHEDULED_RELATIVE`` with ``offsetInSeconds``),
``trigger.recurrence`` (``recurrenceRules`` RRULE strings with FREQ=DAILY or
WEEKLY, BYDAY, BYHOUR, BYMINUTE, between ``startDateTime`` and
``endDateTime``; or the older ``freq``/``byDay``), ``alertInfo.spokenInfo.content``
(locale and text, the text at most ``MAX_TEXT`` characters) and
``pushNotification``. Anything else is a 400 with ``{"code", "message"}``.

Permission is separate from timers' (``deny``/``grant``); at most
``max_reminders`` reminders (400 ``MAX_REMINDERS_EXCEEDED``: Amazon's exact
status for this is not documented, so the skill reads any 400 on create as
"too many"). ``fire_due(now)`` fires every occurrence that has come, in the
reminder's own time zone, and a series is COMPLETED after its last one.
"""

import datetime
import json
import uuid
from dataclasses import dataclass, field
from urllib.parse import unquote

PREFIX = "/v1/alerts/reminders"
MAX_TEXT = 250
MAX_REMINDERS = 100
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _error(code: str, message: str) -> dict:
    return {"code": code, "message": message}


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _local(text) -> datetime.datetime | None:
    if not isinstance(text, str) or text.endswith("Z") or "+" in text[10:]:
        return None  # the API wants local times without an offset
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_rule(rule: str) -> dict | None:
    """An RRULE the API accepts, as a dict; None when it is not one."""
    parts = {}
    for item in (rule or "").split(";"):
        key, _, value = item.partition("=")
        if not key or not value:
            return None
        parts[key] = value
    if parts.get("FREQ") not in ("DAILY", "WEEKLY"):
        return None
    try:
        hours = [int(h) for h in parts.get("BYHOUR", "").split(",") if h != ""]
        minutes = [int(m) for m in parts.get("BYMINUTE", "0").split(",")]
        interval = int(parts.get("INTERVAL", "1"))
    except ValueError:
        return None
    days = parts.get("BYDAY", "").split(",") if parts.get("BYDAY") else []
    if (not hours or any(not 0 <= h < 24 for h in hours) or any(not 0 <= m < 60 for m in minutes)
            or any(d not in _DAYS for d in days) or interval != 1
            or (parts["FREQ"] == "WEEKLY" and not days)):
        return None
    return {"freq": parts["FREQ"], "hours": hours, "minutes": minutes, "days": days}


@dataclass
class FiredReminder:
    """A reminder that went off: what Alexa would have said."""

    id: str
    text: str
    locale: str | None
    fired_at: datetime.datetime


@dataclass
class _Reminder:
    id: str
    body: dict
    zone: object
    rules: list[dict]
    first: datetime.datetime          # UTC of the first occurrence
    ends: datetime.datetime | None  # UTC; None: one-off
    created: datetime.datetime
    updated: datetime.datetime
    last_fired: datetime.datetime | None = None
    status: str = "ON"
    version: int = 1
    fired: list[datetime.datetime] = field(default_factory=list)

    def occurrences_between(self, after: datetime.datetime, until: datetime.datetime):
        """UTC moments of this reminder in (after, until]."""
        if not self.rules:
            return [self.first] if after < self.first <= until else []
        found = []
        day = max(after, self.first - datetime.timedelta(days=1)).astimezone(self.zone).date()
        last_day = until.astimezone(self.zone).date()
        while day <= last_day:
            for rule in self.rules:
                if rule["days"] and _DAYS[day.weekday()] not in rule["days"]:
                    continue
                for hour in rule["hours"]:
                    for minute in rule["minutes"]:
                        local = datetime.datetime.combine(day, datetime.time(hour, minute), self.zone)
                        moment = local.astimezone(datetime.UTC)
                        if (after < moment <= until and moment >= self.first
                                and (self.ends is None or moment <= self.ends)):
                            found.append(moment)
            day += datetime.timedelta(days=1)
        return sorted(found)

    def as_json(self) -> dict:
        return {"alertToken": self.id, "createdTime": _iso(self.created),
                "updatedTime": _iso(self.updated), "status": self.status,
                "version": str(self.version), **self.body}

    def text(self, locale: str | None):
        content = self.body["alertInfo"]["spokenInfo"]["content"]
        chosen = next((c for c in content if c.get("locale") == locale), content[0])
        return chosen.get("text") or "", chosen.get("locale")


class RemindersEmulation:
    """Reminders for one emulated user; the emulator calls ``handle`` under its lock."""

    def __init__(self, max_reminders: int = MAX_REMINDERS):
        self.max_reminders = max_reminders
        self.denied_status: int | None = None
        self.reminders = {}
        self.fired: list[FiredReminder] = []
        #: The JSON body of every create and update received, in order (tests compare them).
        self.bodies: list[dict] = []

    def deny(self, status: int = 401) -> None:
        if status not in (401, 403):
            raise ValueError("permission is refused with 401 or 403")
        self.denied_status = status

    def grant(self) -> None:
        self.denied_status = None

    def handle(self, method: str, path: str, body: bytes, now: datetime.datetime):
        if self.denied_status is not None:
            status = self.denied_status
            return status, _error("UNAUTHORIZED" if status == 401 else "FORBIDDEN",
                                  "Request Unauthorized." if status == 401 else "Forbidden")
        parts = [unquote(p) for p in path[len(PREFIX):].split("/") if p]
        if not parts:
            if method == "POST":
                return self._save(None, body, now)
            if method == "GET":
                alerts = [r.as_json() for r in self.reminders.values()]
                return 200, {"totalCount": str(len(alerts)), "alerts": alerts, "links": None}
            return 405, _error("METHOD_NOT_ALLOWED", "Method not allowed")
        reminder = self.reminders.get(parts[0])
        if reminder is None or len(parts) > 1:
            return 404, _error("ALERT_NOT_FOUND", "Alert not found")
        if method == "GET":
            return 200, reminder.as_json()
        if method == "DELETE":
            del self.reminders[reminder.id]
            return 200, None
        if method == "PUT":
            return self._save(reminder, body, now)
        return 405, _error("METHOD_NOT_ALLOWED", "Method not allowed")

    def _save(self, existing: _Reminder | None, body: bytes, now: datetime.datetime):
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return 400, _error("INVALID_REQUEST", "Body is not JSON")
        if not isinstance(request, dict):
            return 400, _error("INVALID_REQUEST", "Body is not an object")
        self.bodies.append(request)
        problem, parsed = self._check(request, now)
        if problem is not None:
            return 400, problem
        if existing is None and len(self.reminders) >= self.max_reminders:
            return 400, _error("MAX_REMINDERS_EXCEEDED", "Too many reminders")
        zone, rules, first, ends = parsed
        stored = {key: request[key] for key in ("trigger", "alertInfo", "pushNotification") if key in request}
        if existing is not None:
            existing.body, existing.zone, existing.rules = stored, zone, rules
            existing.first, existing.ends, existing.updated = first, ends, now
            existing.version += 1
            existing.status = "ON"
            return 200, _short(existing)
        reminder = _Reminder(str(uuid.uuid4()), stored, zone, rules, first, ends, now, now)
        self.reminders[reminder.id] = reminder
        return 200, _short(reminder)

    @staticmethod
    def _check(request: dict, now: datetime.datetime):
        from zoneinfo import ZoneInfo

        if not isinstance(request.get("requestTime"), str):
            return _error("INVALID_REQUEST_TIME", "requestTime is required"), None
        alert = ((request.get("alertInfo") or {}).get("spokenInfo") or {}).get("content")
        if (not isinstance(alert, list) or not alert
                or not all(isinstance(c, dict) and c.get("locale") and isinstance(c.get("text"), str)
                           and 0 < len(c["text"]) <= MAX_TEXT for c in alert)):
            return _error("INVALID_ALERT_INFO", "spokenInfo needs a locale and a short text"), None
        push = request.get("pushNotification")
        if push is not None and (not isinstance(push, dict) or push.get("status") not in ("ENABLED", "DISABLED")):
            return _error("INVALID_PUSH_NOTIFICATION", "status must be ENABLED or DISABLED"), None
        trigger = request.get("trigger")
        if not isinstance(trigger, dict):
            return _error("INVALID_TRIGGER", "trigger is required"), None
        if trigger.get("type") == "SCHEDULED_RELATIVE":
            offset = trigger.get("offsetInSeconds")
            if not isinstance(offset, int) or offset <= 0:
                return _error("INVALID_TRIGGER", "offsetInSeconds must be positive"), None
            return None, (datetime.UTC, [], now + datetime.timedelta(seconds=offset), None)
        if trigger.get("type") != "SCHEDULED_ABSOLUTE":
            return _error("INVALID_TRIGGER", "type must be SCHEDULED_ABSOLUTE or SCHEDULED_RELATIVE"), None
        try:
            zone = ZoneInfo(trigger.get("timeZoneId") or "UTC")
        except (ValueError, LookupError, OSError):
            return _error("INVALID_TIMEZONE", "Unknown timeZoneId"), None
        scheduled = _local(trigger.get("scheduledTime"))
        if scheduled is None:
            return _error("INVALID_TRIGGER_SCHEDULED_TIME_FORMAT", "scheduledTime must be local, no offset"), None
        recurrence = trigger.get("recurrence")
        if recurrence is None:
            first = scheduled.replace(tzinfo=zone).astimezone(datetime.UTC)
            if first <= now:
                return _error("PAST_SCHEDULED_TIME", "scheduledTime is in the past"), None
            return None, (zone, [], first, None)
        rules = [parse_rule(r) for r in recurrence.get("recurrenceRules") or []]
        if not rules or None in rules:
            return _error("INVALID_RECURRENCE", "recurrenceRules must be DAILY or WEEKLY RRULEs"), None
        start = _local(recurrence.get("startDateTime")) or scheduled
        end = _local(recurrence.get("endDateTime")) if recurrence.get("endDateTime") else None
        if recurrence.get("endDateTime") and end is None:
            return _error("INVALID_RECURRENCE", "endDateTime must be local, no offset"), None
        first = start.replace(tzinfo=zone).astimezone(datetime.UTC)
        ends = end.replace(tzinfo=zone).astimezone(datetime.UTC) if end else None
        if ends is not None and ends <= max(first, now):
            return _error("INVALID_RECURRENCE", "endDateTime must be after the start and now"), None
        return None, (zone, rules, first, ends)

    def fire_due(self, since: datetime.datetime, now: datetime.datetime, locale: str | None):
        """Fire every occurrence in (since, now]; the ones fired, in order."""
        events = []
        for reminder in list(self.reminders.values()):
            if reminder.status != "ON":
                continue
            after = max(since, reminder.last_fired or since)
            for moment in reminder.occurrences_between(after, now):
                text, text_locale = reminder.text(locale)
                events.append(FiredReminder(reminder.id, text, text_locale, moment))
                reminder.last_fired = moment
            if not reminder.rules and reminder.last_fired is not None:
                reminder.status = "COMPLETED"
            elif reminder.ends is not None and now >= reminder.ends:
                reminder.status = "COMPLETED"
        events.sort(key=lambda e: e.fired_at)
        self.fired.extend(events)
        return events


def _short(reminder: _Reminder) -> dict:
    return {"alertToken": reminder.id, "createdTime": _iso(reminder.created),
            "updatedTime": _iso(reminder.updated), "status": reminder.status,
            "version": str(reminder.version), "href": f"{PREFIX}/{reminder.id}"}
