"""Medicines, safely: what is said when a medicine question carries a reason to be careful.

Source: the guide's "Heat, ice, and medicines", bullet 2 (in short: an over-the-counter
pain reliever; N-SAIDs like ibuprofen or naproxen first, when they can be taken, else
acetaminophen; the label, always).

Beside the guide (docs/clinical-safety.md, "Choices beyond the guide"): a stated reason to
be careful (pregnancy, a stomach ulcer, kidney, liver or heart disease, blood thinners,
asthma, a child or an older person, daily use, other medicines), a combination product, or
someone else's medicine gets "ask a doctor or pharmacist first" and no "works best". No
answer anywhere gives a dose.
"""

#: "I can't take ibuprofen", "I'm allergic to N-SAIDs": the guide's own answer.
CANT_TAKE_NSAIDS = (
    "If you can't take N-SAIDs like ibuprofen or naproxen, my guide says acetaminophen, sold as "
    "Tylenol, is the one to try. Read the label and follow it."
)
#: "I can't take Tylenol": N-SAIDs are the guide's first choice, only if they can be taken.
CANT_TAKE_ACETAMINOPHEN = (
    "My guide's first choice is an N-SAID like ibuprofen or naproxen, but only if you can take "
    "them. If you're not sure what's safe for you, ask a doctor or pharmacist first, and follow "
    "the label."
)
#: A reason to be careful was said: no endorsement, a doctor or pharmacist first.
CAREFUL = (
    "Because of what you've told me, please ask a doctor or pharmacist which pain reliever is "
    "safe for you before you take one. Whatever you take, follow the label."
)
#: An age said with the question ("I'm seventy eight, can I take naproxen"): a child, a teen or
#: an older adult asks first (said of anyone: "he's seventy two"); an adult's age changes nothing (``CAREFUL_AGES``).
CAREFUL_AT_THAT_AGE = (
    "At that age, please ask a doctor or pharmacist which pain reliever is safe before taking "
    "one, and follow the label exactly."
)
#: Ages that ask a doctor or pharmacist first: under eighteen, and sixty-five or older (the
#: issue's "a child or teen, older age"; the cut-offs are a choice beyond the guide).
CAREFUL_AGES = (range(0, 18), range(65, 130))
#: For someone else, a child or an older person: their doctor or a pharmacist first.
CAREFUL_FOR_SOMEONE = (
    "Please ask a doctor or pharmacist which pain reliever is safe for them before they take "
    "one, and follow the label exactly."
)
#: Codeine, "PM" and cold-and-flu products, co-codamol: more than one medicine in one.
COMBINATION = (
    "That one has more than one medicine in it, so please ask a pharmacist or your doctor "
    "before taking it. My guide covers plain ibuprofen, naproxen and acetaminophen: follow "
    "their labels."
)
CARD = "Medicines: ask first"

#: Said in a medicine's name, these mean a combination product ("Tylenol PM", "Tylenol 3").
COMBINATION_WORDS = ("pm", "p m", "three", "3", "codeine", "plus", "cold", "flu", "sinus", "night",
                     "nighttime", "sleep", "co codamol", "cocodamol", "codamol", "nyquil", "dayquil",
                     "theraflu", "solpadeine", "with codeine", "number three", "no three",
                     "congestion", "allergy", "cough", "extra strength with")

#: Reasons to be careful, as said in any slot's words (a pharmacist first, no endorsement).
CAUTION_WORDS = (
    "pregnan", "expecting", "breastfeed", "breast feed", "nursing", "ulcer", "bleed", "kidney",
    "liver", "heart", "blood thinner", "warfarin", "coumadin", "eliquis", "xarelto", "plavix",
    "clopidogrel", "apixaban", "rivaroxaban", "asthma", "child", "kid", "teen", "son", "daughter",
    "baby", "toddler", "elderly", "older", "old", "grandma", "grandpa", "every day", "daily",
    "long term", "for weeks", "for months", "all the time", "regularly", "other medicine",
    "medication", "medications", "on meds", "prescription", "blood pressure", "diabetes",
    "diabetic", "stroke", "surgery", "reflux", "gastritis", "crohn", "colitis",
    "dialysis", "transplant", "chemo", "lithium", "methotrexate", "steroid", "prednisone",
    "antidepressant", "ssri", "alcohol", "drink", "hepatitis", "cirrhosis", "told", "said", "doctor",
)

#: Said in a story told with a medicine question ("I'm allergic to it, what can I take"): the
#: person cannot take something. Read with the medicine words below, never as an endorsement.
STORY_CANNOT_TAKE_WORDS = (
    "can't take", "cannot take", "can not take", "allergic", "not allowed", "told not to",
    "shouldn't take", "should not take", "can't have", "can't tolerate", "react badly", "avoid",
    "not supposed to", "mustn't", "not able to take", "doesn't agree with me", "makes me sick",
)
#: N-SAIDs and acetaminophen as a story names them (for "can't take" said in a story).
NSAID_WORDS = ("ibuprofen", "advil", "motrin", "nurofen", "naproxen", "aleve", "nsaid", "anti inflammator")
ACETAMINOPHEN_WORDS = ("acetaminophen", "tylenol", "paracetamol", "panadol")
#: Medicines beyond the guide's three, named in a story ("some old muscle relaxers"): a
#: doctor or pharmacist first, as when they are named in the question.
STORY_OTHER_MEDICINE_WORDS = (
    "muscle relax", "relaxer", "relaxant", "opioid", "oxy", "hydrocodone", "percocet", "vicodin",
    "tramadol", "codeine", "morphine", "gabapentin", "lyrica", "valium", "diazepam", "flexeril",
    "cyclobenzaprine", "methocarbamol", "robaxin", "baclofen", "tizanidine", "someone else",
    "leftover", "left over", "old pills", "sleeping pill",
)
