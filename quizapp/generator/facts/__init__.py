"""Step 4: facts worth asking about, each already phrased as a question with its answer.

Kinds of fact: a person's role (appositives and titles), who said a quotation, and, for every clause with a
subject, who did it, who it was done to, what was done, when, where, and how many / how much / how long.
The finders, by what they find: people.py (roles, ages, speakers), clauses.py (a sentence's clauses),
targets.py (the parts of a clause worth asking about) and clause_facts.py (a clause's questions).
"""

from quizapp.generator.document import Sentence
from quizapp.generator.facts.clause_facts import clause_facts
from quizapp.generator.facts.clauses import clauses
from quizapp.generator.facts.fact import Fact
from quizapp.generator.facts.people import age_facts, quote_facts, reported_facts, role_facts
from quizapp.generator.mentions import People

__all__ = ["Fact", "extract_facts"]


def extract_facts(sentences: list[Sentence], people: People) -> list[Fact]:
    facts = role_facts(sentences, people) + quote_facts(sentences, people) + age_facts(sentences, people)
    facts += reported_facts(sentences, people)
    for sentence in sentences:
        previous = sentences[sentence.index - 1] if sentence.index > 0 else None
        for clause in clauses(sentence, people, previous):
            facts.extend(clause_facts(sentence, people, clause))
    return facts
