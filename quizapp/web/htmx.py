"""HTMX helpers: a request from htmx gets the named block of the same template the full page uses."""

from flask import current_app, make_response, render_template, request
from flask.wrappers import Response


def is_htmx() -> bool:
    """An htmx swap request (not a boosted navigation or a history restore, which need the full page)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render_block(template_name: str, block: str, **context) -> str:
    """One block of a template, rendered with the same context Flask gives the whole template."""
    template = current_app.jinja_env.get_template(template_name)
    current_app.update_template_context(context)
    return "".join(template.blocks[block](template.new_context(context)))


def render(template_name: str, *, block: str = "main", status: int = 200, **context) -> Response:
    """The full page, or only `block` of it when htmx asked (by default the page's main content, without the
    layout around it). Responses vary on HX-Request so a browser cache never serves a fragment as a page."""
    if is_htmx():
        body = render_block(template_name, block, **context)
        response = make_response(body, status)
        response.headers["Cache-Control"] = "no-store"
    else:
        response = make_response(render_template(template_name, **context), status)
    response.vary.add("HX-Request")
    return response


def redirect_or_render(location: str, template_name: str, *, block: str, **context) -> Response:
    """For a form post: htmx gets the block to swap in, a plain form a 303 redirect (post/redirect/get)."""
    if is_htmx():
        return render(template_name, block=block, **context)
    response = make_response("", 303)
    response.headers["Location"] = location
    return response
