"""Security headers on every response, static files and error pages too.

The policy allows only this server's own scripts, styles and connections: no inline script, style attribute,
<style> block, event handler or eval (htmx is served from static/ and told not to inject its indicator style
or evaluate anything, in base.html's htmx-config). No page may be framed, so the teacher's suspend and flag
buttons cannot be clickjacked. Four fixed headers, set here rather than by Flask-Talisman, whose defaults
(HTTPS forced, HSTS, a session cookie sent over HTTPS only) would break the plain-HTTP install on a
laptop or a classroom network that QuizApp is.
"""

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",  # base.html's empty data: favicon, which saves a /favicon.ico 404
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers too old to know it
    # Our addresses (quiz and card ids) are not sent to other sites; not no-referrer, as Flask-WTF checks the
    # Referer of a form posted over HTTPS.
    "Referrer-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.extend(HEADERS)  # no view sets these; half the cost of a setdefault each
        return response
