"""End to end: an article loaded by `flask load` serves its quotes with linked speakers."""
import json

from tests.helpers import load

BODY = ("Mayor John Smith opened the new bridge on Monday.\n\n"
        "“This bridge joins two halves of our city,” Smith said. “It took ten years.”\n\n"
        "The so-called “money pit” is finally open.")


def test_loaded_article_lists_quotes_with_speaker_cue_kind_and_offsets(client, runner, tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"url": "https://example.com/bridge", "headline": "Bridge opens",
                                   "articleBody": BODY}) + "\n")
    assert load(runner, records).exit_code == 0
    [listed] = client.get("/api/v1/articles?url=https://example.com/bridge").get_json()["data"]
    article = client.get(f"/api/v1/articles/{listed['id']}").get_json()
    smith = next(e for e in article["entities"] if e["name"] == "John Smith")
    got = [{k: q[k] for k in ("text", "speaker", "cue", "kind")} for q in article["quotes"]]
    speaker = {"id": smith["id"], "name": "John Smith"}
    assert got == [
        {"text": "This bridge joins two halves of our city,", "speaker": speaker, "cue": "say", "kind": "statement"},
        {"text": "It took ten years.", "speaker": speaker, "cue": "say", "kind": "statement"},
        {"text": "money pit", "speaker": None, "cue": None, "kind": "scare"},
    ]
    for quote in article["quotes"]:
        assert article["body"][quote["start"]:quote["end"]] == quote["text"]
