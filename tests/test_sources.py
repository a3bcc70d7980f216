"""Credits: who a sentence names, and one canonical name per body."""
import pytest

from tracker.sources import bodies, body_named, canonical, find_credits, tokens

ALIASES = [
    ("Gaza’s Ministry of Health", "Palestine", "Gaza Ministry of Health"),
    ("the Ministry of Health in Gaza", "Palestine", "Gaza Ministry of Health"),
    ("Hamas-run health ministry", None, "Gaza Ministry of Health"),
    ("the territory's Health Ministry", "Palestine", "Gaza Ministry of Health"),
    ("the health ministry", "Lebanon", "Lebanese Ministry of Public Health"),
    ("the UN’s Palestinian refugee agency", None, "UNRWA"),
    ("U.N. Office for the Coordination of Humanitarian Affairs", None, "OCHA"),
    ("UNOCHA-Myanmar", None, "OCHA"),
    ("the U.N. human rights office", None, "OHCHR"),
    ("Doctors Without Borders", None, "MSF"),
    ("Israel Defense Forces", None, "Israeli military"),
    ("Gaza's government media office", None, "Gaza Government Media Office"),
    ("the International Organization for Migration", None, "IOM"),
]


@pytest.mark.parametrize("name,country,want", ALIASES)
def test_aliases(name, country, want):
    assert canonical(name, country).name == want


def test_unknown_body_is_not_matched_and_generic_needs_a_country():
    assert canonical("Cooperative for Peace and Development", None) is None
    assert canonical("the health ministry", None) is None


def test_every_alias_maps_to_its_own_body():
    for body in bodies():
        for alias in body.aliases:
            assert body_named(alias) is not None
    assert tokens("U.N.") == tokens("UN") == tokens("United Nations")


CREDITS = [
    ("Between February 6 and 7, 123 Palestinians were killed, according to Gaza’s Ministry of Health.", "Gaza Ministry of Health"),
    ("Kharkiv regional governor Oleg Synegubov said that at least two people were killed.", "Kharkiv Regional Military Administration"),
    ("“Up to 100 people were killed,” said the committee, one of hundreds of similar groups.", None),  # a referent: resolved later
    ("An Israeli air strike early Sunday wounded at least three people, a local official said.", "local official"),
    ("The Cooperative for Peace and Development, a local rights group, said in a statement Sunday that 20 people were killed.",
     "The Cooperative for Peace and Development"),
    ("Volker Türk, the UN high commissioner for human rights, told journalists that at least 184 people were killed.", "OHCHR"),
    ("The government figure is roughly triple the U.N. estimate of 670 killed by the landslide.", "United Nations"),
    ("The latest figures come from the office of Karabakh’s ombudsman, Gegham Stepanyan, who reported 68 confirmed deaths.", "Gegham Stepanyan"),
    ("A resident of Mamfe told Anadolu by phone that 52 people are dead.", "resident of Mamfe"),
]


@pytest.mark.parametrize("sentence,want", CREDITS, ids=[c[0][:40] for c in CREDITS])
def test_credit_found(sentence, want):
    credits = find_credits(sentence, "Palestine")
    assert credits, sentence
    names = [c.name for c in credits if c.kind != "media"]
    assert want in names, names


@pytest.mark.parametrize("sentence", [
    "It said that the official death toll reached 27,708.",
    "He added that five people had been injured.",
    "The spokesman reported that more than 13,000 Palestinians have been killed.",
])
def test_pronouns_are_left_for_the_document(sentence):
    assert [c.kind for c in find_credits(sentence, None)] == ["pronoun"]


@pytest.mark.parametrize("sentence", [
    "More than 660,000 people are estimated to have been newly displaced.",
    "Two strikes were recorded in the Saltivskyi district.",
    "Kakching and Bishnupur districts also recorded a significant number of deaths.",
])
def test_no_credit(sentence):
    assert find_credits(sentence, None) == []
