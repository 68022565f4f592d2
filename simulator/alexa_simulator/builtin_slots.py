"""Alexa's built-in slot types, converted as Alexa converts them.

Alexa supplies these grammars itself; a skill's model only names the type.
Each parser takes normalised tokens (lower case, hyphens split, digits kept
as digits) and returns every span it can read, so the matcher can choose the
span that fits the sample best:

- ``AMAZON.NUMBER``: "twenty three", "a hundred and five", "23" -> ``"23"``.
- ``AMAZON.DURATION``: ISO 8601 in Alexa's own form ``PnYnMnWnDTnHnMnS``,
  units kept as said: "fifteen minutes" -> ``PT15M``, "a quarter of an hour"
  -> ``PT15M``, "an hour and a half" -> ``PT1H30M``, "ninety seconds" ->
  ``PT90S`` (not ``PT1M30S``), "two weeks" -> ``P2W``.
- ``AMAZON.DATE``: relative to ``today`` (the device's local date). A day ->
  ``2025-11-24``; a week -> ``2025-W48``; a weekend -> ``2025-W48-WE``; a
  month -> ``2025-11``; a year -> ``2025``. As on a real Echo, a date said
  without a year ("november twentieth", "monday") is the next one on or after
  today, so a skill asking about the past must handle a date in the future;
  "last monday", "yesterday", "three days ago" are in the past.

Pure functions; nothing here reads the clock except through ``today``.
"""

import datetime
from collections.abc import Sequence
from fractions import Fraction

Span = tuple[int, int]

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"thousand": 1000, "million": 1000000}
ORDINAL_ONES = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19,
}
ORDINAL_TENS = {"twentieth": 20, "thirtieth": 30}

# Duration units, by the letter ISO 8601 gives them; "M" is minutes after the T.
UNITS = {
    "second": "S", "seconds": "S", "sec": "S", "secs": "S",
    "minute": "MIN", "minutes": "MIN", "min": "MIN", "mins": "MIN",
    "hour": "H", "hours": "H", "hr": "H", "hrs": "H",
    "day": "D", "days": "D",
    "week": "W", "weeks": "W",
    "month": "MON", "months": "MON",
    "year": "Y", "years": "Y",
}
#: Each unit in the next smaller one, for halves and quarters ("half an hour" -> 30 minutes).
_SMALLER = {"Y": ("MON", 12), "MON": ("D", 30), "W": ("D", 7), "D": ("H", 24),
            "H": ("MIN", 60), "MIN": ("S", 60)}
_DATE_PART = ("Y", "MON", "W", "D")
_TIME_PART = ("H", "MIN", "S")
_ISO_LETTER = {"Y": "Y", "MON": "M", "W": "W", "D": "D", "H": "H", "MIN": "M", "S": "S"}

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
#: Month names that are also everyday words: a month only next to a day.
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "sep", "dec"}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
_PARTS_OF_DAY = {"morning", "afternoon", "evening", "night"}

#: Every word these grammars can read (the matcher uses it to bound its search).
VOCABULARY = frozenset(
    set(ONES) | set(TENS) | set(SCALES) | set(ORDINAL_ONES) | set(ORDINAL_TENS) | set(UNITS)
    | set(MONTHS) | set(WEEKDAYS) | _PARTS_OF_DAY | {
        "hundred", "and", "a", "an", "half", "quarter", "quarters", "of", "couple", "today",
        "now", "tonight", "yesterday", "tomorrow", "the", "before", "after", "ago", "from",
        "in", "last", "next", "this", "past", "on", "weekend", "week", "month", "year", "oh",
    })


def _is_digits(token: str) -> bool:
    return token.isdigit()


def _digit_ordinal(token: str) -> int | None:
    for suffix in ("st", "nd", "rd", "th"):
        if token.endswith(suffix) and token[:-len(suffix)].isdigit():
            return int(token[:-len(suffix)])
    return None


# ---------------------------------------------------------------- numbers

def cardinal_prefixes(tokens: Sequence[str], start: int) -> list[tuple[int, int]]:
    """Every ``(end, value)`` for a cardinal number beginning at ``start``."""
    results = []
    n = len(tokens)
    if start >= n:
        return results
    if _is_digits(tokens[start]):
        return [(start + 1, int(tokens[start]))]
    total, current, last = 0, 0, None
    j = start
    if tokens[j] in ("a", "an") and j + 1 < n and tokens[j + 1] in ("hundred", "thousand", "million"):
        current, last, j = 1, "ones", j + 1
    while j < n:
        token = tokens[j]
        if token in ONES:
            value = ONES[token]
            if last in (None, "scale", "hundred", "and"):
                current += value
            elif last == "tens" and 0 < value < 10:
                current += value
            else:
                break
            last = "ones"
        elif token in TENS:
            if last in (None, "scale", "hundred", "and"):
                current += TENS[token]
                last = "tens"
            else:
                break
        elif token == "hundred":
            if last == "ones" and 0 < current % 100 < 10 and current < 10:
                current *= 100
                last = "hundred"
            else:
                break
        elif token in SCALES:
            if current and last != "and":
                total += current * SCALES[token]
                current, last = 0, "scale"
            else:
                break
        elif token == "and":
            following = tokens[j + 1] if j + 1 < n else None
            if last in ("hundred", "scale") and (following in ONES or following in TENS):
                last = "and"
                j += 1
                continue
            break
        else:
            break
        j += 1
        results.append((j, total + current))
    return results


def number_spans(tokens: Sequence[str]) -> dict[Span, str]:
    """AMAZON.NUMBER: every span that reads as a whole number, as digits."""
    tokens = list(tokens)
    spans = {}
    for start in range(len(tokens)):
        for end, value in cardinal_prefixes(tokens, start):
            spans[(start, end)] = str(value)
    return spans


def parse_number(text_tokens: Sequence[str]) -> str | None:
    """The whole of ``text_tokens`` as an AMAZON.NUMBER value, or None."""
    return number_spans(text_tokens).get((0, len(text_tokens)))


# ---------------------------------------------------------------- durations

def _quantity_prefixes(tokens, start) -> list[tuple[int, Fraction]]:
    """Numbers, plus "a"/"an" (one) and "a couple of" (two), optionally "and a half"."""
    n = len(tokens)
    found = [(end, Fraction(value)) for end, value in cardinal_prefixes(tokens, start)]
    if start < n and tokens[start] in ("a", "an"):
        found.append((start + 1, Fraction(1)))
    if start + 1 < n and tokens[start] == "a" and tokens[start + 1] == "couple":
        end = start + 3 if start + 2 < n and tokens[start + 2] == "of" else start + 2
        found.append((end, Fraction(2)))
    with_half = []
    for end, value in found:
        if tokens[end:end + 3] == ["and", "a", "half"]:
            with_half.append((end + 3, value + Fraction(1, 2)))
    return found + with_half


def _component_prefixes(tokens, start) -> list[tuple[int, dict[str, Fraction]]]:
    """One "quantity unit" piece of a duration: ``(end, {unit: amount})``."""
    n = len(tokens)
    results = []
    # "half an hour", "half a minute", "a half hour", "half hour"
    for prefix in (["half", "an"], ["half", "a"], ["a", "half"], ["half"]):
        end = start + len(prefix)
        if tokens[start:end] == prefix and end < n and tokens[end] in UNITS:
            results.append((end + 1, {UNITS[tokens[end]]: Fraction(1, 2)}))
    # "a quarter of an hour", "quarter of an hour", "a quarter hour", "three quarters of an hour"
    for prefix, amount in ((["a", "quarter"], Fraction(1, 4)), (["quarter"], Fraction(1, 4)),
                           (["three", "quarters"], Fraction(3, 4)),
                           (["three", "quarter"], Fraction(3, 4))):
        end = start + len(prefix)
        if tokens[start:end] != prefix:
            continue
        for middle in (["of", "an"], ["of", "a"], []):
            unit_at = end + len(middle)
            if tokens[end:unit_at] == middle and unit_at < n and tokens[unit_at] in UNITS:
                results.append((unit_at + 1, {UNITS[tokens[unit_at]]: amount}))
    # "fifteen minutes", "an hour and a half", "one and a half hours"
    for end, amount in _quantity_prefixes(tokens, start):
        if end < n and tokens[end] in UNITS:
            unit = UNITS[tokens[end]]
            results.append((end + 1, {unit: amount}))
            if tokens[end + 1:end + 4] == ["and", "a", "half"] and amount == int(amount):
                results.append((end + 4, {unit: amount + Fraction(1, 2)}))
    return results


def _iso_duration(amounts: dict[str, Fraction]) -> str | None:
    counts = {unit: Fraction(0) for unit in _ISO_LETTER}
    for unit, amount in amounts.items():
        counts[unit] += amount
    for unit in ("Y", "MON", "W", "D", "H", "MIN"):
        whole = int(counts[unit])
        fraction = counts[unit] - whole
        if fraction:
            smaller, factor = _SMALLER[unit]
            counts[smaller] += fraction * factor
            counts[unit] = Fraction(whole)
    if counts["S"] != int(counts["S"]):
        return None
    date = "".join(f"{int(counts[u])}{_ISO_LETTER[u]}" for u in _DATE_PART if counts[u])
    time = "".join(f"{int(counts[u])}{_ISO_LETTER[u]}" for u in _TIME_PART if counts[u])
    if not date and not time:
        return None
    return "P" + date + ("T" + time if time else "")


def duration_spans(tokens: Sequence[str]) -> dict[Span, str]:
    """AMAZON.DURATION: every span that reads as a duration, as ISO 8601."""
    tokens = list(tokens)
    spans = {}
    n = len(tokens)
    for start in range(n):
        # Breadth-first over "component (and|,)? component ..."
        frontier = [(end, parts) for end, parts in _component_prefixes(tokens, start)]
        seen = set()
        while frontier:
            end, parts = frontier.pop()
            key = (end, tuple(sorted(parts.items())))
            if key in seen:
                continue
            seen.add(key)
            iso = _iso_duration(parts)
            if iso and (start, end) not in spans:
                spans[(start, end)] = iso
            for gap in (0, 1):
                if gap and (end >= n or tokens[end] != "and"):
                    continue
                for next_end, next_parts in _component_prefixes(tokens, end + gap):
                    if set(next_parts) & set(parts):
                        continue
                    merged = dict(parts)
                    merged.update(next_parts)
                    frontier.append((next_end, merged))
    # The longest reading of a span wins when two readings end at the same place.
    return spans


def parse_duration(text_tokens: Sequence[str]) -> str | None:
    return duration_spans(text_tokens).get((0, len(text_tokens)))


# ---------------------------------------------------------------- dates

def _ordinal_prefixes(tokens, start, cardinals=True) -> list[tuple[int, int]]:
    """Day-of-month readings: "twentieth", "twenty first", "20th", and with ``cardinals`` "20", "twenty"."""
    n = len(tokens)
    results = []
    if start >= n:
        return results
    token = tokens[start]
    if token in ORDINAL_ONES:
        results.append((start + 1, ORDINAL_ONES[token]))
    if token in ORDINAL_TENS:
        results.append((start + 1, ORDINAL_TENS[token]))
    if token in TENS and start + 1 < n and tokens[start + 1] in ORDINAL_ONES \
            and ORDINAL_ONES[tokens[start + 1]] < 10:
        results.append((start + 2, TENS[token] + ORDINAL_ONES[tokens[start + 1]]))
    digit = _digit_ordinal(token)
    if digit is not None:
        results.append((start + 1, digit))
    if cardinals:
        results.extend(cardinal_prefixes(tokens, start))
    return [(end, day) for end, day in results if 1 <= day <= 31]


def _year_prefixes(tokens, start) -> list[tuple[int, int]]:
    n = len(tokens)
    results = []
    if start >= n:
        return results
    if _is_digits(tokens[start]) and len(tokens[start]) == 4:
        results.append((start + 1, int(tokens[start])))
    for end, value in cardinal_prefixes(tokens, start):
        if 1900 <= value <= 2100:
            results.append((end, value))
    # "twenty twenty five", "nineteen ninety", "twenty oh five"
    if tokens[start] in ("nineteen", "twenty"):
        century = ONES.get(tokens[start]) or TENS.get(tokens[start])
        rest = start + 1
        if rest < n and tokens[rest] == "oh" and rest + 1 < n and tokens[rest + 1] in ONES \
                and ONES[tokens[rest + 1]] < 10:
            results.append((rest + 2, century * 100 + ONES[tokens[rest + 1]]))
        for end, value in cardinal_prefixes(tokens, rest):
            if 10 <= value <= 99:
                results.append((end, century * 100 + value))
    return results


def _safe_date(year, month, day) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _next_on_or_after(today: datetime.date, month: int, day: int) -> datetime.date | None:
    for year in (today.year, today.year + 1, today.year + 2):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def _week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _month_offset(today: datetime.date, months: int) -> tuple[int, int]:
    index = today.year * 12 + (today.month - 1) + months
    return index // 12, index % 12 + 1


def _minus_months(today: datetime.date, months: int) -> datetime.date:
    year, month = _month_offset(today, -months)
    for day in (today.day, 30, 29, 28):
        candidate = _safe_date(year, month, day)
        if candidate:
            return candidate
    raise ValueError("unreachable")


def date_spans(tokens: Sequence[str], today: datetime.date) -> dict[Span, str]:
    """AMAZON.DATE: every span that reads as a date, week, month or year."""
    tokens = list(tokens)
    spans: dict[Span, str] = {}
    n = len(tokens)
    day = datetime.timedelta(days=1)

    def add(start, end, value):
        if value and (start, end) not in spans:
            spans[(start, end)] = value

    def words(start, *expected):
        return list(tokens[start:start + len(expected)]) == list(expected)

    for s in range(n):
        t = tokens[s]
        # Single days by name.
        if t in ("today", "now", "tonight"):
            add(s, s + 1, today.isoformat())
        if t == "yesterday":
            add(s, s + 1, (today - day).isoformat())
            if s + 1 < n and tokens[s + 1] in _PARTS_OF_DAY:
                add(s, s + 2, (today - day).isoformat())
        if t == "tomorrow":
            add(s, s + 1, (today + day).isoformat())
        if words(s, "last", "night"):
            add(s, s + 2, (today - day).isoformat())
        if words(s, "this") and s + 1 < n and tokens[s + 1] in ("morning", "afternoon", "evening"):
            add(s, s + 2, today.isoformat())
        if words(s, "the", "day", "before", "yesterday"):
            add(s, s + 4, (today - 2 * day).isoformat())
        if words(s, "the", "day", "after", "tomorrow"):
            add(s, s + 4, (today + 2 * day).isoformat())
        # "three days ago", "a week ago", "two months ago", "in two days", "two days from now"
        for end, amount in _quantity_prefixes(tokens, s):
            if amount != int(amount) or end >= n or tokens[end] not in UNITS:
                continue
            unit, amount = UNITS[tokens[end]], int(amount)
            if unit in ("D", "W"):
                delta = datetime.timedelta(days=amount * (7 if unit == "W" else 1))
                past, future = today - delta, today + delta
            elif unit == "MON":
                past = _minus_months(today, amount)
                future = _minus_months(today, -amount)
            elif unit == "Y":
                past = _safe_date(today.year - amount, today.month, min(today.day, 28))
                future = _safe_date(today.year + amount, today.month, min(today.day, 28))
            else:
                continue
            if end + 1 < n and tokens[end + 1] == "ago":
                add(s, end + 2, past.isoformat())
            if words(end + 1, "from", "now"):
                add(s, end + 3, future.isoformat())
            if s > 0 and tokens[s - 1] == "in":
                add(s - 1, end + 1, future.isoformat())
        # Weekdays: "monday", "on monday", "last monday", "this past monday", "next monday"
        for prefix, kind in ((("last",), "past"), (("this", "past"), "past"), (("past",), "past"),
                             (("on", "last"), "past"), (("next",), "next"), (("this",), "coming"),
                             (("on",), "coming"), ((), "coming")):
            if not words(s, *prefix):
                continue
            w = s + len(prefix)
            if w >= n or tokens[w] not in WEEKDAYS:
                continue
            target = WEEKDAYS[tokens[w]]
            if kind == "past":
                back = (today.weekday() - target) % 7 or 7
                value = today - back * day
            elif kind == "next":
                ahead = (target - today.weekday()) % 7 or 7
                value = today + ahead * day
            else:
                value = today + ((target - today.weekday()) % 7) * day
            add(s, w + 1, value.isoformat())
            if w + 1 < n and tokens[w + 1] in _PARTS_OF_DAY:
                add(s, w + 2, value.isoformat())
        # Weeks, weekends, months, years relative to now.
        for word, offset in (("this", 0), ("last", -1), ("next", 1), ("the", 0), ("past", -1)):
            if not words(s, word) or s + 1 >= n:
                continue
            unit = tokens[s + 1]
            if unit == "week" and word != "the":
                add(s, s + 2, _week(today + datetime.timedelta(weeks=offset)))
            elif unit == "weekend":
                add(s, s + 2, _week(today + datetime.timedelta(weeks=offset)) + "-WE")
            elif unit == "month" and word != "the":
                year, month = _month_offset(today, offset)
                add(s, s + 2, f"{year}-{month:02d}")
            elif unit == "year" and word != "the":
                add(s, s + 2, str(today.year + offset))
        # "november twentieth", "november the twentieth", "november 20th twenty twenty five"
        if t in MONTHS:
            month = MONTHS[t]
            for gap in (0, 1):
                if gap and not words(s + 1, "the"):
                    continue
                for end, dom in _ordinal_prefixes(tokens, s + 1 + gap):
                    _add_day_month(add, s, end, tokens, month, dom, today)
            if t not in _AMBIGUOUS_MONTHS:
                year = today.year if month >= today.month else today.year + 1
                add(s, s + 1, f"{year}-{month:02d}")
                for end, y in _year_prefixes(tokens, s + 1):
                    add(s, end, f"{y}-{month:02d}")
        # "the twentieth of november", "twentieth of november", "20 november", "the twentieth"
        # "the twentieth of november", "twentieth of november", "20 november", "the twentieth"
        day_start, with_the = (s + 1, True) if t == "the" else (s, False)
        for end, dom in _ordinal_prefixes(tokens, day_start):
            following = end + 1 if words(end, "of") else end
            if following < n and tokens[following] in MONTHS:
                _add_day_month(add, s, following, tokens, MONTHS[tokens[following]], dom, today,
                               month_consumed=True)
        if with_the:
            for end, dom in _ordinal_prefixes(tokens, day_start, cardinals=False):
                value = _safe_date(today.year, today.month, dom)
                if value is not None and value < today:
                    year, month = _month_offset(today, 1)
                    value = _safe_date(year, month, dom)
                if value is not None:
                    add(s, end, value.isoformat())
        # Typed ISO dates ("2025-11-20") stay as one token.
        if len(t) == 10 and t[4] == "-" and t[7] == "-":
            try:
                add(s, s + 1, datetime.date.fromisoformat(t).isoformat())
            except ValueError:
                pass
    return spans


def _add_day_month(add, start, end, tokens, month, dom, today, month_consumed=False):
    """Record "<month> <day> [year]" (or "<day> of <month> [year]") spans."""
    after = end + 1 if month_consumed else end
    value = _next_on_or_after(today, month, dom)
    if value is not None:
        add(start, after, value.isoformat())
    for year_end, year in _year_prefixes(tokens, after):
        dated = _safe_date(year, month, dom)
        if dated is not None:
            add(start, year_end, dated.isoformat())


def parse_date(text_tokens: Sequence[str], today: datetime.date) -> str | None:
    return date_spans(text_tokens, today).get((0, len(text_tokens)))


# ---------------------------------------------------------------- times of day

_MERIDIEM = {("am",): 0, ("a", "m"): 0, ("pm",): 12, ("p", "m"): 12,
             ("in", "the", "morning"): 0, ("in", "the", "afternoon"): 12,
             ("in", "the", "evening"): 12, ("at", "night"): 12, ("tonight",): 12}
#: Words AMAZON.TIME reads besides numbers (kept apart from the shared VOCABULARY).
TIME_VOCABULARY = frozenset({"am", "pm", "a", "m", "p", "noon", "midnight", "o'clock", "oclock",
                             "in", "the", "morning", "afternoon", "evening", "at", "night",
                             "tonight", "oh"})


#: AMAZON.TIME's values for a part of the day said alone.
_PART_OF_DAY_CODES = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def time_spans(tokens: Sequence[str]) -> dict[Span, str]:
    """AMAZON.TIME: "ten pm" -> "22:00", "nine thirty" -> "09:30", "noon" -> "12:00".

    As Alexa does, a time said without am or pm keeps the hour as said, and a part of
    the day said alone is its code: "evening" -> "EV" (MO, AF, EV, NI).
    """
    tokens = list(tokens)
    spans: dict[Span, str] = {}
    for start, token in enumerate(tokens):
        if token in _PART_OF_DAY_CODES:
            spans[(start, start + 1)] = _PART_OF_DAY_CODES[token]
            continue
        if token in ("noon", "midnight"):
            spans[(start, start + 1)] = "12:00" if token == "noon" else "00:00"
            continue
        for hour_end, hour in cardinal_prefixes(tokens, start):
            if not 1 <= hour <= 12 or hour_end - start > 1:
                continue
            choices = [(hour_end, 0)]
            if hour_end < len(tokens) and tokens[hour_end] in ("o'clock", "oclock"):
                choices = [(hour_end + 1, 0)]
            oh = hour_end < len(tokens) and tokens[hour_end] == "oh"
            for minute_end, minute in cardinal_prefixes(tokens, hour_end + (1 if oh else 0)):
                if 1 <= minute < 60 and (not oh or minute < 10) and (oh or minute >= 10):
                    choices.append((minute_end, minute))
            for end, minute in choices:
                spans[(start, end)] = f"{hour:02d}:{minute:02d}"
                for words, add in _MERIDIEM.items():
                    if tuple(tokens[end:end + len(words)]) == words:
                        spans[(start, end + len(words))] = f"{hour % 12 + add:02d}:{minute:02d}"
    return spans


#: Parsers by slot type; each takes (tokens, today) and returns {span: value}.
PARSERS = {
    "AMAZON.NUMBER": lambda tokens, today: number_spans(tokens),
    "AMAZON.DURATION": lambda tokens, today: duration_spans(tokens),
    "AMAZON.DATE": lambda tokens, today: date_spans(tokens, today),
    "AMAZON.TIME": lambda tokens, today: time_spans(tokens),
}

#: What ``--check`` and the tests put in a built-in slot of each type.
TYPICAL_VALUES = {
    "AMAZON.NUMBER": "five",
    "AMAZON.DURATION": "fifteen minutes",
    "AMAZON.DATE": "yesterday",
    "AMAZON.TIME": "ten pm",
}
