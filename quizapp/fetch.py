"""Fetching the web page of 'add by URL' without letting the address reach inside the network (SSRF).

Each hop's name is looked up once and refused unless every address it has is public; the connection then
goes to an address so checked, with the name in the Host header and, for https, as SNI and the name the
certificate must match, so no second lookup can answer differently. Redirects are followed here, each hop
checked the same way. The body is limited in size and time. Every destination refused or not reached gets
the one message, so the answers tell nothing about what lies inside (which names, addresses or ports).
"""

import ipaddress
import logging
import socket
import time
from urllib.parse import quote, urljoin, urlsplit

import urllib3

MAX_REDIRECTS = 5
MAX_BYTES = 10 * 1024 * 1024  # decoded; news pages are well under this
CONNECT_SECONDS = 5
READ_SECONDS = 10  # for each read from the connection
TOTAL_SECONDS = 20  # for all hops and the whole body
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK_BYTES = 64 * 1024
URL_SAFE = "/%:@!$&'()*+,;=~?"  # what may stay as it is in a path or query

UNREACHABLE = (
    "No web page could be fetched from that address. QuizApp fetches only public web pages, "
    f"and only when they answer within {TOTAL_SECONDS} seconds."
)

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(Exception):
    """Why no page came back, phrased for the learner."""


def is_public(address: IPAddress) -> bool:
    """Whether `address` is on the public internet: not loopback, private, link-local, shared (CGNAT),
    multicast, reserved or unspecified, nor an IPv6 form that carries such an IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or _ipv4_in_nat64_or_compatible(address)
        if embedded is not None and not is_public(embedded):
            return False
    # is_global alone lets multicast through (224.0.0.0/4 is not "private")
    return address.is_global and not (address.is_multicast or address.is_reserved)


NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # deprecated ::a.b.c.d


def _ipv4_in_nat64_or_compatible(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address in NAT64_PREFIX or address in IPV4_COMPATIBLE:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def public_addresses(host: str, port: int) -> list[IPAddress]:
    """The addresses of `host` (one lookup), or FetchError unless there are some and all are public. The
    lookup also reads the numeric forms a browser would (2130706433, 0177.0.0.1, [::ffff:127.0.0.1])."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        logger.info("not fetched: %s does not resolve (%s)", host, error)
        raise FetchError(UNREACHABLE) from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(sockaddr[0]) for *_, sockaddr in found))
    refused = [address for address in addresses if not is_public(address)]
    if refused or not addresses:
        logger.info("not fetched: %s is at %s, not a public address", host, refused)
        raise FetchError(UNREACHABLE)
    return addresses


def fetch_page(url: str) -> bytes:
    """The body of the page at `url` (http or https), following up to MAX_REDIRECTS redirects."""
    deadline = time.monotonic() + TOTAL_SECONDS
    for _ in range(MAX_REDIRECTS + 1):
        if time.monotonic() > deadline:
            raise FetchError(UNREACHABLE)
        response = get_one_hop(url)
        try:
            location = response.headers.get("Location")
            if response.status in REDIRECT_STATUSES and location:
                url = _join(url, location)
                continue
            if response.status != 200:
                raise FetchError(f"The page at that address answered with an error ({response.status}).")
            return _read_body(response, deadline)
        finally:
            response.close()  # and its connection: each hop has a pool of its own
    raise FetchError(f"That address redirects more than {MAX_REDIRECTS} times.")


def _join(url: str, location: str) -> str:
    try:
        return urljoin(url, location)
    except ValueError:  # a malformed Location
        raise FetchError(UNREACHABLE) from None


def get_one_hop(url: str) -> urllib3.BaseHTTPResponse:
    """The response to GET `url`, not followed if it is a redirect, from a public address checked here;
    its body is not read yet."""
    try:
        parts = urlsplit(url)
        scheme, port = parts.scheme.lower(), parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")  # as DNS and the Host header spell it
    except (ValueError, UnicodeError):  # a malformed address or port
        raise FetchError(UNREACHABLE) from None
    if scheme not in DEFAULT_PORTS or not host:
        raise FetchError(UNREACHABLE)
    port = port or DEFAULT_PORTS[scheme]
    host_header = (f"[{host}]" if ":" in host else host) + (f":{port}" if parts.port else "")
    headers = {"Host": host_header, "User-Agent": "QuizApp", "Accept": "text/html,application/xhtml+xml"}
    # spaces and letters beyond ASCII, as a browser sends them (escapes already there are kept)
    target = quote(parts.path or "/", safe=URL_SAFE) + (
        f"?{quote(parts.query, safe=URL_SAFE)}" if parts.query else ""
    )
    for address in public_addresses(host, port):
        pool = _pool_at(scheme, address, port, host)
        try:
            return pool.urlopen(
                "GET", target, headers=headers, redirect=False, retries=False, preload_content=False
            )
        except (urllib3.exceptions.NewConnectionError, urllib3.exceptions.ConnectTimeoutError) as error:
            pool.close()
            logger.info("not fetched: %s at %s: %s", host, address, error)  # try its next address
        except urllib3.exceptions.HTTPError as error:  # TLS, a read timeout, a broken answer
            pool.close()
            logger.info("not fetched: %s at %s: %s", host, address, error)
            break
    raise FetchError(UNREACHABLE)


def _pool_at(scheme: str, address: IPAddress, port: int, host: str) -> urllib3.HTTPConnectionPool:
    """A connection pool to exactly `address`, speaking to it as `host`."""
    timeout = urllib3.Timeout(connect=CONNECT_SECONDS, read=READ_SECONDS)
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            str(address), port, timeout=timeout, maxsize=1, server_hostname=host, assert_hostname=host
        )
    return urllib3.HTTPConnectionPool(str(address), port, timeout=timeout, maxsize=1)


def _read_body(response: urllib3.BaseHTTPResponse, deadline: float) -> bytes:
    """The decoded body, or FetchError past MAX_BYTES or the deadline. read1 returns what one read from
    the connection brought, so a page that trickles in is stopped by the deadline, not READ_SECONDS
    per chunk of it; and it decompresses no more than it is asked for."""
    body = bytearray()
    try:
        while chunk := response.read1(CHUNK_BYTES):
            body += chunk
            if len(body) > MAX_BYTES:
                raise FetchError(f"The page is larger than {MAX_BYTES // (1024 * 1024)} MiB.")
            if time.monotonic() > deadline:
                logger.info("not fetched: %s was still arriving after %s s", response.url, TOTAL_SECONDS)
                raise FetchError(UNREACHABLE)
    except urllib3.exceptions.HTTPError as error:
        logger.info("not fetched: the page broke off: %s", error)
        raise FetchError(UNREACHABLE) from None
    return bytes(body)
