"""Real sentences (from ../shared/eval/dev/docs and ../shared/corpus) and the figures a reader expects."""
from datetime import date

import pytest

from tracker.extract import extract_text

PUB = date(2024, 2, 7)  # a Wednesday

# sentence, publication date, expected figures as (metric, value, qualifier[, extra fields])
FIGURES = [
    ("According to Gazan officials, two Israeli airstrikes destroyed houses in the city, killing seven people and injuring 11.",
     PUB, [("attacks", 2, "exact", {"source": "Gazan officials"}), ("killed", 7, "exact", {"source": "Gazan officials", "period": "incident"}),
           ("injured", 11, "exact", {"source": "Gazan officials"})]),
    ("Between the afternoons of February 6 and 7, 123 Palestinians were killed, according to Gaza’s Ministry of Health.",
     PUB, [("killed", 123, "exact", {"period": "interval", "start": "2024-02-06", "date": "2024-02-07",
                                      "source": "Gaza Ministry of Health", "group": "palestinians"})]),
    ("Gaza’s government media office said on Wednesday that the Israeli military had burned over 3,000 housing units throughout Gaza.",
     PUB, [("damaged", 3000, "at_least", {"source": "Gaza Government Media Office", "group": "housing units"})]),
    ("On Wednesday, the UN’s Palestinian refugee agency said that Israeli forces have carried out 290 attacks on its premises, and that 389 displaced people have been killed while taking shelter at its facilities.",
     PUB, [("attacks", 290, "exact", {"source": "UNRWA"}), ("killed", 389, "exact", {"source": "UNRWA"})]),
    ("At least 219 civilians were killed and 1,018 injured in Ukraine in July, making it \"the deadliest month for civilians\" since October 2022, the U.N. human rights office said in a report on Aug. 9.",
     date(2024, 8, 9), [("killed", 219, "at_least", {"source": "OHCHR", "period": "interval", "start": "2024-07-01", "date": "2024-07-31"}),
                        ("injured", 1018, "at_least", {"source": "OHCHR"})]),
    ("Powerful earthquakes that struck western Afghanistan on Saturday have killed more than 2,000 people and injured more than 9,000, the Taliban administration said on Sunday.",
     date(2023, 10, 8), [("killed", 2000, "at_least", {"source": "Taliban administration"}), ("injured", 9000, "at_least")]),
    ("The US intelligence community has estimated there were likely 100 to 300 people killed in the strike at the Ahli Arab hospital in Gaza.",
     date(2023, 10, 19), [("killed", 100, "approx", {"low": 100, "high": 300})]),
    ("Heavy rains in central Kenya killed at least 45 people on Monday when floodwaters swept away houses and cars in the town of Mai Mahiu.",
     date(2024, 4, 30), [("killed", 45, "at_least", {"date": "2024-04-29", "period": "incident"})]),
    ("In a little over a year, the war has killed tens of thousands of people, including up to 15 000 in a single West Darfur town.",
     date(2024, 6, 7), [("killed", 20000, "at_least", {"vague": True}), ("killed", 15000, "at_most")]),
    ("The spokesman reported that more than 13,000 Palestinians have been killed, including more than 5,500 children and 3,500 women, with at least 30,000 others wounded.",
     date(2023, 11, 20), [("killed", 13000, "at_least"), ("killed", 5500, "at_least", {"group": "children"}),
                          ("killed", 3500, "at_least", {"group": "women"}), ("injured", 30000, "at_least")]),
    ("Mullah Janan Sayeeq, spokesman for the Taliban's Ministry of Disasters, told Reuters that 2,053 people were dead, 9,240 injured and 1,329 houses damaged or destroyed.",
     date(2023, 10, 8), [("killed", 2053, "exact"), ("injured", 9240, "exact"), ("damaged", 1329, "exact", {"group": "houses"})]),
    ("In the past 24 hours, the enemy launched 119 shelling attacks, firing 664 shells from mortars, artillery, Grads, tanks, UAVs and aircraft.",
     date(2024, 1, 20), [("attacks", 119, "exact", {"period": "interval", "start": "2024-01-19", "date": "2024-01-20"})]),
    ("Civilian killed as Russians shell Kherson region 119 times in past day",
     date(2024, 1, 20), [("attacks", 119, "exact", {"period": "interval"})]),
    ("Nearly 800,000 Palestinians have been displaced from Rafah since Israel launched its offensive against the southern Gaza city last week, Philippe Lazzarini, the head of the United Nations agency for Palestinian refugees, UNRWA, has said.",
     date(2024, 5, 18), [("displaced", 800000, "approx", {"source": "UNRWA", "period": "total"})]),
    ("The death toll due to heavy rains in the state of Rio Grande do Sul since April 27 has risen to 147.",
     date(2024, 5, 14), [("killed", 147, "exact", {"period": "total", "start": "2024-04-27"})]),
    ("As a result, 538,241 people are homeless.", date(2024, 5, 14), [("displaced", 538241, "exact")]),
    ("Clashes between the SAF and the RSF have claimed an estimated 15,550 lives and displaced 8.8 million people nationwide, according to a report by the UN Office for the Coordination of Humanitarian Affairs on May 15.",
     date(2024, 5, 26), [("killed", 15550, "approx", {"source": "OCHA", "date": "2024-05-15"}),
                         ("displaced", 8800000, "exact", {"source": "OCHA"})]),
    ("The attacks occurred mainly in the Chiùre and Macomia districts, leading to the displacement of 54,534 and 2,626 people, respectively.",
     date(2024, 2, 27), [("displaced", 54534, "exact"), ("displaced", 2626, "exact")]),
    ("In Baghlan Province, at least six public schools and 10,200 acres of orchards have been destroyed, 2,260 livestock killed, and 50 bridges and 30 electricity dams damaged.",
     date(2024, 5, 12), [("damaged", 6, "at_least"), ("damaged", 50, "at_least"), ("damaged", 30, "at_least")]),
    ("The Palestinian health ministry in Ramallah said nine people had been wounded, including two who were in critical condition.",
     date(2024, 5, 21), [("injured", 9, "exact", {"source": "Palestinian Ministry of Health"}), ("injured", 2, "exact")]),
    # from the corpus
    ("The Hamas-controlled health ministry has said 46 people have died across Gaza in the last 24 hours, taking the total death toll to 36,096.",
     date(2024, 5, 28), [("killed", 46, "exact", {"source": "Gaza Ministry of Health", "period": "interval"}),
                         ("killed", 36096, "exact", {"period": "total"})]),
    ("Israel has responded with a wave of air strikes on Gaza that have killed 232 people and wounded 1,600, medics say.",
     date(2023, 10, 7), [("killed", 232, "exact", {"source": "medics"}), ("injured", 1600, "exact")]),
    ("The UN says here in the West Bank, 271 Palestinians, including 69 children, have been killed since Hamas's 7 October attack.",
     date(2023, 12, 13), [("killed", 271, "exact", {"source": "United Nations", "start": "2023-10-07"}),
                          ("killed", 69, "exact", {"group": "children"})]),
    ("The strikes have killed more than 1,055 people, among them some 500 women and children.",
     date(2023, 10, 12), [("killed", 1055, "at_least"), ("killed", 500, "approx")]),
    ("An unprecedented 36.7 million people were displaced across Africa as of December 31, 2021 due to disasters.",
     date(2022, 3, 1), [("displaced", 36700000, "exact", {"date": "2021-12-31"})]),
    ("Dozens of people were killed on Tuesday, and hundreds of thousands have fled their homes.",
     PUB, [("killed", 24, "at_least", {"vague": True, "date": "2024-02-06"}), ("displaced", 200000, "at_least", {"vague": True})]),
    ("Officials said one hundred and twelve people were killed and twenty-three were missing.",
     PUB, [("killed", 112, "exact"), ("missing", 23, "exact")]),
    ("Some 1½ million people are sheltering in Rafah, the agency said.", PUB, [("displaced", 1500000, "approx")]),
    ("The ministry said 27.708 people had been killed yesterday.", PUB, [("killed", 27708, "exact", {"date": "2024-02-06"})]),
]

NOTHING = [
    # dates, durations, ages, money, percentages, times, measures, counts of other things
    "Blinken will stay in Israel on Thursday, continuing to hold meetings.",
    "Israel would only accept a temporary cessation of “one month or 1½ months” because “we have no intention of stopping the fighting.”",
    "Palestinians mourn their relatives outside a morgue in Rafah, southern Gaza, Tuesday, Feb. 6, 2024.",
    "The losses from the burnings alone “exceed tens of millions of dollars.”",
    "The Gaza Strip suffered about $18.5 billion in damages to critical infrastructure in the first four months of the Israeli bombardment.",
    "The damages are equivalent to 97% of the combined GDP of the West Bank and Gaza in 2022 and left 26 million tons of debris.",
    "The US Geological Survey said a series of earthquakes hit 35 kilometres north-west of the city of Herat, with one measuring 6.3 magnitude.",
    "The World Health Organisation in Afghanistan said it sent 12 ambulances to the Zenda Jan district.",
    "The strike occurred at around 1700 GMT Tuesday, when the health ministry said an air strike had hit the hospital.",
    "As of July 4, a total of 5,995 FIRs have been registered across the state, leading to 181 arrests.",
    "A 12-year-old boy was among those hurt.",
    "“As of now, we know that more than 200 people could have been inside the hypermarket,” Mr Zelensky said.",
    "Up until now, the floods have directly affected 2.1 million people in Rio Grande do Sul.",
    "Of the 497 cities in Rio Grande do Sul, only 50 were not affected by the rains.",
    "The river reached 4.78 meters, surpassing its flood level by 1.78 meters.",
    "To date, 14 JATs have been deployed across the region — two in Badakhshan, nine in Baghlan and three in Takhar Province.",
    "Update 4:12 PM: the city council met for the 41st time this year.",
    "Sudan's 47 million people face a hunger crisis.",
    "Hamas took 253 hostages on 7 October.",
    "Since the coup, 2,260 livestock were killed in the floods.",
    "His daughter Deborah Matias, 50, was among the guests.",
    "More than 75 per cent of the wounded are children and women.",
]


def _pick(figs, metric, value):
    hits = [f for f in figs if f.metric == metric and f.value == value]
    assert hits, f"no {metric} {value} in {[(f.metric, f.value) for f in figs]}"
    return hits[0]


@pytest.mark.parametrize("sentence,published,expected", FIGURES, ids=[s[:50] for s, _, _ in FIGURES])
def test_figures_in_real_sentences(sentence, published, expected):
    figs = extract_text(sentence, published)
    assert len(figs) == len(expected), [(f.metric, f.value, f.number_text) for f in figs]
    for metric, value, qualifier, *extra in expected:
        f = _pick(figs, metric, value)
        assert f.qualifier == qualifier, (metric, value, f.qualifier)
        for field, want in (extra[0] if extra else {}).items():
            assert getattr(f, field) == want, (metric, value, field, getattr(f, field))
        # the evidence points into the text
        assert sentence[f.number_start:f.number_end] == f.number_text
        assert sentence[f.quote_start:f.quote_end] == f.quote


@pytest.mark.parametrize("sentence", NOTHING, ids=[s[:50] for s in NOTHING])
def test_not_figures(sentence):
    figs = extract_text(sentence, PUB)
    assert figs == [], [(f.metric, f.value, f.number_text) for f in figs]
