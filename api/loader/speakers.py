"""Who said a quote: the subject of its speech verb, resolved to one of the article's entities.

The cue is, in order of preference: a speech or communication verb that governs the quote in the
dependency parse ("Putin praised the treaty as a “...”"), climbing no further than the first clause
with a subject of its own; for a quote that reads as a sentence (capitalised), the nearest such verb
outside quotes in its sentence ("“...,” she said"), "according to X", a short attribution sentence
right after it ("“...” Smith said."), or a sentence before it ending in a colon. All within the quote's
paragraph. "Went on about “...”" is speech too. A participle without a subject ("..., vowing that ...")
takes the subject of the verb it hangs from, or of its sentence's main clause.

The subject becomes a speaker only when it resolves with confidence: it is (or is in apposition with)
a listed entity, or a word of exactly one listed person's name ("Choe" -> "Choe Son Hui"); "he"/"she"
is the latest subject before it whose gender is known to fit (honorifics, later pronouns, a given name
of one sex), stopping at any subject it cannot vouch for; a role noun ("the minister") that exactly one
named person carries; an organisation by the first word of its name ("Peabody" for "Peabody Energy")
when no other listed name has that word; a subject inside the quote itself is a parse slip, never the speaker;
a name the NER missed after an honorific ("Mr. Alvarez"), then added to the entities. Coordinated
subjects ("Ford and Fry said") have no single speaker. Otherwise None: never a guess.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from api.loader.mentions import HONORIFICS, EntityIndex
from api.loader.quotemarks import Span

SPEECH_VERBS = frozenset("""
say tell add state claim argue ask answer reply respond explain note warn write tweet post declare announce
insist maintain suggest recall acknowledge admit concede contend assert praise vow promise pledge call
describe emphasise emphasize stress express refer term dub label brand characterize characterise urge
predict complain comment remark observe conclude joke quip shout yell scream cry whisper testify confirm
deny report demand caution agree reiterate repeat speak mention boast lament thank criticize criticise
slam blast accuse proclaim chant wonder muse recount counter retort hail welcome condemn
denounce dismiss chide rail put tout decry allege insist plead exclaim liken attack talk
""".split())
SUBJECTS = ("nsubj", "csubj")
PRONOUN_GENDER = {"he": "m", "she": "f"}
RELATIVE = {"who", "that", "which"}
INHERIT_DEPS = ("advcl", "xcomp", "conj", "pcomp")
MAIN_CLAUSES = ("ROOT", "ccomp", "conj", "parataxis")  # not a relative or adverbial clause


class Attributor:
    """Finds the cue and speaker of each quote span of one document."""

    def __init__(self, doc: Doc, spans: list[Span], index: EntityIndex):
        self.doc = doc
        self.spans = spans
        self.index = index
        self.text = text = doc.text  # Doc.text joins every token anew on each access: read it once
        self.quoted = [False] * len(doc)
        for span in spans:
            for tok in self.tokens(span.start - 1, span.end + 1):
                self.quoted[tok.i] = True
        self.paragraph_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n" and i + 1 < len(text)
                                       and text[i + 1] != "\n"]

    def tokens(self, start: int, end: int) -> list[Token]:
        """The tokens overlapping [start, end)."""
        span = self.doc.char_span(max(start, 0), min(end, len(self.text)), alignment_mode="expand")
        return list(span) if span is not None else []

    def cue(self, span: Span) -> tuple[Token | None, bool]:
        """The cue token for a quote (in its paragraph), and whether it governs the quote in the parse."""
        inside = self.tokens(span.start, span.end)
        if not inside:
            return None, False
        self._bounds = (self._paragraph_start(span.start), self._paragraph_end(span.end))
        governing = self._governing_verb(inside)
        if governing is not None:
            return self._open_verb_between(governing, inside[0]) or governing, True
        if not inside[0].is_title and not (inside[0].is_punct and len(inside) > 1 and inside[1].is_title):
            # a fragment ("“how the system is rigged”") needs a verb that governs it, or "according to"
            # that attributes its whole sentence ("The plan is “dead,” according to Lee")
            if not any(t.whitespace_ for t in inside[:-1]):
                return None, False  # one word ("a “walk-in”") is a scare quote, not a statement
            according = [t for t in inside[0].sent if t.lower_ == "according" and self._here(t) and self._is_cue(t)]
            return (according[0] if according else None), False
        return self._nearby_verb(span, inside), False

    def _open_verb_between(self, governing: Token, first: Token) -> Token | None:
        """A speech verb with a speaker and no object of its own, between the governing verb and the quote:
        the parse hung the quote on an outer verb ("The ad concludes with footage of Lee saying, “...”")."""
        between = [t for t in first.sent if governing.i < t.i < first.i and self._here(t) and self._is_cue(t)
                   and t.lower_ != "according"]
        for verb in reversed(between):
            kids = {c.dep_ for c in verb.children}
            named = "nsubj" in kids or verb.dep_ == "acl" and verb.head.pos_ == "PROPN"
            if named and not kids & {"dobj", "ccomp", "xcomp", "attr", "oprd"}:
                return verb
        return None

    def _here(self, tok: Token) -> bool:
        """Whether a token is outside quotes and in the paragraph of the quote being attributed."""
        return not self.quoted[tok.i] and self._bounds[0] <= tok.idx < self._bounds[1]

    def _governing_verb(self, inside: list[Token]) -> Token | None:
        ids = {t.i for t in inside}
        best: tuple[int, Token] | None = None
        for tok in inside:
            if tok.head.i in ids and tok.head is not tok or tok.is_punct:
                continue  # punctuation inside the marks often hangs from the main verb outside
            steps, head = 0, tok.head
            while head is not tok and steps < 6:
                steps += 1
                if self._here(head) and self._is_cue(head):
                    if best is None or steps < best[0]:
                        best = (steps, head)
                    break
                if (head.pos_ in ("VERB", "AUX") and head.dep_ != "ccomp"
                        and any(c.dep_ in SUBJECTS for c in head.children)):
                    # the quote belongs to another clause ("Trump went on about “...”"), unless that
                    # clause is itself reported ("He said the nation has become “...”")
                    break
                if head.head is head:
                    break
                head = head.head
        return best[1] if best else None

    def _nearby_verb(self, span: Span, inside: list[Token]) -> Token | None:
        first, last = inside[0], inside[-1]
        sentences = {first.sent.start: first.sent, last.sent.start: last.sent}
        frame = [t for s in sentences.values() for t in s if self._here(t) and self._is_cue(t)]
        if frame:
            return min(frame, key=lambda t: min(abs(t.idx - span.start), abs(t.idx - span.end)))
        after = last.sent.end
        if after < len(self.doc) and self.doc[after].idx - span.end <= 3:
            nxt = self.doc[after].sent
            cues = [t for t in nxt if self._is_cue(t) and self._here(t) and t.dep_ == "ROOT"]
            if cues and len(nxt) <= 14 and not any(c.dep_ == "ccomp" for c in cues[0].children):
                return cues[0]
        colon = self._colon_before(span.start - 1)
        if colon is not None:  # "He said:" may end the paragraph before the quote
            cues = [t for t in colon.sent if t.i < colon.i and self._is_cue(t) and not self.quoted[t.i]]
            if cues:
                return cues[-1]
        return None

    def _colon_before(self, mark: int) -> Token | None:
        """The colon right before the quote's opening mark, across blank space, if there is one."""
        k = mark - 1
        while k >= 0 and self.text[k].isspace():
            k -= 1
        if k < 0 or self.text[k] != ":":
            return None
        colon = self.doc.char_span(k, k + 1, alignment_mode="expand")
        return colon[0] if colon is not None and colon[0].text == ":" else None

    @staticmethod
    def _is_cue(tok: Token) -> bool:
        if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            return True
        if tok.pos_ not in ("VERB", "AUX"):
            return False
        lemma = tok._.lemma.lower()
        # 'went on about “...”': to go on about something is to talk about it at length
        return lemma in SPEECH_VERBS or lemma == "go" and {("prt", "on"), ("prep", "about")} <= {
            (c.dep_, c.lower_) for c in tok.children}

    def speaker(self, cue: Token) -> int | None:
        """The entity that is the cue verb's subject, when it resolves with confidence."""
        subject = self._subject(cue)
        return self._resolve(subject) if subject is not None else None

    def _subject(self, verb: Token) -> Token | None:
        cue = verb
        for _ in range(4):
            if verb.lower_ == "according":
                to = next(c for c in verb.children if c.lower_ == "to")
                return next((c for c in to.children if c.dep_ == "pobj"), None)
            if verb is not cue and any(c.tag_ == "WRB" for c in verb.children):
                return None  # a participle parsed under a "where"/"when" clause: its subject is not the speaker
            for child in verb.children:
                if child.dep_ in SUBJECTS and not self.quoted[child.i]:  # "“..., it will,” said X": parse slip
                    if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                        return verb.head
                    return child
            if verb.dep_ == "compound" and verb.head.pos_ == "PROPN":
                return verb.head  # "Said Ellis: “...”"
            for child in verb.children:
                if child.dep_ == "agent":
                    return next((c for c in child.children if c.dep_ == "pobj"), None)
            if any(c.dep_ == "nsubjpass" for c in verb.children):
                return None  # "was called X" with no "by": the subject is not the speaker
            if verb.dep_ == "acl" and verb.head.pos_ == "PROPN":
                return verb.head  # "footage of Trump saying “...”"
            if verb.dep_ not in INHERIT_DEPS or verb.head is verb or self.quoted[verb.head.i]:
                break
            verb = verb.head
        return self._main_subject(cue) if cue.tag_ in ("VBG", "VBN") else None

    def _main_subject(self, participle: Token) -> Token | None:
        """For '..., asserting “...”' parsed loose: the closest subject before it in its sentence, unquoted."""
        subjects = [t for t in participle.sent if t.i < participle.i and t.dep_ == "nsubj"
                    and t.head.dep_ in MAIN_CLAUSES and not self.quoted[t.i] and not self.quoted[t.head.i]]
        return subjects[-1] if subjects else None

    def _resolve(self, tok: Token) -> int | None:
        if any(c.dep_ == "conj" for c in tok.children):
            return None  # "Ford and Fry replied": no one speaker
        found = self.index.at(tok.idx)
        if found is not None:
            return found
        if tok.lower_ in PRONOUN_GENDER:
            return self._antecedent(tok)
        for child in tok.children:
            if child.dep_ == "appos":
                for t in child.subtree:
                    if t.pos_ == "PROPN" and (found := self.index.at(t.idx)) is not None:
                        return found
        # a role noun; the tagger often reads one after "the" as a proper noun ("the minister said")
        if (tok.pos_ == "NOUN" or tok.pos_ == "PROPN" and tok.is_lower) and any(
                c.dep_ in ("det", "poss") for c in tok.children):
            return self.index.by_role(tok._.lemma.lower())
        if tok.pos_ != "PROPN":
            return None
        for child in tok.lefts:  # 'Foreign Minister Choe Son Hui' where NER kept only 'Choe Son'
            if child.dep_ == "compound" and (found := self.index.at(child.idx)) is not None:
                if self.index.entities[found].get("type") != "person":
                    return None
                self._extend_name(found, child, tok)
                return found
        found = self.index.by_word(tok.text)
        if found is None and not any(c.dep_ == "compound" for c in tok.children):
            found = self.index.by_first_word(tok.text)  # "Peabody said" for "Peabody Energy"
        if found is not None:
            return found
        return self._missed_name(tok) if tok.is_title else None

    def _extend_name(self, found: int, inside: Token, head: Token) -> None:
        """Record the whole name ('Choe Son Hui') as an alias of a person the NER cut short ('Choe Son')."""
        start = next(s for s, e in self.index.entities[found]["offsets"] if s <= inside.idx < e)
        words = self.doc.char_span(start, head.idx + len(head), alignment_mode="expand")
        if words is not None and all(t.pos_ == "PROPN" and t.is_title for t in words):
            self.index.add_alias(found, words.text)

    def _missed_name(self, tok: Token) -> int | None:
        """A name after an honorific that the NER did not list: 'Mr. Alvarez said'."""
        names = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        words = [t for t in [*names, tok] if t.lower_ not in HONORIFICS]
        start = min(t.i for t in [*names, tok])
        if not words or start == 0 and not names:
            return None
        honorific = self.doc[start] if self.doc[start].lower_ in HONORIFICS else self.doc[start - 1]
        if honorific.lower_ not in HONORIFICS or not all(w.is_title for w in words):
            return None
        return self.index.add_person(self.doc[words[0].i:words[-1].i + 1].text)

    def _antecedent(self, pronoun: Token) -> int | None:
        """The person 'he'/'she' refers to: the latest subject before it (this paragraph or the one before)
        that is a listed person of the same gender. A subject of unknown gender, or a name not listed,
        stops the search (None) unless that person is the only one named there: never skip past a
        subject who might be the one meant to an older one who happens to fit."""
        wanted = PRONOUN_GENDER[pronoun.lower_]
        since = self._paragraph_start(pronoun.idx, back=1)
        named = {i for _, _, i in self.index.mentions_before(pronoun.idx, since)
                 if self.index.entities[i].get("type") == "person"}
        for k in range(pronoun.i - 1, -1, -1):
            tok = self.doc[k]
            if tok.idx < since:
                break
            if tok.dep_ not in ("nsubj", "nsubjpass") or self.quoted[k]:
                continue
            i = self._entity_of_name(tok)
            if i is None:
                if tok.pos_ == "PROPN" and tok.is_title:
                    return None  # a name the entity list missed
                continue
            if self.index.entities[i].get("type") != "person":
                continue
            gender = self.index.gender.get(i)
            if gender is None:
                return i if len(named) == 1 else None
            if gender == wanted:
                return i
        return None

    def _entity_of_name(self, tok: Token) -> int | None:
        """The listed entity a name token (or a name in apposition to it) belongs to."""
        found = self.index.at(tok.idx)
        if found is not None:
            return found
        for child in tok.children:
            if child.dep_ in ("compound", "appos") and (found := self.index.at(child.idx)) is not None:
                return found
        return self.index.by_word(tok.text) if tok.pos_ == "PROPN" else None

    def _paragraph_start(self, char: int, back: int = 0) -> int:
        k = bisect_right(self.paragraph_starts, char) - 1
        return self.paragraph_starts[max(k - back, 0)]

    def _paragraph_end(self, char: int) -> int:
        end = self.text.find("\n", char)
        return len(self.text) if end < 0 else end

    def same_paragraph(self, a: int, b: int) -> bool:
        """Whether two offsets are in one paragraph."""
        return self._paragraph_start(a) == self._paragraph_start(b)

