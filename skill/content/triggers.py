"""How the words around a sign change what it means: the trigger table a symptom is read with.

This is the ConText family of rules (NegEx, Chapman 2001; ConText, Harkema 2009), written
for speech rather than clinical notes. ``skill/triage.py`` finds the signs a person named
(``skill/content/triage.py``), then these triggers, and each trigger changes the signs in its
scope. A clinician can review every trigger here: each has a one-line reason.

Categories (what a trigger does to a sign in its scope):

- ``negated``: the sign is absent. **Only an explicit, local denial of that very sign lowers
  it** (the reader's safety asymmetry): the scope is short, ends at a terminator, and a
  denial never reaches a sign that is reported by an inability ("can't move") or an absence
  ("no feeling"), which are reports in their own right.
- ``pseudo``: looks like a negation and is not one ("never ... before" says the sign is
  *new*). Matched first; its words trigger nothing else.
- ``inability``: joined to a body function ("move", "feel", "pee", ...) it *reports* the sign
  that losing the function means. ``partial`` is the weaker kind ("can barely lift").
- ``absence``: joined to a function noun ("feeling", "movement", "strength", "control") it
  reports the sign too ("no feeling in my foot").
- ``historical``: the sign is old ("for years", "used to"). It lowers the sign one tier, never
  below "doctor now" for bladder or bowel signs and inabilities, and not at all when the person
  says it changed (``change``).
- ``hypothetical``: the sign is asked about ("what if", "should I worry if"). It is answered
  as a report: the answer names the instruction either way.
- ``uncertain``: the person is not sure. Uncertainty is a report: safety wins. ``doubt``
  triggers also turn a stated ability into a possible sign ("not sure I can feel my toes").
- ``other_person``: someone else has the sign. Triaged the same, answered about them.
- ``change``: the sign is new or worse; it cancels ``historical``.
- ``terminator``: ends every scope ("but", "just", "and now"; a new clause ends it too).

Direction: ``forward`` triggers govern the words after them, ``backward`` ones the words
before them ("the numbness is gone"), ``both`` the whole clause.

Phrase syntax (as in the sign table): words separated by spaces; ``word*`` matches any
ending; ``a/b`` either word; ``[word]`` an optional word; ``...`` a gap of up to four words
inside one clause ("never ... before"). Contractions are expanded before matching ("can't"
is "can not", "won't" is "will not", "don't" is "do not").
"""

from typing import NamedTuple

NEGATED = "negated"
PSEUDO = "pseudo"
INABILITY = "inability"
PARTIAL = "partial"
ABSENCE = "absence"
HISTORICAL = "historical"
HYPOTHETICAL = "hypothetical"
UNCERTAIN = "uncertain"
DOUBT = "doubt"
OTHER_PERSON = "other_person"
CHANGE = "change"
TERMINATOR = "terminator"

FORWARD = "forward"
BACKWARD = "backward"
BOTH = "both"


class Trigger(NamedTuple):
    phrase: str
    category: str
    direction: str
    reason: str
    #: For ``pseudo``: what it says about the signs in its clause ("new": the sign is new).
    effect: str = ""


def _many(phrases: str, category: str, direction: str, reason: str, effect: str = ""):
    return [Trigger(p.strip(), category, direction, reason, effect) for p in phrases.split(",")]


TRIGGERS: list[Trigger] = [
    # -- pseudo-negations: matched first, never a denial -------------------------------------
    *_many("never ... before, never ... until, never ... till, never ... like this, never ... like that, "
           "never ... this bad, never ... so bad, never ... in my life, never ... this much, "
           "never ... before now, not ... until, not ... till, not ... before now, "
           "nothing like this, nothing like that, nothing like it, no ... like this, "
           "not ... like this before, never had this, never happened, never been this, never felt this",
           PSEUDO, BOTH, "'Never ... before' says the sign is new: the guide's 'new or worse'.", "new"),
    *_many("first time, for the first time, brand new, out of nowhere, out of the blue",
           PSEUDO, BOTH, "Says the sign is new: the guide's 'new or worse'.", "new"),
    *_many("not only, not just, not merely",
           PSEUDO, FORWARD, "'Not just my back' adds a sign; it denies nothing."),
    *_many("no change, no difference, not changed, not gone, not stop, not stopping, not stopped, "
           "not get rid, no let up",
           PSEUDO, BOTH, "Says the sign is still there: a report, not a denial."),
    *_many("no matter, no reason, for no reason, no warning, without warning, with no warning, "
           "no idea why, not even, not to mention, no doubt, without doubt, not the only",
           PSEUDO, BOTH, "A set phrase with a negation word that negates no sign."),
    *_many("not as bad, not as much, not quite as, not so bad, no worse",
           PSEUDO, BOTH, "Says how bad a sign is, not that it is absent: the sign stays."),
    *_many("can not stop, could not stop, will not stop, not stop, not able to stop, unable to stop, "
           "no way to stop, can not control the, can not get it to stop",
           PSEUDO, BOTH, "'Can't stop shaking or peeing' reports what does not stop."),
    *_many("whether or not, if not, or not",
           PSEUDO, BOTH, "A question's 'or not' negates nothing."),

    # -- uncertainty: a possible sign is a sign -----------------------------------------------
    *_many("not sure, not certain, not really sure, unsure, not positive, no idea if, no idea whether, "
           "do not know if, do not know whether, do not know, can not tell, could not tell, "
           "hard to tell, hard to say, can not say, i wonder, wondering if, wondering whether, "
           "i doubt, doubt, do not think, do not believe, not think",
           DOUBT, FORWARD, "Doubt is a report: a sign the person cannot rule out counts, and so "
           "does an ability they are not sure of ('not sure I can feel my toes')."),
    *_many("i think, i believe, i guess, i suppose, i feel like, it feels like, feels like, "
           "seems, seems like, it seems, maybe, might, might be, may, may be, possibly, probably, "
           "perhaps, could be, kind of, kinda, sort of, a bit, a little, slightly, somewhat, "
           "almost, nearly, a touch of, a hint of, bit of, i reckon, apparently",
           UNCERTAIN, FORWARD, "A hedged report is a report, and a hedged denial ('I don't think "
           "so') is no explicit denial: safety wins."),

    # -- inability: with a body function, a report of the sign --------------------------------
    *_many("can not, could not, can no longer, could no longer, unable to, not able to, "
           "no longer able to, not been able to, incapable of, impossible to, will not, would not, "
           "does not, do not, did not, is not, are not, was not, were not, has not, have not, "
           "had not, never, none of, refuses to, refuse to, fails to, failing to, failed to, "
           "lost the ability to, lost all ability to, nothing happens when i try to, "
           "nothing happens when i, nothing happens if i, too weak to, too numb to, "
           "nothing ... when i/he/she/they/we try/tries/tried to, "
           "nothing ... when i/he/she/they/we try/tries/tried and, "
           "nothing ... if i/he/she/they/we try/tries/tried to, "
           "nothing i/he/she/they/we do/does/did/try/tries/tried make/makes/made/gets/get, "
           "nothing i/he/she/they/we do/try will/can make/get, "
           "nothing makes, nothing will make, nothing can make, nothing gets, no way to, no way i can, no way i could, no way can i, can not get, can not make, "
           "too much to, too painful to, too sore to, too stiff to, hurts too much to, "
           "hurt too much to, too bad to, too scared to, "
           "will not let me, would not let me, "
           "stopped, stops, has stopped, have stopped, quit, quits, gave up, ceased, "
           "is no longer, are no longer, no longer",
           INABILITY, FORWARD, "Not being able to move, feel, lift, stand or pee is the sign "
           "itself, said the way people say it: a report, never a denial."),
    *_many("nothing happened, nothing happens, nothing happening, "
           "nothing moved, nothing moves, it will not, it would not, it did not, it does not, "
           "they will not, they would not, they did not, no response, no luck, with no luck, did not work, "
           "does not work, would not work, will not work, could not do it, can not do it, "
           "but it will not, it just will not, it just would not, failed",
           INABILITY, BACKWARD, "Trying a body function and failing ('I tried to lift my leg "
           "and nothing happened') reports the sign, said after the function."),
    *_many("can barely, can hardly, could barely, could hardly, barely, hardly, struggle to, "
           "struggling to, struggled to, hard to, harder to, difficult to, difficulty, trouble, "
           "problems, problem, having a hard time, a hard time, takes ages to, weaker",
           PARTIAL, FORWARD, "Doing it only with difficulty: weakness for a limb, the sign itself "
           "for the bladder, and pain that keeps one down for standing or walking."),

    # -- absence: with a function noun, a report of the sign ----------------------------------
    *_many("no, zero, not any, not much, not a lot of, hardly any, barely any, little, less, "
           "reduced, decreased, lost, lost all, lost all the, lost the, lost my, lost some, "
           "losing, losing the, losing my, loss of, lack of, lacking, any, without any, without, "
           "not have, not got, not really have, no longer have, not have much, not have full, "
           "not have normal, not have proper, not have the",
           ABSENCE, FORWARD, "'No feeling', 'no movement', 'lost control', 'no strength' name "
           "the sign by what is missing: a report."),

    # -- explicit denials ------------------------------------------------------------------------
    *_many("no, not, never, without, none, nothing, neither, nor, no sign of, no signs of, "
           "not any, free of, denies, deny, absence of, no more, no longer, not had, "
           "never had, never have, zero",
           NEGATED, FORWARD, "An explicit denial of the sign that follows, within a few words and "
           "before any terminator."),
    *_many("is gone, are gone, has gone, have gone, went away, gone away, has stopped, have stopped, "
           "stopped, has cleared, cleared up, has passed, is fine, are fine, is okay, are okay, "
           "is all right, are all right, is normal, are normal, feels normal, feel normal, "
           "feels fine, feel fine, feel okay, feels okay, is not a problem, are not a problem, "
           "not a problem, no problem, not an issue, is resolved, went back to normal, "
           "is back to normal, are back to normal, working fine, working normally, "
           "working okay, work fine, works fine, seem fine, seems fine",
           NEGATED, BACKWARD, "The sign just named is gone or fine: an explicit denial of it, "
           "within its own clause."),

    # -- historical: an old sign, not a new one ----------------------------------------------------
    *_many("for years, for many years, for ages, for a long time, for decades, years ago, a year ago, "
           "last year, years back, used to, in the past, history of, a history of, once before, "
           "chronic, always had, always have, always get, always gets, on and off, off and on, "
           "every so often, from time to time, when i was younger, when i was a kid, "
           "when i was a child, as a child, as a teenager, back in, previously, since childhood, "
           "since i was, long standing, longstanding, old injury, my whole life, all my life, "
           "as long as i can remember, normal for me, usual for me, as usual, like always, "
           "my usual, diagnosed with, been diagnosed, years, months ago, long time ago",
           HISTORICAL, BOTH, "An old or usual sign is not the guide's 'new or worse': one tier "
           "lower, never below 'doctor now' for bladder, bowel or an inability."),

    # -- change: new or worse, so not merely old ----------------------------------------------
    *_many("new, newly, worse, worsening, getting worse, worse than, more than usual, spreading, "
           "spread, spreads, different, changed, suddenly, sudden, all of a sudden, started, "
           "starting, now, today, tonight, this morning, this afternoon, this evening, yesterday, "
           "last night, again, flare*, increasing, more and more, getting more, more often, "
           "both, bad today, gotten worse, got worse",
           CHANGE, BOTH, "New, worse or changed: the guide's 'new or worse', so a historical "
           "trigger does not lower it."),

    # -- hypothetical: asked about, answered as if reported --------------------------------------
    *_many("what if, if, in case, should i worry if, what happens if, what would happen if, "
           "what should i do if, would, could, can a, can back, can it, does it, do back, "
           "is it possible, possible to, signs of, symptoms of, warning signs, red flags, "
           "when should, when to, suppose, supposing, in the event, whether, afraid of, "
           "scared of, worried about getting, risk of, chance of, to avoid, prevent, "
           "what are the, how do i know",
           HYPOTHETICAL, FORWARD, "A sign asked about is answered with its instruction, as if "
           "reported: the answer suits both, and safety wins."),

    # -- another person: triaged the same, answered about them -----------------------------------
    *_many("my wife, my husband, my partner, my son, my daughter, my child, my kid, my baby, "
           "my boy, my girl, my mum, my mom, my mother, my dad, my father, my grandma, my grandpa, "
           "my grandmother, my grandfather, my gran, my granny, my nan, my nana, my grandad, "
           "my granddad, my brother, my sister, my friend, my boyfriend, my girlfriend, "
           "my fiance, my fiancee, my roommate, my flatmate, my neighbor, my neighbour, "
           "my coworker, my colleague, my uncle, my aunt, my cousin, my patient, my client, "
           "my teenager, my uncle, my mother in law, my father in law, my spouse, my stepdad, "
           "my stepmom, my stepmum, he, she, him, his, her, someone, somebody, a friend, "
           "wife, husband, partner, son, daughter, child, kid, baby, mum, mom, mother, dad, "
           "father, grandma, grandpa, grandmother, grandfather, granny, nana, grandad, brother, "
           "sister, friend, boyfriend, girlfriend, neighbor, neighbour, patient, toddler, "
           "teenager, teen, husbands, wifes, sons, daughters, mothers, fathers, dads, moms, mums, "
           "this man, this woman, this guy, this lady, an old man, an old lady, the patient",
           OTHER_PERSON, BOTH, "Someone else's sign is triaged exactly the same; the answer "
           "speaks about them."),

    # -- terminators: every scope ends here --------------------------------------------------------
    *_many("but, though, although, however, just, only, except, except for, apart from, other than, "
           "besides, yet, still, and now, now, then, and then, since, because, cause, as, so, "
           "which, who, while, whereas, when, whenever, after, until, till, even though, anyway, "
           "plus, also, and also, as well as, instead, rather, otherwise, actually, in fact, "
           "and yet, and still, but now, except that, its just, it is just, only that",
           TERMINATOR, BOTH, "A new clause or a turn in the sentence: a denial before it never "
           "reaches a sign after it."),
]

#: "and" ends a scope when a new clause starts after it ("no numbness and my leg won't move");
#: it continues a list otherwise ("no numbness and no tingling").
NEW_CLAUSE_AFTER_AND = ("i", "my", "it", "he", "she", "they", "there", "his", "her", "their",
                        "the", "now", "then", "this", "that", "we", "you", "your")

#: After a sign has been named, these start a new clause inside a scope (there is no
#: punctuation in speech): "I don't have numbness I have weakness".
NEW_SUBJECTS = ("i", "it", "he", "she", "they", "there", "we")

#: How far an explicit denial reaches: at most this many words between the trigger and the
#: sign. For bladder or bowel signs and inabilities the reach is shorter still.
DENIAL_REACH = 6
FLOOR_DENIAL_REACH = 4
#: How far a backward denial ("... is gone") reaches back.
BACKWARD_REACH = 6

#: Words allowed between an inability trigger and the function it governs
#: ("can't even really move", "haven't been able to properly feel").
INABILITY_FILLERS = ("even", "really", "properly", "fully", "quite", "actually", "seem", "seems",
                     "to", "be", "been", "being", "able", "manage", "managed", "get", "make",
                     "try", "trying", "tried", "go", "let", "me", "him", "her", "them", "it",
                     "had", "for", "done", "at", "all", "much", "anymore", "any", "more", "longer", "completely",
                     "totally", "just", "still", "barely", "hardly", "seem to", "normally", "left",
                     "right", "upper", "lower", "whole",
                     "well", "very", "so", "too", "straight", "myself", "himself", "herself",
                     "a", "single", "my", "his", "their", "the", "either", "one", "of", "both")
