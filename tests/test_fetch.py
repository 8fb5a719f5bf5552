"""'Add by URL' fetches only public web pages (quizapp.fetch): an address, a name or a redirect that leads
inside the network is refused before any request is sent there, with one message for all of them.

`inside` is a server on 127.0.0.1 standing for an intranet page or a cloud metadata service: it must never
see a request. `outside` is one on 127.0.0.2 that these tests alone count as public, reached under names
(news.example, …) that a fake resolver answers."""

import http.server
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections import Counter

import pytest

from quizapp import fetch
from quizapp.ingest import IngestError, fetch_url
from tests.helpers.web import token_from

OUTSIDE_ADDRESS = "127.0.0.2"
SILENT_ADDRESS = "127.0.0.3"  # also taken for public; nothing listens there


class Recorder(http.server.ThreadingHTTPServer):
    """A local HTTP server that records each request's path and Host header and answers with `respond`."""

    def __init__(self, address: str, respond):
        self.requests: list[tuple[str, str]] = []
        self.respond = respond
        super().__init__((address, 0), Handler)

    @property
    def port(self) -> int:
        return self.server_address[1]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append((self.path, self.headers["Host"]))
        self.server.respond(self)

    def log_message(self, *args):
        pass


def page(html: str):
    def respond(handler):
        body = html.encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def running(server: Recorder):
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    return server


@pytest.fixture
def inside():
    server = running(Recorder("127.0.0.1", page("<html><body><p>internal secret</p></body></html>")))
    yield server
    server.shutdown()
    server.server_close()


class FakeDNS:
    """Answers for test names, counting the lookups of each; other names go to the real resolver."""

    def __init__(self, real):
        self.real = real
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: Counter = Counter()

    def add(self, name: str, *answers: list[str]) -> None:
        """`name` answers each list of addresses in turn, the last one from then on (none: no such name)."""
        self.answers[name] = list(answers)

    def getaddrinfo(self, host, port, *args, **kwargs):
        if host not in self.answers:
            return self.real(host, port, *args, **kwargs)
        self.lookups[host] += 1
        answers = self.answers[host]
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [
            (family[ipaddress.ip_address(a).version], socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses
        ]


@pytest.fixture
def dns(monkeypatch):
    fake = FakeDNS(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


@pytest.fixture
def outside(monkeypatch, dns):
    """The server on 127.0.0.2, taken for a public one, as news.example."""
    real_is_public = fetch.is_public
    test_public = {ipaddress.ip_address(OUTSIDE_ADDRESS), ipaddress.ip_address(SILENT_ADDRESS)}
    monkeypatch.setattr(fetch, "is_public", lambda address: address in test_public or real_is_public(address))
    server = running(Recorder(OUTSIDE_ADDRESS, page("<html><body><p>public news</p></body></html>")))
    dns.add("news.example", [OUTSIDE_ADDRESS])
    yield server
    server.shutdown()
    server.server_close()


def refused(url: str) -> str:
    with pytest.raises(IngestError) as raised:
        fetch_url(url)
    return str(raised.value)


INSIDE_FORMS = [
    "http://127.0.0.1:{port}/",
    "https://127.0.0.1:{port}/",
    "http://localhost:{port}/",
    "http://[::1]:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",  # IPv4-mapped IPv6
    "http://[::ffff:7f00:1]:{port}/",
    "http://[::127.0.0.1]:{port}/",  # IPv4-compatible IPv6
    "http://[64:ff9b::7f00:1]:{port}/",  # NAT64
    "http://[2002:7f00:1::]:{port}/",  # 6to4
    "http://2130706433:{port}/",  # decimal
    "http://0177.0.0.1:{port}/",  # octal
    "http://0x7f.1:{port}/",  # hexadecimal, short form
    "http://127.1:{port}/",
    "http://0.0.0.0:{port}/",  # "this host": connecting to it reaches loopback
    "http://user@127.0.0.1:{port}/",
    "http://LOCALHOST:{port}/path?q=1#top",
]


@pytest.mark.parametrize("form", INSIDE_FORMS)
def test_an_address_inside_is_refused_before_any_request(inside, form):
    assert refused(form.format(port=inside.port)) == fetch.UNREACHABLE
    assert inside.requests == []


def test_a_name_that_resolves_inside_is_refused(inside, dns):
    dns.add("intranet.example", ["127.0.0.1"])
    dns.add("half.example", ["93.184.215.14", "127.0.0.1"])  # one public address does not make it public
    dns.add("metadata.example", ["169.254.169.254"])
    dns.add("office.example", ["10.0.0.7", "fd00::7"])
    dns.add("shared.example", ["100.64.0.1"])
    dns.add("multicast.example", ["224.0.0.251"])
    for name in dns.answers:
        assert refused(f"http://{name}:{inside.port}/") == fetch.UNREACHABLE
    assert inside.requests == []
    assert set(dns.lookups) == set(dns.answers)


def test_a_redirect_inside_is_refused(inside, outside):
    targets = [
        f"http://127.0.0.1:{inside.port}/secret",
        f"http://localhost:{inside.port}/secret",
        f"http://2130706433:{inside.port}/secret",
        f"http://[::ffff:127.0.0.1]:{inside.port}/secret",
        "file:///etc/passwd",
    ]

    def redirect(handler):
        handler.send_response(302)
        handler.send_header("Location", targets[int(handler.path.strip("/"))])
        handler.end_headers()

    outside.respond = redirect
    for number in range(len(targets)):
        assert refused(f"http://news.example:{outside.port}/{number}") == fetch.UNREACHABLE
    assert [path for path, _ in outside.requests] == [f"/{n}" for n in range(len(targets))]
    assert inside.requests == []


def test_a_public_page_is_fetched_from_the_address_checked(inside, outside, dns):
    """The name is looked up once, and the page comes from that address under its own name. A resolver
    that answers inside on the second lookup (DNS rebinding) is never asked again."""
    dns.add("news.example", [OUTSIDE_ADDRESS], ["127.0.0.1"])
    html = fetch_url(f"http://news.example:{outside.port}/story?id=7")
    assert "public news" in html
    assert outside.requests == [("/story?id=7", f"news.example:{outside.port}")]
    assert dns.lookups["news.example"] == 1
    assert inside.requests == []


def test_a_name_whose_first_address_does_not_answer_is_fetched_from_the_next(outside, dns):
    """As a browser does when a name has an IPv6 address that the network cannot reach."""
    dns.add("news.example", [SILENT_ADDRESS, OUTSIDE_ADDRESS])
    assert "public news" in fetch_url(f"http://news.example:{outside.port}/")
    assert len(outside.requests) == 1


def test_redirects_between_public_pages_are_followed_up_to_a_limit(outside):
    def redirect(handler):
        hop = int(handler.path.strip("/"))
        if hop == 3:
            return page("<html><p>arrived</p></html>")(handler)
        handler.send_response(301)
        handler.send_header("Location", f"/{hop + 1}")
        handler.end_headers()

    outside.respond = redirect
    assert "arrived" in fetch_url(f"http://news.example:{outside.port}/0")

    def forever(handler):
        handler.send_response(307)
        handler.send_header("Location", "/again")
        handler.end_headers()

    outside.requests.clear()
    outside.respond = forever
    assert "redirects more than 5 times" in refused(f"http://news.example:{outside.port}/")
    assert len(outside.requests) == fetch.MAX_REDIRECTS + 1


def test_one_message_whatever_is_there(inside, outside, dns):
    """An open port inside, a closed port inside, a closed port outside, a name that does not resolve and a
    malformed address all read the same: nothing tells an attacker which one it was."""
    dns.add("nowhere.example", [])
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        closed_inside = closed.getsockname()[1]
    with socket.socket() as closed:
        closed.bind((OUTSIDE_ADDRESS, 0))
        closed_outside = closed.getsockname()[1]
    messages = {
        refused(f"http://127.0.0.1:{inside.port}/"),
        refused(f"http://127.0.0.1:{closed_inside}/"),
        refused(f"http://news.example:{closed_outside}/"),
        refused(f"http://nowhere.example:{inside.port}/"),
        refused("http://[::1/"),  # malformed
        refused("http://news.example:99999/"),
    }
    assert messages == {fetch.UNREACHABLE}
    assert inside.requests == []


def test_a_page_too_large_or_too_slow_is_cut_off(outside, monkeypatch):
    monkeypatch.setattr(fetch, "MAX_BYTES", 100_000)
    outside.respond = page("<html><p>" + "long " * 30_000 + "</p></html>")
    assert "larger than" in refused(f"http://news.example:{outside.port}/big")

    def trickle(handler):
        handler.send_response(200)
        handler.end_headers()
        for _ in range(20):
            try:
                handler.wfile.write(b"<p>slow</p>")
                handler.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return  # the client gave up, as it should
            time.sleep(0.1)

    monkeypatch.setattr(fetch, "TOTAL_SECONDS", 0.5)
    outside.respond = trickle
    started = time.monotonic()
    assert refused(f"http://news.example:{outside.port}/slow") == fetch.UNREACHABLE
    assert time.monotonic() - started < 1.5  # not the 2 s the page takes


def test_an_error_page_is_not_an_article(outside):
    def missing(handler):
        handler.send_error(404)

    outside.respond = missing
    assert "answered with an error (404)" in refused(f"http://news.example:{outside.port}/gone")


def test_add_by_url_inside_is_a_clear_message_on_the_page(client, inside, run_jobs):
    """The address is fetched by the article's job (in the background); its page then gives the one message
    and keeps the address to change."""
    token = token_from(client.get("/articles").get_data(as_text=True))
    for url in (f"http://127.0.0.1:{inside.port}/", f"http://2130706433:{inside.port}/"):
        form = {"source": "url", "url": url, "csrf_token": token}
        response = client.post("/articles", data=form)
        assert response.status_code == 303
        run_jobs()
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert fetch.UNREACHABLE in page and f'value="{url}"' in page
    assert inside.requests == []


def test_an_address_with_spaces_or_accents_is_sent_as_a_browser_would(outside):
    fetch_url(f"http://news.example:{outside.port}/a b/café?q=x y&kept=%2F")
    assert outside.requests[0][0] == "/a%20b/caf%C3%A9?q=x%20y&kept=%2F"


@pytest.fixture
def tls_outside(outside, dns, tmp_path, monkeypatch):
    """`outside` speaking TLS with a certificate for news.example only, which the client trusts; records
    the name each client asked for (SNI)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "1", "-subj", "/CN=news.example", "-addext", "subjectAltName=DNS:news.example",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client's trusted certificates: this one only
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    outside.names_asked = []
    context.sni_callback = lambda _socket, name, _context: outside.names_asked.append(name)
    outside.socket = context.wrap_socket(outside.socket, server_side=True)
    dns.add("other.example", [OUTSIDE_ADDRESS])
    return outside


def test_https_goes_to_the_address_checked_under_its_own_name(tls_outside, dns):
    """SNI and the certificate check use the name, not the address connected to; a certificate for
    another name is refused like any other failure."""
    assert "public news" in fetch_url(f"https://news.example:{tls_outside.port}/")
    assert tls_outside.names_asked == ["news.example"]
    assert tls_outside.requests == [("/", f"news.example:{tls_outside.port}")]
    assert dns.lookups["news.example"] == 1
    assert refused(f"https://other.example:{tls_outside.port}/") == fetch.UNREACHABLE
    assert len(tls_outside.requests) == 1
