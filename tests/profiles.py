"""Hypothesis profiles: a small number of examples by default, many in CI (`HYPOTHESIS_PROFILE=deep`).

The local run stays quick on a two-core laptop; the deep run is where rare inputs get their chance.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

QUICK_EXAMPLES = 40
DEEP = os.environ.get("HYPOTHESIS_PROFILE", "default") == "deep"

settings.register_profile("default", max_examples=QUICK_EXAMPLES, deadline=None)
settings.register_profile("deep", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("deep" if DEEP else "default")


def examples(deep: int) -> int:
    """`deep` examples in the deep profile; the quick count otherwise."""
    return deep if DEEP else min(deep, QUICK_EXAMPLES)
