"""Which words name which sign: the table a described symptom is read with.

Source: the guide's "Back spasm: When to call". Alexa passes the words a
person said in the symptom, body-part and person slots even when they match
none of the slot's values; ``skill/triage.py`` reads those words with this
table, and with the values Alexa did resolve, and the more urgent reading
wins. A clinician can review the whole table here.

How to read an entry: a phrase matches a run of the person's words;
``*`` at the end of a word matches any ending ("numb*" is numb, numbness,
numbed). Contractions are expanded before matching ("can't" is "can not",
"won't" is "will not"), so the phrases are written expanded.
"""

# -- where ------------------------------------------------------------------------------------

#: An arm or a leg (the 911 sign: can't move one at all).
LIMBS = (
    "arm*", "leg", "legs", "hand", "hands", "finger*", "foot", "feet", "toe", "toes",
    "thigh*", "knee*", "calf", "calves", "ankle*", "limb*", "shin*", "wrist*", "shoulder*",
)

#: An arm or a hand: numbness, tingling or weakness there is not one of the guide's leg signs,
#: so the answer names the arm (still doctor now: a cautious reading a clinician should confirm).
ARMS = ("arm*", "hand", "hands", "finger*", "wrist*", "elbow*")

#: The guide's legs, belly and buttocks, and what people call them (the doctor-now signs).
LOWER_BODY = (
    "leg", "legs", "thigh*", "knee*", "calf", "calves", "shin*", "hamstring*", "foot", "feet",
    "toe", "toes", "ankle*", "heel*", "groin*", "crotch", "genital*", "privates", "private parts",
    "private area", "saddle", "between my legs", "down there", "penis", "vagina", "belly",
    "stomach", "tummy", "abdomen", "abdominal", "gut", "buttock*", "butt", "butts", "bum",
    "bottom", "backside", "behind", "rear end", "glute*", "bum cheek*", "butt cheek*", "hip", "hips",
    "sciatic*",
)

#: The back itself: pain here, or a back that "gave out", is the everyday back spasm, not a sign.
BACK = ("back", "spine", "lower back", "upper back", "back muscle*", "neck")

# -- what -------------------------------------------------------------------------------------

#: Paralysed: 911 wherever it is said.
PARALYSIS = ("paraly*", "paralys*", "waist down", "below the waist", "neck down", "below my neck")

#: Can't move it: 911 when an arm or a leg is named; said of oneself, pain that keeps one down.
CANNOT_MOVE = (
    "can not move", "could not move", "unable to move", "will not move", "would not move",
    "does not move", "did not move", "can not lift", "could not lift", "can not raise",
    "can not use", "will not budge", "will not work", "stopped working", "can not bend my",
    "or move", "nor move", "and move", "will not respond", "not working", "are not working",
    "does not work", "do not work", "did not work", "move nothing", "moved nothing",
    "not moving", "not budging", "not responding", "will not do anything", "lost use",
    "lost all use", "lost the use", "no use of",
)

#: Said of an arm or a leg only: it does not move at all.
LIMB_LIFELESS = ("dead", "went dead", "gone dead", "hanging", "limp", "floppy", "flop*", "useless",
                 "can not get them to work", "can not get it to work")

#: Lost bladder or bowel control (and not being able to pass water): call the doctor now.
BLADDER_OR_BOWEL = (
    "bladder*", "bowel*", "incontinen*", "wet myself", "wet himself", "wet herself",
    "wet themselves", "wet my pants", "wet his pants", "wet her pants", "wet the bed", "pee*",
    "urin*", "pooped", "poop myself", "pooped myself", "soiled", "messed myself", "had an accident",
    "accident in", "can not hold it", "can not hold my", "leak*", "can not control my",
    "lost control", "losing control", "no control", "able to pee", "trouble starting",
    "struggling to pee", "trouble peeing", "hard to pee", "difficulty urinat*", "wetting",
    "piss*", "wee myself", "wee d myself", "weed myself", "can not wee", "able to wee",
    "nothing comes out", "nothing is coming out", "nothing coming out", "could not hold it",
    "can not hold my wee", "make it to the loo", "make it to the toilet", "make it to the bathroom",
    "just comes out", "tell when i need the toilet", "tell when i need to go",
    "tell when i need", "feel when i need", "know when i need", "need to wee", "need a wee",
    "number two", "poo", "pooing", "poo myself",
)

#: New or worse numbness or tingling: call the doctor now.
NUMBNESS = (
    "numb*", "tingl*", "pins and needles", "can not feel", "could not feel", "no feeling",
    "lost feeling", "lost all feeling", "lost the feeling", "losing feeling", "asleep",
    "fell asleep", "fallen asleep", "no sensation", "lost sensation", "feel nothing", "felt nothing",
    "feeling nothing", "sense nothing",
)

#: New or worse weakness: call the doctor now.
WEAKNESS = (
    "weak*", "giving way", "gave way", "gives way", "give way", "giving out", "gave out",
    "gives out", "give out", "buckl*", "drag*", "foot drop", "jelly", "no strength",
    "collaps*", "slap*", "wobbl*", "tiptoe*", "tip toes", "on my toes", "on my heels", "will not hold", "would not hold", "can not hold me", "can not hold him",
    "can not hold her", "will not support", "can not support",
)

#: Pain words: a sign in the legs, groin, belly or buttocks; the back spasm itself elsewhere.
PAIN = (
    "pain*", "hurt*", "ache*", "aching", "sore*", "throb*", "shoot*", "stab*", "sharp",
    "burn*", "radiat*", "agony", "killing me", "cramp*", "spasm*", "electric*", "sciatica",
    "spread*", "travel*", "into my", "down my", "goes into", "going into", "moved into",
    "on fire",
)

#: Pain named with a place that makes it a sign on its own.
PAIN_SIGNS = ("sciatica", "sciatic*")

#: The watch-closely signs: contact the doctor.
FEVER = ("fever*", "temperature", "chill*", "shiver*", "sweat*", "drenched", "burning up", "feverish")
WEIGHT_LOSS = ("losing weight", "lost weight", "lose weight", "weight loss", "dropping weight",
               "dropped weight", "lot of weight", "pounds", "kilos", "getting thin*")
FEELING_UNWELL = (
    "unwell", "sick", "ill", "not feel well", "not feel good", "not feeling well",
    "not feeling good", "feel awful", "feel terrible", "feel off", "feel bad", "feel rough",
    "nause*", "vomit*", "throwing up", "threw up", "dizz*", "flu", "under the weather",
    "poorly",
)
NOT_IMPROVING = (
    "not getting better", "not getting any better", "not get better", "no better", "not improving",
    "not improve*",
    "not any better", "is not healing", "not healing", "will not go away", "not going away",
    "has not gone away", "still hurts", "still hurting", "still in pain", "still bad",
    "getting worse", "worse", "worsening", "weeks", "months", "a month", "few days", "nothing helps",
    "nothing is helping",
)

#: Pain that keeps a person down (not a sign on its own; the answer still names the 911 sign first).
STUCK = (
    "can not get up", "could not get up", "can not stand", "could not stand", "can not sit up",
    "can not roll", "can not turn", "can not walk", "could not walk", "can not get out of",
    "can not get off", "stuck", "barely move", "hardly move", "barely walk", "hardly walk",
    "can not bend", "can not straighten", "can not stand up straight",
    "can not move", "could not move", "will not budge", "wedged", "pinned", "to get up",
    "get myself up", "get himself up", "get herself up", "get themselves up",
)

#: Words that ask for emergency help whatever else is said: 911.
EMERGENCY = (
    "ambulance", "nine one one", "911", "999", "nine nine nine", "triple zero", "112",
    "emergency", "paramedic*", "can not breathe",
    "could not breathe", "not breathing", "chest pain", "chest hurts", "passed out", "pass out",
    "faint*", "unconscious", "stroke", "heart attack", "seizure",
)

#: A fall or an accident: not a sign the guide names, but its rule that 911 is for whenever
#: emergency care may be needed comes first, before any self-care.
INJURY = (
    "fell", "fall", "fallen", "slipped", "tripped", "landed on", "landed hard", "car accident",
    "crash*", "rear ended", "hit by", "knocked down", "knocked over",
)

#: Said when nothing is wrong but the back ("I can feel my legs", "my bladder's fine"): with no
#: sign named, the answer is the everyday one.
REASSURANCE = (
    "can feel", "can still feel", "can move", "can still move", "can walk", "can still walk",
    "can pee", "can still pee", "fine", "okay", "ok", "all right", "alright", "normal", "all good",
    "does not go", "does not spread", "not going down", "does not go down",
)

#: A word just before a sign (within three words) that says the sign is absent.
NEGATIONS = ("no", "not", "never", "without", "none", "nothing", "neither", "nor")
