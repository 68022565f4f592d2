"""Self-care topics: every word the skill says about the guide, in its own words.

Each topic names the passage of the guide it comes from (the guide is
``shared/seed/back-spasm-care-source.txt``). A topic is read in short chunks:
the first chunk is the answer to the question and fits in one breath; the
rest are read on "more", "next" or "yes". Nothing here goes beyond the guide,
and no chunk gives a dose.
"""

from typing import NamedTuple


class Topic(NamedTuple):
    """One topic of the guide, read a chunk at a time."""

    id: str
    #: What the topic is called in speech ("lying positions") and on the card.
    name: str
    card_title: str
    #: The guide passage every chunk comes from, for the clinician's review.
    source: str
    chunks: tuple[str, ...]
    #: How to invite the next chunk; positions are a list, so "say next" reads better.
    more_prompt: str = "Want to hear more?"
    #: Topic offered once the last chunk has been read.
    offer_next_topic: str | None = None
    #: A chunk after which "yes" means "time a heat or ice session" (the plan's first step).
    timer_offer_chunk: int | None = None
    #: How the next topic is offered, when not "Would you like to hear about ...?".
    next_topic_prompt: str | None = None
    #: Offered instead, in this order, when the next topic was already heard, taken or
    #: declined in this session: an offer is never made twice.
    later_offers: tuple[str, ...] = ()


HEAT_ICE = Topic(
    id="heat_ice",
    name="heat and ice",
    card_title="Heat or ice",
    source="Self-care section, Heat, ice, and medicines, bullet 1",
    chunks=(
        # The cloth comes first: a pack straight on the skin can burn or freeze it.
        "Try heat or ice, whichever feels better, ten to twenty minutes at a time, "
        "a few times a day. Always put a thin cloth between the pack and your skin.",
        "You can also go back and forth between heat and ice.",
        "If you like, I can time a session for you. "
        "Just say, start a fifteen minute ice session.",
    ),
    offer_next_topic="medicine",
    later_offers=("lying_positions", "plan"),
)

MEDICINE = Topic(
    id="medicine",
    name="medicine",
    card_title="Pain medicine",
    source="Self-care section, Heat, ice, and medicines, bullet 2",
    chunks=(
        "An over-the-counter pain reliever helps most back pain. If you can take them, N-SAIDs "
        "like ibuprofen or naproxen seem to work best; if not, try acetaminophen. Follow the label.",
        # Beyond the guide's words (docs/clinical-safety.md): who should ask before taking any.
        "If you're pregnant or breastfeeding, have stomach, kidney, liver or heart trouble, take "
        "blood thinners or other medicines, or it's for a child, ask a doctor or pharmacist first.",
        "Be careful with any medicine: read every direction on the label and "
        "stick to it. I can't tell you how much to take; the label does.",
    ),
    offer_next_topic="lying_positions",
    later_offers=("heat_ice", "plan"),
)

LYING_POSITIONS = Topic(
    id="lying_positions",
    name="lying positions",
    card_title="Ways to lie down",
    source="Self-care section, Body positions and posture, bullet 1",
    chunks=(
        "Sit or lie however hurts least. Here are four positions to try. "
        "First: on your back, knees bent, with big pillows propping them up.",
        "Second: on the floor, with your legs resting up on the seat of a "
        "couch or a chair.",
        "Third: on your side, knees and hips bent, with a pillow between your legs.",
        "Fourth: on your stomach, but only if that doesn't make the pain worse.",
    ),
    more_prompt="Say next for the next position.",
    offer_next_topic="sitting",
    later_offers=("heat_ice", "walking"),
)

SITTING = Topic(
    id="sitting",
    name="sitting",
    card_title="Sitting breaks",
    source="Self-care section, Body positions and posture, bullet 3",
    chunks=(
        "If you have to sit for a long time, break it up: change position "
        "every thirty minutes.",
        "On each break, get up and walk around a little, or lie down in a "
        "position that's comfortable.",
        "I can remind you when thirty minutes are up. "
        "Just say, remind me to get up.",
    ),
    offer_next_topic="walking",
    later_offers=("stretching",),
)

BED_REST = Topic(
    id="bed_rest",
    name="bed rest",
    card_title="Bed rest",
    source="Self-care section, Body positions and posture, bullet 2",
    chunks=(
        "Resting in bed can ease the pain at first. "
        "But after the first day, don't lie in bed to rest during the day, because more bed "
        "rest slows down healing.",
        "Long stretches of rest with no activity usually aren't good for "
        "your back. Short walks, a few times a day, keep you moving.",
    ),
    offer_next_topic="walking",
    later_offers=("sitting", "stretching"),
)

WALKING = Topic(
    id="walking",
    name="walking",
    card_title="Short walks",
    source="Self-care section, Activity, bullet 1",
    chunks=(
        "Short walks help: five to ten minutes, three or four times a day, on level ground. "
        "Skip hills and stairs until your back feels better.",
        "Then build up to longer walks, a little at a time.",
        "I can time a walk for you. Just say, time a ten minute walk.",
    ),
    offer_next_topic="stretching",
    later_offers=("sitting", "prevention"),
)

STRETCHING = Topic(
    id="stretching",
    name="stretching",
    card_title="Stretching",
    source="Self-care section, Activity, bullet 2",
    chunks=(
        "Once the spasm starts easing, stretch your muscles every day. "
        "Stretching regularly helps them relax.",
        "The best times to stretch are before you exercise, after you "
        "exercise, and at bedtime.",
    ),
    offer_next_topic="prevention",
    later_offers=("walking",),
)

PREVENTION = Topic(
    id="prevention",
    name="preventing back pain",
    card_title="Preventing back pain",
    source="Self-care section, Activity, bullet 3",
    chunks=(
        "To keep back pain from coming back, do exercises that stretch and "
        "strengthen both your back and your stomach.",
        "It also helps to learn good posture, safe ways to lift, and other "
        "ways of moving that spare your back.",
    ),
    offer_next_topic="when_to_call",
    later_offers=("stretching",),
)

WHEN_TO_CALL = Topic(
    id="when_to_call",
    name="when to call a doctor",
    card_title="When to get help",
    source="Back spasm: When to call (all three parts)",
    chunks=(
        # Both urgent tiers in the first answer, so nobody stops listening before bladder,
        # bowel and numbness are named: longer than one breath, on purpose.
        "Call 911 if you may need emergency care, like an arm or leg that won't move at all. "
        "Call your doctor now for lost bladder or bowel control, or new or worse numbness, "
        "tingling, weakness or pain in your legs, belly or buttocks.",
        "Otherwise, watch closely how you feel, and contact your doctor if "
        "you get a fever, lose weight, feel unwell, or aren't improving as "
        "expected.",
    ),
)

FIRST_MOVES = Topic(
    id="first_moves",
    name="what to do now",
    card_title="What to do now",
    source="Self-care section: Heat, ice, and medicines, bullets 1 and 2; "
           "Body positions and posture, bullet 1",
    chunks=(
        "Heat or ice for ten to twenty minutes, over a thin cloth. A pain reliever, as the label "
        "says: ibuprofen if you can take it, or acetaminophen. Lie however hurts least.",
    ),
    offer_next_topic="plan",
    next_topic_prompt="Want me to walk you through it?",
    later_offers=("lying_positions", "heat_ice", "medicine", "when_to_call"),
)

PLAN = Topic(
    id="plan",
    name="the step by step plan",
    card_title="Step by step",
    source="Self-care section, all of it, in the order a person on the floor needs it",
    chunks=(
        "Step one: heat or ice on your back, whichever feels better, for ten to "
        "twenty minutes, with a thin cloth between it and your skin.",
        "Step two: an over-the-counter pain reliever. N-SAIDs like ibuprofen or naproxen seem "
        "to work best if you can take them; if not, acetaminophen. Follow the label.",
        "Step three: while the heat or ice works, lie however hurts least, like "
        "on your back with pillows under your bent knees.",
        "Step four, for later: short walks on level ground, five to ten minutes, three or four "
        "times a day. After the first day, avoid daytime bed rest.",
    ),
    more_prompt="Say next for the next step.",
    timer_offer_chunk=0,
    # After the plan, the most useful next step is knowing the warning signs.
    offer_next_topic="when_to_call",
    later_offers=("walking",),
)

TOPICS = {
    topic.id: topic
    for topic in (
        HEAT_ICE, MEDICINE, LYING_POSITIONS, SITTING, BED_REST,
        WALKING, STRETCHING, PREVENTION, WHEN_TO_CALL, FIRST_MOVES, PLAN,
    )
}

#: How a topic is offered when it is not "Would you like to hear about {name}?".
OFFER_PHRASES = {
    "plan": "Want me to walk you through it step by step?",
    "first_moves": "Want to hear what helps a back spasm?",
    "when_to_call": "Want to hear the warning signs to watch for?",
}

#: After a plan step that offers a timer: "yes" asks heat or ice, "next" goes on.
PLAN_TIMER_OFFER = "Want me to time it? Or say next."
PLAN_TIMER_REPROMPT = "Say yes and I'll time your heat or ice, or say next for step two."

# Day-aware words (memory of when the pain started). Same passages as the topics.
FIRST_MOVES_LATER_DAY = (
    "Past the first day: heat or ice, ten to twenty minutes over a thin cloth, a pain reliever "
    "as the label says, and short walks, not bed rest."
)
PLAN_LATER_FIRST_DAY = (
    "Step four, for later: short walks, five to ten minutes, three or four times a day. Bed "
    "rest is fine today, but avoid it after today."
)
PLAN_LATER_PAST_FIRST_DAY = (
    "Step four, for later today: short walks on flat ground, five to ten minutes, "
    "three or four times. If you must sit, get up every thirty minutes."
)


# Answers for a named medicine (MedicineType slot ids). Same passage as MEDICINE.
# Every answer ends by pointing at the label: the skill never gives a dose.
MEDICINE_BY_SLOT_ID = {
    "IBUPROFEN": "Ibuprofen, sold as Advil or Motrin, is an N-SAID. If you can take "
                 "N-SAIDs, they seem to work best for back pain; if you can't, try "
                 "acetaminophen. Read the label and follow it.",
    "NAPROXEN": "Naproxen, sold as Aleve, is an N-SAID. If you can take N-SAIDs, they seem "
                "to work best for back pain; if you can't, try acetaminophen. Read the "
                "label and follow it.",
    "NSAID": "If you can take them, anti-inflammatories, or N-SAIDs, like ibuprofen or "
             "naproxen, seem to work best for back pain; if you can't, try acetaminophen. "
             "Read the label and follow it.",
    "ACETAMINOPHEN": "Acetaminophen, sold as Tylenol, is the one to try if "
                     "you can't take N-SAIDs like ibuprofen or naproxen. "
                     "Read the label and follow it.",
}

MEDICINE_NOT_IN_GUIDE = (
    "I can't advise on that one; please ask your doctor or a pharmacist. My guide "
    "covers ibuprofen, naproxen and acetaminophen: follow their labels."
)

#: Medicines the guide does not cover (MedicineType ids), as they are named in speech.
OTHER_MEDICINE_NAMES = {
    "ASPIRIN": "aspirin",
    "MUSCLE_RELAXANT": "muscle relaxants",
    "OPIOID": "opioid painkillers",
    "CANNABIS": "C B D or cannabis",
    "ALCOHOL": "alcohol",
    "PRESCRIPTION": "prescription medicines",
    "TOPICAL": "creams, gels and patches",
}
OTHER_MEDICINE_CARD = "Other medicines"
OTHER_MEDICINE = (
    "I can't advise on {name}; please ask your doctor or a pharmacist. My guide "
    "covers ibuprofen, naproxen and acetaminophen: follow their labels."
)
#: Someone else's medicine, or two medicines together.
SOMEONE_ELSES_MEDICINE = (
    "Please don't take medicine that was prescribed for someone else; ask your "
    "doctor or a pharmacist first. For an over-the-counter pain reliever, follow its label."
)
MIXING_MEDICINES = (
    "I can't advise on taking medicines together; please ask a pharmacist or "
    "your doctor first. For each one, read the label and follow it."
)

# "How much can I take?", "can I take three?": never a number, and never a yes.
DOSE_CARD = "How much to take"
DOSE = (
    "I can't tell you how much to take. The label says how much and how often, "
    "so follow it, and ask a pharmacist if you're unsure."
)
#: "How much Tylenol can I give my son?": never a number, and a pharmacist for someone else.
DOSE_FOR_SOMEONE = (
    "I can't tell you how much to give. Please ask a doctor or pharmacist, and follow the "
    "label exactly."
)
#: A bare number with no medicine named ("he's seventy two, is that okay", after a medicine
#: question) may be an age as well as an amount: an age is a reason to be careful, so a
#: pharmacist first, and still no amount.
AGE_OR_AMOUNT = (
    "If that's an age, please ask a doctor or pharmacist which pain reliever is safe before "
    "taking one. Either way, I can't give amounts: follow the label exactly."
)
DOSE_WITH_NUMBER = (
    "I can't tell you whether {amount} is right for you. The label says how "
    "much and how often, so follow it, and ask a pharmacist if you're unsure."
)

# Heat or ice, asked about by name ("can I use a heating pad?"). Same passage as HEAT_ICE.
HEAT_ICE_NAMED = {
    "HEAT": "Heat can help. Use heat or ice, whichever feels better, for ten "
            "to twenty minutes at a time, with a thin cloth against your skin.",
    "ICE": "Ice can help. Use heat or ice, whichever feels better, for ten to "
           "twenty minutes at a time, with a thin cloth against your skin.",
    "ALTERNATING": "You can go back and forth between heat and ice, ten to "
                   "twenty minutes at a time, with a thin cloth against your skin.",
}
#: The offer after a named heat or ice answer; "yes" starts the timed session.
TIME_IT_OFFER = "Want me to time {minutes} of {treatment}?"
TIME_IT_OFFER_EACH = "Want me to time {minutes} of each?"
#: Asked about a length outside the guide's ("is thirty minutes of heat too much?", "can I
#: leave the heat on all night?", "is it bad to fall asleep with the heat on?"): a "don't" that
#: answers every way of asking (a bare "No." answered "is it bad to ..." the wrong way round),
#: then the guide's length, then the nearest offered.
HEAT_ICE_OUT_OF_RANGE = (
    "Don't leave heat or ice on that long: keep heat or ice to ten to twenty minutes at a time, "
    "over a thin cloth."
)
TIME_IT_REPROMPT = "Say yes and I'll time it, or ask me something else."

# What the guide does not say, said honestly, then what it does.
RECOVERY_TIME_CARD = "How long it lasts"
RECOVERY_TIME = (
    "My guide doesn't say how long a back spasm lasts. It says to watch for "
    "changes, and contact your doctor if you aren't improving as expected."
)
#: Said when the person says how long it has lasted ("it's been six weeks, still the same"): the
#: guide's point about not improving comes first, since only they know whether it is.
RECOVERY_TIME_LASTED = (
    "Please contact your doctor if it isn't getting better the way you'd expect. My guide "
    "doesn't say how long a back spasm lasts, so it can't tell you whether this is normal."
)
OTHER_CARE_CARD = "Not in this guide"
#: CareType ids, as named in speech.
OTHER_CARE_NAMES = {
    "CHIROPRACTOR": "chiropractors",
    "MASSAGE": "massage",
    "PHYSICAL_THERAPY": "physical therapy",
    "ACUPUNCTURE": "acupuncture",
    "IMAGING": "x-rays or scans",
    "SPECIALIST": "specialists or surgery",
    "OTHER_TREATMENT": "that treatment",
}
#: Named so when the words heard match no kind of care above.
OTHER_CARE_UNNAMED = "that"
OTHER_CARE = "My guide doesn't cover {name}, so please ask your doctor about it."
OTHER_CARE_DIAGNOSIS = (
    "I can't tell what's causing your pain, and my guide doesn't cover causes; "
    "please ask your doctor."
)
#: Said after an honest limit: the nearest thing the guide does cover.
OFFER_FIRST_MOVES = "Want to hear what helps a back spasm?"

# Day-aware lines (memory of when the pain started). Same passages as the topics.
BED_REST_FIRST_DAY = (
    "Since your pain started today, some rest in bed is fine for now. After today, don't "
    "lie in bed to rest during the day, because more bed rest slows healing."
)
BED_REST_LATER_DAY = (
    "Your pain started {when}, so you're past the first day. Now more bed rest slows "
    "healing: instead of resting in bed during the day, try short walks a few times a day."
)
WALKING_LATER_DAY = (
    "You're past the first day now, so instead of resting in bed, take short walks: five to "
    "ten minutes, three or four times a day, on level ground, building up from there."
)
