"""The words of a conversation that follows the person: follow-ups, everyday activities, and
what the skill does not do.

Follow-ups ("which is better", "how long", "now what", "the second one again", "is that
it") are answered from what was just said; the words here are the guide's facts put the
way such a question needs them (sources beside each). Where the guide is silent, it is said
in one sentence, then what it does cover. Requests the skill cannot do get one sentence of
what it does, and how to ask Alexa itself. No dose, nothing beyond the guide, and nothing
suggesting the skill or Alexa will call anyone.
"""

from .safety import CANNOT_DIAL

# -- after a 911 or doctor-now answer, a follow-up keeps the call first ------------------------
# Source: "Back spasm: When to call". Said when the person asks "now what", "how long",
# "which one" right after a safety answer: the call comes before anything else.
CALL_FIRST = {
    "call_911": "First, call 911 now, if you haven't yet. " + CANNOT_DIAL,
    "poison": "First, make that call now, if you haven't yet. " + CANNOT_DIAL,
    "call_doctor_now": "First, call your doctor now or get medical care right away, and call 911 "
                       "if it may be an emergency.",
}
CALL_FIRST_REPROMPT = "Please make that call first. To hear the warning again, say repeat."
#: "Okay, I'll call the doctor": the call is theirs to make; the signs that turn it into 911.
#: A feeling said, not a question ("I'm a bit scared", "I feel like an idiot"): a kind word, then
#: the next step that fits, offered (the topic a "yes" reads). By ``FeelingType`` id.
FEELING = {
    "SCARED": ("That's a frightening thing to go through, and it's okay to feel that way. Knowing the "
               "few signs that need a doctor can help you rest easier. Want to hear them?", "when_to_call"),
    "LOW": ("I'm sorry, a back spasm is a miserable thing, and it's not your fault. Want me to walk you "
            "through what helps, one step at a time?", "plan"),
}
#: The same, once that step has been heard this session.
FEELING_ANYTHING_ELSE = "I'm sorry, that's hard. I'm here if you want to ask anything. What would help?"
WILL_CALL = ("Good, do that. Before then, if a leg goes numb, weak, or won't move, or you lose "
             "bladder or bowel control, call 911. Anything else I can help with meanwhile?")
WILL_CALL_REPROMPT = "Is there anything else I can help with while you wait?"
CALL_FIRST_CARD = "Call first"

# -- "which is better", "which one" -------------------------------------------------------------
COMPARE_CARD = "Which is better"
#: Source: Heat, ice, and medicines, bullet 1.
COMPARE_HEAT_ICE = (
    "Neither one is better for everyone: use whichever feels better to you, ten to twenty "
    "minutes at a time. You can also go back and forth between them."
)
#: Source: Heat, ice, and medicines, bullet 2.
COMPARE_MEDICINE = (
    "For most back pain, N-SAIDs like ibuprofen or naproxen seem to work best. If you can't take "
    "N-SAIDs, acetaminophen is the one to try. Either way, follow the label."
)
#: Source: Body positions and posture, bullet 1.
COMPARE_POSITIONS = (
    "No one position is best: the best is whichever hurts least for you. On your stomach only if "
    "it doesn't make the pain worse."
)
#: Source: Body positions and posture, bullet 2; Activity, bullet 1.
COMPARE_REST_WALK = (
    "After the first day, short walks are better than bed rest: rest helps at first, but more "
    "of it slows healing."
)
#: Source: "Back spasm: When to call": which sign means which call.
COMPARE_WHEN_TO_CALL = (
    "An arm or a leg that won't move at all means call 911. Lost bladder or bowel control, or new "
    "or worse numbness, weakness or pain in your legs, belly or buttocks, means call your doctor now."
)
COMPARE_NO_CONTEXT = (
    "I can compare heat and ice, the over-the-counter pain relievers, or ways to lie down. "
    "For example, ask: is heat or ice better?"
)

# -- "how long", "how often" ------------------------------------------------------------------
HOW_LONG_CARD = "How long"
#: Source: Heat, ice, and medicines, bullet 1.
HOW_LONG_HEAT_ICE = "Ten to twenty minutes at a time, a few times a day, with a thin cloth against your skin."
#: Said while a heat or ice timer is offered: the length offered, and the guide's range.
HOW_LONG_OFFERED = "Ten to twenty minutes at a time, a few times a day; I'd time {minutes}."
HOW_LONG_OFFERED_WALK = ("Start with five to ten minutes, three or four times a day; I'd time a "
                         "{minutes} walk.")
#: The timer offer, asked again after a follow-up answered it.
START_IT = "Shall I start it?"
WHICH_SHALL_I_TIME = "Heat or ice? Say start heat, or start ice."
#: Source: Activity, bullet 1.
HOW_LONG_WALK = ("Start with walks of five to ten minutes, three or four times a day, and build "
                 "up to longer ones.")
#: Source: Body positions and posture, bullet 3.
HOW_LONG_SITTING = "Change position at least every thirty minutes: get up and walk around, or lie down."
#: Source: Body positions and posture, bullets 1 and 2.
HOW_LONG_LYING = (
    "My guide doesn't say how long to stay in one position; use whichever hurts least. After the "
    "first day, though, stay out of bed and take short walks."
)
#: Source: Body positions and posture, bullet 2.
HOW_LONG_BED_REST = ("Rest in bed can help on the first day only. After that, more bed rest "
                     "slows healing.")
#: Source: Activity, bullet 2.
HOW_LONG_STRETCHING = (
    "My guide doesn't give a length for stretching. It says to stretch every day once the spasm "
    "eases, especially before and after exercise and at bedtime."
)
#: Source: Heat, ice, and medicines, bullet 2: never a dose or an interval.
HOW_LONG_MEDICINE = "The label says how much and how often; follow it, and ask a pharmacist if you're unsure."
HOW_LONG_NO_CONTEXT = (
    "I can tell you how long for heat or ice, for a walk, or between sitting breaks. For "
    "example, ask: how long should I keep the ice on?"
)

# -- "now what", "what comes next", "the pack is off" -------------------------------------------
#: Source: Heat, ice, and medicines, bullet 1; Body positions and posture, bullet 1.
PACK_OFF = (
    "Good. Rest in whatever position hurts least. You can use heat or ice again later, ten to "
    "twenty minutes at a time, a few times a day."
)
PACK_OFF_CARD = "After heat or ice"
WHAT_NEXT_END = "That's everything I have on {topic}."

# -- "the first one", "the other one" -----------------------------------------------------------
ONLY_SO_MANY = "There are only {count} parts to {topic}."
#: The other of heat and ice, when one was named. Source: Heat, ice, and medicines, bullet 1.
OTHER_TREATMENT = {
    "heat": "Ice works too: whichever feels better, ten to twenty minutes at a time, with a thin "
            "cloth against your skin.",
    "ice": "Heat works too: whichever feels better, ten to twenty minutes at a time, with a thin "
           "cloth against your skin.",
}
ITEM_NO_CONTEXT = (
    "I can go through the ways to lie down, or the steps of what to do, one at a time. For "
    "example, ask: how should I lie down?"
)

# -- "is that it", "is that all" --------------------------------------------------------------------
THERE_IS_MORE = "There's a bit more."
THAT_IS_ALL = "That's all on {topic}."
THAT_IS_ALL_NO_TOPIC = (
    "I can help with heat or ice, medicine, ways to lie down, sitting, walking, stretching, "
    "and when to call a doctor. What would you like?"
)

#: The help a follow-up with nothing to follow gets: what to ask, never the 911 refrain.
FOLLOW_UP_REPROMPT = "What would you like to know? For example: how should I lie down?"

# -- a named position ("can I lie on my front") -------------------------------------------------
# Source: Body positions and posture, bullet 1. Keyed by PositionType value id; the chunk of the
# lying positions topic that names the position, and the answer said first.
POSITION_CHUNK = {"BACK": 0, "LEGS_UP": 1, "SIDE": 2, "STOMACH": 3}
POSITION_ANSWER = {
    "BACK": "Yes: on your back, knees bent, with big pillows propping them up.",
    "LEGS_UP": "Yes: on the floor, with your legs resting up on the seat of a couch or a chair.",
    "SIDE": "Yes: on your side, knees and hips bent, with a pillow between your legs.",
    "STOMACH": "You can lie on your stomach, but only if it doesn't make the pain worse.",
}
POSITION_OTHERS = "Say next for the other positions."
POSITION_NOT_IN_GUIDE = (
    "My guide doesn't name that one. It names four: on your back with your knees propped up, "
    "legs up on a couch, on your side with a pillow between your legs, or on your stomach if it "
    "doesn't hurt more. Use whichever hurts least."
)

# -- everyday activities: can I, how do I, when can I, how long can I -----------------------------
ACTIVITY_CARD = "Not in this guide"
#: How each kind of activity is named in an honest limit (EverydayActivityType ids).
ACTIVITY_NAMES = {
    "DRIVE": "driving", "TRAVEL": "travelling", "WORK": "going back to work",
    "EXERCISE": "sport or the gym", "HOUSEWORK": "housework or yard work", "BATH": "baths or showers",
    "SEX": "sex", "STAND": "standing", "BEND": "bending",
}
#: Said first for an activity the guide does not cover, then what it does cover about it.
ACTIVITY_NOT_IN_GUIDE = "My guide doesn't cover {name}."
ACTIVITY_UNNAMED = "My guide doesn't cover that."
#: What the guide does say that bears on each activity (its passage beside each).
ACTIVITY_NEAREST = {
    # Body positions and posture, bullet 3.
    "DRIVE": "It does say: if you must sit for a long time, change position every thirty minutes.",
    "TRAVEL": "It does say: if you must sit for a long time, change position every thirty minutes.",
    "STAND": "It does say to change position every thirty minutes if you're sitting a long time.",
    # Body positions and posture, bullets 2 and 3; Activity, bullet 1.
    "WORK": "It does say to keep moving: after the first day, stay out of bed, take short walks, "
            "and break up long sitting every thirty minutes.",
    # Activity, bullets 1 to 3.
    "EXERCISE": "It says to start with short walks, then once the spasm eases, stretch every day "
                "and strengthen your back and stomach.",
    # Activity, bullet 3.
    "HOUSEWORK": "It does say to learn safe ways to lift and move that spare your back.",
    "BEND": "It does say to learn good posture and ways of moving that spare your back.",
    # Heat, ice, and medicines, bullet 1.
    "BATH": "For heat, it says ten to twenty minutes at a time, with a cloth against your skin.",
    "SEX": "Please ask your doctor.",
}
ACTIVITY_NEAREST_UNNAMED = (
    "It covers heat and ice, medicine, ways to lie down, sitting, walking, stretching, and when "
    "to call a doctor."
)
#: Source: Activity, bullet 3: the guide names safe lifting, but does not teach it.
LIFTING = (
    "My guide says learning safe ways to lift helps keep back pain away, but it doesn't teach a "
    "method; your doctor can show you. It also says to strengthen your back and stomach."
)
LIFTING_CARD = "Lifting"
#: Source: Activity, bullet 1.
STAIRS_FIRST = "Keep to level ground for now: skip hills and stairs until your back feels better."

# -- what the skill does not do ----------------------------------------------------------------
SCOPE_CARD = "What I can help with"
#: OutOfScope kinds (OutOfScopeType ids, and the slot a request was heard in): what the person
#: asked for, and the way forward, said after "I only help with back spasm care, so I can't ...".
SCOPE_WHAT = {
    "WEATHER": ("check the weather", "To ask Alexa, say stop, then: Alexa, what's the weather?"),
    "MUSIC": ("play music or sounds", "To ask Alexa, say stop, then: Alexa, play some music."),
    "SHOPPING": ("order things or add them to a list",
                 "To ask Alexa, say stop, then: Alexa, add it to my shopping list."),
    "NEWS": ("read the news", "To ask Alexa, say stop, then: Alexa, what's the news?"),
    "TIME": ("tell the time or date", "To ask Alexa, say stop, then: Alexa, what time is it?"),
    # "What's on TV tonight": what is showing, not the set itself.
    "WATCH": ("tell you what's on TV", "To ask Alexa, say stop, then ask her what's on."),
    "SMART_HOME": ("control your lights or devices",
                   "To ask Alexa, say stop, then: Alexa, turn off the lights."),
    "RIDE": ("book a ride or find directions", "Please use your phone, or ask someone near you."),
    "BOOKING": ("book appointments", "Please use your phone, or ask someone near you."),
    # A clinic, a pharmacy, a hospital: it may be urgent, so 911 is named.
    "PLACE": ("find places or directions", "If this is an emergency, call 911. Otherwise, please use "
                                          "your phone, or ask someone near you."),
    "OTHER": ("do that", "To ask Alexa, say stop, then ask her."),
}
SCOPE = "I only help with back spasm care, so I can't {what}. {way_forward}"
SCOPE_REPROMPT = "What would you like to know about your back? For example: how should I lie down?"
SCOPE_TAIL = "Or ask me about your back."

# -- reading words Alexa could not match to a value ---------------------------------------------
# A custom slot takes words outside its list (entity resolution then finds no value), so the
# words themselves are read: a word starting with one of these names the kind. Checked in this
# order; the first kind with a word in what was said wins.
ACTIVITY_WORDS = (
    ("STAIRS", ("stair", "step", "upstairs", "downstairs", "hill")),
    ("LIFT", ("lift", "pick", "carry", "carrie", "haul", "hoist", "box", "groceries")),
    ("STRETCH", ("stretch", "yoga", "pilates")),
    ("DRIVE", ("driv", "car", "truck", "commut")),
    ("TRAVEL", ("fly", "flight", "plane", "train", "bus", "subway", "travel", "trip", "airport")),
    ("ACTIVE", ("exercis", "active", "moving", "move around")),
    ("EXERCISE", ("gym", "run", "jog", "swim", "golf", "tennis", "sport", "workout", "work out", "bike", "cycl",
                  "play", "practice", "practis",
                  "skat", "ski", "hockey", "football", "soccer", "basketball", "dance", "danc",
                  "hike", "hiking", "weights", "train")),
    ("WORK", ("work", "office", "job", "shift", "school", "meeting")),
    ("HOUSEWORK", ("housework", "clean", "vacuum", "hoover", "garden", "mow", "lawn", "rake",
                   "shovel", "snow", "laundry", "dishes", "chores", "yard")),
    ("BEND", ("bend", "tie", "stoop", "crouch", "squat", "kneel", "twist")),
    ("BATH", ("bath", "shower", "tub", "sauna", "jacuzzi")),
    ("SEX", ("sex", "intimate", "make love")),
    ("STAND", ("stand",)),
    ("SIT", ("sit", "desk", "couch", "chair", "computer", "get up", "getting up", "break")),
    ("WALK", ("walk", "dog", "stroll")),
)
PART_WORDS = (
    ("FIRST", ("first", "one", "1")),
    ("SECOND", ("second", "two")),
    ("THIRD", ("third", "three")),
    ("FOURTH", ("fourth", "four")),
    ("LAST", ("last", "final")),
    ("PREVIOUS", ("previous", "before", "earlier")),
    ("OTHER", ("other", "another", "different", "rest")),
)
POSITION_WORDS = (
    ("STOMACH", ("stomach", "front", "tummy", "belly", "face down", "prone")),
    ("SIDE", ("side", "fetal", "foetal")),
    ("LEGS_UP", ("legs up", "feet up", "legs on", "feet on", "legs over", "legs resting")),
    ("BACK", ("back", "flat")),
)
#: A place named where a position was expected ("how should I lie on the couch"): the four positions.
PLACE_WORDS = (("PLACE", ("couch", "sofa", "chesterfield", "bed", "floor", "rug", "carpet", "mat",
                          "mattress", "ground")),)
#: A question the symptom intent took that names no sign and no place on the body ("is sitting
#: bad", "can I sleep in my bed tonight"): the topic its words name, answered instead of the
#: in-doubt screen. Checked in this order.
TOPIC_WORDS = (
    ("bed_rest", ("bed", "sleep", "mattress", "nap")),
    ("sitting", ("sit", "desk", "chair", "seat", "office")),
    ("walking", ("walk", "stroll")),
    ("heat_ice", ("heat", "ice", "hot water bottle", "heating pad", "magic bag", "peas", "cold pack")),
    ("stretching", ("stretch", "yoga")),
    ("lying_positions", ("lie down", "lie on", "lying", "lay on", "position", "couch", "sofa")),
    ("prevention", ("prevent", "stop it happening", "happening again")),
)
#: Words that make what was heard a question about a topic, not a description of a symptom.
QUESTION_MARKERS = ("should i", "should he", "should she", "can i", "can he", "can she", "could i",
                    "is it", "is sitting", "is walking", "is lying", "what about", "how long",
                    "how often", "how should", "do i", "am i", "ok to", "okay to", "allowed to",
                    "bad for", "good for", "is that bad", "is that ok", "is that okay")
SCOPE_WORDS = (
    ("WEATHER", ("weather", "forecast", "rain", "snow", "temperature", "sunny", "cold out", "hot out")),
    ("MUSIC", ("music", "song", "radio", "podcast", "playlist", "sound", "audiobook", "spotify")),
    ("SHOPPING", ("order", "buy", "shopping", "cart", "amazon", "deliver")),
    ("NEWS", ("news", "headline", "score")),
    ("TIME", ("time", "date", "day is it")),
    ("SMART_HOME", ("light", "lamp", "tv", "thermostat", "heater", "door", "volume", "fan")),
    ("PLACE", ("hospital", "clinic", "pharmacy", "drugstore", "urgent care", "emergency room")),
    ("RIDE", ("uber", "lyft", "taxi", "cab", "ride", "directions")),
    ("BOOKING", ("book", "appointment", "massage")),
)


def kind_of_words(words, table):
    """The first kind in ``table`` one of whose word starts appears in ``words``, or None."""
    if not words:
        return None
    said = " " + " ".join(str(words).lower().replace("-", " ").split()) + " "
    for kind, starts in table:
        if any(" " + start in said for start in starts):
            return kind
    return None
