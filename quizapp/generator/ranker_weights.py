"""The ranker's weights (rank.py), written by benchmarks/fit_ranker.py from blind ratings
of 264 items on 30 real articles. Do not edit by hand: refit."""

BIAS = 1.029
WEIGHTS: dict[str, float] = {
    "s_words": -1.199,
    "lede": 1.000,
    "cloze": 0.984,
    "k_actor": -0.874,
    "a_words": -0.858,
    "k_place": -0.856,
    "t_where": -0.856,
    "q_commas": 0.741,
    "a_proper": 0.709,
    "k_role": -0.566,
    "k_quote": 0.557,
    "q_quote": 0.531,
    "k_reported": 0.498,
    "k_topic": -0.416,
    "k_object": 0.355,
    "a_digit": 0.316,
    "t_what": -0.203,
    "t_who": -0.193,
    "k_patient": 0.191,
    "k_date": 0.161,
    "t_when": 0.161,
    "k_role_of": -0.141,
    "k_number": 0.112,
    "t_how_many": 0.112,
    "q_pronoun": -0.097,
    "typed": -0.075,
    "q_words": -0.072,
    "early": -0.054,
}
