"""The types of item (what a question asks), each with the label the pages show: the tag on the Articles page,
the rows of the Scores page's accuracy table. The generator makes exactly these (quizapp.generator.ITEM_TYPES;
tests/test_item_types.py holds the two together)."""

LABELS = {
    "who": "Who",
    "what": "What",
    "when": "When",
    "where": "Where",
    "how_many": "How many",
}


def label(item_type: str) -> str:
    """The label of `item_type`; a type this table does not name is spelled out ("how_far": "How far")."""
    return LABELS.get(item_type, item_type.replace("_", " ").capitalize())
