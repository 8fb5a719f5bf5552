"""The ranker's weights (rank.py), written by benchmarks/fit_ranker.py from blind teacher ratings
of 151 items on 10 real articles. Do not edit by hand: refit."""

BIAS = 1.669
WEIGHTS: dict[str, float] = {
    "s_words": -1.847,
    "in_title": -1.292,
    "k_actor": -1.257,
    "a_words": -1.037,
    "k_place": -0.886,
    "t_where": -0.886,
    "q_commas": 0.691,
    "k_reported": 0.607,
    "k_patient": 0.517,
    "q_pronoun": 0.411,
    "cloze": 0.398,
    "a_proper": 0.364,
    "k_number": 0.354,
    "t_how_many": 0.354,
    "k_date": 0.331,
    "t_when": 0.331,
    "early": -0.298,
    "t_who": -0.196,
    "a_digit": 0.174,
    "k_role": -0.131,
    "lede": -0.116,
    "q_words": 0.096,
    "k_quote": 0.068,
    "q_quote": 0.068,
}
