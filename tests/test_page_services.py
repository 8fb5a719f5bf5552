"""The home and Scores pages' data, and a learner's name, from their services without Flask (the views in
quizapp/web/ only render them)."""

from sqlmodel import Session

from quizapp import accounts, stats
from quizapp.home import home_page
from quizapp.scheduling import default_learner
from tests.helpers.databases import get_engine_of


def test_home_and_scores_pages_without_a_request(app, stocked):
    with Session(get_engine_of(app)) as session:  # no request, no app context
        learner = default_learner(session)
        home = home_page(session, learner.id, new_per_day=20, reviews_per_day=200)
        assert (home.counts.new, home.counts.due, home.article_count, home.unfinished) == (5, 0, 1, None)
        assert [row.article.title for row in home.articles] == ["Lindqvist wins Nordic marathon"]
        assert home_page(session, learner.id, new_per_day=2, reviews_per_day=200).counts.new == 2
        scores = stats.scores_page(session, learner.id)
        assert (scores.taken, scores.history, scores.next_shown, scores.weeks) == (0, [], 40, 20)
        assert (scores.accuracy, scores.streak, scores.retention.total) == ([], 0, 0)
        assert accounts.name_of(session, learner.id) == learner.name
        assert accounts.name_of(session, learner.id + 1) is None
