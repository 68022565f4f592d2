""""Yes" and "no" answer the pending offer, decided in one place (``skill.handlers.offers``)."""

import pytest

from skill import state
from skill.handlers import guidance, lifecycle, memory, offers, sessions


def test_every_offer_kind_the_skill_makes_has_exactly_one_owner():
    owned = [kind for table in (sessions.OFFER_ANSWERS, memory.OFFER_ANSWERS, guidance.OFFER_ANSWERS,
                                lifecycle.OFFER_ANSWERS)
             for kind in table]
    assert sorted(owned) == sorted({state.OFFER_MORE, state.OFFER_TOPIC, state.OFFER_START,
                                    state.OFFER_CHOOSE, sessions.OFFER_CHOOSE_TIMER,
                                    memory.OFFER_FORGET_ME, state.OFFER_STARTED_TODAY,
                                    state.OFFER_ANYTHING_ELSE})


def test_two_features_answering_one_offer_kind_are_refused():
    answers = offers.OfferAnswers(yes=offers.nothing_offered)
    with pytest.raises(ValueError, match="answered by two features"):
        offers.answer_handlers({"more": answers}, {"more": answers})
