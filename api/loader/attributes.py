"""The model's attribute rules (its tag map and the pronoun, auxiliary and contraction exceptions),
applied by table look-up instead of spaCy's AttributeRuler.

The AttributeRuler runs a Matcher with its ~180 token patterns at every token: a tenth of the
model's time per article. The patterns test only a token's tag, lower-case form, dependency label
and whether it is whitespace, so the rules that hold for a token follow from those four values: they
are worked out once per distinct combination and kept. The few two-token patterns ('gon na', 'let
's') are matched from the same per-token answers. The result is the ruler's own: every match is
found on the tokens as they were before any rule wrote, rules apply in their order (a later one
overwriting what an earlier one set), each writing the token its `index` points at.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

READ = (TAG, LOWER, DEP, IS_SPACE)  # what patterns may test, in the order of a token's key
READ_NAMES = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
WRITTEN = (LEMMA, POS, TAG, MORPH, DEP)  # what rules may set, in the order of the written columns
MAX_KEYS = 200_000  # distinct token keys kept: bounds the memory of a long load

Test = Callable[[tuple], bool]


class Unsupported(ValueError):
    """A rule that tests or sets something the table does not read or write."""


class AttributeTable:
    """A callable pipeline component equal to an AttributeRuler whose patterns it can read."""

    def __init__(self, ruler) -> None:
        """Compile `ruler`'s rules; raises Unsupported when a pattern or attribute is beyond the table."""
        self.strings = ruler.vocab.strings
        self.writes: list[tuple[tuple[int, int], ...]] = []  # per rule: (written column, value)
        self.index: list[int] = list(ruler.indices)
        self.patterns: list[tuple[int, list[Test]]] = []  # (rule, one test per token)
        # Each token test filed under one value it requires (a tag, a word), so that a token is tried
        # only against the tests its own values can pass; tests that require no one value are always tried.
        self.filed: list[dict[int, list[tuple[int, int]]]] = [{} for _ in READ]
        self.unfiled: list[tuple[int, int]] = []
        for rule, (attrs, found) in enumerate(zip(ruler.attrs, ruler.patterns, strict=True)):
            if any(attr not in WRITTEN for attr in attrs):
                raise Unsupported(f"rule {rule} sets {sorted(attrs)}")
            self.writes.append(tuple((WRITTEN.index(attr), value) for attr, value in attrs.items()))
            for pattern in found["patterns"]:
                n = len(self.patterns)
                self.patterns.append((rule, [self._test(spec) for spec in pattern]))
                for position, spec in enumerate(pattern):
                    self._file((n, position), spec)
        self._keys: dict[tuple, tuple] = {}

    def __call__(self, doc: Doc) -> Doc:
        """Set the attributes the rules give every token of `doc`, as the AttributeRuler does."""
        if not len(doc):
            return doc
        keys = [tuple(row) for row in doc.to_array(list(READ)).tolist()]
        if len(self._keys) > MAX_KEYS:
            self._keys.clear()
        answers = [self._keys.get(key) or self._answer(key) for key in keys]
        extra = self._longer_matches(answers, len(doc))
        columns = doc.to_array(list(WRITTEN))
        for i, (rules, writes, _) in enumerate(answers):
            if i in extra:
                writes = self._fold(sorted({*rules, *extra[i]}))
            for column, value in writes:
                columns[i, column] = value
        doc.from_array(list(WRITTEN), columns)
        return doc

    def pipe(self, docs, batch_size: int = 128):
        """The component over a stream of docs (spaCy calls `pipe` when there is one)."""
        for doc in docs:
            yield self(doc)

    def _answer(self, key: tuple) -> tuple:
        """(one-token rules that hold, their writes folded in rule order, (pattern, position) pairs that
        hold for longer patterns) for a token with this key."""
        rules, positions = [], []
        tried = [*self.unfiled]
        for column, filed in enumerate(self.filed):
            tried.extend(filed.get(key[column], ()))
        for n, position in tried:
            rule, tests = self.patterns[n]
            if tests[position](key):
                if len(tests) == 1:
                    rules.append(rule)
                else:
                    positions.append((n, position))
        rules = sorted(set(rules))
        answer = (tuple(rules), self._fold(rules), tuple(positions))
        self._keys[key] = answer
        return answer

    def _fold(self, rules: list[int]) -> tuple:
        written: dict[int, int] = {}
        for rule in rules:
            written.update(self.writes[rule])
        return tuple(written.items())

    def _file(self, test: tuple[int, int], spec: dict) -> None:
        for name in ("LOWER", "TAG", "DEP", "IS_SPACE"):
            value = spec.get(name)
            if isinstance(value, str | bool | int):
                values = [self.strings.add(value) if isinstance(value, str) else int(value)]
            elif isinstance(value, dict) and list(value) == ["IN"]:
                values = [get_string_id(v) for v in value["IN"]]
            else:
                continue
            for value in dict.fromkeys(values):
                self.filed[READ_NAMES[name]].setdefault(value, []).append(test)
            return
        self.unfiled.append(test)

    def _longer_matches(self, answers: list[tuple], length: int) -> dict[int, list[int]]:
        """The rules of patterns longer than a token that match, by the token each one writes."""
        holds: dict[int, set] = {}
        for i, (_, _, positions) in enumerate(answers):
            if positions:
                holds[i] = set(positions)
        extra: dict[int, list[int]] = {}
        for start in holds:
            for n, position in holds[start]:
                if position:
                    continue
                rule, tests = self.patterns[n]
                end = start + len(tests)
                if end <= length and all((n, j) in holds.get(start + j, ()) for j in range(1, len(tests))):
                    index = self.index[rule]
                    target = start + index if index >= 0 else end + index
                    if not start <= target < end:
                        raise ValueError(f"attribute rule {rule}: index {index} outside its match")
                    extra.setdefault(target, []).append(rule)
        return extra

    def _test(self, spec: dict) -> Test:
        """One token's test: every attribute of the spec as the Matcher reads it."""
        tests = []
        for name, value in spec.items():
            if name not in READ_NAMES:
                raise Unsupported(f"pattern tests {name}")
            tests.append(self._attribute_test(READ_NAMES[name], value))
        return lambda key: all(test(key) for test in tests)

    def _attribute_test(self, column: int, value) -> Test:
        if isinstance(value, bool | int):
            wanted = int(value)
            return lambda key: key[column] == wanted
        if isinstance(value, str):
            wanted = self.strings.add(value)
            return lambda key: key[column] == wanted
        if not isinstance(value, dict) or len(value) != 1:
            raise Unsupported(f"pattern value {value!r}")
        [(operator, operand)] = value.items()
        if operator == "IN":
            allowed = {get_string_id(v) for v in operand}
            return lambda key: key[column] in allowed
        if operator == "NOT_IN":
            refused = {get_string_id(v) for v in operand}
            return lambda key: key[column] not in refused
        if operator == "REGEX":
            regex = re.compile(operand)
            return lambda key: bool(regex.search(self.strings[key[column]]))
        raise Unsupported(f"pattern operator {operator}")


@Language.factory("attribute_table")
def make_attribute_table(nlp: Language, name: str) -> AttributeTable:
    """The table of the pipeline's own attribute ruler, to be put in its place."""
    return AttributeTable(nlp.get_pipe("attribute_ruler"))
