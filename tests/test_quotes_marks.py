"""Quote spans: which marks open and close a quote, across paragraphs, and what is no quote at all."""
import pytest

from api.loader.quotemarks import find_quote_spans


def quoted(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_quote_spans(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The mayor called it a “bold plan” on Friday.", ["bold plan"]),
    ('The mayor called it a "bold plan" on Friday.', ["bold plan"]),
    ("''We are ready,'' the coach said.", ["We are ready,"]),
    ("The critic called the show ‘tiresome’ twice.", ["tiresome"]),
    ("“Rain helps,” the farmer said. “Too much does not.”", ["Rain helps,", "Too much does not."]),
])
def test_curly_straight_and_doubled_marks_open_and_close_quotes(text, expected):
    assert quoted(text) == expected


def test_apostrophes_and_inch_marks_are_not_quote_marks():
    text = "The farmers’ union said the growers’ crop was 5'11\" tall and didn’t sell."
    assert quoted(text) == []


def test_a_quote_nested_in_a_quote_stays_inside_it():
    text = "“She told us ‘never again’ and meant “never” too,” he said."
    assert quoted(text) == ["She told us ‘never again’ and meant “never” too,"]


def test_a_quote_over_paragraphs_continues_where_the_next_paragraph_opens_a_mark():
    text = "“The first part goes on.\n\n“The second part ends here,” she said.\n\nNo quote here."
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["The first part goes on.", "The second part ends here,"]
    assert spans[0].group == spans[1].group


def test_an_opening_mark_never_closed_is_dropped():
    assert quoted("“This never closes.\n\nThe next paragraph has no mark.") == []


def test_a_stray_opening_mark_does_not_swallow_the_quote_after_it():
    assert quoted("Odd “ typo and then “a real quote” here.") == ["a real quote"]


def test_a_closing_mark_typed_as_an_opening_one_still_closes():
    assert quoted("It was rated “Half True.“ Then it changed.") == ["Half True."]


@pytest.mark.parametrize("text", [
    # a single quote nested in the first part, reopened with the outer mark where it runs on
    "“He told me, ‘We will go.\n\n“‘Now,’ he said. We left,” she said.",
    # a nested single quote closed inside the first part
    "“He told me, ‘We will go,’ and left.\n\n“Then it rained,” she said.",
    # a single quote nested in the first part that quotes a word in double marks itself
    "“He told me, ‘The word “sell” is not ours.’ I believed him.\n\n“Then it rained,” she said.",
    # a double quote nested in double marks in the first part
    "“He called the plan “bold” at first.\n\n“Then it rained,” she said.",
    # the nested quote in the middle part of three
    "“It began in May.\n\n“He told me, ‘The “plan” is final.’ We agreed.\n\n“Then it rained,” she said.",
])
def test_a_quote_over_paragraphs_with_a_quote_nested_in_it_keeps_every_part_in_one_group(text):
    spans = find_quote_spans(text)
    parts = text.split("\n\n")
    assert [text[s.start:s.end] for s in spans] == [p[1:] for p in parts[:-1]] + [parts[-1][1:].split("”")[0]]
    assert len({s.group for s in spans}) == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("‘We have waited ten years.\n\n‘Now the work can begin,’ she said.\n\nNo quote here.",
     ["We have waited ten years.", "Now the work can begin,"]),
    ("'We have waited ten years.\n\n'Now the work can begin,' she said.\n\nNo quote here.",
     ["We have waited ten years.", "Now the work can begin,"]),
    ("‘We waited.\n\n‘We hoped.\n\n‘Now the work can begin,’ she said.",
     ["We waited.", "We hoped.", "Now the work can begin,"]),
])
def test_a_single_mark_quote_over_paragraphs_continues_like_a_double_one(text, expected):
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == expected
    assert len({s.group for s in spans}) == 1


@pytest.mark.parametrize("text", [
    "They don't like rock ‘n’ roll or rock 'n' roll from the '90s, ‘em or 'til Jones' car won.",
    "Trump 's plan and the party 's chief do n't say 'em, the players' union said.",
    "The ‘90s were fun.\n\n‘Then it rained.\n\nNo mark closes it.",
])
def test_apostrophes_are_no_single_quote_marks(text):
    assert quoted(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("He called it 'a mess' and said \"it's 'fine' now\" twice.", ["a mess", "it's 'fine' now"]),
    ("'He is 6' tall,' she said of the rock 'n' roll star.", ["He is 6' tall,"]),
])
def test_straight_single_marks_quote_outside_a_double_quote_and_not_inside_one(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("‘“Yes,” he said, and I agreed’ she wrote.", ["“Yes,” he said, and I agreed"]),
    ("'\"Yes,\" he said, and I agreed' she wrote.", ["\"Yes,\" he said, and I agreed"]),
])
def test_a_single_mark_quote_opening_with_a_nested_double_one_is_read_whole(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize("text", [
    "He told the crowd: “We have waited ten years.\n\n“Now the work can begin,” he said.",
    "He told the crowd, ‘We have waited ten years.\n\n‘Now the work can begin,’ he said.",
])
def test_a_quote_opened_inside_a_paragraph_continues_where_the_next_paragraph_opens_a_mark(text):
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["We have waited ten years.", "Now the work can begin,"]
    assert spans[0].group == spans[1].group


@pytest.mark.parametrize("text", [
    # a phrase, not a sentence: its closing mark was lost
    "He called the law “illegal.\n\n“Now the work can begin,” he said.",
    # the next paragraph opens with a mark of the other kind
    "He told the crowd: “We have waited ten years.\n\n‘Now the work can begin,’ he said.",
    "“We have waited ten years.\n\n‘Now the work can begin,’ he said.",
])
def test_an_open_quote_does_not_run_on_into_a_paragraph_that_starts_another(text):
    assert quoted(text) == ["Now the work can begin,"]


@pytest.mark.parametrize(("text", "expected"), [
    # a stray double mark does not hide the single quote after it
    ("Odd “ typo and then ‘a real quote’ here.", ["a real quote"]),
    # nor a stray single mark the double quote after it
    ("The 'best \"team\" ever.", ["team"]),
    # a quote over paragraphs that never closes does not hide the quotes inside it
    ("“He said “no” twice.\n\nNo mark here.", ["no"]),
    ("He told the crowd: “We said ‘no’ twice.\n\n“And then it rained.\n\nNo mark here.", ["no"]),
])
def test_a_quote_that_never_closes_is_read_again_without_its_marks(text, expected):
    assert quoted(text) == expected
