"""Body text: the precision pass's choice of paragraphs, read whole from the full pass."""
from __future__ import annotations

from api.loader.body import precise_paragraphs

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
