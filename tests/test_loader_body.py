"""Body text: the precision pass's choice of paragraphs, read whole from the full pass."""
from __future__ import annotations

from api.loader.body import clean_body
from api.loader.passes import precise_paragraphs

FIRST = "The council approved the harbour plan on Thursday evening after a debate lasting three hours."
SECOND = "Residents welcomed the decision and asked the council to start the works before the summer."
THIRD = "The ferry company said it would move its moorings to the north quay while the works last."


def test_precise_paragraphs_keep_the_words_the_precision_pass_cut_inside_a_paragraph():
    cut = SECOND.replace(" and asked the council", "")
    assert precise_paragraphs("\n".join(["Menu", FIRST, SECOND, "Newsletter"]), f"{FIRST}\n{cut}") \
        == f"{FIRST}\n{SECOND}"


def test_precise_paragraphs_keep_the_precise_cut_when_it_ends_a_paragraph_earlier():
    glued = THIRD + " More from the harbour desk: subscribe to our weekly newsletter today"
    assert precise_paragraphs(f"{FIRST}\n{glued}", f"{FIRST}\n{THIRD}") == f"{FIRST}\n{THIRD}"


def test_precise_paragraphs_put_back_list_items_dropped_inside_the_article():
    items = ["- a new quay for the ferry boats", "- two more berths for fishing boats"]
    full = "\n".join([FIRST, *items, "Share", SECOND, "- Read more about harbours"])
    assert precise_paragraphs(full, f"{FIRST}\n{SECOND}") == "\n".join([FIRST, *items, SECOND])


def test_precise_paragraphs_trust_the_precision_pass_when_the_passes_read_different_text():
    precise = f"{FIRST}\n{THIRD}"
    assert precise_paragraphs(f"A sidebar teaser about another story entirely\n{SECOND}", precise) == precise


def test_clean_body_drops_numbered_figure_captions_and_hashtag_lines():
    text = "\n".join([FIRST, "Figure 2: The north quay at low tide, seen from the ferry terminal.", SECOND,
                      "Abb. 3 - Plan der neuen Mole", THIRD, "#harbour #council #ferry"])
    assert clean_body(text) == "\n\n".join([FIRST, SECOND, THIRD])


def test_clean_body_drops_the_links_listed_under_an_inline_more_heading():
    links = ["- Harbour Ferry fares will rise again next spring, the operator says",
             "- Harbour The old lighthouse reopens to visitors after five years"]
    text = "\n".join([FIRST, "Saiba mais", *links, SECOND, THIRD, "- the quay", FIRST + " Again."])
    assert clean_body(text) == "\n\n".join([FIRST, SECOND, THIRD, "- the quay", FIRST + " Again."])


def test_clean_body_drops_a_closing_list_of_headlines_under_a_section_label():
    headlines = ["-Fishermen protest against the new quota rules in the harbour town",
                 "-The old lighthouse reopens to visitors after five long years"]
    assert clean_body("\n".join([FIRST, SECOND, "HARBOUR", *headlines])) == f"{FIRST}\n\n{SECOND}"
    ingredients = ["Ingredients", "- 300 grams soft butter", "- 6 medium eggs"]
    assert clean_body("\n".join([FIRST, *ingredients])) == "\n\n".join([FIRST, *ingredients])


def test_clean_body_drops_the_headline_printed_again_above_the_article():
    title = "Harbour plan approved after a long debate"
    assert clean_body("\n".join([title, "10.11.2021", FIRST, SECOND]), title) == f"{FIRST}\n\n{SECOND}"


def test_precise_paragraphs_put_back_question_headings_dropped_inside_the_article():
    full = "\n".join([FIRST, "How long may the ferry keep its old moorings?", SECOND, "Questions?"])
    assert precise_paragraphs(full, f"{FIRST}\n{SECOND}") == "\n".join(full.split("\n")[:3])


def test_with_lead_takes_the_article_excerpt_but_not_a_related_post_excerpt():
    from api.loader.body import with_lead
    from api.loader.metadata import parse

    lead = "How long may parents stay at home when their child is ill, and who pays them meanwhile?"
    page = f'<html><body><p class="article-excerpt">{lead}</p><p>{FIRST}</p></body></html>'
    assert with_lead(FIRST, None, parse(page)) == f"{lead}\n\n{FIRST}"
    related = (f'<html><body><p>{FIRST}</p><div class="related-posts"><p class="post-excerpt">{lead}</p></div>'
               "</body></html>")
    assert with_lead(FIRST, None, parse(related)) == FIRST
    bio = f'<html><body><div class="author-excerpt">{lead}</div><p>{FIRST}</p></body></html>'
    assert with_lead(FIRST, None, parse(bio)) == FIRST


def test_precise_paragraphs_keep_closing_notes_written_in_sentences():
    notes = ["Notes", "- The harbour plan can be read at the town hall until May.",
             "- An earlier version of this article gave the wrong date for the", "council vote."]
    kept = precise_paragraphs("\n".join([FIRST, SECOND, *notes]), f"{FIRST}\n{SECOND}")
    assert kept == "\n".join([FIRST, SECOND, *notes[:2], notes[2] + " " + notes[3]])
    links = ["More stories", "- Ferry fares rise again - May 4, 2023", "- The lighthouse reopens - May 2, 2023"]
    assert precise_paragraphs("\n".join([FIRST, SECOND, *links]), f"{FIRST}\n{SECOND}") == f"{FIRST}\n{SECOND}"


def test_covering_paragraph_found_past_paragraphs_of_other_lengths():
    from collections import Counter

    from api.loader.passes import _covering
    words = Counter("the council approved the harbour plan on monday".split())
    precise = [Counter("menu".split()), Counter(("the council approved the harbour plan on monday after a long "
                                                 "debate about costs and the timetable for the works").split()),
               Counter("the council approved the harbour plan monday".split())]
    assert _covering(words, precise) == 2
    assert _covering(Counter(), precise) is None
