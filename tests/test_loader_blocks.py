"""Article text split over sibling blocks: the blocks before the extractor's first are put back."""
from __future__ import annotations

from api.loader.blocks import with_sibling_blocks
from api.loader.metadata import parse

OPENING = ("There are days that cut a harbour town's history in two, a before and an after. "
           "The storm of that autumn was one of them, and the old quay never came back.")
LATER = "The new quay was finished four years later, paid for by the port and the region together."


def page(*modules: str) -> str:
    blocks = "".join(f'<div class="module module--text"><p>{text}</p></div>'
                     '<div class="module module--image"><p>The quay at dawn (Photo: Agency)</p></div>'
                     for text in modules)
    return f'<html><body><div class="wrapper">{blocks}</div></body></html>'


def test_with_sibling_blocks_puts_back_the_opening_blocks_the_extractor_skipped():
    tree = parse(page(OPENING, LATER))
    assert with_sibling_blocks(LATER, tree) == f"{OPENING}\n\n{LATER}"


def test_with_sibling_blocks_leaves_blocks_after_the_extracted_ones_and_captions_alone():
    tree = parse(page(LATER, OPENING))
    assert with_sibling_blocks(LATER, tree) == LATER
    caption = "1/5 The quay after the storm, seen from the breakwater on the morning after (Photo: Agency)"
    assert with_sibling_blocks(LATER, parse(page(caption, LATER))) == LATER
