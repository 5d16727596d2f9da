"""One entity per real thing across the corpus: which per-document entities are the same one.

Each document resolves its own names (``index.ner``), but across documents one thing still comes
under several names: "U.S." and "US"; "United States" in one article and "U.S." in the next;
"EC" beside "European Community"; "Baker" in a headline beside "James Baker" in the text; a
headline's "BAKER" typed as an organisation. The rules, in this order, each fold an entity into
the one that names the thing best:

1. **spelling**: names equal but for dots, case and spacing ("U.S." = "US") are one entity; across
   types too ("Fairchild" the organisation and "Fairchild" the person) when one type has most of
   the mentions (``TYPE_MAJORITY``), which it then gives the entity; so are long names of the same
   initials spelt almost alike (typos, "Organisation"/"Organization": ``VARIANT_RATIO``); and
   organisations and places whose names differ by a final "s" (a plural, a possessive that lost
   its apostrophe: "Reuter" and "Reuters") when one has nearly all their mentions (``PLURAL_SHARE``);
2. **aliases**: a name that documents resolved as another entity's alias (MSS → Ministry of
   State Security) joins that entity, when it holds most of those resolutions (``DOMINANT``)
   and is of the same type, or they outnumber the name's own mentions; a single resolution of a
   name named on its own more often is enough only for the entity's acronym or a name only it
   holds ("Senate", once the Senate Appropriations Committee in one document, stays the Senate);
3. **acronyms**: an acronym, dots aside, joins the name of several words whose initials it is
   ("US" → "United States", "EC" → "European Community") when the two are named in the same
   documents (``PAIRED_DOCUMENTS`` at least) and that expansion has most of the acronym's pairings;
4. **countries**: places that ISO 3166 gives as names of one country are one place, named as
   the corpus names it most ("USSR" and "Soviet Union", "Great Britain" and "United Kingdom":
   ``index.countries``);
5. **surnames**: a person named by one word joins the full name ending in it, when that full name
   has most of the mentions of all the full names ending so ("Baker" → "James Baker").

Each rule only reads counts, so it holds for any corpus; ``bench/entity_agreement.py`` measures
the result against the Reuters-21578 metadata.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .countries import country_of
from .ner import acronym_of, spelling

TYPE_MAJORITY = 2 / 3
"""The share of a name's mentions one type must have to type the name's other mentions too."""
DOMINANT = 2 / 3
"""The share of the evidence (alias resolutions, pairings, full-name mentions) a target must hold."""
VARIANT_RATIO = 0.95
"""How alike (difflib ratio) two long names of the same initials must be to count as one spelt two ways."""
VARIANT_MIN_CHARS = 16
"""Names shorter than this are never taken for variants (one letter makes another short name)."""
PLURAL_SHARE = 0.9
"""The share of the mentions of two names differing by a final "s" that one must have to take the
other: "Reuters" 990 and "Reuter" 41 are one; "Times" 14 and "Time" 27, two magazines, stay two."""
PAIRED_DOCUMENTS = 2
"""Documents that must name both an acronym and its expansion before they are taken as one; and
resolutions of a name as another entity's alias that are enough, alone, to fold it into that
entity when the name is also named on its own more often (else see ``_names_it_alone``)."""

_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")


@dataclass
class Tally:
    """One per-document entity key's mentions across the corpus."""

    name: str
    type: str
    mentions: int = 0
    docs: set[str] = field(default_factory=set)
    passages: set[tuple[str, int]] = field(default_factory=set)
    surfaces: Counter[str] = field(default_factory=Counter)


class _Groups:
    """Union-find over entity keys; a group is named by the key it was last folded into."""

    def __init__(self, tallies: Mapping[str, Tally]) -> None:
        self.tallies = tallies
        self.parent = {key: key for key in tallies}
        self.mentions = {key: tally.mentions for key, tally in tallies.items()}
        self.docs = {key: set(tally.docs) for key, tally in tallies.items()}

    def root(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def fold(self, key: str, into: str) -> None:
        child, target = self.root(key), self.root(into)
        if child != target:
            self.parent[child] = target
            self.mentions[target] += self.mentions.pop(child)
            self.docs[target] |= self.docs.pop(child)

    def roots(self) -> list[str]:
        return [key for key in self.parent if self.parent[key] == key]

    def name(self, key: str) -> str:
        return self.tallies[self.root(key)].name

    def type(self, key: str) -> str:
        return self.tallies[self.root(key)].type


def merge_targets(tallies: Mapping[str, Tally]) -> dict[str, str]:
    """Every per-document key → the key of the corpus entity it belongs to."""
    groups = _Groups(tallies)
    _by_spelling(groups)
    _by_variant(groups)
    _by_plural(groups)
    _by_alias(groups)
    _by_acronym(groups)
    _by_country(groups)
    _by_surname(groups)
    return {key: groups.root(key) for key in tallies}


def _dominant(evidence: Counter[str]) -> str | None:
    """The key holding at least DOMINANT of ``evidence``, if one does."""
    if not evidence:
        return None
    best, count = evidence.most_common(1)[0]
    return best if count >= DOMINANT * sum(evidence.values()) else None


def _by_spelling(groups: _Groups) -> None:
    by_spelling: dict[str, list[str]] = defaultdict(list)
    for key, tally in groups.tallies.items():
        by_spelling[spelling(tally.name)].append(key)
    for keys in by_spelling.values():
        if len(keys) < 2:
            continue
        per_type: Counter[str] = Counter()
        for key in keys:
            per_type[groups.tallies[key].type] += groups.tallies[key].mentions
        main_type, count = per_type.most_common(1)[0]
        united = count >= TYPE_MAJORITY * sum(per_type.values())
        for entity_type in [main_type] if united else list(per_type):
            same = [k for k in keys if united or groups.tallies[k].type == entity_type]
            target = max(
                (k for k in same if groups.tallies[k].type == entity_type), key=lambda k: groups.tallies[k].mentions
            )
            for key in same:
                groups.fold(key, target)


def _by_variant(groups: _Groups) -> None:
    """Long names of the same initials spelt almost alike are one: typos and British or American
    spelling ("Internatinal Monetary Fund", "Organisation"/"Organization of Petroleum Exporting
    Countries"); "International Cocoa/Coffee Organization" differ too much (ratio 0.89)."""
    by_initials: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in groups.roots():
        name = groups.name(key)
        if len(name) >= VARIANT_MIN_CHARS and (initials := acronym_of(name)):
            by_initials[(groups.type(key), initials)].append(key)
    for keys in by_initials.values():
        keys.sort(key=lambda k: -groups.mentions[k])
        names = [spelling(groups.name(k)) for k in keys]
        for i in range(1, len(keys)):
            for j in range(i):
                close_in_length = abs(len(names[i]) - len(names[j])) <= len(names[i]) * (1 - VARIANT_RATIO) * 2
                matcher = SequenceMatcher(None, names[i], names[j])
                if close_in_length and groups.root(keys[j]) == keys[j] and matcher.ratio() >= VARIANT_RATIO:
                    groups.fold(keys[i], keys[j])
                    break


def _by_plural(groups: _Groups) -> None:
    """ "Reuter" joins "Reuters", "Brazils" Brazil: an organisation's or place's name with a final
    "s" and without it, when one of the two has nearly all their mentions. Acronyms ("CMOS", "CMO")
    and people ("Peters", "Peter") are left alone."""
    roots: dict[tuple[str, str], str] = {}
    for key in groups.roots():
        name = groups.name(key)
        if groups.type(key) in ("ORG", "PLACE") and not _ACRONYM.fullmatch(name) and len(name) >= 4:
            roots.setdefault((groups.type(key), spelling(name)), key)
    for (entity_type, name), key in roots.items():
        other = roots.get((entity_type, name[:-1])) if name.endswith("s") else None
        if other is None or groups.root(other) == groups.root(key):
            continue
        counts = {key: groups.mentions[groups.root(key)], other: groups.mentions[groups.root(other)]}
        big = max(counts, key=lambda k: counts[k])
        if counts[big] >= PLURAL_SHARE * sum(counts.values()):
            groups.fold(other if big == key else key, big)


def _by_alias(groups: _Groups) -> None:
    """A name some documents resolved as an alias ("MSS" for the ministry) joins the entity it
    was resolved to, across the corpus (when one entity holds most of those resolutions)."""
    roots_by_spelling: dict[str, set[str]] = defaultdict(set)
    for key, tally in groups.tallies.items():
        roots_by_spelling[spelling(tally.name)].add(key)
    owners: dict[str, Counter[str]] = defaultdict(Counter)
    for key, tally in groups.tallies.items():
        for surface, count in tally.surfaces.items():
            if spelling(surface) != spelling(tally.name):
                for alias_key in roots_by_spelling.get(spelling(surface), ()):
                    owners[groups.root(alias_key)][groups.root(key)] += count
    for alias_root, evidence in owners.items():
        evidence.pop(alias_root, None)
        target = _dominant(evidence)
        if target is None:
            continue
        # Of another type only when the resolutions outnumber the name's own mentions: a
        # headline's "VOLCKER" (typed ORG) is Paul Volcker's, but a few documents' "Washington"
        # for George Washington leave the city alone.
        own, resolved = groups.mentions[alias_root], evidence[target]
        if groups.type(target) != groups.type(alias_root):
            if resolved > own:
                groups.fold(alias_root, target)
        elif resolved >= min(PAIRED_DOCUMENTS, own) or _names_it_alone(groups, alias_root, target):
            groups.fold(alias_root, target)


def _names_it_alone(groups: _Groups, alias_root: str, target: str) -> bool:
    """Whether one document's resolution of a name, named on its own more often, is enough to fold it:
    when it is the target's acronym (NTT, defined beside Nippon Telegraph and Telephone), or the
    target has most of the mentions of all the names holding its words ("Sanwa": Sanwa Bank Ltd).
    "Senate", resolved once as the Senate Appropriations Committee, is also in the U.S. Senate
    and every other Senate committee: it stays itself."""
    alias = groups.name(alias_root)
    if acronym_of(groups.name(target)) == alias.replace(".", "").upper():
        return True
    words = set(spelling(alias).split())
    holders = Counter(
        {
            key: groups.mentions[key]
            for key in groups.roots()
            if key != alias_root
            and groups.type(key) == groups.type(target)
            and words < set(spelling(groups.name(key)).split())
        }
    )
    return _dominant(holders) == target


def _by_acronym(groups: _Groups) -> None:
    """ "US" (or "U.S.") joins "United States" when documents name both, the EC its Community."""
    expansions: dict[str, list[str]] = defaultdict(list)
    for key in groups.roots():
        if groups.type(key) in ("ORG", "PLACE") and (initials := acronym_of(groups.name(key))):
            expansions[initials].append(key)
    for key in groups.roots():
        name = groups.name(key)
        if groups.root(key) != key or groups.type(key) not in ("ORG", "PLACE") or not _ACRONYM.fullmatch(name):
            continue
        initials = name.replace(".", "")
        paired = Counter({e: len(groups.docs[groups.root(e)] & groups.docs[key]) for e in expansions.get(initials, ())})
        target = _dominant(+paired)
        if target is not None and paired[target] >= PAIRED_DOCUMENTS:
            groups.fold(key, target)


def _by_country(groups: _Groups) -> None:
    """The places naming one country (by ISO 3166's names) join the one the corpus names most."""
    countries: dict[str, set[str]] = defaultdict(set)
    for key, tally in groups.tallies.items():
        if tally.type == "PLACE" and groups.type(key) == "PLACE" and (code := country_of(tally.name)):
            countries[groups.root(key)].add(code)
    by_country: dict[str, set[str]] = defaultdict(set)
    for root, codes in countries.items():
        if len(codes) == 1:  # a place already holding names of two countries joins neither
            by_country[next(iter(codes))].add(root)
    for roots in by_country.values():
        target = max(roots, key=lambda k: (groups.mentions[k], k))
        for key in roots:
            groups.fold(key, target)


def _by_surname(groups: _Groups) -> None:
    """A person named by one word joins the full name ending in it that most mentions name."""
    full_names: dict[str, Counter[str]] = defaultdict(Counter)
    for key in groups.roots():
        words = groups.name(key).split()
        if groups.type(key) == "PERSON" and len(words) >= 2:
            full_names[words[-1].casefold()][key] = groups.mentions[key]
    for key in groups.roots():
        name = groups.name(key)
        if groups.type(key) != "PERSON" or " " in name:
            continue
        target = _dominant(full_names.get(name.casefold(), Counter()))
        if target is not None:
            groups.fold(key, target)
