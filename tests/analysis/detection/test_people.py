from articles.analysis.detection.people import PeopleIndex, find_people
from articles.analysis.text import name_key


def names(body):
    return [(body[start:end], person.name) for start, end, person in find_people(body)]


def people(body):
    return {p.name for p in PeopleIndex(body).people}


def at(body, fragment, occurrence=1):
    """Offset of the n-th occurrence of ``fragment`` in ``body``."""
    position = -1
    for _ in range(occurrence):
        position = body.index(fragment, position + 1)
    return position


def test_full_names_with_titles_and_descriptors():
    body = (
        "Japanese Prime Minister Hana Moriyama met South Korean President Park Min-jun "
        "in Busan on Tuesday."
    )

    assert names(body) == [("Hana Moriyama", "Hana Moriyama"), ("Park Min-jun", "Park Min-jun")]
    titles = {p.name: p.titles for p in PeopleIndex(body).people}
    assert titles == {"Hana Moriyama": ("prime minister",), "Park Min-jun": ("president",)}


def test_name_variants_fold_to_one_person():
    body = (
        "President Park Min-jun arrived first. Park Min Jun later thanked his hosts. "
        "A banner read PARK MIN\u2011JUN in capitals."
    )
    index = PeopleIndex(body)

    assert [p.name for p in index.people] == ["Park Min-jun"]
    key = index.people[0].key
    assert key == name_key("Park Min Jun") == name_key("PARK MIN\u2011JUN")
    assert index.resolve("PARK MIN\u2011JUN").key == key
    assert index.resolve("Min-jun Park").key == key


def test_surname_alone_resolves_to_the_full_name():
    body = "Chancellor Ingrid Halvorsen opened the summit. Halvorsen spoke for an hour."

    assert names(body) == [
        ("Ingrid Halvorsen", "Ingrid Halvorsen"),
        ("Halvorsen", "Ingrid Halvorsen"),
    ]


def test_a_single_word_without_a_full_name_is_not_a_person():
    body = "Halvorsen spoke for an hour. Nobody left."

    assert find_people(body) == []


def test_honorific_and_surname_resolve():
    body = (
        "Kwame Osei, a doctor, and Amina Diallo, an engineer, testified. "
        "Dr. Osei spoke first; Ms. Diallo followed."
    )
    index = PeopleIndex(body)

    assert index.resolve("Dr. Osei").name == "Kwame Osei"
    assert index.resolve("Ms. Diallo").name == "Amina Diallo"
    assert ("Osei", "Kwame Osei") in names(body)


def test_title_and_name_resolve():
    body = "Prime Minister Hana Moriyama hosted President Park Min-jun."
    index = PeopleIndex(body)

    assert index.resolve("President Park").name == "Park Min-jun"
    assert index.resolve("Prime Minister Hana Moriyama").name == "Hana Moriyama"
    assert index.resolve("Mr. Park").name == "Park Min-jun"


def test_title_alone_finds_the_person_last_given_that_title():
    body = (
        "President Alma Reyes met Prime Minister Tomas Berg. "
        "Kim Nam-jun, a spokesperson for the presidential office, briefed reporters. "
        "The president smiled. The prime minister did not."
    )
    index = PeopleIndex(body)

    assert index.resolve("the president", at(body, "The president")).name == "Alma Reyes"
    assert index.resolve("the prime minister", at(body, "The prime")).name == "Tomas Berg"
    assert index.resolve("the spokesperson").name == "Kim Nam-jun"
    titles = [(r.text, r.person.name) for r in index.references if r.kind == "title"]
    assert titles == [("The president", "Alma Reyes"), ("The prime minister", "Tomas Berg")]


def test_title_alone_follows_the_latest_holder():
    body = (
        "Mayor Ruth Adler left office in May. Mayor Sam Okoye took over. The mayor promised change."
    )
    index = PeopleIndex(body)

    assert index.resolve("the mayor", at(body, "The mayor")).name == "Sam Okoye"


def test_pronoun_takes_the_most_recent_subject():
    body = "Rafael Ortiz thanked Elena Varga for the invitation. He said the talks went well."
    index = PeopleIndex(body)

    assert index.resolve("He", at(body, "He")).name == "Rafael Ortiz"


def test_pronoun_gender_from_honorifics():
    body = "Mr. Lee met Ms. Park Ji-won in Seoul. She said it was cordial. He agreed."
    index = PeopleIndex(body)

    assert index.resolve("She", at(body, "She")).name == "Park Ji-won"
    assert index.resolve("He", at(body, "He")).name == "Lee"


def test_pronoun_gender_learned_from_earlier_pronouns():
    body = (
        "Tomas Berg and Amara Nwosu met in Oslo. Berg said he was pleased. "
        "Nwosu thanked the hosts, and then Berg left. She stayed."
    )
    index = PeopleIndex(body)

    # "he" made Berg male, so "She" skips him although he is the latest subject.
    assert index.resolve("She", at(body, "She stayed")).name == "Amara Nwosu"


def test_pronoun_references_are_listed():
    body = "Governor Tom Hale signed the bill. He said it was overdue."
    refs = [(r.kind, r.text, r.person.name) for r in PeopleIndex(body).references]

    assert refs == [
        ("name", "Governor Tom Hale", "Tom Hale"),
        ("pronoun", "He", "Tom Hale"),
    ]


def test_initials_and_particles():
    body = (
        "M. H. Lee reported that Ursula von der Leyen met Mohammed bin Salman "
        "and Ludwig van Beethoven's heirs."
    )

    assert people(body) == {
        "M. H. Lee",
        "Ursula von der Leyen",
        "Mohammed bin Salman",
        "Ludwig van Beethoven",
    }


def test_lowercase_title_before_the_name_and_apposition_after():
    body = (
        "White House press secretary Jane Moreau said the talks went well. "
        "Kim Nam-jun, a spokesperson for the presidential office, agreed."
    )
    titles = {p.name: p.titles for p in PeopleIndex(body).people}

    assert titles == {"Jane Moreau": ("press secretary",), "Kim Nam-jun": ("spokesperson",)}


def test_places_organisations_months_and_sentence_starts_are_not_people():
    body = (
        "Officials in South Korea and the United States met in East Asia in January. "
        "The Korean Peninsula remained tense. Sri Lanka's government protested on Tuesday. "
        "Official Statements were issued by the Ministry. The Golden State Warriors coach "
        "Steve Kerr declined to comment. Key Facts And Figures\n\n"
        "The official response listed the key facts."
    )

    assert people(body) == {"Steve Kerr"}


def test_titles_of_works_in_quotes_and_compound_words_are_not_people():
    body = (
        "They played “Silver Harbour” from the film K-pop Demon Hunters, a Golden Globe-winning "
        "hit, before Elena Varga spoke."
    )

    assert people(body) == {"Elena Varga"}


def test_possessive_is_not_part_of_the_name():
    body = "Prime Minister Hana Moriyama’s office confirmed it. Moriyama's aides agreed."

    assert names(body) == [("Hana Moriyama", "Hana Moriyama"), ("Moriyama", "Hana Moriyama")]


def test_shared_surname_resolves_to_the_most_recent_person():
    body = (
        "Lee Jae-won met Lee Soo-jin in Busan. Later, Lee Soo-jin spoke. "
        "Lee said the meeting was short."
    )
    index = PeopleIndex(body)

    assert index.resolve("Lee", at(body, "Lee said")).name == "Lee Soo-jin"


def test_mentions_of_one_person_share_one_person_object():
    body = "President Alma Reyes spoke. Reyes then left. Ms. Reyes returned."
    found = find_people(body)

    assert len(found) == 3
    assert len({person for _, _, person in found}) == 1


def test_suffixes_and_month_surnames_stay_in_the_name():
    body = (
        "The Rev. Martin Luther King Jr. spoke first. Prime Minister Theresa May spoke "
        "in May. Carole King sang."
    )
    titles = {p.name: p.titles for p in PeopleIndex(body).people}

    assert titles == {
        "Martin Luther King Jr.": ("reverend",),
        "Theresa May": ("prime minister",),
        "Carole King": (),
    }


def test_a_title_without_a_name_is_not_a_person():
    body = "The Japanese Prime Minister arrived. The Foreign Minister, Ana Silva, followed."
    index = PeopleIndex(body)

    assert [p.name for p in index.people] == ["Ana Silva"]
    assert index.people[0].titles == ("foreign minister",)
