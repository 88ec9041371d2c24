"""The suggester's rules: hedged figures, attributions and claim candidates, with the reason of
each; and what they must not propose (dates, times, ages, ordinals, addresses, quoted content)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.suggestions import RulesError, suggest
from tests.unit.suggestion_helpers import spans


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
    ("The scheme ran for the better part of a decade.", ["the better part of a decade"]),
    ("It stalled for the better part of three years.", ["the better part of three years"]),
    ("The index lost a fraction under 2 percent.", ["a fraction under 2 percent"]),
    ("The index rose a fraction over 1.5%.", ["a fraction over 1.5%"]),
    ("The bill climbed to north of £310 million.", ["north of £310 million"]),
    ("Upwards of 3,000 savers lost money.", ["Upwards of 3,000"]),
    ("As few as 12 people signed off.", ["As few as 12"]),
    ("Loans worth in the region of 20,000 euros each.", ["in the region of 20,000 euros"]),
    ("Demand peaked at just shy of 38 gigawatts.", ["just shy of 38 gigawatts"]),
    ("Inflation slowed to somewhere near 2.4 percent.", ["somewhere near 2.4 percent"]),
    ("Margins are now close to zero.", ["close to zero"]),
    ("Crowds have averaged in the low 20,000s.", ["in the low 20,000s"]),
    ("Temperatures stayed in the high 30s all week.", ["in the high 30s"]),
    ("Tickets will cost anywhere between £600 and £900.", ["anywhere between £600 and £900"]),
    ("Losses ran to anywhere from 1 billion to 1.5 billion pesos.",
     ["anywhere from 1 billion to 1.5 billion pesos"]),
    ("Sales could rise by 3–4 percent.", ["3–4 percent"]),
    ("Readings of 42 to 44 degrees are likely.", ["42 to 44 degrees"]),
    ("Growers expect to lose between a third and a half of the crop.",
     ["between a third and a half"]),
    ("Blackouts hit roughly one in ten homes.", ["roughly one in ten"]),
    ("The club expects a profit within a decade or so.", ["a decade or so"]),
    ("A handful of hedge funds bet against it.", ["A handful of hedge funds"]),
    ("Payments could rise by dozens of crowns.", ["dozens of crowns"]),
    ("Several large policies are under review.", ["Several large policies"]),
    ("Judges struggle with several hundred transactions.", ["several hundred transactions"]),
    ("Costs have risen close to double since 2019.", ["close to double"]),
    ("The trip takes a good 20 minutes.", ["a good 20 minutes"]),
    ("Fully 40 percent of voters stayed home.", ["Fully 40 percent"]),
])
def test_more_hedges_of_news_copy_are_estimates(suggester, text, expected):
    assert spans(suggester, text, "estimate") == expected


@pytest.mark.parametrize("text", [
    "Concession prices for fans over 65 are frozen.",  # an age
    "Tickets for pensioners over 70 are free.",  # an age
    "The bank booked the loans between 2014 and 2021.",  # years, not a range
    "The hearing resumes at 9:30 a.m. in Courtroom 3.",  # a time, a room
    "The team sits 14th in the second division.",  # an ordinal
    "The trial opens on March 4 in Velmora.",  # a date
    "The bus on Route 9 runs every 20 minutes.",  # a route, an exact figure
    "Spending has fallen over the past decade.",  # no figure after the cue
    "The band was big in the 1990s.",  # a decade of years
    "See pages 12 to 14 of the report.",  # page numbers
    "The 32,000-seat ground opens in August.",  # an exact figure
])
def test_more_things_that_are_not_estimates(suggester, text):
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
    "Prices rose sharply and quickly said nothing.",  # no source phrase
    "The ferry sank near the harbour.",  # no cue
    "Skerrline's last major dispute lasted weeks.",  # a noun, not a verb
    "Two hundred students have been told to stay home.",  # a passive: no source before it
    "No deaths had been confirmed by Thursday evening.",  # a time after "by", not a source
    "Under the EU rules, firms must report.",  # a noun, not a verb
    "The board will put the proposal to a vote.",  # "put" without a figure's cue
])
def test_no_attribution_without_a_source_and_a_cue(suggester, text):
    assert spans(suggester, text, "attribution") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("His lawyer, Corina Pavel, told the court that he was innocent.",
     ["His lawyer, Corina Pavel, told the court"]),
    ('"It was a system," he told the three-judge panel.', ["he told the three-judge panel"]),
    ("Investigators, who spent two years on the case, wrote in a report that it failed.",
     ["Investigators, who spent two years on the case, wrote in a report"]),
    ("The association representing depositors estimates that 3,000 lost money.",
     ["The association representing depositors estimates"]),
    ("Danescu's spokesperson said in a statement that he would testify.",
     ["Danescu's spokesperson said in a statement"]),
    ("In a statement released on Friday, the central bank said it had cooperated.",
     ["the central bank said"]),
    ("Sources familiar with the matter said a deal was offered.",
     ["Sources familiar with the matter said"]),
    ("A handful of funds bet against it, people familiar with the positions said.",
     ["people familiar with the positions said"]),
    ("Two people with knowledge of the loan said it was breached.",
     ["Two people with knowledge of the loan said"]),
    ("Officials at the finance ministry say the government is calm.",
     ["Officials at the finance ministry say"]),
    ("Documents seen by this newspaper show that the club borrowed more.",
     ["Documents seen by this newspaper show"]),
    ("The club disputes the figures.", ["The club disputes"]),
    ("The club denied that.", ["The club denied"]),
    ("The local council, which lent the club £15 million, said it was watching.",
     ["The local council, which lent the club £15 million, said"]),
    ("The trust, which has some 9,000 members, estimates that prices will rise.",
     ["The trust, which has some 9,000 members, estimates"]),
    ("Environmental groups, meanwhile, argue that too little was cleared.",
     ["Environmental groups, meanwhile, argue"]),
    ("Residents in Marrek, however, said they would stay.",
     ["Residents in Marrek, however, said"]),
    ("Their report, published in May, found that spending fell.",
     ["Their report, published in May, found"]),
    ("Farm groups put the losses at 1 billion pesos.", ["Farm groups put the losses"]),
    ("Its authors concede the estimate is uncertain.", ["Its authors concede"]),
    ("The match is set for August, sources at the club say.", ["sources at the club say"]),
    ("Economists polled by the agency had expected a rise.",
     ["Economists polled by the agency had expected"]),
    ('"Keep it simple," she added.', ["she added"]),
])
def test_more_attribution_shapes(suggester, text, expected):
    assert spans(suggester, text, "attribution") == expected


def test_a_pronoun_after_a_plain_reporting_verb_is_inside_what_was_reported(suggester):
    text = "Olive growers say they expect to lose a third of the harvest."
    assert spans(suggester, text, "attribution") == ["Olive growers say"]


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


def test_a_cue_inside_a_phrase_that_compares_or_predicts_nothing_makes_no_claim(suggester):
    text = ("The Department of Health declined to comment on the study. "
            "Exports declined sharply in the first half of the year. "
            "It was done against the will of the people who live here. "
            "The mayor will announce the plan to the council tomorrow. "
            "Diseases such as type 2 diabetes cost hundreds of billions a year.")
    found = {text[s.start:s.end]: s.reason for s in suggester.suggest(text, ["claim"])}
    assert found == {
        "Exports declined sharply in the first half of the year.": "comparison: 'declined'",
        "The mayor will announce the plan to the council tomorrow.": "prediction: 'will'",
        # "type 2" names a kind; the figure is the estimate
        "Diseases such as type 2 diabetes cost hundreds of billions a year.":
            "figure: 'hundreds of billions'",
    }


def test_one_standing_for_a_noun_is_no_figure(suggester):
    text = ('"Studies like this one are usually closer to the true toll." '
            "The neighbours helped one another through the long winter nights. "
            "Only one of the five reactors was running at the time.")
    found = {text[s.start:s.end]: s.reason for s in suggester.suggest(text, ["claim"])}
    assert found == {"Only one of the five reactors was running at the time.":
                     "figure: 'one'"}


def test_a_count_of_sources_or_why_they_are_unnamed_makes_no_claim(suggester):
    """"Two officials said" counts sources, "anonymity because" says why they are unnamed:
    neither is a claim; a figure further on in the source is one, and so is a prediction."""
    text = ("Two senior members of the party, speaking on condition of anonymity because they "
            "were not authorised to speak, said the mood was grim. "
            "The local council, which lent the club £15 million, said it was watching closely. "
            "Officials say the toll could rise as crews reach remote areas.")
    found = {text[s.start:s.end]: s.reason for s in suggester.suggest(text, ["claim"])}
    assert found == {
        "The local council, which lent the club £15 million, said it was watching closely.":
            "figure: '15 million'",
        "Officials say the toll could rise as crews reach remote areas.":
            "prediction: 'could rise'",
    }


def test_page_furniture_makes_no_claim(suggester):
    text = ("Published 14 March 2026, 08:45 GMT | Updated 2 hours ago\n"
            "Listen to this article, 4 minutes\n"
            "Updated at 10:32 on 14 March with 3 new figures\n"
            "The mill employed 300 people until it closed in 2019.\n")
    assert spans(suggester, text, "claim") == [
        "The mill employed 300 people until it closed in 2019."]


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
    text = "A person familiar with the matter: the deal is off."
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


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \t\n\u00a0\u2028.,"), max_size=40))
def test_a_claim_needs_six_words_as_split_counts_them(text):
    from annotator.core.suggestions.claims import _ENOUGH_WORDS, _FEWEST_WORDS

    assert bool(_ENOUGH_WORDS.match(text, 0, len(text))) == (len(text.split()) >= _FEWEST_WORDS)


def test_hits_of_several_lists_are_the_longest_of_any_of_them():
    from annotator.core.suggestions.phrases import PhraseMatcher
    from annotator.core.suggestions.scan import Scan

    matcher = PhraseMatcher({"a": ["up to", "to"], "b": ["as many as", "many as"],
                             "c": ["up"]})
    scan = Scan("Up to 30, as many as 40", matcher)
    assert scan.starting_at(0, "a", "c").phrase == "up to"
    assert scan.starting_at(0, "c").phrase == "up"
    assert scan.ending_at(5, "c", "a").phrase == "up to"
    assert scan.ending_at(20, "a", "b").phrase == "as many as"
    assert scan.ending_at(20, "a") is None
    assert scan.starting_at(13, "b").phrase == "many as"
    # asked again, in another order, the answer is the same
    assert scan.ending_at(20, "b", "a").phrase == "as many as"


def test_a_figure_after_a_date_cut_by_a_line_break_is_not_the_claims_figure():
    """"3/" and a line break before a figure: the figure ends a date, so the claim's figure is
    the next one (the mark is looked for before the line break too)."""
    text = "The score was 3/\n12 in up to 40 games."
    claims = [s for s in suggest(text) if s.label == "claim"]
    assert [s.reason for s in claims] == ["figure: 'up to 40'"]
