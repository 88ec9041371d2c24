"""The suggester's rules: hedged figures, attributions and claim candidates, with the reason of
each; and what they must not propose (dates, times, ages, ordinals, addresses, quoted content)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.suggestions import RulesError, Suggester, load_rules, suggest


@pytest.fixture(scope="module")
def suggester():
    return Suggester(load_rules())


def spans(suggester, text, label):
    return [text[s.start:s.end] for s in suggester.suggest(text, [label])]


@pytest.mark.parametrize(("text", "expected"), [
    ("Up to 3,000 people fled.", ["Up to 3,000"]),
    ("Some 4,000 homes lost power.", ["Some 4,000"]),
    ("Approximately 1,000 to 3,000 troops were sent.", ["Approximately 1,000 to 3,000"]),
    ("Prices rose 20 to 30 percent last year.", ["20 to 30 percent"]),
    ("Traffic fell by between 15 and 20 percent.", ["between 15 and 20 percent"]),
    ("The repairs cost nearly $1.5 billion.", ["nearly $1.5 billion"]),
    ("Turnout was roughly 40% in the north.", ["roughly 40%"]),
    ("The storm destroyed at least 14 boats.", ["at least 14"]),
    ("More than 90 percent of the crop was lost.", ["More than 90 percent"]),
    ("Fewer than 2,000 customers were still waiting.", ["Fewer than 2,000"]),
    ("An estimated 2.4 million tonnes are stranded.", ["An estimated 2.4 million tonnes"]),
    ("The road is roughly 600 kilometres long.", ["roughly 600 kilometres"]),
    ("The fund pays around 1 in 8 claims.", ["around 1 in 8"]),
    ("It will cost $6 million to $8 million.", ["$6 million to $8 million"]),
    ("Demand stayed somewhere above 85 percent.", ["somewhere above 85 percent"]),
    ("Dozens of bulk carriers wait.", ["Dozens of bulk carriers"]),
    ("Several dozen strikers gathered.", ["Several dozen strikers"]),
    ("Roughly a quarter of the fleet is idle.", ["Roughly a quarter"]),
    ("Costs nearly doubled since spring.", ["nearly doubled"]),
    ("Dozens feared dead as ferry sinks", ["Dozens"]),
    ("As many as forty-two villages were cut off.", ["As many as forty-two"]),
    ("A further 3,000 or so were moved.", ["3,000 or so"]),
    ("The fund holds 3,000-plus claims.", ["3,000-plus"]),
    ("They lose €5m a week, perhaps more.", []),
    ("Hundreds of residents left.", ["Hundreds of residents"]),
    ("Tens of thousands fled the city.", ["Tens of thousands"]),
    ("The outage lasted several weeks.", ["several weeks"]),
    ("A few hundred remained behind.", ["A few hundred"]),
    ("Shipments fell 12-15 percent.", ["12-15 percent"]),
])
def test_hedged_figures_ranges_and_vague_quantities_are_estimates(suggester, text, expected):
    assert spans(suggester, text, "estimate") == expected


@pytest.mark.parametrize("text", [
    "3,000 homes were evacuated on Tuesday.",  # a plain figure: no cue
    "The meeting began at about 10:30 a.m.",  # a time
    "It opened around 10 p.m. on Friday.",  # a time
    "The law has applied since about 2019.",  # a year
    "Jane Doe, 45, said she would stay.",  # an age
    "She came third in the 3rd round.",  # ordinals
    "The office is at 12 Harbour Road.",  # an address
    "Turn to page 3 for the details.",  # a numbered thing
    "The vote is set for around March 3.",  # a date
    "He wept over the loss.",  # a cue without a figure
    "Several said so, and many agreed.",  # vague words without a counted thing
    "Vaccines go first to people over 65.",  # an age
    "Children under five are exempt.",  # an age
])
def test_dates_times_ages_ordinals_addresses_and_plain_figures_are_not(suggester, text):
    assert spans(suggester, text, "estimate") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Troops moved in, according to the intelligence service.",
     ["according to the intelligence service"]),
    ("One source said the talks had stalled.", ["One source said"]),
    ("Reports have surfaced of a second convoy.", ["Reports have surfaced"]),
    ("The minister told reporters that 12 ships sank.", ["The minister told reporters"]),
    ('"We expect delays," said Jane Doe, a researcher at the Harbour Institute.',
     ["said Jane Doe, a researcher at the Harbour Institute"]),
    ("Jane Doe, a researcher at the Harbour Institute, said prices rose.",
     ["Jane Doe, a researcher at the Harbour Institute, said"]),
    ("Officials claimed the dam held.", ["Officials claimed"]),
    ("Exports fell, citing port records.", ["citing port records"]),
    ("Karvonia's finance ministry said in a statement that exports fell.",
     ["Karvonia's finance ministry said in a statement"]),
    ("Shipments fell sharply last month, the ministry said.", ["the ministry said"]),
    ("It was reported that the mayor had resigned, a senior defence official said.",
     ["It was reported", "a senior defence official said"]),
    ("Prices, he said, would rise.", ["he said"]),
    ("The Coastal Monitoring Agency confirmed the closure.",
     ["The Coastal Monitoring Agency confirmed"]),
    ("Analysts at Bank Meridian also said so.", ["Analysts at Bank Meridian also said"]),
    ("Forecasters warned of more rain.", ["Forecasters warned"]),
    ("Officials there say the port is closed.", ["Officials there say"]),
    ("The national weather agency (KMA) said it was hot.",
     ["The national weather agency (KMA) said"]),
    ("Two officials who spoke on condition of anonymity said it failed.",
     ["Two officials who spoke on condition of anonymity said"]),
    ("Its secretary-general, Ivo Marten, urged calm.",
     ["Its secretary-general, Ivo Marten, urged"]),
    ("A spokesperson for the bloc's trade directorate said talks continue.",
     ["A spokesperson for the bloc's trade directorate said"]),
    ("Traders said prices fell.", ["Traders said"]),
    ("The grant was announced by the city government.", ["announced by the city government"]),
])
def test_attributions_cover_the_source_and_the_cue(suggester, text, expected):
    assert spans(suggester, text, "attribution") == expected


@pytest.mark.parametrize("text", [
    "The price is said to be high.",  # no source
    "Prices rose sharply and quickly said nothing.",  # no source phrase
    "The ferry sank near the harbour.",  # no cue
    "Skerrline's last major dispute lasted weeks.",  # a noun, not a verb
    "Two hundred students have been told to stay home.",  # a passive: no source before it
    "No deaths had been confirmed by Thursday evening.",  # a time after "by", not a source
])
def test_no_attribution_without_a_source_and_a_cue(suggester, text):
    assert spans(suggester, text, "attribution") == []


def test_the_quoted_content_is_not_part_of_the_attribution(suggester):
    text = '"The dam will hold for another decade," the agency said.'
    assert spans(suggester, text, "attribution") == ["the agency said"]
    text = '"We expect delays," she said. The agency said it expected more rain.'
    assert spans(suggester, text, "attribution") == ["she said", "The agency said"]


def test_claim_candidates_carry_a_figure_a_comparison_a_cause_or_a_prediction(suggester):
    text = ("The flood displaced 3,000 families in the valley. The weather was grey all week. "
            "Rents are higher than they were before the storm came. "
            "The closures happened because the levee failed at dawn. "
            "The agency expects the river to crest again next year. "
            "Is the city ready for the next storm of this kind?")
    found = {text[s.start:s.end]: s for s in suggester.suggest(text, ["claim"])}
    assert set(found) == {
        "The flood displaced 3,000 families in the valley.",
        "Rents are higher than they were before the storm came.",
        "The closures happened because the levee failed at dawn.",
        "The agency expects the river to crest again next year.",
    }
    assert found["The flood displaced 3,000 families in the valley."].reason == "figure: '3,000'"
    assert found["The closures happened because the levee failed at dawn."].rule == "cause"


def test_every_suggestion_says_why(suggester):
    text = "Up to 3,000 people fled, according to the police."
    reasons = {s.label: s.reason for s in suggester.suggest(text)}
    assert reasons["estimate"] == "upper bound: 'Up to' + number"
    assert reasons["attribution"] == "source after 'according to'"
    assert reasons["claim"].startswith("figure:")


def test_a_phrase_broken_across_lines_is_found(suggester):
    text = "Troops moved in, according\nto the intelligence service, and up\nto 3,000 fled."
    assert spans(suggester, text, "attribution") == ["according\nto the intelligence service"]
    assert spans(suggester, text, "estimate") == ["up\nto 3,000"]


def test_a_desk_extends_the_rules_with_its_own_file(tmp_path):
    text = "A person familiar with the matter, speaking on background, confirmed it."
    extra = tmp_path / "desk.toml"
    extra.write_text('[attribution]\nsourceless = ["a person familiar with the matter"]\n',
                     encoding="utf-8")
    plain = [s for s in suggest(text, ["attribution"])]
    extended = suggest(text, ["attribution"], rules_file=extra)
    assert [text[s.start:s.end] for s in extended][0] == "A person familiar with the matter"
    assert len(extended) > len([s for s in plain if s.start == 0])


def test_a_bad_rules_file_is_one_sentence(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[attribution]\nsourceless = 3\n", encoding="utf-8")
    with pytest.raises(RulesError, match="must be a list of words"):
        suggest("x", rules_file=bad)
    bad.write_text("[attribution\n", encoding="utf-8")
    with pytest.raises(RulesError, match="is not a valid rules file"):
        suggest("x", rules_file=bad)
    with pytest.raises(RulesError, match="no suggestion rules for language 'xx'"):
        suggest("x", language="xx")
    with pytest.raises(RulesError, match="no suggestions are made for verdict"):
        suggest("x", labels=["verdict"])


_PIECES = st.sampled_from([
    "Up to 3,000 people fled", ", according to the police", ". ", "😀", "한국 전력거래소는",
    " some 4,000 ", "e\u0301", "\r\n", "\n", " said the minister, a veteran of the ministry.",
    " between 15 and 20 percent", "Hundreds of homes", " officials said", "“", "”", " 12 ",
    "İstanbul", " $1.5 billion", " nearly", " 🇰🇷 ",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=25))
def test_every_suggestion_is_the_text_at_its_offsets(pieces):
    text = "".join(pieces)
    found = suggest(text)
    for s in found:
        assert 0 <= s.start < s.end <= len(text)
        assert s.text_in(text) == text[s.start:s.end]
        assert s.text_in(text).strip() == s.text_in(text), "a span starts or ends with space"
        assert s.reason
    labels = {}
    for s in found:  # suggestions of one label never overlap
        previous = labels.get(s.label)
        assert previous is None or previous.end <= s.start
        labels[s.label] = s


def test_a_long_text_is_suggested_a_piece_at_a_time_with_the_same_result(suggester,
                                                                          monkeypatch):
    import annotator.core.suggestions as suggestions

    paragraph = ("Up to 3,000 people fled, according to the police. Officials said some 4,000 "
                 "homes lost power, more than last year.\n\n")
    text = "Flood\n\n" + paragraph * 40
    whole = suggester.suggest(text)
    monkeypatch.setattr(suggestions, "PIECE_CHARS", 500)
    pieces = list(suggester.suggest_in_pieces(text))
    assert len(pieces) > 5
    assert [s for piece in pieces for s in piece] == whole


def test_a_source_never_runs_across_a_paragraph_break(suggester):
    text = "Harbour\n\nOfficials said the plan failed."
    assert spans(suggester, text, "attribution") == ["Officials said"]


def test_rules_files_that_cannot_be_meant_are_refused(tmp_path):
    cases = {
        "[attributions]\nreporting_verbs = [\"whispered\"]\n": "no section \\[attributions\\]",
        "[attribution]\nreporting_verb = [\"whispered\"]\n": "has no list 'reporting_verb'",
        'language = "fr"\n[attribution]\nsourceless = ["on dit"]\n': "for language 'fr'",
        "a = " + "[" * 600 + "]" * 600 + "\n": "nested too deeply|not a valid rules file",
        "[numbers]\nscales = [" + ",".join(f'"s{i}"' for i in range(20_001)) + "]\n":
            "at most 20,000",
    }
    for n, (content, message) in enumerate(cases.items()):
        path = tmp_path / f"r{n}.toml"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(RulesError, match=message):
            suggest("x", rules_file=path)
