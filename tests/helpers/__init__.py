"""What many test files import: paths and the stocked article (`stock`), the databases a test runs on
(`databases`), the templates compiled once for every test's app (`templates`), `quizapp run` in a
subprocess (`server`), the htmx header, CSRF tokens, a learner's browser with accounts on and the flashcard
and quiz steps (`web`), and the browser tests' Chromium and screenshots (`browser`). The conftest.py files
keep only fixtures and hooks."""
