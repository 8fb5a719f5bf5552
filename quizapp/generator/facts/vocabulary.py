"""The words and labels the fact finders look for: verbs of saying and of change, prepositions of time
and place, entity labels."""

SAY_VERBS = {
    "say",
    "tell",
    "add",
    "note",
    "explain",
    "write",
    "ask",
    "warn",
    "state",
    "insist",
    "declare",
    "announce",
    "recall",
    "reply",
    "argue",
    "claim",
    "admit",
    "conclude",
    "testify",
    "remark",
    "describe",
}
CHANGE_VERBS = {
    "rise",
    "fall",
    "grow",
    "drop",
    "increase",
    "decrease",
    "climb",
    "jump",
    "slip",
    "decline",
    "gain",
    "lose",
    "shrink",
    "soar",
    "plunge",
    "surge",
    "slide",
    "tumble",
    "cut",
    "raise",
    "boost",
}
DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
WHEN_PREPOSITIONS = {"on", "in", "at", "during", "after", "before", "around"}
# "after 14 minutes", "within two years": how many units of time passed
DURATION_PREPOSITIONS = {"in", "within", "after", "on", "over", "during"}
TIME_LABELS = {"DATE", "TIME"}
BOUNDED_WHEN = {"by": "By when", "until": "Until when", "since": "Since when"}
WHERE_PREPOSITIONS = {"in", "at", "to", "near", "inside", "outside", "across", "into"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NUMBER_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
LIGHT_VERBS = {"take", "make", "pay", "give", "have", "keep", "do"}
VAGUE_SUBJECTS = {"some", "many", "most", "several", "few", "others", "all", "both", "one", "each"}
QUANTIFIERS = {"every", "each", "all", "any", "no", "some", "both", "either", "neither"}
QUOTE_MIN_WORDS = 5
QUOTE_SHOWN_WORDS = 16
ANSWER_MAX_WORDS = {"what": 10, "who": 6, "where": 6, "when": 6, "how_many": 6}
