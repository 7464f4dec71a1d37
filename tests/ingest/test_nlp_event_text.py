"""The event rules' text helpers: the same text as spaCy gives, built once per document."""

from __future__ import annotations

import spacy

from ingest.nlp.event_text import doc_text, span_text


def test_doc_text_is_each_documents_own_text() -> None:
    nlp = spacy.blank("en")
    first = nlp("The depot at Kell  logged 40 rifles.\n\nThey left on 3 May.")
    second = nlp("A patrol seized two launchers.")
    assert doc_text(first) == first.text
    assert doc_text(second) == second.text
    # asked again after another document: not the other one's text
    assert doc_text(first) == first.text
    assert doc_text(first) is doc_text(first)


def test_doc_text_of_a_new_document_after_the_last_is_gone() -> None:
    nlp = spacy.blank("en")
    assert doc_text(nlp("Rifles were stolen from the armoury.")) == "Rifles were stolen from the armoury."
    assert doc_text(nlp("Ammunition was sold to a broker.")) == "Ammunition was sold to a broker."


def test_span_text_is_spacys_span_text() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("  Border police seized 12 rifles.  \n\nThe rifles  were stored at Kell. ")
    spans = [*doc.sents, doc[:], doc[2:5], doc[3:3], doc[len(doc) - 1 :]]
    assert [span_text(s) for s in spans] == [s.text for s in spans]


def test_calendar_spans_of_a_sentence_are_find_calendar_spans() -> None:
    from ingest.nlp.dates import find_calendar_spans
    from ingest.nlp.event_dates import _calendar_spans

    for sentence in ("Rifles left the depot between 3 and 5 June 2019.", "Rifles left the depot last spring.",
                     "The unit logged 40 rifles on 12-14 March.", "Seized in 2016²."):
        assert _calendar_spans(sentence) == tuple(find_calendar_spans(sentence))


def test_calendar_search_finds_what_it_finds_from_every_position() -> None:
    """The calendar search skips positions no date can begin at; each start it can take
    (a digit, "between", "from", a hedge, every month name in either case) is still tried."""
    import re

    from ingest.nlp import dates

    every_start = re.compile(dates._CALENDAR.pattern.removeprefix(dates._CALENDAR_STARTS), dates._CALENDAR.flags)
    assert every_start.pattern != dates._CALENDAR.pattern
    sentences = [
        "Rifles left the depot between 3 and 5 June 2019 and again From March to May 2020.",
        "On or about 12 June 2019, circa 1998, around 2001 and about 2003 the unit moved.",
        "In early 2020, mid-2021 and late 2022 the brigade logged 40 rifles.",
        "JANUARY 2019, February 3, 2019, Mar. 2018, April 2017, May 2016, June 2015, July 2014.",
        "AUGUST 2013, Sept. 2012, Sep 2011, October 2010, November 2009, December 2008.",
        "From 2014-2016 the depot held launchers (2015); resolution 2216 (2015) names it.",
        "The 1990s, 12-14 March 2021 and 3 of May 2019 were logged.",
    ]
    for sentence in sentences:
        found = [m.span() for m in dates._CALENDAR.finditer(sentence)]
        assert found == [m.span() for m in every_start.finditer(sentence)]
        assert found
