"""The check digit puts right only a digit the engine barely chose: a digit it nearly trusted
stays as read (the ID unsure), since a passing replacement for it is more often the check
digit's chance answer to a wrong digit elsewhere."""

from __future__ import annotations

import random

from stdnum.th import pin

from docgen.intake.ocr.engine import CellRead, Symbol
from docgen.intake.ocr.read import FIX_DIGIT, SURE_DIGIT, resolve_national_id


def _valid_id(rng: random.Random) -> str:
    body = str(rng.choice((1, 3, 5))) + "".join(str(rng.randint(0, 9)) for _ in range(11))
    return body + pin.calc_check_digit(body)


def _read(digits: str, unsure_at: int, confidence: float) -> CellRead:
    """Every digit sure but one, which has every other digit as a close choice."""
    symbols = []
    for i, ch in enumerate(digits):
        if i == unsure_at:
            alts = tuple((d, 0.9 * confidence) for d in "0123456789" if d != ch)
            symbols.append(Symbol(ch, confidence, ((ch, confidence), *alts)))
        else:
            symbols.append(Symbol(ch, 0.99, ((ch, 0.99),)))
    return CellRead(digits, min(s.confidence for s in symbols), tuple(symbols))


def test_a_wrong_sure_digit_is_not_hidden_by_replacing_a_nearly_sure_right_one() -> None:
    rng = random.Random(2571)
    hidden = unsure = 0
    for _ in range(200):
        good = _valid_id(rng)
        wrong_at, unsure_at = rng.sample(range(12), 2)
        slip = str((int(good[wrong_at]) + rng.randint(1, 9)) % 10)
        misread = good[:wrong_at] + slip + good[wrong_at + 1 :]  # read wrong, and sure of it
        if pin.is_valid(misread):
            continue
        # The one digit in doubt is right, read at a confidence between fixing and trusting.
        text, clear = resolve_national_id(_read(misread, unsure_at, (FIX_DIGIT + SURE_DIGIT) / 2))
        assert text != good or not clear
        hidden += clear and pin.is_valid(text)
        unsure += not clear
    assert hidden == 0 and unsure >= 150  # every one unsure: a warning, never a wrong ID


def test_a_digit_the_engine_barely_chose_is_still_put_right_by_the_check_digit() -> None:
    rng = random.Random(2572)
    fixed = 0
    for _ in range(50):
        good = _valid_id(rng)
        at = rng.randrange(12)
        misread = good[:at] + str((int(good[at]) + rng.randint(1, 9)) % 10) + good[at + 1 :]
        if pin.is_valid(misread):
            continue
        text, clear = resolve_national_id(_read(misread, at, FIX_DIGIT / 2))
        passing = [d for d in "0123456789" if pin.is_valid(misread[:at] + d + misread[at + 1 :])]
        if len(passing) == 1:
            assert (text, clear) == (good, True)
            fixed += 1
        else:  # check digits 0 and 1 stand for two sums: two choices pass, none is taken
            assert clear is False
    assert fixed >= 30
