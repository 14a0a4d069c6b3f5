"""Article text split over sibling blocks: put back the blocks the extractor skipped.

Magazine layouts cut an article into a row of same-class text modules between pictures and quotes;
extractors sometimes keep only a run of them. The article's other blocks are its container's siblings
with the same tag and class; those holding prose the body lacks are put back in page order.
"""
from __future__ import annotations

import re

BLOCK_MIN_WORDS = 30  # prose, not a caption or a pull quote
BLOCK_TAGS = ("div", "section")


def with_sibling_blocks(body: str, tree) -> str:
    """The body with the text of the sibling blocks of its own block that it lacks, in page order."""
    if not body or tree is None:
        return body
    paragraphs = body.split("\n\n")
    block = _block_of(max(paragraphs, key=len), tree)
    if block is None:
        return body
    kin = [node for node in block.getparent() if node.tag == block.tag and node.get("class") == block.get("class")]
    if len(kin) < 2:
        return body
    body_key = _key(body)
    before: list[str] = []
    for node in kin:
        texts = _texts(node)
        if any(_key(text) in body_key for text in texts):
            break  # the first block the extractor kept: what follows it, it chose to leave out
        if sum(len(text.split()) for text in texts) >= BLOCK_MIN_WORDS:
            before.extend(texts)
    return "\n\n".join([*before, *paragraphs])


def _block_of(paragraph: str, tree):
    """The nearest classed div or section around the paragraph that has a sibling like it."""
    want = _key(paragraph)[:200]
    for node in tree.iter("p"):
        if want and want in _key(node.text_content()):
            for ancestor in node.iterancestors(*BLOCK_TAGS):
                parent = ancestor.getparent()
                if ancestor.get("class") and parent is not None and sum(
                        1 for s in parent if s.tag == ancestor.tag and s.get("class") == ancestor.get("class")) >= 2:
                    return ancestor
            return None
    return None


# Prose ends a sentence; a caption ends with its credit "(Bild: Agency)".
SENTENCE_END = re.compile(r"[.!?…\"“”»«]$")


def _texts(node) -> list[str]:
    texts = [" ".join(p.text_content().split()) for p in node.iter("p")]
    return [text for text in texts if SENTENCE_END.search(text)]


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
