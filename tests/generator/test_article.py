"""Step 1: a raw article (plain text, Markdown or HTML) -> title, byline and body paragraphs.

What a learner sees: the headline as the title, the byline apart from the text, subheadings shown but never
asked about, and nothing of a page's scripts, menus or footers."""

import pytest

from quizapp.generator import generate
from quizapp.generator.article import is_heading, parse_article

SPORT = """Rovers Win County Cup
By Jane Roe and Tom Lee, Staff Writers

The Harbour Rovers beat Millbrook United 3-1 in the county cup final on Saturday.

Second half

Striker Maria Chen scored twice after the break."""


def texts(article):
    return [article.text[p.start : p.end] for p in article.paragraphs]


def test_title_and_byline_are_taken_off_the_text():
    article = parse_article(SPORT)
    assert article.title == "Rovers Win County Cup"
    assert article.byline == "Jane Roe and Tom Lee, Staff Writers"
    assert "By Jane Roe" not in article.text and "Rovers Win County Cup" not in article.text
    assert article.text.startswith("The Harbour Rovers beat")


def test_the_byline_is_metadata_not_a_fact():
    generation = generate(SPORT)
    assert generation.byline == "Jane Roe and Tom Lee, Staff Writers"
    for item in generation.items:
        assert "Roe" not in item.answer and "Roe" not in item.question
        assert "By Jane" not in item.sentence


def test_a_byline_without_a_title():
    article = parse_article("By Priya Nair\nBrightwell Foods agreed to buy Lantern Dairy on Tuesday.")
    assert article.byline == "Priya Nair" and article.title is None
    assert article.text == "Brightwell Foods agreed to buy Lantern Dairy on Tuesday."


@pytest.mark.parametrize(
    "line",
    [
        "By noon, the river had risen two metres.",
        "By a vote of 7 to 2, the council approved the budget.",
    ],
)
def test_a_sentence_starting_with_by_stays_in_the_text(line):
    article = parse_article(f"Council votes\n\n{line}\n\nResidents welcomed the decision.")
    assert article.byline is None
    assert line in article.text


def test_short_lines_without_final_punctuation_are_headings():
    article = parse_article(SPORT)
    assert texts(article) == [
        "The Harbour Rovers beat Millbrook United 3-1 in the county cup final on Saturday.",
        "Second half",
        "Striker Maria Chen scored twice after the break.",
    ]
    assert [p.heading for p in article.paragraphs] == [False, True, False]
    assert [article.text[p.start : p.end] for p in article.body()] == [texts(article)[0], texts(article)[2]]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Second half", True),
        ("What the judge said", True),
        ("The judge said the company had missed the deadline.", False),
        ("Shares rose 12 percent on Tuesday?", False),
        ("A long line without a final stop that goes on and on about the merger of the two firms", False),
    ],
)
def test_is_heading(line, heading):
    assert is_heading(line) is heading


def test_no_item_is_asked_from_a_heading():
    generation = generate(
        "Markets\n\nShares in Brightwell Foods rose 12 percent on Tuesday.\n\nTuesday trading in London\n\n"
        "The company said sales rose to $2.3 billion in 2024."
    )
    assert generation.items
    for item in generation.items:
        assert item.sentence not in {"Tuesday trading in London", "Markets"}


def test_paragraphs_are_kept_and_spans_point_into_the_text():
    raw = (
        "Researchers counted 250 nests on the island.\n"
        "The survey took six weeks.\r\n\r\n"
        "Ingrid Solberg led the team.\n\n\n\n  Funding came from the Nordic Council.  "
    )
    article = parse_article(raw)
    assert texts(article) == [
        "Researchers counted 250 nests on the island.",
        "The survey took six weeks.",
        "Ingrid Solberg led the team.",
        "Funding came from the Nordic Council.",
    ]
    assert article.text == "\n\n".join(texts(article))


def test_whitespace_inside_a_line_is_collapsed():
    article = parse_article("The  jury\tconvicted   Daniel Okoro on 12 counts.")
    assert article.text == "The jury convicted Daniel Okoro on 12 counts."


MARKDOWN = """# Judge rejects appeal

*By* Sam Hill

A **federal judge** on Tuesday rejected an [appeal](https://example.com/appeal) by _Northgate Holdings_.

## The ruling

- Judge Maria Alvarez said the company had missed the deadline by `four months`.
> "The deadline is the deadline," she wrote.

---

![Courthouse in Millford](courthouse.jpg)
"""


def test_markdown_is_stripped():
    article = parse_article(MARKDOWN, "md")
    assert article.title == "Judge rejects appeal"
    assert article.byline == "Sam Hill"
    assert texts(article)[:4] == [
        "A federal judge on Tuesday rejected an appeal by Northgate Holdings.",
        "The ruling",
        "Judge Maria Alvarez said the company had missed the deadline by four months.",
        '"The deadline is the deadline," she wrote.',
    ]
    for mark in ("**", "](", "https://", "`", "#", "---", "![", "> "):
        assert mark not in article.text, mark


def test_markdown_keeps_underscores_and_stars_inside_words():
    article = parse_article("The file my_data_file.csv was deleted and 5*3*2 stayed on the board.", "md")
    assert article.text == "The file my_data_file.csv was deleted and 5*3*2 stayed on the board."


PAGE = """<!DOCTYPE html><html><head><title>Judge rejects appeal | Daily News</title>
<meta name="author" content="Sam Hill">
<script>var tracking = "Injected sentence from a script.";</script>
<style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> | <a href="/sport">Sport</a> | <a href="/courts">Courts</a></nav>
<article><h1>Judge rejects appeal</h1>
<p>A federal judge on Tuesday rejected an appeal by Northgate Holdings, the company that owns three
hospitals in Ohio.</p>
<script>document.write("Mayor Smith resigned on Friday.")</script>
<p>Judge Maria Alvarez said the company had missed the deadline by four months.</p>
<p>The company said it would consider its options &amp; might appeal again.</p></article>
<footer>Copyright 2025 Daily News. All rights reserved.</footer></body></html>"""


def test_html_is_reduced_to_its_main_text():
    article = parse_article(PAGE, "html")
    assert article.title == "Judge rejects appeal"
    assert article.byline == "Sam Hill"
    assert texts(article) == [
        "A federal judge on Tuesday rejected an appeal by Northgate Holdings, the company that owns three "
        "hospitals in Ohio.",
        "Judge Maria Alvarez said the company had missed the deadline by four months.",
        "The company said it would consider its options & might appeal again.",
    ]
    for hidden in ("tracking", "Injected", "Mayor Smith", "color: red", "Home", "Copyright", "<", ">"):
        assert hidden not in article.text, hidden


def test_scripts_never_reach_items():
    generation = generate(PAGE, fmt="html")
    assert generation.items
    for item in generation.items:
        assert "Smith" not in item.answer + item.question + item.sentence


def test_a_bare_html_fragment_still_gives_its_text():
    article = parse_article("<p>Tom &amp; Jerry won 3&ndash;1.</p><script>alert('x')</script>", "html")
    assert article.text == "Tom & Jerry won 3–1."


def test_html_paragraphs_are_kept():
    raw = "<html><body>" + "".join(
        f"<p>{s}</p>"
        for s in (
            "The mayor, Ana Ruiz, opened the bridge on Friday.",
            "It cost $4 million and took two years to build.",
            "About 3,000 people attended the opening.",
        )
    )
    article = parse_article(raw + "</body></html>", "html")
    assert len(article.body()) == 3
    assert texts(article)[1] == "It cost $4 million and took two years to build."


def test_hard_wrapped_lines_are_joined_back_into_paragraphs():
    raw = (
        "Fraud trial ends\n\n"
        "Judge Rachel Moss sentenced Daniel Okoro to seven years in prison on Thursday for\n"
        "stealing $4 million from the city. Okoro, the former treasurer of Millford, was\n"
        "arrested in March 2021.\n\n"
        "Verdict\n"
        "The jury convicted him on 12 counts\n"
        "of fraud."
    )
    article = parse_article(raw)
    assert texts(article) == [
        "Judge Rachel Moss sentenced Daniel Okoro to seven years in prison on Thursday for stealing "
        "$4 million from the city. Okoro, the former treasurer of Millford, was arrested in March 2021.",
        "Verdict",
        "The jury convicted him on 12 counts of fraud.",
    ]
    assert [p.heading for p in article.paragraphs] == [False, True, False]


def test_hard_wrapped_markdown_keeps_its_blocks():
    raw = (
        "# Robotics title\n\nA team of five students won the national robotics\nchampionship on Saturday.\n"
        "- The team will represent the country at the world\n  finals in Singapore.\n- Haddad said so."
    )
    assert texts(parse_article(raw, "md")) == [
        "A team of five students won the national robotics championship on Saturday.",
        "The team will represent the country at the world finals in Singapore.",
        "Haddad said so.",
    ]


@pytest.mark.parametrize(
    ("first", "kept"),
    [
        ("PORTMERE (Reuters) – A fire forced hundreds from their homes.", "A fire forced"),
        ("MILLFORD, Fla. (WXYZ) — The council approved the plan on Tuesday.", "The council approved"),
        ("Westford (Kent), Mar 23 (PA): The minister opened the line.", "The minister opened"),
        ("WASHINGTON — The agency said prices rose.", "The agency said"),
    ],
)
def test_a_datelines_is_cut_off_the_first_sentence(first, kept):
    """Where and by whom a wire story was filed is no fact to ask about; it used to open questions."""
    article = parse_article(f"Headline Here\n\n{first}\n\nA second paragraph follows here.")
    assert article.text.startswith(kept)
    assert "Reuters" not in article.text and "(PA)" not in article.text and "(WXYZ)" not in article.text


def test_a_dash_inside_a_sentence_is_no_dateline():
    text = "Prime Minister Ana Ruiz - who took office in May - said the plan would pass."
    assert parse_article(text).text == text


def test_a_pages_time_stamp_is_no_part_of_the_story():
    text = (
        "Blast at a depot\n\nMarch 3, 2019 09:41 am | Updated May 2, 2021 11:15 pm GMT\n\n"
        "A blast damaged a bus depot on Friday, officials said."
    )
    article = parse_article(text)
    assert article.title == "Blast at a depot"
    assert article.text.startswith("A blast damaged") and "2021" not in article.text


def test_a_dateline_under_a_summary_line_is_cut_too():
    """A page's summary line, then the story opening with its dateline: the place and agency are no
    subject ('How much must HARBOURTON pay?')."""
    text = (
        "Jury Fines Marlowe\n\nMarlowe must pay $8 million, a jury found Wednesday.\n\n"
        "HARBOURTON (CN) – Marlowe must pay $8 million in damages, a jury found Wednesday."
    )
    assert "HARBOURTON" not in parse_article(text).text
