"""Attribution and estimate rules on the phrasings news copy uses (passive reports, titles and
appositions, where and to whom a source spoke, "per X", "quoted by X as saying") and on look-alikes
that are not attributions or estimates ("according to plan", "sources of funding", "the said
agreement", "over three years" as a period)."""

from __future__ import annotations

import pytest

from tests.unit.suggestion_helpers import spans


@pytest.mark.parametrize(("text", "expected"), [
    # passive reports without a named source
    ("The authority is said to be weighing new limits.", ["is said to"]),
    ("Its owners are understood to have set aside the money.", ["are understood to"]),
    ("The minister was reported to have resigned.", ["was reported to"]),
    ("Police are believed to be examining the contracts.", ["are believed to"]),
    ("It was reported on Thursday that she had asked for more.", ["It was reported"]),
    # passive with its source
    ("Ruiz was quoted by the daily El Observador as saying that it worked.",
     ["Ruiz was quoted by the daily El Observador as saying"]),
    ("In an interview last year, Lindqvist was quoted as saying he had nothing to hide.",
     ["Lindqvist was quoted as saying"]),
    # titles before the name, appositions after it
    ("Health Minister Ana Ruiz said the figures were unacceptable.",
     ["Health Minister Ana Ruiz said"]),
    ("The association's president, Dr Luis Moreno, said clinics had closed.",
     ["The association's president, Dr Luis Moreno, said"]),
    ('"It buys time," said Clara Nunes, president of the students\' council, adding more.',
     ["said Clara Nunes, president of the students' council"]),
    ('"Rates will fall," said Ingrid Falk, chief economist at Havbank.',
     ["said Ingrid Falk, chief economist at Havbank"]),
    ("Her deputy, however, admitted in a hearing that few posts were filled.",
     ["Her deputy, however, admitted"]),
    ("His wife, who attended every day of the hearing, said outside the court that it was hard.",
     ["His wife, who attended every day of the hearing, said"]),
    ("A customs officer who worked under Lindqvist testified that she was told to go easy.",
     ["A customs officer who worked under Lindqvist testified"]),
    # anonymous sources with a participle clause between source and verb
    ("One senior official, speaking on condition of anonymity, said the limits were modest.",
     ["One senior official, speaking on condition of anonymity, said"]),
    ("People close to the board said a decision could come soon.",
     ["People close to the board said"]),
    # documents and data
    ("The ministry's data show that waits grew.", ["The ministry's data show"]),
    ("Bank records presented to the court show payments.",
     ["Bank records presented to the court show"]),
    ("An internal audit completed in May, a copy of which was seen by this newspaper, found "
     "that theatres stood idle.",
     ["An internal audit completed in May, a copy of which was seen by this newspaper, found"]),
    ("The study, published on Tuesday in the journal Marine Ecology Letters, found damage.",
     ["The study, published on Tuesday in the journal Marine Ecology Letters, found"]),
    # where and to whom the source spoke
    ('"It is bad," Dr Osei said in an interview.', ["Dr Osei said in an interview"]),
    ('"A pattern," Dr Morita wrote in an email.', ["Dr Morita wrote in an email"]),
    ("Chief prosecutor Hanna Berg argued in her opening statement that it was a scheme.",
     ["Chief prosecutor Hanna Berg argued in her opening statement"]),
    ("Union leader Sofia Brandt said in remarks to the union's conference that nurses leave.",
     ["Union leader Sofia Brandt said in remarks to the union's conference"]),
    ("The governor told a parliamentary committee on Tuesday that the bank would wait.",
     ["The governor told a parliamentary committee"]),
    ("The club's president told local radio on Tuesday that the sale would fund youth.",
     ["The club's president told local radio"]),
    ('"Nothing," Lindqvist told the court, his voice breaking.', ["Lindqvist told the court"]),
    ("Former port chief tells court he never took bribes", ["Former port chief tells court"]),
    # a cue, then its source
    ("The shelf supports 60,000 jobs, per the regional tourism council.",
     ["per the regional tourism council"]),
    ("The club has spent 110 million pounds, per FootStats.", ["per FootStats"]),
    ("Closing arguments are set for January, according to the court's calendar.",
     ["according to the court's calendar"]),
    ("As reported by the Halverstad Tribune last week, a deal was offered.",
     ["As reported by the Halverstad Tribune"]),
    ("Nearly 310,000 wait, according to figures released by the ministry on Thursday.",
     ["according to figures released by the ministry"]),
    # inverted, and after an aside
    ("Most of the clinics had closed for lack of staff, the ministry said.",
     ["the ministry said"]),
    ("The trial could last until February, court officials say.", ["court officials say"]),
    # a second attribution inside what the first reports
    ("A spokesperson said operators had so far reported few cancellations.",
     ["A spokesperson said", "operators had so far reported"]),
    # a comparison with what a source expected is credited to it
    ("The share was larger than scientists had expected.", ["scientists had expected"]),
    # a noun for a speaker before a preposition heads the source
    ("One health worker in the district, who asked not to be named, said it was full.",
     ["One health worker in the district, who asked not to be named, said"]),
    ("The humanitarian coordinator for the country, Mariam Sow, told reporters in Geneva "
     "that funds were short.",
     ["The humanitarian coordinator for the country, Mariam Sow, told reporters"]),
    # armed groups speak too
    ("The rebels have said they will not allow convoys through.", ["The rebels have said"]),
    ("Government troops said they had retaken the bridge.", ["Government troops said"]),
    # a clause and an apposition, or a title and a name, one after the other
    ("Gordon Mbeki, who manages the fund, one of the largest shareholders, argued that it "
     "was overdone.",
     ["Gordon Mbeki, who manages the fund, one of the largest shareholders, argued"]),
    ("The group's chairman, Sir Alan Brereton, who steps down in May, said it was sound.",
     ["The group's chairman, Sir Alan Brereton, who steps down in May, said"]),
    # a time word as an adjective inside the source
    ("It gets a third of its revenue from three customers, according to its last annual "
     "report.", ["according to its last annual report"]),
    # where the source spoke: a platform or a call
    ("A rebel commander, Aslan Dorev, said on Telegram that a school was hit.",
     ["A rebel commander, Aslan Dorev, said on Telegram"]),
    ("Chief executive Priya Natarajan told analysts on a conference call that it was a pause.",
     ["Chief executive Priya Natarajan told analysts on a conference call"]),
    # "put" a quantity at a figure
    ("The authors put the current number at roughly 830.", ["The authors put"]),
    ("Consensus forecasts compiled by Tickwell put profit at £180m to £210m.",
     ["Consensus forecasts compiled by Tickwell put"]),
    # a noun before a participle and "by" is not a reporting verb
    ("Estimates published by the agency were revised.", ["published by the agency"]),
    # the plain form of a verb after a plural source
    ("Economists at the bank calculate that each week trims 0.1 points from output.",
     ["Economists at the bank calculate"]),
    ("Traders reckon the central bank will wait.", ["Traders reckon"]),
    # reports with no named source, in the past tense
    ("Reports emerged late on Monday that the employers had softened their position.",
     ["Reports emerged"]),
    ("It is estimated that 4,000 homes lost power.", ["It is estimated"]),
    # whom a source told ends where the place or the time of the telling begins
    ("The union leader told a rally of several hundred members outside the gates that jobs "
     "would go.", ["The union leader told a rally of several hundred members"]),
    ("The minister told reporters after the vote that she would stay.",
     ["The minister told reporters"]),
    # an age set off before the verb, alone or in a chain of appositions
    ("Ilse Varga, 58, said residents had collected signatures.", ["Ilse Varga, 58, said"]),
    ("The town's mayor, Ilse Varga, 58, said the clinic should reopen.",
     ["The town's mayor, Ilse Varga, 58, said"]),
    ("Jane Doe, 52, a researcher at the institute, said the tide was rising.",
     ["Jane Doe, 52, a researcher at the institute, said"]),
    # a newsroom that found something out; an apposition opened by "seen"
    ("Bosses were warned of the shortfall, the Guardian has learned.",
     ["the Guardian has learned"]),
    ("An internal assessment, seen by this newspaper, puts the backlog at 1,400 sites.",
     ["An internal assessment, seen by this newspaper, puts"]),
    # a name with "and" in it, and two sources joined by "and"
    ("Delays rose, according to figures from the Office of Rail and Road.",
     ["according to figures from the Office of Rail and Road"]),
    ("Two people died, according to the police and the fire service.",
     ["according to the police"]),
    # whom a source told ends where what it told begins
    ("Dr Tom Reeves told the BBC the figures were sobering.", ["Dr Tom Reeves told the BBC"]),
    ("The mayor told the head of the agency that the wall had failed.",
     ["The mayor told the head of the agency"]),
    # an acronym is a name, not the pronoun it spells; an apposition that says where from
    ("WHO figures show that fewer children were vaccinated.", ["WHO figures show"]),
    ("The authors, from the School of Hygiene and Tropical Medicine, estimated that it "
     "would cost more.",
     ["The authors, from the School of Hygiene and Tropical Medicine, estimated"]),
    # an apposition after the name ends where a clause begins; the clause's source is its own
    ('"We dig by hand," said Aram Petros, 46, a teacher in the village of Dzor, where '
     "residents said most houses fell.",
     ["said Aram Petros, 46, a teacher in the village of Dzor", "residents said"]),
    # a name with "and" in it, read back from the verb
    ("A spokesperson for the Food and Drink Federation said sugar was cut.",
     ["A spokesperson for the Food and Drink Federation said"]),
    # a name with "the" in it as an apposition, and whom the source told
    ('"It held," the lead author, Dr Ana Ruiz of the University of Lyon, told this newspaper.',
     ["the lead author, Dr Ana Ruiz of the University of Lyon, told this newspaper"]),
    # a source longer than the first stretch read before the verb
    ("Output fell, while a survey of purchasing managers published on Monday suggested "
     "a slump.",
     ["a survey of purchasing managers published on Monday suggested"]),
    # a verb that is a word of a name is not the cue; the one after the name is
    ("Consumer Reports found that the brakes failed.", ["Consumer Reports found"]),
    ("Minister Says Cuts Will Stay", ["Minister Says"]),  # a headline in title case
    # research and findings speak; channels put a figure at a number in words
    ("The research, led by glaciologists at the University of Innsbruck and published in "
     "the journal Nature Climate Change, projects that half will melt.",
     ["The research, led by glaciologists at the University of Innsbruck and published in "
      "the journal Nature Climate Change, projects"]),
    ("The findings suggest that the trend will last.", ["The findings suggest"]),
    ("Studies of similar projects elsewhere suggest that most jobs are part-time.",
     ["Studies of similar projects elsewhere suggest"]),
    ("The trial, which enrolled 4,500 patients, found fewer deaths.",
     ["The trial, which enrolled 4,500 patients, found"]),
    # what a court was told, its witnesses unnamed; court papers as where it was said
    ("The jury heard that the defendant sent more than 40 messages.", ["The jury heard"]),
    ("The court was told the victim had been stabbed.", ["The court was told"]),
    ("Prosecutors wrote in court papers that Smith lied.",
     ["Prosecutors wrote in court papers"]),
    # dashes set off a clause or a verb-first source as commas do
    ("The mayor — who took office in May — said the plan would cost more.",
     ["The mayor — who took office in May — said"]),
    ('"We will rebuild" — said the mayor — "but it will take years."', ["said the mayor"]),
    ("Local Telegram channels put the number of injured at closer to a dozen.",
     ["Local Telegram channels put the number"]),
    # where or how the source spoke, set off by commas; a place the source is of
    ("The ministry, in a statement, said the figures were wrong.",
     ["The ministry, in a statement, said"]),
    ("The company, in a filing on Monday, said profits fell.",
     ["The company, in a filing on Monday, said"]),
    ("Police in the northern city of Tarsk said 14 people were arrested.",
     ["Police in the northern city of Tarsk said"]),
    # a time between the participle and "by"; an amount before the source is not part of it
    ("Industry data published last week by the research firm Canalys showed shipments fell.",
     ["Industry data published last week by the research firm Canalys showed"]),
    ("Sales will be below the $11.6 billion analysts had forecast.",
     ["analysts had forecast"]),
    # a title and a name as an apposition; a poll puts a party on a share
    ("Unity's chief negotiator, former finance minister Pavel Horák, rejected the claim.",
     ["Unity's chief negotiator, former finance minister Pavel Horák, rejected"]),
    ("Polls put Labour on 40 per cent.", ["Polls put"]),
    # a participle after the source starts a phrase of its own
    ("A survey by the Median agency published this week shows a lead.",
     ["A survey by the Median agency"]),
    ("Most agreed, citing a poll it commissioned.", ["citing a poll it commissioned"]),
    # sources of a place, and places and schools a source is at
    ("Farmers in the north of the country say the drought is the worst in decades.",
     ["Farmers in the north of the country say"]),
    ("Hospitals across the region have warned of shortages.",
     ["Hospitals across the region have warned"]),
    ("Doctors at three hospitals in the city told the BBC that beds had run out.",
     ["Doctors at three hospitals in the city told the BBC"]),
    ("Parents at the school in Leeds said they were not told.",
     ["Parents at the school in Leeds said"]),
    ("A study of 4,000 schools published last month in the journal Pediatrics found a rise.",
     ["A study of 4,000 schools published last month in the journal Pediatrics found"]),
    # "as X put it"; to whom a source confirmed or said it; a noun that looks like a verb
    # before the verb; a lawsuit alleges
    ("As one diplomat put it, the talks are dead.", ["one diplomat put it"]),
    ("The minister confirmed to the BBC that troops would stay.",
     ["The minister confirmed to the BBC"]),
    ("He said to reporters that he would stay.", ["He said to reporters"]),
    ("Some estimates put the figure at 10,000.", ["Some estimates put the figure"]),
    ("The lawsuit alleges that the firm hid losses.", ["The lawsuit alleges"]),
    # to whom after the medium; where it was said after a verb-first apposition is left out
    ("The government said in a report to parliament that the ice was thinning.",
     ["The government said in a report to parliament"]),
    ('"Margins will fall," wrote Ines Okafor, an analyst at Broadgate, in a note to clients.',
     ["wrote Ines Okafor, an analyst at Broadgate"]),
    ("The group said in a trading update that sales fell.", ["The group said in a trading update"]),
    ("Smith said in an interview with CNN that the figures were wrong.",
     ["Smith said in an interview with CNN"]),
    ("The minister confirmed to Reuters that troops would stay.",
     ["The minister confirmed to Reuters"]),
    ("She said in a statement with obvious relief that it was over.",
     ["She said in a statement"]),
    # a heading that ends with a closing mark ends the phrase; a wrapped line does not
    ("14:10 — 'Worst in 30 years'\nHarbourmaster Liam Doherty told us the waves were high.",
     ["Harbourmaster Liam Doherty told us"]),
    ("Figures from the Ministry of\nDefence show a rise.",
     ["Figures from the Ministry of\nDefence show"]),
    # an age that ends the sentence; a name and "his colleagues"; an adjective in -ly;
    # an indefinite pronoun before the source
    ('"It melts," said Aebischer, 47.', ["said Aebischer, 47"]),
    ("Fessenden and his colleagues wrote that the effect was small.",
     ["Fessenden and his colleagues wrote"]),
    ("An early assessment by the chamber of commerce found damage.",
     ["An early assessment by the chamber of commerce found"]),
    ("It was an attack, something Teshkel has long denied.", ["Teshkel has long denied"]),
    # a participle that ties a source to what describes it, a few words back
    ("People briefed on the company's discussions with its lenders said a deal was near.",
     ["People briefed on the company's discussions with its lenders said"]),
    ("A poll carried out for the charity Food Watch found that most agreed.",
     ["A poll carried out for the charity Food Watch found"]),
    ("A survey conducted by Ipsos for the BBC found support fell.",
     ["A survey conducted by Ipsos for the BBC found"]),
    # a part of a group of sources, a pluperfect, and where a post went out
    ("A sale could come soon, one of the sources said, adding that nothing was final.",
     ["one of the sources said"]),
    ("Some of the residents said they had left.", ["Some of the residents said"]),
    ("Her predecessor had written on social media that fines were needed.",
     ["Her predecessor had written on social media"]),
    ("Whitfield said in a post on X that more actions were coming.",
     ["Whitfield said in a post on X"]),
    ("The army said in a statement on its Telegram channel that two drones were downed.",
     ["The army said in a statement on its Telegram channel"]),
    ("He said on his Facebook page that he was leaving.", ["He said on his Facebook page"]),
    # through whom, before whom, what a participle after the source describes
    ("The senator said through a spokesperson that she would vote no.",
     ["The senator said through a spokesperson"]),
    ("The singer said via his lawyers that he was innocent.",
     ["The singer said via his lawyers"]),
    ("The former aide testified before Congress that the plan was illegal.",
     ["The former aide testified before Congress"]),
    ("According to officials familiar with the plan, cuts are coming.",
     ["According to officials familiar with the plan"]),
    ("The turnout was 61%, according to provisional results posted on the commission's "
     "website.", ["according to provisional results posted on the commission's website"]),
    # the source's own verb ends what "data from" names
    ("Data from the statistics office showed prices fell.",
     ["Data from the statistics office showed"]),
    ("A colonel said the unit had withdrawn.", ["A colonel said"]),
    # a headline's passive report, a source that ends before the figure it put a thing at
    ("Star's divorce settlement said to top $100 million", ["said to"]),
    ("The stake was estimated by industry analysts at between $40 million and $60 million.",
     ["estimated by industry analysts"]),
    ("It is over, says a woman injured in the blast.", ["says a woman injured in the blast"]),
    # an acronym that is a stop word in lower case, a ratio of people
    ("Roughly 1 in 4 adults has high blood pressure, the WHO estimates.",
     ["the WHO estimates"]),
    ("One in five doctors say they are burnt out.", ["One in five doctors say"]),
    ("3 in 10 workers said they had been paid late.", ["3 in 10 workers said"]),
])
def test_news_attribution_phrasings(suggester, text, expected):
    assert spans(suggester, text, "attribution") == expected


@pytest.mark.parametrize("text", [
    "The talks went according to plan.",  # a plan, not a source
    "The crown traded at 11.40 per dollar at 3 p.m.",  # a rate
    "Prices rose 2 per cent in May.",
    "The sources of funding remain unclear.",  # "sources" without a cue
    "The said agreement was signed on Monday.",  # "said" as an adjective
    "The league's recommended ceiling is 70 percent.",  # a possessive, then an adjective
    "The defence called no witnesses, rejecting prosecutors' claims.",  # "claims": a noun
    "Several witnesses will testify next week.",  # a future act, not a report
    "The report card arrived late.",  # no verb of saying
    "Officials met on Monday and warned drivers to stay home.",  # an order, no source phrase
    '"Nobody tells us anything," she shouted.',  # an indefinite pronoun names no one
    "Nothing said in the meeting was recorded.",
    "The group reports full-year results in January.",  # an event, not a statement
    "The bank reported quarterly earnings on Tuesday.",
    "The ministry put forward a plan on Monday.",  # "put" without a figure
    "The unit put the patients at ease.",  # "put ... at" without a figure
    "That said, the clinics stayed open.",  # "said" in a set phrase
    # "States" of a name, not the verb "states"
    "Sugar makes up 60 per cent of calories in the United States, the highest share.",
    "She moved to the Federated States of Micronesia in May.",
    "The research budget was cut by a third.",  # research as a thing, not a speaker
    "I suggest you leave before the storm.",  # the first person speaks inside a quotation
    # after a comma, "said" and a phrase with a verb of its own: what was said, not who
    "The board met and, after a long debate, said the plan was dead.",
    # the first person speaks inside a quotation, even at the start of a sentence
    "We found out from the news like everybody else.",
    "Residents heard explosions overnight.",  # "heard" alone reports nothing
    # "citing" a reason, not a source
    "A company spokeswoman declined to comment, citing a quiet period.",
    "She resigned in March, citing health reasons.",
    # "claims" a noun after a comma, then a clause: not a verb and its source
    "The marriage was strained, claims the couple's lawyers dismissed.",
    # a thing, not a speaker, and a verb that describes a noun
    "They compared deaths between June and August with the number expected from past years.",
    "The toll estimated from satellite images was far higher.",
])
def test_no_attribution_in_look_alikes(suggester, text):
    assert spans(suggester, text, "attribution") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("The firm paid 1.1 billion euros over three years.", []),  # a period
    ("Losses are limited to 105 million pounds over three seasons.", []),
    ("Patients have waited for over two years.", ["over two years"]),  # a bound on a duration
    ("Revenue grew by nearly 20 percent to 310 million pounds.", ["nearly 20 percent"]),
    ("Payments ranged from 20,000 to 180,000 crowns.", ["from 20,000 to 180,000 crowns"]),
    ("Bleaching hit between 60 and 70 percent of corals.", ["between 60 and 70 percent"]),
    ("Close to two-thirds of the coral bleached.", ["Close to two-thirds"]),
    # a comparative approximation, and "a fraction of" a figure as a bound
    ("The WHO put the number at closer to 300.", ["closer to 300"]),
    ("Alpine ice accounts for a fraction of one percent of that.", ["a fraction of one percent"]),
    # a unit written against the digits
    ("Summers were about 2.5C above the average.", ["about 2.5C"]),
    ("The shares could trade in the region of 650p.", ["in the region of 650p"]),
    ("The fire spread roughly 10km in an hour.", ["roughly 10km"]),
    # tens as a span of values
    ("Margins would be in the low twenties.", ["in the low twenties"]),
    ("Turnout was in the high forties, officials said.", ["in the high forties"]),
    ("Inflation would stay in the high single digits.", ["in the high single digits"]),
    ("Growth will slow to the low single digits next year.", ["to the low single digits"]),
    # a figure and its margin of error
    ("The central estimate is 46 ± 9 percent.", ["46 ± 9 percent"]),
    ("Thickness fell by 3.1 meters, plus or minus 0.4 meters, in two years.",
     ["3.1 meters, plus or minus 0.4 meters"]),
    # a span of time is a figure, unless it is the "a week" of a rate
    ("The strike could last a week or more.", ["a week or more"]),
    # "over a decade": a bound on a duration, or the period a figure is counted over
    ("The dispute has run for over a decade.", ["over a decade"]),
    ("The deal cuts deficits by as much as $400 billion over a decade.",
     ["as much as $400 billion"]),
    ("More than a decade later, the wall failed.", ["More than a decade"]),
    # a figure after "a few thousand" is not what it counts
    ("Cases were up from a few thousand two years earlier.", ["a few thousand"]),
    # "up to" after a verb that moves a figure is no bound, unless a modal makes it one
    ("Fines can go up to €10,000.", ["up to €10,000"]),
    ("Up to 300 homes were flooded.", ["Up to 300"]),
    ("Rents rose an average 7% last year.", ["an average 7%"]),
    # a range rises from its first figure to its second
    ("Support stood at 40-45% in the polls.", ["40-45%"]),
    ("Between 800,000 and 1.2 million people fled.", ["Between 800,000 and 1.2 million"]),
    # fractions with a hyphen, and of a scale
    ("Roughly one-third of trains were late.", ["Roughly one-third"]),
    ("Some quarter of a million people fled.", ["Some quarter of a million"]),
    ("Nearly half a million homes lost power.", ["Nearly half a million"]),
    # the measure after "more", multiples, and a bound before a vague quantity
    ("It could take perhaps two more weeks.", ["perhaps two more weeks"]),
    ("Prices are about five times higher.", ["about five times"]),
    ("Between 6 and 8 cubic kilometres melted.", ["Between 6 and 8 cubic kilometres"]),
    ("It will last at most a few decades.", ["at most a few decades"]),
    ("It lasted the better part of two quarters.", ["the better part of two quarters"]),
    # a figure passed or topped is a bound; "-odd" approximates
    ("The death toll climbed past 300.", ["past 300"]),
    ("The toll topped 1,000 on Sunday.", ["topped 1,000"]),
    ("There were 50-odd people there.", ["50-odd"]),
    # thousands set apart by spaces, and currency codes before the figure
    ("About 1 234 567 people voted.", ["About 1 234 567"]),
    ("Nearly 12\u00a0500 tonnes were shipped.", ["Nearly 12\u00a0500 tonnes"]),
    ("Up to Rs 500 crore was lost.", ["Up to Rs 500 crore"]),
    ("Roughly CHF 40 million was paid.", ["Roughly CHF 40 million"]),
    ("About one in every four homes was damaged.", ["About one in every four"]),
    # multiples and halves
    ("The area burned had risen about eightfold since the 1970s.", ["about eightfold"]),
    ("Sales rose nearly 10-fold last year.", ["nearly 10-fold"]),
    ("Costs have roughly halved since 2019.", ["roughly halved"]),
    ("The number of cases almost quadrupled.", ["almost quadrupled"]),
    # a margin given in words, a figure neared, a figure "-ish", digits as a quantity
    ("The vote was 51 percent, give or take two points.",
     ["51 percent, give or take two points"]),
    ("Inflation is now approaching 9 percent.", ["approaching 9 percent"]),
    ("The death toll is nearing 1,000.", ["nearing 1,000"]),
    ("Tickets cost 50-ish dollars.", ["50-ish"]),
    ("Prices rose by double-digit percentages.", ["double-digit percentages"]),
    ("The country has double-digit inflation.", ["double-digit"]),
    ("Unemployment remains in single digits.", ["single digits"]),
    # a unit with "a", a margin alone, and a fraction is no ratio's first part
    ("Sea levels could rise by as much as a metre by 2100.", ["as much as a metre"]),
    ("The poll has a margin of error of plus or minus 3 percentage points.",
     ["plus or minus 3 percentage points"]),
    ("The tumour shrank by at least half in 38 of the 60 patients.", ["at least half"]),
])


def test_estimates_in_news_phrasings(suggester, text, expected):
    assert spans(suggester, text, "estimate") == expected


@pytest.mark.parametrize("text", [
    "A fraction of the cost was recovered.",  # no figure
    "That share had fallen to one in five.",  # a ratio without a cue
    "The 3rd and 4th floors were closed.",  # ordinals
    "Flight 12C left at 10:30.",  # a numbered thing, a time
    "She moved to the city in the twenties.",  # a decade, not a span of values
    "The case went to the high court.",  # "to the high" without a figure
    "The deal was signed on 5 May, and he is 64.",
    "It is one of the largest glaciers.",
    "The index rose 3 ± the usual noise.",  # no second figure
    # the "a week" of a rate is not a figure of its own
    "Clinics cut their hours to three days a week or fewer.",
    "The board meets twice a week or more.",
    "Prices rose 5% a year or more.",
    "Staff earn $15 an hour or less.",
    # "up to" as a movement of the figure
    "Unemployment is expected to edge up to 4.8 per cent next year.",
    "The forecast was revised up to 2.1 percent.",
    "The fees add up to £3,000 a term.",
    "Inflation ticked up to 3.2% in May.",
    "Half a million homes lost power.",  # a figure without a cue
    "He was stabbed three times in the attack.",
    "Prices rose over the past 12 months.",  # "past" in a period, and in a time
    "It was half past 10 when he left.",
    "In 2019 300 people died.",  # a year, then a figure: no thousands
    # a score, a tally or a change is not a range
    "Rovers won 4-1 at home on Saturday.",
    "The vote was 52% to 48% in favour.",
    "The court ruled 5-4 in favour of the state.",
    "Prices fell from 300 to 200 euros.",
    "Riders fell from 1.5 million to 800,000 a year.",
])
def test_no_estimate_in_look_alikes(suggester, text):
    assert spans(suggester, text, "estimate") == []
