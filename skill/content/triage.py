"""Which words name which sign, and where: the sign table a described symptom is read with.

Source: the guide's "Back spasm: When to call". ``skill/triage.py`` reads what a person said
with this table and with the trigger table beside it (``skill/content/triggers.py``, the
words that make a sign denied, old, asked about, uncertain or someone else's). A clinician
can review both here; every entry says why it is there.

How a sign is found, in this order:

1. **Places** (``REGIONS``): where in the body a word points. "The bottom of my back" is the
   back, "the back of my leg" the leg, "behind my knee" the leg, "my behind" the buttocks.
2. **Everyday senses** (``EVERYDAY_SENSES``): phrases that hold a sign's word but name no
   sign ("a limp", "sick of this", "on pins and needles"). Their words are set aside.
3. **Lost functions** (``FUNCTIONS``, ``FUNCTION_NOUNS``): an inability or an absence trigger
   joined to a body function *reports* a sign: "can't move my leg", "not able to lift my
   arm", "haven't been able to pee", "no feeling in my foot", "lost control of my bladder".
4. **Sign words** (``SIGNS``): words that name a sign outright ("numb", "wet myself").
5. **Abilities** (``ABILITIES``): "I can feel my legs" names no sign, unless the person doubts
   it ("not sure I can feel my toes").

Some signs need a place: ``where="limb"`` counts only for an arm or a leg ("my leg went dead",
not "I'm dead tired"); ``where="part"`` only when a body part is what is affected ("my foot
fell asleep", not "I fell asleep"); ``where="lower"`` makes pain a sign only in the legs,
groin, belly or buttocks (elsewhere it is the back spasm itself); ``where="not_back"`` is
weakness anywhere but the back ("my back gave out" is the spasm).

Phrase syntax: words separated by spaces; ``word*`` matches any ending; ``a/b`` either word;
``[word]`` an optional word; ``...`` a gap of up to seven words inside one clause. Contractions
are expanded before matching ("can't" is "can not", "won't" is "will not").
"""

from typing import NamedTuple

# -- signs (what the answer names; the tier of each is in ``skill/triage.py``) ----------------
LIMB = "limb"
EMERGENCY = "emergency"
BLADDER_OR_BOWEL = "bladder_or_bowel"
NUMBNESS = "numbness"
WEAKNESS = "weakness"
LOWER_BODY_PAIN = "lower_body_pain"
FEVER = "fever"
WEIGHT_LOSS = "weight_loss"
FEELING_UNWELL = "feeling_unwell"
NOT_IMPROVING = "not_improving"
CANNOT_GET_UP = "cannot_get_up"
INJURY = "injury"
SERIOUS_INJURY = "serious_injury"
POISONING = "poisoning"
BACK_PAIN = "back_pain"
#: Not a sign: a body function the person says they still have ("I can feel my legs").
ABILITY = "ability"

# -- places -------------------------------------------------------------------------------------
LEG, ARM, BUTTOCKS, GROIN, BELLY, BACK, HEAD, CHEST, BODY = (
    "leg", "arm", "buttocks", "groin", "belly", "back", "head", "chest", "body")
#: The guide's legs, belly and buttocks (and the groin, between them): pain there is a sign.
LOWER_REGIONS = frozenset({LEG, BUTTOCKS, GROIN, BELLY, BODY})
#: An arm or a leg: not moving one at all is the 911 sign.
LIMB_REGIONS = frozenset({LEG, ARM, BODY})

REGIONS = {
    LEG: ("leg", "legs", "thigh", "thighs", "knee", "knees", "kneecap", "calf", "calves", "shin",
          "shins", "hamstring", "hamstrings", "foot", "feet", "toe", "toes", "big toe", "ankle",
          "ankles", "heel", "heels", "sole", "soles", "instep", "quad", "quads", "lower leg",
          "upper leg", "limb", "limbs"),
    ARM: ("arm", "arms", "hand", "hands", "finger", "fingers", "thumb", "thumbs", "wrist",
          "wrists", "elbow", "elbows", "forearm", "forearms", "shoulder", "shoulders"),
    BUTTOCKS: ("butt", "butts", "buttock", "buttocks", "bum", "bums", "backside", "glute", "glutes",
               "butt cheek", "butt cheeks", "bum cheek", "bum cheeks", "rear end", "hip", "hips",
               "behind", "bottom", "arse", "ass"),
    GROIN: ("groin", "crotch", "genitals", "genital area", "privates", "private parts",
            "private area", "saddle", "saddle area", "between my legs", "between his legs",
            "between her legs", "down there", "down below", "penis", "vagina", "testicles",
            "inner thigh", "inner thighs", "perineum", "back passage", "anus"),
    BELLY: ("belly", "stomach", "tummy", "abdomen", "abdominal", "gut", "lower belly", "pelvis",
            "pelvic area"),
    BACK: ("back", "lower back", "upper back", "low back", "mid back", "middle back", "spine",
           "back muscles", "neck", "shoulder blade", "shoulder blades", "lumbar", "tailbone",
           "coccyx", "sacrum", "core", "side", "sides", "flank", "ribs", "rib",
           # Where the back meets the buttocks: the lower back, said by the buttocks' name.
           "top of my butt/bum/bottom/buttocks/backside", "top of the butt/bum/bottom/buttocks"),
    HEAD: ("head", "skull", "face"),
    CHEST: ("chest",),
    #: Everything below a line: counts as the legs and as a limb.
    BODY: ("waist down", "from the waist down", "below the waist", "below my waist", "neck down",
           "from the neck down", "below my neck", "whole body", "both sides", "everything below",
           "below my hips", "below the hips", "from the hips down", "below my belly button",
           # One side of the body that will not move is a limb that will not move (911).
           "side of my body", "side of his body", "side of her body", "side of the body",
           "half of my body", "half my body", "half of his body", "half of her body"),
}
#: "The X of my Y" is a place on Y: "the bottom of my back", "the back of my leg".
PLACE_ON = ("bottom", "base", "top", "side", "small", "middle", "back", "front", "outside",
            "inside", "crease", "sides", "bottoms", "backs", "tops", "fronts", "part", "rest")
#: Words that make the next word a possessed body part ("my behind", "the bottom").
POSSESSIVES = ("my", "his", "her", "their", "your", "the", "both", "either", "one", "left",
               "right", "whole", "entire", "a", "our")
#: Said of a place instead of the person: "it", "they" and "them" point back at the last place
#: named ("I tried to move my leg but it won't").
POINTING_BACK = ("it", "they", "them", "one", "either", "both", "neither")


class SignWords(NamedTuple):
    sign: str
    phrases: tuple[str, ...]
    reason: str
    #: None (anywhere), "limb", "part", "lower" or "not_back" (see the module docstring).
    where: str | None = None


def _p(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(",") if p.strip())


#: Phrases that hold a sign's word but name no sign. Matched before the signs.
EVERYDAY_SENSES = SignWords(None, _p(
    "still sore but better, still sore but getting better, still sore but improving, "
    "still sore but a bit better, still sore but much better, still sore but easier, "
    "still hurts but better, still hurts but getting better, still hurting but better, "
    "still aching but better, sore but better, better but still sore, better but still aching, "
    "better but still hurts, "
    "worst in the morning, worse in the morning, worse when i, worse whenever i, worse every time i, "
    "worse if i, worse as soon as i, worst when i, eases up, eases off, easier later, "
    "better as the day goes on, loosens up, a little better, a bit better, better than yesterday, better than this morning, "
    "easier than yesterday, a little easier, a bit easier, slightly better, "
    "temperature is normal, temperature s normal, temperature was normal, normal temperature, "
    "temperature is fine, temperature s fine, temperature is okay, temperature s okay, "
    "a limp, limping, limped, limps, with a limp, sick of, sick and tired, sick to death, sick leave, "
    "sick day, sick days, sick note, off sick, in sick, dead tired, dead on my feet, deadlift*, "
    "numbing cream, numbing gel, numbing spray, numbing patch, on pins and needles, "
    "pain killer, pain killers, painkiller*, pain relief, pain reliever*, pain medicine*, "
    "pain meds, pain pills, pain medication, pain tablets, pain in the neck, pain in the butt, "
    "pain in the ass, pain in the backside, pain in the behind, pain in the rear, "
    "can not stand the, can not stand it, can not stand this, can not stand that, "
    "can not take it, can not take this, can not take the pain, can not handle, could not stand it, "
    "can not stand being, can not stand lying, cold and flu, flu shot, flu jab, "
    "weight training, lift weights, lifting weights, lifted weights, pick up weights, "
    "ice pack is leaking, pack is leaking, pack leak*, bag leak*, bottle leak*, water leak*, "
    "full bladder, bladder is full, bowel movement, bowel movements, gall bladder, "
    "slipped disc, slipped a disc, slipped disk, herniated, hold on, hold up, "
    "worse when, worse if, worse after, worse in the morning, worse at night, worse with, "
    "worse whenever, worse each time, worse every time, worse first thing, worse during, "
    "worse by, worse sitting, worse standing, worse lying, worse bending, "
    "trying to lose weight, try to lose weight, need to lose weight, want to lose weight, "
    "want to lose some weight, trying to lose some weight, need to lose some weight, "
    "should lose some weight, lose a bit of weight, lose a little weight, lose a few pounds, "
    "lose some pounds, lose a few kilos, "
    "should lose weight, have to lose weight, on a diet, fall asleep, falling asleep at night, "
    "in the fall, fall behind, fell behind, behind on, behind with, run down the stairs, "
    "dead end, cramping my style, breaking point, break, a break, take a break, "
    "electric blanket, electric heat*, sweat it out, no sweat, run a bath, running a bath, "
    "lose my mind, losing my mind, lost my mind, lost my patience, losing patience, "
    "lost my temper, lost sleep, losing sleep, lost my job, out of control, "
    "had an accident at work, had an accident at the gym, had an accident on, "
    "crack my back, cracking my back, crack his back, crack her back, get my back cracked, "
    "have my back cracked, hit the ground running"),
    "Everyday senses: a limp is a way of walking, 'sick of this' is being fed up, "
    "'on pins and needles' is being anxious, painkillers are medicines, to crack one's back is "
    "to stretch it till it pops, 'worse when I sit' is "
    "what makes back pain worse, not a change over time.")

SIGNS: tuple[SignWords, ...] = (
    # -- call 911 ------------------------------------------------------------------------------
    SignWords(LIMB, _p(
        "paraly*, paralys*, quadripleg*, parapleg*, tetrapleg*"),
        "Paralysed: an arm or a leg that cannot move at all (the guide's 911 sign)."),
    SignWords(LIMB, _p(
        "went dead, gone dead, go dead, goes dead, is dead, are dead, was dead, dead, "
        "limp, gone limp, went limp, is limp, hanging limp, hanging, hangs, dangling, dangles, "
        "floppy, flops, flopping, flopped, useless, dead weight, lifeless, "
        "not working, stopped working, stop working, quit working, quit on me, gave up on me, "
        "does nothing, do nothing, did nothing, will not do anything, not do anything, "
        "not doing anything, not responding, unresponsive, not cooperating, will not cooperate, "
        "not obeying, will not obey, not listening, will not listen, not moving, not budging, "
        "will not budge, not move, not moved, not lift, not lifting, not bend, not bending, "
        "can move nothing, move nothing, moved nothing, not respond, frozen stiff, "
        "will not go, would not go, just will not go, just would not go, not go at all"),
        "Said of an arm or a leg: it does not move at all. Elsewhere ('dead tired') no sign.",
        where="limb"),
    SignWords(EMERGENCY, _p(
        "ambulance, nine one one, 911, 9 1 1, 999, nine nine nine, triple zero, 000, 112, "
        "emergency, emergencies, paramedic*, can not breathe, could not breathe, not breathing, "
        "struggling to breathe, trouble breathing, short of breath, hard to breathe, "
        "chest pain, chest pains, chest hurts, pain in my chest, chest is tight, tight chest, "
        "passed out, pass out, passing out, blacked out, black out, blacking out, faint*, "
        "unconscious, not waking up, will not wake up, can not wake, not conscious, "
        "stroke, heart attack, seizure*, convuls*, coughing up blood, vomiting blood, "
        "throwing up blood, bleeding heavily, lot of blood, blue lips, slurred, face is drooping, "
        "suicid*, kill myself, end my life, want to die, choking, i collapsed, he collapsed, "
        "she collapsed, has collapsed, just collapsed, collapsed on the floor"),
        "Whatever else is said, these ask for emergency help: the guide sends anyone who may "
        "need emergency care to 911."),
    SignWords(SERIOUS_INJURY, _p(
        "broke my back, broken my back, broke my neck, broken my neck, broke his back, "
        "broke her back, back is broken, back might be broken, back may be broken, neck is broken, "
        "spine is broken, broken back, broken neck, broken spine, broken hip, broke my hip, "
        "broken bone*, broke a bone, fractur*, cracked my, snapped my, "
        "hit my head, hit his head, hit her head, banged my head, banged his head, banged her head, "
        "bumped my head, head injury, knocked out, knocked unconscious, concuss*, "
        "hit their head, smacked my head, cracked my head, broke something, broken something, "
        "broke a bone, broke his hip, broke her hip, hip is broken, leg is broken, "
        "off the roof, from the roof, fell from a height, fell off a ladder, fell from a ladder, "
        "fell off the ladder, fell from the ladder, fell off his ladder, fell off my ladder, "
        "is at a weird angle, sitting at a weird angle, bent at a weird angle, is at a funny angle, "
        "is at an odd angle, sticking out at a weird angle"),
        "A broken bone, a blow to the head, a fall from a height, or a limb at an odd angle: "
        "911 first, whatever else is said."),
    SignWords(POISONING, _p(
        "overdos*, od, o d, too many pills, too many tablets, too many of, whole bottle, "
        "whole packet, whole pack, whole box, whole thing of, entire bottle, double dose, "
        "double the dose, twice the dose, triple dose, handful of pills, handful of, "
        "took too many, taken too many, had too many, took too much, taken too much, "
        "had too much, swallowed too, more than the label, more than it says, "
        "more than i should, more than he should, more than she should, more than the box, "
        "took extra, taken extra, took double, taken double, took twice, taken twice, "
        "double what it says, twice what it says, double what the label, twice what the label, "
        "doubled up on, more than the bottle, more than the packet, took more ... than the label, "
        "took more ... than the bottle, took more ... than it says, took way more ... than, "
        "taking way more ... than the label, lost count of how many, lost track of how many, "
        "took them again, took it again, took my pills again, taken them again, took them twice"),
        "Too much medicine, for anyone: 911 or Poison Control first, nothing about doses."),

    # -- call the doctor now -------------------------------------------------------------------
    SignWords(BLADDER_OR_BOWEL, _p(
        "incontinen*, wet myself, wet himself, wet herself, wet themselves, wet yourself, "
        "wet my pants, wet his pants, wet her pants, wet their pants, wet the bed, wet my bed, "
        "wetting myself, wetting the bed, wetting himself, wetting herself, "
        "peed myself, peed himself, peed herself, peed themselves, pee myself, peeing myself, "
        "peed my pants, peed the bed, peed in bed, peed in the night, "
        "pissed myself, pissing myself, piss myself, pissed my pants, "
        "weed myself, wee myself, weeing myself, wee d myself, weed the bed, "
        "pooped myself, poop myself, pooping myself, pooped my pants, pooed myself, poo myself, "
        "pooing myself, poo d myself, soiled*, soiling*, messed myself, messed my pants, "
        "messed himself, messed herself, crapped myself, shat myself, shit myself, "
        "had an accident, have an accident, having accidents, had accidents, an accident in, "
        "accident in bed, accident in my, leak*, dribbl*, bladder*, bowel*, retention, "
        "urinary retention, urinary problems, urinary trouble, urinary accidents, "
        "retaining urine, nothing comes out, nothing is coming out, nothing coming out, "
        "nothing came out, it just comes out, just comes out, just came out, it came out, "
        "came out on its own, comes out on its own, without knowing, without realising, "
        "without realizing, did not know i was peeing, did not feel it come, "
        "urine is coming out, pee is coming out, been trying to pee, keep trying to pee, "
        "been trying to wee, pee ... nothing comes, pee ... nothing came, wee ... nothing comes"),
        "Losing bladder or bowel control, or not being able to pass water: call the doctor now."),
    SignWords(NUMBNESS, _p(
        "numb*, tingl*, pins and needles, pin and needles, pins and needle, prickl*, buzzing, "
        "dead feeling, feels dead, feel dead, feeling dead, saddle anaesthesia, "
        "saddle anesthesia, sitting on a wallet, sitting on a ball, like a wallet, "
        "no sensation, lost sensation, reduced sensation, less sensation, altered sensation, "
        "loss of sensation, electric tingl*, crawling, feel nothing, felt nothing, feeling nothing, "
        "sense nothing, feels like nothing"),
        "New or worse numbness or tingling: call the doctor now."),
    SignWords(NUMBNESS, _p(
        "asleep, fell asleep, fallen asleep, falling asleep, gone to sleep, went to sleep, "
        "keeps falling asleep, falls asleep"),
        "A foot, a leg, an arm or the buttocks 'asleep' are numb; a person asleep is sleeping.",
        where="part"),
    SignWords(NUMBNESS, _p(
        "feels funny, feel funny, feels weird, feel weird, feels strange, feel strange, "
        "feels odd, feel odd, feels off, feels different, feel different, feels wrong, "
        "funny feeling, weird feeling, strange feeling, odd feeling, weird sensation, "
        "strange sensation, odd sensation, funny sensation, not feel right, not feel normal, "
        "not feel like my own, not feel like mine, feels like cotton wool, like cotton wool, "
        "feels like it belongs to someone else, not feel the same"),
        "A strange feeling in the legs, groin or buttocks is a change in feeling: read as "
        "numbness or tingling (a cautious reading a clinician should confirm).", where="lower"),
    SignWords(WEAKNESS, _p(
        "weak, weakness, weaker, weakening, weakened, giving way, gave way, give way, gives way, "
        "giving out, gave out, give out, gives out, buckl*, foot drop, drop foot, "
        "dropping my foot, floppy foot, no strength, lost strength, lost my strength, lost all strength, "
        "no power, lost power, will not hold me, would not hold me, not hold me, "
        "will not hold my weight, not hold my weight, will not hold him, will not hold her, "
        "will not support, not support me, not support my weight, can not take my weight, "
        "keep falling, keeps falling, kept falling, keep falling over, keep collapsing, "
        "collapsed under me, collapsed under him, collapsed under her, went from under me, "
        "went out from under me, gone from under me"),
        "New or worse weakness (legs that give way, a foot that drags): call the doctor now. "
        "'My back gave out' is the spasm itself.", where="not_back"),
    SignWords(WEAKNESS, _p(
        "drag*, slap*, trip over my, tripping over my, tripped over my, catching my toe, "
        "catch my toe, wobbl*, jelly, like jelly, heavy, heaviness, collaps*"),
        "Said of a leg or a foot (a foot that drags or slaps, legs like jelly): weakness. "
        "'Dragging myself out of bed' is no sign.", where="limb"),
    SignWords(LOWER_BODY_PAIN, _p(
        "goes down, going down, went down, runs down, running down, shoots down, travels down, "
        "goes into, going into, went into, moves down, moving down, moved down, creeps down, "
        "creeping down, goes through, going through, comes down, coming down, "
        "all the way down, down into, right down"),
        "Pain that travels down into the legs, groin or buttocks: a doctor-now sign when new or "
        "worse.", where="lower"),
    SignWords(LOWER_BODY_PAIN, _p("sciatica, sciatic*"),
              "Sciatica is pain down the leg: a doctor-now sign when new or worse."),
    SignWords(LOWER_BODY_PAIN, _p(
        "pain, pains, painful, hurt, hurts, hurting, ache, aches, aching, achy, achey, sore, "
        "soreness, throb*, shoot*, stab*, sharp, burn*, agony, agonising, agonizing, "
        "killing me, killing, cramp*, spasm*, electric*, shock*, twing*, zing*, tender, on fire, "
        "discomfort, jolt*, zap*, bolt*, searing, radiat*, spreading, spreads, spread, "
        "travel*, creeping"),
        "Pain in the legs, groin, belly or buttocks is a doctor-now sign when new or worse; "
        "pain elsewhere is the back spasm itself.", where="lower"),

    # -- watch closely, contact the doctor -----------------------------------------------------
    SignWords(FEVER, _p(
        "fever*, feverish, a temperature, high temperature, running a temperature, "
        "running a temp, temperature of, temperature is, temperature was, temperature s, "
        "temp of, temp is, a temp, high temp, chills, the chills, chilly and, shivery, shiver*, "
        "shaking with cold, burning up, night sweats, night sweat, sweating at night, "
        "drenched in sweat, soaked in sweat, drenched, soaking wet with sweat, cold sweats, "
        "cold sweat, hot and cold, hot and shivery, sweats and chills, rigors"),
        "A fever, chills or night sweats: contact the doctor."),
    SignWords(WEIGHT_LOSS, _p(
        "lost/losing/dropped/dropping/shed/shedding/lose ... pounds/lbs/kilos/kg/stone/weight, "
        "clothes ... loose/baggy, clothes ... falling off, belt ... notch*, "
        "lost weight, losing weight, lose weight, dropped weight, dropping weight, weight loss, "
        "lost a lot of weight, lost some weight, lost pounds, lost * pounds, lost * kilos, "
        "lost * stone, lost * lbs, losing pounds, shed weight, shedding weight, getting thin*, "
        "got thin*, clothes are loose, clothes are baggy, clothes are falling off, wasting away, "
        "falling off me, jeans are falling off, pants are falling off, trousers are falling off, "
        "jeans are loose, pants are loose, belt is looser, "
        "weight is dropping, weight has dropped, lost a stone"),
        "Losing weight without trying: contact the doctor."),
    SignWords(FEELING_UNWELL, _p(
        "unwell, ill, illness, ill health, sick, nause*, queas*, vomit*, throwing up, threw up, throw up, puk*, "
        "dizz*, lightheaded, light headed, woozy, feel awful, feel terrible, feel rough, "
        "feel rotten, feel horrible, feel lousy, feel dreadful, feel crappy, feels awful, "
        "not myself, not quite myself, not feeling like myself, off colour, off color, sort of off, "
        "kind of off, a bit off, "
        "feeling awful, feeling terrible, feeling rough, feeling rotten, feeling horrible, "
        "feeling lousy, feel off, feeling off, not feel well, not feel good, not feeling well, "
        "not feeling good, not feel myself, not feeling myself, not feel right in myself, "
        "under the weather, poorly, flu, flu like, run down, rundown, coming down with, "
        "shaky all over, clammy, crummy"),
        "Not feeling well: contact the doctor."),
    SignWords(NOT_IMPROVING, _p(
        "not getting better, not better, not feeling better, not feel better, not easier, not any easier, not get better, not got better, not gotten better, no better, "
        "not got any better, not gotten any better, not getting any better, not get any better, "
        "not improving, not improve*, not any better, not much better, not healing, not heal*, "
        "not going away, not go away, not gone away, not went away, never goes away, "
        "will not go away, still hurts, still hurting, still in pain, still bad, still sore, "
        "still aching, still painful, still killing me, getting worse when i, getting worse whenever i, "
        "getting worse every time i, getting worse, gets worse, got worse, "
        "gotten worse, worse and worse, worsening, worse than yesterday, worse than before, "
        "worse than last, worse today, worse now, is worse, are worse, it is worse, much worse, "
        "even worse, nothing helps, nothing is helping, nothing has helped, nothing works, "
        "nothing ... helps, nothing ... helping, nothing ... helped, nothing ... works, "
        "nothing ... working, nothing ... worked, no improvement, not easing, not eased, "
        "not ease, not settling, not settled, not letting up, not let up, no relief, "
        "nothing is working, not helping, not helped, not help, not working for, "
        "weeks, a month, months, for a week, over a week, more than a week, two weeks, "
        "three weeks, after a week, a week later, a week now, a week and, worse every day, "
        "worse each day, dragging on, dragged on, lasting too long, "
        "supposed ... better by now, meant ... better by now, should ... better by now, "
        "thought ... better by now, expected ... better by now, to be better by now, "
        "should ... gone by now, supposed ... gone by now, thought ... gone by now, "
        "same as day one, same as the first day, same as when it started, as bad as day one, "
        "as bad as the first day, as bad as when it started"),
        "Not getting better as expected: contact the doctor."),

    # -- kept down by the pain, and falls ---------------------------------------------------
    SignWords(CANNOT_GET_UP, _p(
        "stuck, wedged, pinned, trapped, frozen in place, locked in place, can barely move, "
        "can hardly move, could barely move, could hardly move, barely move, hardly move, "
        "barely walk, hardly walk, too painful to move, too sore to move, too sore to get up, "
        "too much pain to move, too much pain to get up, hurts too much to move, "
        "hurts too much to get up, hurts too much to stand, too painful to get up, "
        "too painful to stand, too stiff to move, too stiff to get up, keeps me down, "
        "on the floor and can not, flat on my back and can not, bedridden, bed ridden"),
        "Pain that keeps the person down: the 911 sign is named first, then what helps."),
    SignWords(INJURY, _p(
        "fell, fallen, had a fall, took a fall, a bad fall, a fall, fall down, fall over, "
        "falling down, falling over, slipped on, slipped and, slipped down, slipped over, "
        "slipped in, slipped off, tripped and, tripped on, tripped down, landed on, landed hard, "
        "car accident, car crash, crashed, crash, road accident, traffic accident, bike accident, "
        "motorbike accident, motorcycle accident, accident in the car, in an accident, "
        "rear ended, hit by a car, hit by, knocked down, knocked over, knocked off, thrown off, "
        "thrown from, came off my bike, came off his bike, came off her bike, off a ladder, "
        "down the stairs, down the steps, got hit, was hit, assaulted, attacked, beaten up, "
        "took a tumble, had a tumble, tumbled, took a spill, taken a spill, had a spill, "
        "took a * spill, had a * spill, took a * tumble, had a * tumble, took a * fall, "
        "went down hard, came down hard, hit the ground, hit the deck, went flying, "
        "heard a crack, heard something crack, "
        # Longer than the bladder sign's "accident in my": a car's accident is a crash.
        "car accident in, road accident in, traffic accident in, bike accident in, "
        "motorbike accident in, motorcycle accident in"),
        "A fall or an accident: 911 if emergency care may be needed, before any self-care; "
        "911 at once when the person cannot get up, may have broken something, hit their "
        "head, or is older."),
    SignWords(BACK_PAIN, _p(
        "stiff*, tight*, knot*, spasm*, twinge*, crick, lumbago, pulled, strained, strain, "
        "sprain*, tweaked, threw out, thrown out, went out, goes out, gone out, locked up, "
        "locks up, seized, seizing, seize, put my back out, did my back in, done my back in, "
        "back pain, backache, bad back, my back, the back, spine"),
        "The back spasm itself: everyday care, unless a sign is named too."),
)

#: Old person, for falls: "my eighty year old mother fell" is 911 at once.
OLDER = _p("elderly, old, older, grandma, grandmother, grandpa, grandfather, gran, granny, nana, "
           "nan, grandad, granddad, senior, pensioner, aged, frail, in her eighties, in his eighties, "
           "in her seventies, in his seventies, in her nineties, in his nineties")
#: "An eighty year old": ages at or above this are older.
OLDER_AGE = 65


class Function(NamedTuple):
    """A body function: with an inability or an absence, losing it reports ``sign``.

    ``with_limb``: the sign when an arm or a leg is what cannot do it ("can't move my leg").
    ``alone``: the sign when no limb is named ("I can't move": pain keeping one down), or None
    when the words name no sign without a limb ("I can't use heat").
    ``objects``: for ``feel``, what may follow (a body part, "anything", "when I need to go").
    """

    phrases: tuple[str, ...]
    with_limb: str | None
    alone: str | None
    reason: str


FUNCTIONS: tuple[Function, ...] = (
    Function(_p("wiggle, wiggling, wriggle, lift, lifting, raise, raising, shift, flex, point my toes, "
                "curl my toes, grip, grab, hold anything, squeeze, kick, stand on, step on, use, "
                "using, work, working, respond, responding, control, controlling, obey, do anything, "
                "do anything with"),
             LIMB, None, "Not moving an arm or a leg at all is the guide's 911 sign; "
             "said without a limb, the words name no sign on their own."),
    Function(_p("off the bed, off the floor, off the ground, up off the floor, off the couch, "
                "off the mattress, push myself up, pull myself up, push up, haul myself up"),
             LIMB, CANNOT_GET_UP, "Not getting a leg, or oneself, off the bed or the floor: an arm or "
             "a leg that won't move is the 911 sign; oneself, pain that keeps one down."),
    Function(_p("bend, bending, bend over, bend down, twist, twisting, turn around, turn my head, "
                "lean, lean forward, sit, sit down, sit still, lie down, lie flat, lay down, sleep, "
                "get comfortable, pick anything up, pick things up, pick up, reach, tie my shoes, "
                "put my socks on, put my shoes on, cough, sneeze, laugh, take a deep breath, "
                "breathe deeply, drive, go to work, do much, get dressed"),
             LIMB, BACK_PAIN, "Not bending, sitting or lifting because of the back is the back "
             "spasm itself; not bending an arm or a leg is the 911 sign."),
    Function(_p("move, moves, moved, moving, budge, budging, get up, getting up, get back up, get myself back up, "
                "get off the floor, get off the ground, "
                "get off the couch, get off the sofa, get off the bed, get off the toilet, "
                "get out of bed, get out of the bath, get out of the tub, get out of the car, "
                "get out of the chair, get out of my chair, get myself up, get himself up, "
                "get herself up, get themselves up, stand, standing, stand up, walk, walking, "
                "sit up, roll over, roll, turn over, straighten up, straighten, crawl, climb out, "
                "climb out of bed, climb out of the bath, climb up, get [myself] out, get [myself] off, "
                "get to the phone, reach the phone, get to my phone, reach my phone"),
             LIMB, CANNOT_GET_UP, "Not getting up, standing or walking because of pain keeps a "
             "person down: the 911 sign first, then what helps."),
    Function(_p("feel, feeling, sense, sensing, feel anything, feel a thing"),
             NUMBNESS, NUMBNESS, "Not feeling a part of the body is numbness: call the doctor now."),
    Function(_p("pee, peeing, wee, weeing, urinate, urinating, piss, pissing, pass water, "
                "pass urine, passing urine, passing water, empty my bladder, empty my bowels, open my bowels, poo, pooing, "
                "poop, pooping, go to the toilet, go to the loo, go to the bathroom, "
                "go to the restroom, go to the washroom, go number one, go number two, go pee, "
                "go wee, start peeing, start the flow, hold it, hold it in, hold my pee, "
                "hold my wee, hold my water, hold my bladder, hold my bowels, hold my poo, "
                "control my bladder, control my bowels, control my pee, control my poo, "
                "control my bladder or bowels, make it to the toilet, make it to the loo, "
                "make it to the bathroom, make it to the restroom, make it in time, "
                "feel when i need, feel when i have to, tell when i need, tell when i have to, "
                "know when i need, know when i have to, sense when i need, feel the urge, "
                "feel myself pee, feel myself wee, feel when i pee, feel when i wee, "
                "tell when ... bladder, feel when ... bladder, know when ... bladder, "
                "sense when ... bladder, tell if ... bladder, tell when ... bowel*, "
                "feel when ... bowel*, know when ... bowel*, tell when ... toilet, "
                "feel the toilet paper, feel when i wipe, feel it when i wipe, feel myself go, "
                "been to the toilet, been to the loo, been to the bathroom, been to the restroom, "
                "been to the washroom"),
             BLADDER_OR_BOWEL, BLADDER_OR_BOWEL, "Not being able to pass water, or to hold or "
             "feel it: a bladder or bowel sign, call the doctor now."),
    Function(_p("bear weight, put weight on, put any weight on, put weight, put any weight, "
                "take my weight, take any weight, "
                "push off, push off with, stand on my leg, stand on my foot, stand on my feet, "
                "stand on my legs, stand on my tiptoe*, walk on my tiptoe*, stand on tiptoe*, "
                "go on my tiptoe*, tiptoe*, "
                "hold my weight, hold me up, hold me, support me, support my weight, "
                "stand on my toes, stand on my heels, walk on my toes, walk on my heels, "
                "stand on my heels and toes"),
             WEAKNESS, WEAKNESS, "Legs that will not take weight, or standing on the toes or "
             "heels that fails: new weakness, call the doctor now."),
)

#: Nouns for a function: with an absence ("no feeling", "lost control"), a report of the sign.
FUNCTION_NOUNS = {
    NUMBNESS: _p("feeling, feelings, sensation, sensations, sense of touch, touch"),
    LIMB: _p("movement, movements, motion, use, function, response, reflexes, reflex, life, "
             "mobility in my leg, mobility in my arm"),
    WEAKNESS: _p("strength, power, grip, coordination"),
    BLADDER_OR_BOWEL: _p("control, bladder control, bowel control, urge, urge to go, urge to pee, "
                         "urge to wee, sensation to go, feeling to go, sense of needing, "
                         "need to go, needing to go, needing the toilet, needing the loo, "
                         "needing to pee, needing a wee, feeling of needing, warning"),
}
#: "Control" is of the bladder unless an arm or a leg is named: "no control over my leg".
CONTROL_NOUNS = _p("control")

#: Abilities: "I can feel my legs", "I can still pee". No sign, unless doubted.
ABILITY_LEADS = _p("can, could, am able to, is able to, are able to, still can, can still, "
                   "was able to, have been able to, managed to, can just about")
ABILITY_NOUNS = _p("have feeling, have full feeling, have normal feeling, got feeling, "
                   "have movement, have full movement, have strength, have full strength, "
                   "have control, have full control")

#: Medicines, for "took N ..." (too much medicine, for anyone).
MEDICINE_WORDS = _p("pill, pills, tablet, tablets, capsule, capsules, caplet, caplets, gel caps, "
                    "liquid gels, dose, doses, painkiller, painkillers, meds, medicine, medication, "
                    "medications, ibuprofen, advil, motrin, nurofen, naproxen, aleve, "
                    "acetaminophen, tylenol, paracetamol, panadol, aspirin, excedrin, codeine, "
                    "oxycodone, percocet, vicodin, hydrocodone, tramadol, morphine, "
                    "muscle relaxers, muscle relaxants, flexeril, robaxin, valium, gabapentin, "
                    "of them, of those, of these, of my, of his, of her, of the")
#: Verbs of having taken medicine.
TOOK = _p("took, taken, take, swallowed, had, ate, eaten, gave, given, downed, popped, "
          "have taken, has taken")

#: Units after a number that make it no temperature ("running five miles").
NOT_TEMPERATURE_UNITS = _p("miles, mile, km, kilometres, kilometers, metres, meters, yards, "
                           "minutes, hours, laps, times, steps, pounds, lbs, kilos, kg, days, "
                           "weeks, years, dollars, percent")
#: A number heard as a temperature after these: "running thirty nine", "a hundred and three".
TEMPERATURE_LEADS = _p("running, temperature, temp, fever, at, reads, read, reading, of, is, was, "
                       "hit, reached, up to, over")
#: Degrees Celsius and Fahrenheit that are a fever.
FEVER_CELSIUS = (37.8, 44.0)
FEVER_FAHRENHEIT = (99.5, 112.0)
