"""Body text: paragraphs without the boilerplate extraction libraries let through.

Extractors keep short lines that belong to the page, not the article: share prompts, photo credits,
"related articles" blocks, newsletter boxes, tables of contents. The rules below drop such short
paragraphs by their opening words (in the languages news pages commonly use), and cut a trailing block
that starts with a "more on this" heading.
"""
from __future__ import annotations

import html
import re

SHORT = 14  # words: boilerplate lines are short; an article sentence that starts the same way is kept
# A short paragraph that opens like this is page furniture.
BOILERPLATE = re.compile(
    r"^[\s(\[]*(share( this)?|teilen|partager|compartir|tweet|e-?mail|print|drucken|"
    r"(photo|foto|image|bild|picture)s?( credit)?s?\s*[:©/]|cr[ée]dits? ?(photos?)?\s*:|credit\s*:|"
    r"(quelle|source|fuente|bildquelle)n?\s*:|quellenangaben|©|copyright|all rights reserved|"
    r"alle rechte vorbehalten|advertisement|anzeige|werbung|publicité|publicidad|sponsored|"
    r"sign up|subscribe|abonnieren|newsletter|inscrivez|suscr[ií]bete|"
    r"(table of )?contents|inhaltsverzeichnis|inhalt\s*:|sommaire|"
    r"tags?\s*:|schlagw[öo]rter|topics?\s*:|themen\s*:|mehr themen|top-themen|"
    r"(read|see) (more|also)|lesen sie (auch|mehr|hier)|leia (também|mais)|weiterlesen|lire aussi|lea también|"
    r"bild anzeigen|zum artikel|mehr erfahren|learn more|click here|klicken sie|"
    r"escucha|listen to|h[öo]ren sie|comments?|kommentare?|commentaires?|"
    r"mit diesem button|follow us|folgen sie uns|suivez-nous|"
    r"die aktuelle ausgabe|vorschau auf|zur[üu]ck zur [üu]bersicht|back to top|nach oben)(?!\w)",
    re.I,
)
# A short heading that starts the trailing block of links and teasers.
TRAILER = re.compile(
    r"^(related( articles| stories| posts| content)?|more (from|on|stories|articles)|you (may|might) also like|"
    r"recommended|empfohlene (beitr[äa]ge|artikel)|weitere (artikel|beitr[äa]ge|nachrichten|themen)|"
    r"mehr zum thema|das k[öo]nnte sie auch interessieren|auch interessant|[äa]hnliche (artikel|beitr[äa]ge)|"
    r"beitr[äa]ge aus dem forum|dans la m[êe]me rubrique|[àa] lire [ée]galement|sur le m[êe]me sujet|"
    r"noticias relacionadas|te puede interesar|m[áa]s noticias|teilnehmende|saiba mais|veja (tamb[ée]m|mais)|"
    r"about the author|[üu]ber (den|die) autor(in)?|zur person|also on|see also|siehe auch|voir aussi)\b",
    re.I,
)
# A figure's numbered caption ("Abbildung 4: ...", "Fig. 2 - ...") and a line of hashtags.
CAPTION = re.compile(r"^(abbildung|abb\.|figure|fig\.|grafik|graphique|gráfico|tabelle|table|bild|foto|photo|image)"
                     r"\s*\d+[a-z]?\s*[:.–—-]", re.I)
CAPTION_WORDS = 40
HASHTAGS = re.compile(r"^(#[\w-]+[\s,]*)+$")
LIST_MARK = re.compile(r"^[-•]")
HEADLINE_WORDS = 6  # a list of other articles' headlines: longer items than a list of ingredients
LABEL_WORDS = 2
LABEL_CHARS = 25
HEADING_WORDS = 5
TRAILER_FROM = 0.5
LEAD_MIN_WORDS = 8  # only in the second half of the article: an early "Related" is a false alarm


def clean_body(text: str, title: str | None = None) -> str:
    """Extracted text as clean paragraphs separated by a blank line (without the headline printed again)."""
    paragraphs = [" ".join(p.split()) for p in text.split("\n") if p.strip()]
    kept: list[str] = []
    under_trailer = False
    for n, paragraph in enumerate(paragraphs):
        words = len(paragraph.split())
        if under_trailer and LIST_MARK.match(paragraph):
            continue  # the links listed under an inline "Related" heading
        under_trailer = False
        if words <= SHORT and TRAILER.match(paragraph):
            if words <= HEADING_WORDS and n >= TRAILER_FROM * len(paragraphs) and kept:
                break  # the heading of the block of links that ends the page
            under_trailer = True
            continue  # an inline "Related: <link>" line
        if words <= SHORT and BOILERPLATE.match(paragraph):
            continue
        if (words <= CAPTION_WORDS and CAPTION.match(paragraph)) or HASHTAGS.match(paragraph):
            continue
        if not kept and title and _key(paragraph) == _key(title):
            continue
        kept.append(paragraph)
    kept = _before_headlines(_before_teasers(kept))
    # Section labels and kickers around the article ("KULTUR", "Start-ups"): a word or two, no sentence.
    while kept and _label(kept[-1]):
        kept.pop()
    while kept and _label(kept[0]):
        kept.pop(0)
    return "\n\n".join(kept)


def _before_headlines(paragraphs: list[str]) -> list[str]:
    """The paragraphs before a closing list of other articles' headlines under a section label.

    A headline is a list item of several words with no closing punctuation; a list of ingredients or
    steps has shorter items or full sentences.
    """
    start = len(paragraphs)
    while start > 0 and _headline_item(paragraphs[start - 1]):
        start -= 1
    if len(paragraphs) - start >= MIN_TEASERS and start > 0 and _label(paragraphs[start - 1]):
        return paragraphs[:start - 1]
    return paragraphs


def _headline_item(paragraph: str) -> bool:
    return (bool(LIST_MARK.match(paragraph)) and len(paragraph.split()) >= HEADLINE_WORDS
            and not re.search(r"[.!?:;…]$", paragraph))


# An excerpt cut short: "… and then we went home…", "the council said [...]".
TRUNCATED = re.compile(r"(…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")
MIN_TEASERS = 2
TEASER_SHARE = 3  # at least one paragraph in this many from there on is a cut-short excerpt


def _before_teasers(paragraphs: list[str]) -> list[str]:
    """The paragraphs before a block of other posts' excerpts, each cut short with an ellipsis.

    One ellipsis at a paragraph's end can be the author's; a run of them after the article, making up
    a good share of what follows, is a list of teasers.
    """
    for n in range(1, len(paragraphs)):
        if TRUNCATED.search(paragraphs[n]):
            rest = paragraphs[n:]
            cut_short = sum(1 for p in rest if TRUNCATED.search(p))
            if cut_short >= MIN_TEASERS and cut_short * TEASER_SHARE >= len(rest):
                return paragraphs[:n]
            break
    return paragraphs


def _label(paragraph: str) -> bool:
    return (len(paragraph.split()) <= LABEL_WORDS and len(paragraph) <= LABEL_CHARS
            and not re.search(r"[.!?…\"“”»]$", paragraph))


def declared_body(jsonld: list[dict]) -> str:
    """The article text a page declares in its JSON-LD `articleBody`, or ''."""
    for obj in jsonld:
        text = obj.get("articleBody")
        if isinstance(text, str) and text.strip():
            return html.unescape(text).strip()
    return ""


def with_lead(body: str, description: str | None, tree) -> str:
    """The body with the page's standfirst first, when the extractor left that visible lead out.

    Many pages print their meta description as the article's lead paragraph, or mark their standfirst
    with an "intro" or "lead" class, in a separate block extractors skip; it is put back only when it
    is shown in the page itself.
    """
    if not body or tree is None:
        return body
    body_key = _key(body)
    if description and _key(description) in body_key:
        return body  # the extractor kept the lead
    lead = _shown_description(description, tree) or _marked_standfirst(tree)
    if lead and _key(lead) not in body_key:
        return lead + "\n\n" + body
    return body


def _shown_description(description: str | None, tree) -> str | None:
    if not description or len(description.split()) < LEAD_MIN_WORDS:
        return None
    lead = " ".join(description.split())
    for node in tree.iter("p", "div", "span", "strong", "h2"):
        if node.getparent() is not None and node.getparent().tag == "head":
            continue
        if _key(" ".join(node.text_content().split())) == _key(lead):
            return lead
    return None


# Class names pages give their standfirst: "article-intro", "lead", "standfirst", "chapeau", "vorspann".
STANDFIRST_CLASS = re.compile(r"(?:^|[\s_-])(intro|lead|standfirst|chapeau|vorspann|sapo|dek)(?:$|[\s_-])"
                              # "excerpt" and "summary" alone also mark teasers and author bios: only the article's own
                              r"|(?:^|\s)(article|post|entry|story)[-_](excerpt|summary|abstract|deck)(?:$|\s)", re.I)
LEAD_MAX_WORDS = 120


def _marked_standfirst(tree) -> str | None:
    body = tree.find("body")
    for node in body.iter("p", "div") if body is not None else ():
        if STANDFIRST_CLASS.search(node.get("class") or ""):
            if _in_aside(node):
                return None  # the excerpt of a related post, not this article's standfirst
            if next(node.iter("h1", "h2", "h3", "img", "figure"), None) is not None:
                return None  # a whole header block (headline, picture, credit), not a standfirst
            text = " ".join(node.text_content().split())
            # The first marked block only: later "lead" blocks are other articles' teasers.
            return text if LEAD_MIN_WORDS <= len(text.split()) <= LEAD_MAX_WORDS else None
    return None


ASIDE = re.compile(r"related|recommend|sidebar|widget|teaser|more-posts|read-more", re.I)


def _in_aside(node) -> bool:
    for ancestor in node.iterancestors():
        if ancestor.tag in ("aside", "nav", "footer") or ASIDE.search(
                (ancestor.get("class") or "") + " " + (ancestor.get("id") or "")):
            return True
    return False


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))

