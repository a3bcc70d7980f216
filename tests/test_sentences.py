"""Sentence splitting keeps abbreviations together and offsets exact."""
from tracker.sentences import MAX_SENTENCE, split

TEXT = ("Maj. Gen. Tahseen Al Khafaji, an Iraqi military spokesman, spoke on Feb. 6 in the U.S. capital. "
        "He said 3 people died. “It was terrible,” she said! Did they flee? Yes.\n\n"
        "• At least 9 children have reportedly been killed.\n• UNICEF calls on all parties.\n"
        "J. Smith of the U.N. said so. The end")


def test_abbreviations_and_offsets():
    sents = split(TEXT)
    texts = [s.text for s in sents]
    assert texts[0].startswith("Maj. Gen. Tahseen") and texts[0].endswith("U.S. capital.")
    assert texts[1] == "He said 3 people died."
    assert texts[2] == "“It was terrible,” she said!"
    assert "J. Smith of the U.N. said so." in texts
    for s in sents:
        assert TEXT[s.start:s.end] == s.text


def test_bullets_are_paragraphs():
    sents = split(TEXT)
    paras = {s.text: s.paragraph for s in sents}
    assert paras["• At least 9 children have reportedly been killed."] != paras["• UNICEF calls on all parties."]


def test_no_sentence_is_unbounded():
    text = "killed 1 " * 5000
    sents = split(text)
    assert max(len(s.text) for s in sents) <= MAX_SENTENCE
    assert "".join(text[s.start:s.end] + " " for s in sents).split() == text.split()
