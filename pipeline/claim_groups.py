"""Claim groups: the part of a claim key two figures must share to be compared.

``claims.claims_match`` pairs two keys only when metric, scope and subgroups are equal,
so a figure is only ever compared with figures of its group. Each stored figure keeps
its key (``figures.claim_group``, ``claim_start``, ``claim_org``, migration 007): a run
reads the held figures of its new figures' groups, not every held figure, and takes
their keys as stored instead of reading each sentence again.

A group starts with :data:`VERSION`, a hash of ``pipeline/claims.py``: when the claim
reading changes, keys stored by another version are computed again
(``warehouse.claim_groups.backfill``) before a run reads them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline import claims
from pipeline.claims import ClaimKey, HeldFigure

VERSION = hashlib.sha256(Path(claims.__file__).read_bytes()).hexdigest()[:12]
#: the group of figures that make no claim (``claim_key`` None): never compared
NO_CLAIM = f"{VERSION}:-"

StoredKey = tuple[str, str | None, str | None]


def group_of(k: ClaimKey | None) -> str:
    """``VERSION:metric|scope|subgroup,…`` of the key ``k``, or :data:`NO_CLAIM`."""
    if k is None:
        return NO_CLAIM
    if any(c in "|," for c in k.metric + k.scope + "".join(k.subgroup)):
        raise ValueError(f"claim key {k} has a '|' or ',' in a name: key_of cannot read it back")
    return f"{VERSION}:{k.metric}|{k.scope}|{','.join(sorted(k.subgroup))}"


def stored_key(f: HeldFigure) -> StoredKey:
    """(claim_group, claim_start, claim_org) of ``f``, as a figures row stores them."""
    k = claims.claim_key(f)
    return group_of(k), (k.start if k else None), (k.org if k else None)


def key_of(group: str | None, start: str | None, org: str | None) -> ClaimKey | None:
    """The claim key a figures row stores; raises ValueError when the row's group is
    missing or of another version (``warehouse.claim_groups.backfill`` computes it)."""
    if group is None or not group.startswith(VERSION + ":"):
        raise ValueError(f"claim group {group!r} is not of version {VERSION}: run "
                         "warehouse.claim_groups.backfill on the warehouse first")
    if group == NO_CLAIM:
        return None
    metric, scope, subs = group[len(VERSION) + 1:].split("|")
    return ClaimKey(metric, scope, frozenset(s for s in subs.split(",") if s), start, org)
