"""Decoding what people feed the tracker: encodings, BOMs, binary."""
import pytest

from tracker.inputs import normalise
from tracker.read import InputError, decode

ENGLISH = "Médecins Sans Frontières said 12 people were killed in Gaza’s north."
CASES = [("utf-8", ENGLISH), ("utf-8-sig", ENGLISH), ("utf-16", ENGLISH), ("cp1252", ENGLISH),
         ("latin-1", ENGLISH.replace("’", "'")), ("cp1251", "Министерство сообщило, что 12 человек погибли в Харькове.")]


@pytest.mark.parametrize("encoding,text", CASES, ids=[c[0] for c in CASES])
def test_decoded(encoding, text):
    assert decode(text.encode(encoding), "x.txt") == text


@pytest.mark.parametrize("data,why", [(b"", "empty"), (b"  \n ", "empty"), (bytes(range(256)) * 8, "binary")])
def test_refused(data, why):
    with pytest.raises(InputError, match=why):
        decode(data, "x.txt")


def test_normalise_keeps_every_offset():
    raw = "“Seven\u00a0people”, he said — it’s ‘grim’.\u202f12 hurt."
    out = normalise(raw)
    assert len(out) == len(raw)
    assert out == "\"Seven people\", he said — it's 'grim'. 12 hurt."
