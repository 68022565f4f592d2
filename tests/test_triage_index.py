"""The reader's phrase index gives, for a word said, exactly the phrases that can start there.

``skill.triage._Index`` files each phrase of the sign and trigger tables by its first word
without compiling the phrase; in a general index (phrases said of anyone, in any tense) an
inflected first word is filed once and its forms are worked out when a word is looked up.
Whatever the filing, a lookup must give what a scan of the whole table gives: every phrase
whose compiled first item matches the word, in table order (the reader breaks ties between
equally long phrases by that order), then those whose first word is a stem, then those that
start with an optional word or a gap. Checked here against that scan for every word any first
item of every index can match.
"""

import pytest

from skill import triage


def _all_indexes():
    for name, index in triage._indexes().items():
        if isinstance(index, dict):
            yield from ((f"{name}/{category}", sub) for category, sub in index.items())
        else:
            yield name, index


INDEXES = dict(_all_indexes())


def _entries(index) -> list:
    """Every (position, phrase, payload) the index holds, in table order."""
    buckets = [*index.by_word.values(), *index.by_prefix.values(), index.other, *index.by_first.values()]
    found = {entry[0]: entry for bucket in buckets for entry in bucket}
    return [found[position] for position in sorted(found)]


def _first_item(index, phrase):
    return triage._compile(phrase, index.general).items[0]


def _scan(index, entries, word) -> list:
    """What a lookup must give: the whole table scanned, with each phrase's compiled first item."""
    items = [(entry, _first_item(index, entry[1])) for entry in entries]
    literal = [entry for entry, item in items if item[0] in ("lit", "mix") and word in item[1]]
    stems = [entry for length in range(1, len(word) + 1) for entry, item in items
             if item[0] in ("pre", "mix") and word[:length] in item[-1]]
    rest = [entry for entry, item in items if item[0] not in ("lit", "pre", "mix")]
    return literal + stems + rest


def _words_to_try(index, entries) -> set[str]:
    words = {"leg", "legs", "can", "not", "my", "his", "lifted", "held", "went", "zzz", "a", "i"}
    for _position, phrase, _payload in entries:
        item = _first_item(index, phrase)
        if item[0] == "opt":
            item = item[1]
        if item[0] in ("lit", "mix"):
            for literal in item[1]:
                words |= {literal, literal + "s", literal[:-1]}
        if item[0] in ("pre", "mix"):
            for prefix in item[-1]:
                words |= {prefix, prefix + "ed", prefix[:-1]}
    return {word for word in words if word}


@pytest.mark.parametrize("name", sorted(INDEXES))
def test_a_lookup_gives_what_a_scan_of_the_table_gives(name):
    index = INDEXES[name]
    entries = _entries(index)
    assert entries, name
    for word in sorted(_words_to_try(index, entries)):
        assert index._starting_with(word) == _scan(index, entries, word), (name, word)


def test_every_form_of_an_inflected_first_word_finds_its_phrases():
    signs = INDEXES["signs"]
    assert signs.by_first, "the sign table's first words are filed as inflecting words"
    for first, filed in signs.by_first.items():
        forms = triage._item(triage._general(first, first=True))[1]
        assert first in forms
        for form in forms:
            found = signs._starting_with(form)
            assert all(entry in found for entry in filed), (first, form)
