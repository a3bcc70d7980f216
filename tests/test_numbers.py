"""Reading numbers as the press writes them; any integer written out reads back as itself."""
import pytest
from hypothesis import given, strategies as st

from tracker import patterns as P
from tracker.numbers import read_number, words_for

TABLE = [
    ("27,708", 27708, False), ("27.708", 27708, False), ("15 000", 15000, False), ("1.7 million", 1_700_000, False),
    ("2m", 2_000_000, False), ("1½ million", 1_500_000, False), ("8.8 million", 8_800_000, False),
    ("seven", 7, False), ("twenty-three", 23, False), ("a dozen", 12, False), ("one hundred and twelve", 112, False),
    ("Eighty-three", 83, False), ("a million", 1_000_000, False), ("half a million", 500_000, False),
    ("two million", 2_000_000, False), ("1. 9 million", 1_900_000, False),
    ("dozens", 24, True), ("scores", 40, True), ("hundreds", 200, True), ("thousands", 2000, True),
    ("tens of thousands", 20_000, True), ("hundreds of thousands", 200_000, True), ("millions", 2_000_000, True),
]


@pytest.mark.parametrize("text,value,vague", TABLE)
def test_table(text, value, vague):
    r = read_number(text)
    assert (r.value, r.vague) == (value, vague)


@pytest.mark.parametrize("text", ["", "a", "the", "seven and a half dogs", "1,2,3"])
def test_not_numbers(text):
    assert read_number(text) is None


def _found(text: str) -> str:
    m = P.NUMBER_RX.search(text)
    assert m, text
    return m.group()


@given(st.integers(min_value=1, max_value=10**9))
def test_digits_read_back(n):
    text = f"killed {n} people"
    assert read_number(_found(text)).value == n


@given(st.integers(min_value=1000, max_value=10**9))
def test_grouped_digits_read_back(n):
    for sep in (",", " "):
        text = f"some {format(n, ',').replace(',', sep)} people"
        assert read_number(_found(text)).value == n


@given(st.integers(min_value=1, max_value=999_999_999))
def test_words_read_back(n):
    words = words_for(n)
    assert _found(f"they said {words} people died") == words
    assert read_number(words).value == n
