"""Cleaning: control codes and web page furniture go, the article's own text stays."""

from __future__ import annotations

import pytest

from index.clean import remove_boilerplate, split_paragraphs, strip_control


def clean(raw: str) -> list[str]:
    return remove_boilerplate(split_paragraphs(strip_control(raw)))


FERRY_BODY = [
    "The city council voted on Tuesday to approve a new ferry terminal at the north harbour, "
    "ending a dispute that lasted four years.",
    "Mayor Ellen Marsh said the terminal would open in 2027 and carry two million passengers a year.",
    "Why the vote mattered",
    "Residents of the north shore had argued that the old pier was unsafe in winter storms. "
    "Engineers agreed, and the port authority closed it twice last year.",
    "The terminal is expected to cost 80 million dollars, funded partly by a state grant.",
]

ORCHARD_BODY = [
    "Apple growers in the Tarn valley lost almost half of their harvest to a late frost in April, "
    "the regional farmers' union said.",
    "A cold night after a warm March",
    "Temperatures fell to minus five degrees for three nights running. "
    "Blossoms that had opened early in the warm March were destroyed within hours.",
    "“We have never seen damage like this in forty years,” said Henri Vidal, who farms near Albi.",
    "The union has asked the agriculture ministry for emergency aid before the summer.",
]


def furnished_page(body: list[str], caption_of: int, publication: str) -> str:
    """The body as a scraped web page would give it: widgets, pitches, a caption and a tail."""
    caption_sentence = body[caption_of].split(". ")[0].rstrip(".") + "."
    parts = [
        body[0],
        "Loading",
        "Related coverage",
        body[1],
        body[2],
        body[3],
        f"{caption_sentence}Credit: Getty Images",
        "Related coverage",
        "Advertisement",
        *body[4:],
        f"This article originally appeared in {publication}.",
        f"Get the best of {publication} in your inbox. Sign up for our weekly Morning Brief newsletter.",
        "Share.\nLeave A Reply",
        "Exit mobile version",
    ]
    return "\n\n".join(parts) + "\n"


@pytest.mark.parametrize(
    ("body", "caption_of", "publication"),
    [
        pytest.param(FERRY_BODY, 3, "The Coastal Herald", id="ferry"),
        pytest.param(ORCHARD_BODY, 2, "La Dépêche du Midi", id="orchard"),
    ],
)
def test_page_furniture_is_removed_and_the_article_kept(body: list[str], caption_of: int, publication: str) -> None:
    assert clean(furnished_page(body, caption_of, publication)) == body


def test_short_heading_inside_the_body_is_kept() -> None:
    paragraphs = clean("\n\n".join(FERRY_BODY))
    assert "Why the vote mattered" in paragraphs


def test_caption_that_is_not_a_copy_of_the_body_keeps_its_text() -> None:
    page = "\n\n".join([*FERRY_BODY[:2], "Harbour workers unload a ferry at dawn.Photo: Reuters", FERRY_BODY[4]])
    assert "Harbour workers unload a ferry at dawn." in clean(page)


def test_ansi_escapes_and_control_characters_are_removed() -> None:
    raw = "\x1b[1;31mAlert\x1b[0m: the \x1b]0;window title\x07pump\x00 failed\x07 at 3 a.m.\x0c\r\nNext line."
    assert strip_control(raw) == "Alert: the pump failed at 3 a.m.\nNext line."


def test_tabs_newlines_and_accents_survive_control_stripping() -> None:
    text = "Café\tmenu\nsecond line"
    assert strip_control(text) == text


def test_windows_and_old_mac_line_ends_become_paragraph_breaks() -> None:
    raw = "First paragraph here.\r\n\r\nSecond paragraph here.\r\rThird paragraph here."
    assert split_paragraphs(strip_control(raw)) == [
        "First paragraph here.",
        "Second paragraph here.",
        "Third paragraph here.",
    ]


@pytest.mark.parametrize(
    "reporting",
    [
        "The newsletter, which has 40,000 readers, published the leaked memo on Friday.",
        "The regulator found that the company had changed its privacy policy without notice in 2019.",
        "Pension funds rushed to subscribe to the bond issue, which was three times oversubscribed.",
    ],
)
def test_reporting_that_mentions_a_newsletter_or_subscription_is_kept(reporting: str) -> None:
    # The rule is documented as dropping paragraphs that *ask the reader* to subscribe or sign up;
    # a news sentence about a newsletter, a privacy policy or a bond subscription is article text.
    body = [FERRY_BODY[0], reporting, FERRY_BODY[4]]
    assert clean("\n\n".join(body)) == body


def test_a_short_closing_sentence_is_not_page_chrome() -> None:
    paragraphs = clean("The ferry left early.\n\nA second ferry was cancelled.\n\nNo ferry on Sunday.\n\nShare.\n")
    assert paragraphs == ["The ferry left early.", "A second ferry was cancelled.", "No ferry on Sunday."]
