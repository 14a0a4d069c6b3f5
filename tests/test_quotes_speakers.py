"""Quotes with their speakers, cues and kinds, on small invented texts parsed by the shared pipeline.

The entity lists are written by hand (every occurrence of each name), so these tests pin the quote rules
whatever the entity extraction does.
"""
import re

import pytest

from api.loader.nlp import pipeline
from api.loader.quotes import extract_quotes


def entity(text: str, name: str, kind: str = "person") -> dict:
    offsets = [[m.start(), m.end()] for m in re.finditer(re.escape(name), text)]
    return {"name": name, "type": kind, "aliases": [], "mentions": len(offsets), "offsets": offsets}


def quotes(text: str, *names: str, orgs: tuple[str, ...] = ()) -> list[tuple]:
    entities = [entity(text, n) for n in names] + [entity(text, n, "organization") for n in orgs]
    found = extract_quotes(pipeline()(text), entities)
    for q in found:
        assert text[q["start"]:q["end"]] == q["text"]
    return [(q["text"], q["speaker"], q["cue"], q["kind"]) for q in found]


def test_whole_sentence_quote_before_its_attribution():
    text = "“We will open the bridge by spring,” Mayor Ana Ruiz said on Monday."
    assert quotes(text, "Ana Ruiz") == [("We will open the bridge by spring,", "Ana Ruiz", "say", "statement")]


def test_inverted_attribution_after_the_quote():
    text = "“The river is rising fast,” said Tomas Berg, a hydrologist at the city university."
    assert quotes(text, "Tomas Berg") == [("The river is rising fast,", "Tomas Berg", "say", "statement")]


def test_partial_quote_inside_a_sentence_goes_to_the_subject_of_the_verb_that_governs_it():
    text = "Ana Ruiz spoke first. Ruiz praised the agreement as a “historic step” for the region."
    assert quotes(text, "Ana Ruiz", "Ruiz") == [("historic step", "Ana Ruiz", "praise", "statement")]


def test_participle_takes_the_subject_of_its_clause_not_a_possessive_inside_the_quote():
    text = ("Ana Ruiz thanked the council, vowing that the city would “finish the work on time,” "
            "and expressing faith in Berg’s “steady hand.”")
    assert quotes(text, "Ana Ruiz", "Berg") == [
        ("finish the work on time,", "Ana Ruiz", "vow", "statement"),
        ("steady hand.", "Ana Ruiz", "express", "statement"),
    ]


def test_quote_split_by_its_attribution_gives_both_parts_the_speaker():
    text = "Tomas Berg visited the dam on Friday.\n\n“The wall is safe,” he said. “The spillway is not.”"
    assert quotes(text, "Tomas Berg") == [
        ("The wall is safe,", "Tomas Berg", "say", "statement"),
        ("The spillway is not.", "Tomas Berg", "say", "statement"),
    ]


def test_quote_over_several_paragraphs_takes_the_speaker_named_in_its_last_part():
    text = ("“We have waited ten years for this road.\n\n"
            "“Now the work can begin,” said Ana Ruiz.")
    assert quotes(text, "Ana Ruiz") == [
        ("We have waited ten years for this road.", "Ana Ruiz", "say", "statement"),
        ("Now the work can begin,", "Ana Ruiz", "say", "statement"),
    ]


def test_according_to_names_the_speaker():
    text = "“The budget is far too small,” according to Tomas Berg, the city treasurer."
    assert quotes(text, "Tomas Berg") == [("The budget is far too small,", "Tomas Berg", "according to",
                                           "statement")]


def test_a_role_resolves_to_the_one_person_who_holds_it():
    text = ("Finance Minister Lena Holm presented the budget on Monday.\n\n"
            "“We will cut no jobs,” the minister told reporters.")
    assert quotes(text, "Lena Holm") == [("We will cut no jobs,", "Lena Holm", "tell", "statement")]


def test_a_name_signed_after_a_dash_is_the_speaker():
    text = "“This town deserves better.” ― Maria Lopez\n“We love it here.” ― Tomas Berg"
    assert quotes(text, "Maria Lopez", "Tomas Berg") == [
        ("This town deserves better.", "Maria Lopez", None, "statement"),
        ("We love it here.", "Tomas Berg", None, "statement"),
    ]


def test_an_organisation_can_be_the_speaker():
    text = "“The plant will close in May,” Northwind Energy said in a statement."
    assert quotes(text, orgs=("Northwind Energy",)) == [
        ("The plant will close in May,", "Northwind Energy", "say", "statement")]


def test_a_person_the_ner_missed_after_an_honorific_is_added_to_the_entities():
    text = "“We are running late,” Mr. Okafor said. Mr. Okafor then left."
    entities: list[dict] = []
    found = extract_quotes(pipeline()(text), entities)
    assert [(q["text"], q["speaker"]) for q in found] == [("We are running late,", "Okafor")]
    assert entities == [{"name": "Okafor", "type": "person", "aliases": [], "mentions": 2,
                         "offsets": [[27, 33], [44, 50]]}]


@pytest.mark.parametrize("text", [
    "The council voted on Monday.\n\n“It went well,” she said.",  # no person to refer to
    "“It went well,” a spokesperson said.",  # nobody named
    "Mr. Tomas Berg spoke on Monday.\n\n“It went well,” she said.",  # the only person is a man
    "As Tomas Berg looked at the “new roads for everyone,” Ana Ruiz said nothing.",  # no verb of Ruiz's governs it
])
def test_a_speaker_that_cannot_be_resolved_with_confidence_is_none(text):
    assert [q[1] for q in quotes(text, "Tomas Berg", "Ana Ruiz")] == [None]


def test_scare_quotes_and_titles_have_no_speaker():
    text = "The so-called “reform” passed. The report, titled “Roads to Nowhere,” was published by Ana Ruiz."
    assert quotes(text, "Ana Ruiz") == [("reform", None, None, "scare"), ("Roads to Nowhere,", None, None, "title")]


def test_a_pronoun_skips_a_later_subject_of_the_other_gender():
    text = ("Ana Ruiz said she would vote against the plan. Mr. Tomas Berg disagreed.\n\n"
            "“The vote is lost,” she said.")
    assert quotes(text, "Ana Ruiz", "Tomas Berg") == [("The vote is lost,", "Ana Ruiz", "say", "statement")]


def test_a_pronoun_never_skips_a_later_subject_whose_gender_is_unknown():
    text = ("Ana Ruiz said she would vote against the plan. Jordan Berg disagreed.\n\n"
            "“The vote is lost,” she said.")  # Jordan is a given name of men and women
    assert quotes(text, "Ana Ruiz", "Jordan Berg") == [("The vote is lost,", None, "say", "statement")]


def test_coordinated_subjects_give_no_single_speaker():
    text = "“We will appeal the ruling,” Ana Ruiz and Tomas Berg said."
    assert quotes(text, "Ana Ruiz", "Tomas Berg") == [("We will appeal the ruling,", None, "say", "statement")]


def test_one_quoted_word_used_as_a_modifier_is_a_scare_quote():
    text = "Tomas Berg asked to keep the “whistleblower’s” name secret."
    assert quotes(text, "Tomas Berg") == [("whistleblower’s", None, None, "scare")]


def test_a_participle_hanging_from_a_name_takes_that_name():
    text = "The clip ends with Ana Ruiz saying, “We never gave up.”"
    assert quotes(text, "Ana Ruiz") == [("We never gave up.", "Ana Ruiz", "say", "statement")]


def test_spaces_inside_the_marks_are_not_part_of_the_quote():
    text = '" Prices will fall , " said Tomas Berg.'
    assert quotes(text, "Tomas Berg") == [("Prices will fall ,", "Tomas Berg", "say", "statement")]


def test_a_pronoun_never_skips_a_later_subject_missing_from_the_entities():
    text = ("Mr. Tomas Berg spoke first.\n\n"
            "Later Okafor took the floor. “We need bigger rockets,” he said.")
    assert quotes(text, "Tomas Berg") == [("We need bigger rockets,", None, "say", "statement")]


def test_a_partial_quote_inside_reported_speech_goes_to_the_reporting_subject():
    text = "Tomas Berg said the city has become “more interested in parking than in people.”"
    assert quotes(text, "Tomas Berg") == [("more interested in parking than in people.", "Tomas Berg", "say",
                                           "statement")]


def test_a_colon_ending_the_paragraph_before_attributes_the_quote():
    text = "Tomas Berg answered the critics. He said:\n\n“We have built more schools than anyone.”"
    assert quotes(text, "Tomas Berg") == [("We have built more schools than anyone.", "Tomas Berg", "say",
                                           "statement")]


def test_a_subject_inside_the_quote_is_never_the_speaker():
    text = ("“If they can't fix the bridge now, they will at some point,” said Tomas Berg, "
            "an engineer who works for the city.")
    assert quotes(text, "Tomas Berg")[0][1] == "Tomas Berg"


def test_a_participle_parsed_under_a_where_clause_does_not_take_that_clause_subject():
    text = "Fans circled the streets near the arena - where the Rovers beat the Hawks - while chanting “We want more.”"
    assert quotes(text, orgs=("Rovers", "Hawks")) == [("We want more.", None, "chant", "statement")]


def test_an_organisation_named_by_the_first_word_of_its_name():
    text = ("Halvorsen Mining closed two pits in May.\n\n"
            "In a statement, Halvorsen said: “The mine was profitable for a decade.”")
    assert quotes(text, orgs=("Halvorsen Mining",))[0][1] == "Halvorsen Mining"


@pytest.mark.parametrize(("text", "quoted", "cue"), [
    ("Ana Ruiz likened the plan to “building on sand” in her speech.", "building on sand", "liken"),
    ("In a speech in May, Ana Ruiz attacked “the reckless spending of the old council.”",
     "the reckless spending of the old council.", "attack"),
])
def test_likening_and_attacking_are_speech_verbs(text, quoted, cue):
    assert quotes(text, "Ana Ruiz") == [(quoted, "Ana Ruiz", cue, "statement")]


def test_an_object_pronoun_after_a_name_is_no_clue_to_its_gender():
    text = "Sen. Dana Pike scolded him: “You are wrong about the dam,” she said."
    assert quotes(text, "Dana Pike")[0][1] == "Dana Pike"


def test_a_speech_verb_without_an_object_takes_the_quote_an_outer_verb_was_given():
    text = ("The spot concludes with footage of Ruiz saying during the debate last week, “That makes me smart,” "
            "when Berg blasted her for not paying tax.")
    assert quotes(text, "Ruiz", "Berg") == [("That makes me smart,", "Ruiz", "say", "statement")]


@pytest.mark.parametrize("text", [
    "Foreign Minister Ana Ruiz met reporters on Monday.\n\n“We will not back down,” the minister said.",
    ("Tomas Berg, a spokesman for the ministry, declined to give details.\n\n"
     "“The talks continue,” the spokesman told reporters."),
])
def test_a_role_noun_the_tagger_reads_as_a_proper_noun_still_names_its_one_holder(text):
    name = "Ana Ruiz" if "Ruiz" in text else "Tomas Berg"
    assert quotes(text, name)[0][1] == name


def test_according_to_attributes_a_quoted_fragment_in_its_sentence_but_not_a_single_word():
    text = ("The plan is “dead on arrival,” according to Ana Ruiz, the council leader.\n\n"
            "More than 500 people took part in a “walk-in” at 200 schools, according to the organiser Ana Ruiz.")
    assert quotes(text, "Ana Ruiz") == [("dead on arrival,", "Ana Ruiz", "according to", "statement"),
                                        ("walk-in", None, None, "scare")]


@pytest.mark.parametrize(("text", "cue"), [
    ("As Tomas Berg went on about “new roads for everyone” again, Ana Ruiz said nothing.", "go on"),
    ("Tomas Berg talked of “new roads for everyone” while Ana Ruiz said nothing.", "talk"),
])
def test_going_on_or_talking_about_a_quote_makes_its_subject_the_speaker(text, cue):
    assert quotes(text, "Tomas Berg", "Ana Ruiz") == [("new roads for everyone", "Tomas Berg", cue, "statement")]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Kevin Moss was asleep.\n\n“Here he is,” she said.", None),  # Kevin is a man's name, the only one
    ("Ana Ruiz met Tomas Berg on Monday. Berg left early.\n\n“It went well,” she said.", "Ana Ruiz"),
])
def test_a_pronoun_skips_a_person_whose_given_name_is_of_the_other_sex(text, speaker):
    assert [q[1] for q in quotes(text, "Ana Ruiz", "Tomas Berg", "Kevin Moss")] == [speaker]



def test_a_quote_over_paragraphs_with_a_nested_quote_gives_every_part_the_speaker_named_at_its_end():
    text = ("“My father told me, ‘The word “sell” is not in our language.’ I never forgot it.\n\n"
            "“So the farm stays in the family,” said Ana Ruiz.")
    assert quotes(text, "Ana Ruiz") == [
        ("My father told me, ‘The word “sell” is not in our language.’ I never forgot it.", "Ana Ruiz", "say",
         "statement"),
        ("So the farm stays in the family,", "Ana Ruiz", "say", "statement"),
    ]


def test_a_single_mark_quote_over_paragraphs_takes_the_speaker_named_in_its_last_part():
    text = ("Ana Ruiz spoke at the site on Friday. She said: ‘We have waited ten years for this road.\n\n"
            "‘Now the work can begin,’ Ruiz said.")
    assert quotes(text, "Ana Ruiz", "Ruiz") == [
        ("We have waited ten years for this road.", "Ana Ruiz", "say", "statement"),
        ("Now the work can begin,", "Ana Ruiz", "say", "statement"),
    ]
