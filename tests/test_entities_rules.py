"""Entity rules on small invented texts: clean-up, known names, re-casing and alias merging."""
import pytest

from api.loader.aliases import Mention, merge
from api.loader.entities import extract_entities
from api.loader.gazetteer import lookup
from api.loader.nlp import annotate, pipeline
from api.loader.truecase import recase


def _entities(body, title="", images=()):
    fields = annotate({"title": title, "body": body, "images": list(images)})
    return {e["name"]: e for e in fields["entities"]}


def _with_ents(text, *spans):
    """A tagged doc whose entities are exactly the given (text, label) spans: the rules, not the model."""
    doc = pipeline()(text)
    ents = []
    for surface, label in spans:
        start = text.index(surface)
        ents.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = ents
    return doc


@pytest.mark.parametrize(("spelling", "canonical", "kind"), [
    ("Democratic People's Republic of Korea", "North Korea", "location"),
    ("Democratic People’s Republic of Korea", "North Korea", "location"),
    ("DPRK", "North Korea", "location"),
    ("U.S.", "United States", "location"),
    ("Agence France-Presse", "AFP", "organization"),
    ("KCNA", "Korean Central News Agency", "organization"),
])
def test_gazetteer_maps_official_names_and_acronyms_to_canonical(spelling, canonical, kind):
    known = lookup(spelling)
    assert (known.name, known.type) == (canonical, kind)


def test_recase_keeps_length_and_acronyms():
    text = "MADRID 2021-03-04\n\nNATO and the U.S. met in BRUSSELS on Friday.\nRESULTS OF THE U.S. OPEN"
    out = recase(text)
    assert len(out) == len(text)
    assert out == ("Madrid 2021-03-04\n\nNATO and the U.S. met in Brussels on Friday.\n"
                   "Results Of The U.S. Open")


def test_truncated_person_name_is_completed_and_surname_merged():
    text = "Foreign Minister Choe Son Hui visited Moscow. Choe praised the talks."
    doc = _with_ents(text, ("Choe Son", "PERSON"), ("Moscow", "GPE"))
    people = [e for e in extract_entities(doc) if e["type"] == "person"]
    assert people == [{"name": "Choe Son Hui", "type": "person", "aliases": ["Choe"], "mentions": 2,
                       "offsets": [[17, 29], [46, 50]]}]


def test_photo_credit_is_the_agency_and_byline_is_no_person():
    body = "Rain fell across Lisbon on Sunday, flooding streets near the river.\n\nBy Newsroom"
    images = [{"caption": "A flooded street in Lisbon.", "credit": "AFP Photo"}]
    entities = _entities(body, images=images)
    assert entities["AFP"]["type"] == "organization"
    assert "Agence France-Presse" in entities["AFP"]["aliases"]
    assert not any(e["type"] == "person" for e in entities.values())
    assert entities["Lisbon"]["mentions"] == 2  # body and caption; offsets only for the body
    assert entities["Lisbon"]["offsets"] == [[17, 23]]


def test_official_country_name_is_an_alias_of_the_country():
    doc = _with_ents("Talks with the Democratic People's Republic of Korea resumed.",
                     ("the Democratic People's Republic of Korea", "ORG"))
    (country,) = extract_entities(doc)
    assert (country["name"], country["type"]) == ("North Korea", "location")
    assert "Democratic People's Republic of Korea" in country["aliases"]
    assert country["offsets"] == [[15, 52]]


def test_acronym_in_brackets_joins_its_long_form():
    entities = _entities("The Northern Fisheries Council (NFC) said on Tuesday that quotas would fall. "
                         "The NFC blamed warmer seas.")
    council = entities["Northern Fisheries Council"]
    assert council["type"] == "organization"
    assert "NFC" in council["aliases"]
    assert council["mentions"] == 3


def test_leading_article_and_possessive_are_not_part_of_the_name():
    doc = _with_ents("Officials from the United States's embassy left.", ("the United States's", "GPE"))
    (country,) = extract_entities(doc)
    assert country["name"] == "United States"
    assert country["offsets"] == [[19, 32]]


def test_places_on_a_results_line_are_teams_and_the_dateline_a_place():
    text = "LISBON 2021-03-04\n\nResults on Saturday:\nPorto 2 Braga 1\n"
    doc = _with_ents(recase(text), ("Lisbon", "GPE"), ("2021-03-04", "DATE"), ("Porto", "GPE"), ("Braga", "GPE"))
    types = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert types == {"Lisbon": "location", "Porto": "organization", "Braga": "organization"}


def test_ambiguous_surname_goes_to_the_last_full_name_before_it():
    mentions = [Mention("Anna Berg", "person", 0, 9, ("Anna Berg",), False),
                Mention("Berg", "person", 20, 24, ("Berg",), False),
                Mention("Tomas Berg", "person", 40, 50, ("Tomas Berg",), False),
                Mention("Berg", "person", 60, 64, ("Berg",), False)]
    merged = {e["name"]: e["offsets"] for e in merge(mentions, " " * 70)}
    assert merged == {"Anna Berg": [[0, 9], [20, 24]], "Tomas Berg": [[40, 50], [60, 64]]}


def test_mistyped_surname_of_a_named_person_is_that_person():
    mentions = [Mention("Glenna Hoddington", "person", 0, 17, ("Glenna Hoddington",), False),
                Mention("Hoddington", "organization", 30, 40, ("Hoddington",), False)]
    (person,) = merge(mentions, " " * 50)
    assert (person["name"], person["type"], person["mentions"]) == ("Glenna Hoddington", "person", 2)


def test_facility_named_as_an_organization_is_a_place():
    doc = _with_ents("Crowds filled the Harbour Science Museum.", ("the Harbour Science Museum", "ORG"))
    (museum,) = extract_entities(doc)
    assert (museum["name"], museum["type"]) == ("Harbour Science Museum", "location")


def test_dateline_place_read_as_part_of_the_date_is_a_place():
    text = "PORTO, Portugal 2021-03-04\n\nThe club signed a new coach."
    doc = _with_ents(text, ("Portugal 2021-03-04", "DATE"))
    places = {e["name"]: e["type"] for e in extract_entities(doc)}
    assert places == {"PORTO": "location", "Portugal": "location"}  # the dateline's town, untagged, too


def test_text_in_another_language_gets_no_entities():
    body = ("Die Bundesregierung hat am Montag in Berlin neue Regeln beschlossen, die ab dem Sommer für alle "
            "Unternehmen gelten. Der Minister sagte, das sei nicht das Ende der Debatte und die Länder "
            "würden mit den Gemeinden verhandeln.")
    assert annotate({"title": "Neue Regeln", "body": body, "images": []})["entities"] == []


def test_persons_the_model_missed_are_found_by_their_first_name():
    text = "The Harbour Party's Margaret Oyelaran won the seat."
    doc = _with_ents(text, ("The Harbour Party", "ORG"))
    people = [e["name"] for e in extract_entities(doc) if e["type"] == "person"]
    assert people == ["Margaret Oyelaran"]


def test_town_with_its_state_is_an_alias_but_a_list_of_countries_is_not():
    entities = _entities("The museum in McMinnville, Oregon, hosted envoys from South Korea, Ukraine and Japan.")
    assert "McMinnville, Oregon" in entities["McMinnville"]["aliases"]
    assert not any("," in alias for alias in entities["South Korea"]["aliases"])


def test_dateline_the_model_read_as_one_name_is_still_a_place():
    text = "OSLO 2021-03-04\n\nThe fund sold its shares."
    doc = _with_ents(text, ("OSLO 2021-03-04", "GPE"))
    assert [(e["name"], e["type"]) for e in extract_entities(doc, text)] == [("Oslo", "location")]


def test_results_lines_name_teams_and_players_with_their_country():
    text = "Results on Sunday:\n\nNorthfield Rovers 2 Kestrel 1\n\n1. Tove Marrakand (Norway) 31:17.66\n"
    doc = _with_ents(text)
    types = {e["name"]: e["type"] for e in extract_entities(doc)}
    assert types == {"Northfield Rovers": "organization", "Kestrel": "organization",
                     "Tove Marrakand": "person", "Norway": "location"}


def test_company_named_after_a_person_stays_a_company():
    doc = _with_ents("Shares in Johnson Controls rose.", ("Johnson Controls", "ORG"))
    assert [e["type"] for e in extract_entities(doc)] == ["organization"]


def test_list_of_surnames_is_people_and_commas_do_not_make_a_table():
    text = "The team is as follows:\n\nKeane, Breen, Staunton, Irwin, McAteer.\n"
    doc = _with_ents(text, ("Breen", "PERSON"), ("Staunton", "PERSON"), ("Irwin", "ORG"), ("McAteer", "PERSON"))
    # Keane, untagged, is one of the list's people too.
    assert {e["name"]: e["type"] for e in extract_entities(doc)} == {
        "Keane": "person", "Breen": "person", "Staunton": "person", "Irwin": "person", "McAteer": "person"}


def test_country_in_brackets_after_a_player_is_no_acronym_of_the_player():
    text = "Final placings:\n\n1. Marta Kellerud (Norway) 4:02.11\n2. Ilse Brandvik (Norway) 4:05.30\n"
    doc = _with_ents(text, ("Marta", "GPE"), ("Kellerud", "GPE"), ("Norway", "GPE"), ("Ilse Brandvik", "PERSON"))
    types = {e["name"]: (e["type"], e["aliases"][:0] or sorted(e["aliases"])) for e in extract_entities(doc, text)}
    assert types["Marta Kellerud"] == ("person", [])
    assert types["Ilse Brandvik"] == ("person", [])
    assert types["Norway"][0] == "location" and "Kellerud" not in types["Norway"][1]


def test_acronym_in_brackets_still_joins_its_long_form():
    text = "The Northern Grain Traders Association (NGTA) met on Monday."
    doc = _with_ents(text, ("Northern Grain Traders Association", "ORG"), ("NGTA", "ORG"))
    assert [(e["name"], e["aliases"]) for e in extract_entities(doc, text)] == [
        ("Northern Grain Traders Association", ["NGTA"])]


def test_line_up_names_on_a_numbered_line_are_players():
    text = "Westland: 1 - Piet Vandermolen, 4 - Gunther Aalbers (15 - Marc Oostveld, 81st), 10 - Luc Dierckx\n"
    doc = _with_ents(text, ("Westland", "GPE"), ("Gunther Aalbers", "ORG"), ("Luc Dierckx", "ORG"))
    types = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert types["Gunther Aalbers"] == "person" and types["Luc Dierckx"] == "person"


def test_cricket_scorecard_names_batsmen_fielders_and_bowlers_as_people():
    text = ("Northshire innings\nK. Farrant c Holloway b Pennick 13\nT. Greaves lbw b Pennick 0\n"
            "J. Moss not out 46\nBowling: Quarrie 7-0-29-0, de Vere 4-0-25-1\n")
    doc = _with_ents(text, ("Northshire", "GPE"), ("Holloway", "ORG"), ("Quarrie", "GPE"))
    people = {e["name"]: e["mentions"] for e in extract_entities(doc, text) if e["type"] == "person"}
    assert people == {"K. Farrant": 1, "Holloway": 1, "Pennick": 2, "T. Greaves": 1, "J. Moss": 1,
                      "Quarrie": 1, "de Vere": 1}


def test_prose_line_ending_in_a_number_is_no_scorecard():
    text = "Mr Greaves retired from the board of Harland Foods after 1996\n"
    doc = _with_ents(text, ("Harland Foods", "ORG"))
    assert [(e["name"], e["type"]) for e in extract_entities(doc, text)] == [("Harland Foods", "organization")]


def test_person_label_on_a_company_name_is_corrected():
    text = "Shares of Varnell Chemical rose, while Brockway & Tanner fell. Ann Varnell spoke."
    doc = _with_ents(text, ("Varnell Chemical", "PERSON"), ("Brockway & Tanner", "PERSON"), ("Ann Varnell", "PERSON"))
    assert {e["name"]: e["type"] for e in extract_entities(doc, text)} == {
        "Varnell Chemical": "organization", "Brockway & Tanner": "organization", "Ann Varnell": "person"}


def test_name_found_by_two_rules_is_counted_once():
    text = "Westland: 1 - Piet Vandermolen, 4 - Gunther Aalbers, 10 - Luc Dierckx\n"
    doc = _with_ents(text)
    assert {e["name"]: e["mentions"] for e in extract_entities(doc, text)}["Gunther Aalbers"] == 1


def test_district_named_by_compass_point_also_names_its_place():
    text = "Voters in the Marrow Heights West district turned out early, unlike the Far East."
    doc = _with_ents(text, ("Marrow Heights", "GPE"), ("Far East", "LOC"))
    names = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert names == {"Marrow Heights West": "location", "Marrow Heights": "location", "Far East": "location"}


def test_stadium_and_station_name_their_place_or_person():
    text = "They played at the Kestrov Stadium, near Dalby Hospital Station and Tove Marrakand Arena."
    doc = _with_ents(text, ("the Kestrov Stadium", "FAC"), ("Dalby Hospital Station", "FAC"),
                     ("Tove Marrakand Arena", "FAC"))
    names = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert names == {"Kestrov Stadium": "location", "Kestrov": "location", "Dalby Hospital Station": "location",
                     "Dalby Hospital": "location", "Tove Marrakand Arena": "location", "Tove Marrakand": "person"}


def test_acronym_after_a_person_and_of_is_a_body():
    text = "Victor Lam of NWP and Ann Soo of the city council spoke."
    doc = _with_ents(text, ("Victor Lam", "PERSON"), ("Ann Soo", "PERSON"))
    assert {e["name"]: e["type"] for e in extract_entities(doc, text)} == {
        "Victor Lam": "person", "NWP": "organization", "Ann Soo": "person"}


def test_unlabelled_names_in_a_list_of_people_are_people():
    text = "The gods of the valley, such as Orlan, Mirela, Tavik, Senna, and Brodo, were honoured."
    doc = _with_ents(text, ("Orlan", "PERSON"), ("Mirela", "PERSON"), ("Brodo", "ORG"))
    assert {e["name"]: e["type"] for e in extract_entities(doc, text)} == dict.fromkeys(
        ["Orlan", "Mirela", "Tavik", "Senna", "Brodo"], "person")


def test_list_of_places_gains_no_people():
    text = "Trade with France, Spain, Portugal and Italy rose, Marta Kellerud said."
    doc = _with_ents(text, ("France", "GPE"), ("Spain", "GPE"), ("Marta Kellerud", "PERSON"))
    assert {e["name"]: e["type"] for e in extract_entities(doc, text)} == {
        "France": "location", "Spain": "location", "Marta Kellerud": "person"}


def test_building_named_by_what_it_holds_is_a_place():
    doc = _with_ents("The Museum of Rivers opened.", ("Museum of Rivers", "ORG"))
    assert [e["type"] for e in extract_entities(doc)] == ["location"]


def test_country_short_form_in_a_name_is_also_spelled_out():
    text = "The U.S. Bureau of Fisheries said so."
    doc = _with_ents(text, ("U.S. Bureau of Fisheries", "ORG"))
    [entity] = extract_entities(doc, text)
    assert "United States Bureau of Fisheries" in entity["aliases"]


def test_town_before_a_players_position_or_beside_v_is_its_team():
    text = "Goals came from Portsmouth striker Alan Dobbs.\nPostponed: Reading v Hartlepool\nShe moved to Bolton."
    doc = _with_ents(text, ("Portsmouth", "GPE"), ("Alan Dobbs", "PERSON"), ("Reading", "GPE"),
                     ("Hartlepool", "GPE"), ("Bolton", "GPE"))
    found = sorted((e["name"], e["type"]) for e in extract_entities(doc, text))
    assert found == [("Alan Dobbs", "person"), ("Bolton", "location"), ("Hartlepool", "organization"),
                     ("Portsmouth", "organization"), ("Reading", "organization")]


def test_town_with_a_club_word_is_a_club_but_a_city_name_stays_a_place():
    text = "Leicester City lost at home. Kansas City was hot."
    doc = _with_ents(text, ("Leicester City", "GPE"), ("Kansas City", "GPE"))
    assert {e["name"]: e["type"] for e in extract_entities(doc, text)} == {
        "Leicester City": "organization", "Kansas City": "location"}


def test_line_up_by_shirt_numbers_names_players():
    text = "Westland: 1 - Aart Rijkhof, 2 - Bram Veltkamp (14 - Cor Dekkers, 62nd), 7- Dirk Oolbekker\n"
    doc = _with_ents(text, ("Westland", "GPE"), ("Veltkamp", "ORG"), ("Dirk Oolbekker", "DATE"))
    people = sorted(e["name"] for e in extract_entities(doc, text) if e["type"] == "person")
    assert people == ["Aart Rijkhof", "Bram Veltkamp", "Cor Dekkers", "Dirk Oolbekker"]
    assert [e["name"] for e in extract_entities(doc, text) if e["type"] != "person"] == ["Westland"]


def test_compass_point_and_a_known_place_is_a_place_not_a_person():
    text = "Turnout in North Carolina rose."
    doc = _with_ents(text, ("North Carolina", "PERSON"))
    assert [(e["name"], e["type"]) for e in extract_entities(doc, text)] == [("North Carolina", "location")]


def test_lowercase_prefix_before_a_hyphen_is_not_part_of_the_name():
    text = "A pro-Marrakand group formed. Tove Marrakand spoke."
    doc = _with_ents(text, ("pro-Marrakand", "PERSON"), ("Tove Marrakand", "PERSON"))
    [entity] = extract_entities(doc, text)
    assert (entity["name"], entity["mentions"]) == ("Tove Marrakand", 2)


def test_untagged_station_is_a_place_and_names_its_place():
    text = "Walk from the Harbour Hospital Station or from Tamsey Station instead."
    doc = _with_ents(text, ("Harbour Hospital Station", "FAC"))
    names = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert names == {"Harbour Hospital Station": "location", "Harbour Hospital": "location",
                     "Tamsey Station": "location", "Tamsey": "location"}


def test_airport_named_after_a_town_and_a_person_is_no_person():
    text = "They landed at Washington Prell International Airport."
    doc = _with_ents(text, ("Washington Prell International Airport", "FAC"))
    names = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert names == {"Washington Prell International Airport": "location", "Washington Prell": "location",
                     "Washington": "location"}


def test_national_museum_of_something_is_a_place():
    doc = _with_ents("The National Museum of the River Fleets opened.", ("National Museum of the River Fleets", "ORG"))
    assert [e["type"] for e in extract_entities(doc)] == ["location"]


def test_capitalised_stance_prefix_at_sentence_start_is_not_part_of_the_name():
    text = "Anti-treaty Varnell Holdings objected."
    doc = _with_ents(text, ("Anti-treaty Varnell Holdings", "ORG"))
    assert [e["name"] for e in extract_entities(doc, text)] == ["Varnell Holdings"]


def test_every_side_of_a_match_result_is_a_team_whatever_its_part_of_speech():
    text = "Results on Saturday:\nDarnley 4 Brockhurst Town 0\nMarrowby 0 Tilsworth 0\n"
    doc = _with_ents(text, ("Brockhurst Town", "ORG"))
    for tok in doc:
        if tok.text in ("Darnley", "Tilsworth"):
            tok.tag_ = "VBP"  # as the model reads a town that is also a verb or a noun
    names = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert names == dict.fromkeys(["Darnley", "Brockhurst Town", "Marrowby", "Tilsworth"], "organization")


def test_untagged_sides_of_a_fixture_v_are_teams_but_a_country_stays_a_place():
    text = "Tour itinerary:\nMay 17 v Tilsworth\nMay 20 v Scotland\nPostponed: Darnley v Marrowby\n"
    doc = _with_ents(text, ("May 17", "DATE"), ("Scotland", "GPE"))
    names = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert names == {"Tilsworth": "organization", "Scotland": "location", "Darnley": "organization",
                     "Marrowby": "organization"}


def test_team_after_a_riders_country_on_a_results_line_is_a_team():
    text = ("Stage results:\n1. Olaf Lindqvist (Norway) Velotek 4 hours 48 mins\n"
            "2. Piet Smet (Belgium) MX Vanta same time\n")
    doc = _with_ents(text, ("Olaf Lindqvist", "PERSON"), ("Norway", "GPE"), ("Piet Smet", "PERSON"),
                     ("Belgium", "GPE"), ("MX Vanta", "PRODUCT"))
    names = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert names == {"Olaf Lindqvist": "person", "Norway": "location", "Velotek": "organization",
                     "Piet Smet": "person", "Belgium": "location", "MX Vanta": "organization"}


def test_person_whose_surname_is_a_newspaper_word_stays_a_person():
    text = "Jim Courier won while the Daily Courier reported."
    doc = _with_ents(text, ("Jim Courier", "PERSON"), ("Daily Courier", "PERSON"))
    assert {e["name"]: e["type"] for e in extract_entities(doc, text)} == {
        "Jim Courier": "person", "Daily Courier": "organization"}


def test_monarchs_number_is_part_of_the_name_but_the_pronoun_i_is_not():
    text = ("1533 - Queen Marta I born.\nDaughter of Oskar VIII and his wife.\n"
            "Ask Oskar, I think he knows. Then Tove I said.")
    doc = _with_ents(text, ("Marta", "PERSON"))
    names = {e["name"]: e["mentions"] for e in extract_entities(doc, text) if e["type"] == "person"}
    assert names == {"Marta I": 1, "Oskar VIII": 2}


def test_demonym_and_title_before_a_person_are_not_part_of_the_name():
    text = "The Norwegian King Haakon Lindqvist arrived."
    doc = _with_ents(text, ("Norwegian King Haakon Lindqvist", "PERSON"))
    assert [e["name"] for e in extract_entities(doc, text)] == ["Haakon Lindqvist"]


def test_unknown_town_heading_a_wire_dateline_is_a_place_and_found_again_below():
    text = "TILSBORG, Norway 2021-03-04\nFans filled the Tilsborg stadium on Sunday.\n"
    doc = _with_ents(text, ("Norway", "GPE"))
    names = {e["name"]: (e["type"], e["mentions"]) for e in extract_entities(doc, text)}
    assert names == {"Tilsborg": ("location", 2), "Norway": ("location", 1)}


def test_town_before_a_business_role_stays_a_place():
    text = "A Portsmouth manager said trade was slow."
    doc = _with_ents(text, ("Portsmouth", "GPE"))
    assert [(e["name"], e["type"]) for e in extract_entities(doc, text)] == [("Portsmouth", "location")]


def test_a_town_closing_a_body_name_before_its_state_is_a_place_with_the_state_alias():
    text = "The rocket went to the Harlan Air Museum of Tilden, Ohio, last year."
    doc = _with_ents(text, ("the Harlan Air Museum of Tilden", "ORG"), ("Ohio", "GPE"))
    places = {e["name"]: e for e in extract_entities(doc)}
    assert places["Tilden"]["type"] == "location"
    assert "Tilden, Ohio" in places["Tilden"]["aliases"]


def test_a_body_named_of_a_place_with_no_state_after_it_keeps_its_name_whole():
    text = "The rocket went to the Harlan Air Museum of Tilden last year."
    doc = _with_ents(text, ("the Harlan Air Museum of Tilden", "ORG"))
    assert [e["name"] for e in extract_entities(doc)] == ["Harlan Air Museum of Tilden"]


def test_a_party_after_a_person_and_of_the_read_as_a_group_of_people_is_a_body():
    text = "Marta Lind of the Young Liberals lost her seat."
    doc = _with_ents(text, ("Marta Lind", "PERSON"), ("Liberals", "NORP"))
    types = {e["name"]: e["type"] for e in extract_entities(doc)}
    assert types["Young Liberals"] == "organization"


def test_a_centre_named_after_a_person_with_an_initial_names_the_person():
    text = "It moves to the Anna B. Korvell-Lind Center, not to the Marrow Space Center."
    doc = _with_ents(text, ("the Anna B. Korvell-Lind Center", "FAC"), ("the Marrow Space Center", "FAC"))
    names = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert names == {"Anna B. Korvell-Lind Center": "location", "Anna B. Korvell-Lind": "person",
                     "Marrow Space Center": "location"}


def test_a_museum_of_an_armed_service_names_the_service():
    text = "Parts went to the National Museum of the U.S. Coast Guard in Tilden."
    doc = _with_ents(text, ("the National Museum of the U.S. Coast Guard", "ORG"), ("Tilden", "GPE"))
    entities = {e["name"]: e for e in extract_entities(doc, text)}
    assert entities["U.S. Coast Guard"]["type"] == "organization"
    assert "United States Coast Guard" in entities["U.S. Coast Guard"]["aliases"]


def test_a_person_label_right_after_a_person_and_of_is_a_body():
    text = "Ann Soo of Bright Passion lost her seat."
    doc = _with_ents(text, ("Ann Soo", "PERSON"), ("Bright Passion", "PERSON"))
    assert {e["name"]: e["type"] for e in extract_entities(doc, text)} == {
        "Ann Soo": "person", "Bright Passion": "organization"}


def test_a_memorial_named_by_two_or_three_names_names_a_person_but_a_war_memorial_does_not():
    text = "Crowds filled the Tovan Kai Lor Memorial Hall and the Borrow War Memorial."
    doc = _with_ents(text, ("the Tovan Kai Lor Memorial Hall", "FAC"), ("the Borrow War Memorial", "FAC"))
    names = {e["name"]: e["type"] for e in extract_entities(doc, text)}
    assert names == {"Tovan Kai Lor Memorial Hall": "location", "Tovan Kai Lor": "person",
                     "Borrow War Memorial": "location"}


@pytest.mark.parametrize(("text", "date"), [("Today, about 900 people live in Tilden.", "Today"),
                                            ("Last Year the fair in Tilden grew.", "Last Year"),
                                            ("On Election Day the fair in Tilden shut.", "Election Day")])
def test_a_relative_date_at_a_sentence_start_is_no_place(text, date):
    doc = _with_ents(text, (date, "DATE"), ("Tilden", "GPE"))
    assert {e["name"]: e["type"] for e in extract_entities(doc, text)} == {"Tilden": "location"}


def test_results_lines_are_told_from_prose_lines_of_the_same_doc():
    """Each name is judged by its own line's numbers, however many names on other lines came before."""
    from api.loader.entitytypes import _in_table

    text = ("Soccer results on Saturday:\nMillwall 2 Bristol Rovers 1\nThe match in London drew 9,000 fans and "
            "2 bands.\nBury 4 Bristol City 0")
    doc = pipeline()(text)

    def span(surface, nth=0):
        start = text.index(surface) if not nth else text.index(surface, text.index(surface) + 1)
        return doc.char_span(start, start + len(surface), alignment_mode="expand")

    asked = [("Millwall", 0), ("London", 0), ("Bristol City", 0), ("Soccer", 0), ("Bristol Rovers", 0), ("Bury", 0)]
    assert [_in_table(span(s, n)) for s, n in asked] == [True, False, True, False, True, True]
    other = pipeline()("Millwall 2 Bristol Rovers 1")
    assert _in_table(other[0:1]) and not _in_table(span("London"))
