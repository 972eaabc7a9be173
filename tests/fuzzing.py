"""How hard the fuzz tests push: a bounded run in `make test`, a long one in `make fuzz`.

The tests marked `fuzz` (the loader and visibility fuzzers, the crash-safety kills) take their
budget from here. `HYPOTHESIS_PROFILE` picks the Hypothesis profile (`bounded` unless set;
`make fuzz` sets `fuzz`); `FUZZ_EXAMPLES` and `CRASH_KILLS` override the long run's numbers,
`CRASH_SEED` the seed of the kill delays (a failure prints it, so it can be replayed).
"""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import HealthCheck, settings

PROFILE_VARIABLE = "HYPOTHESIS_PROFILE"
BOUNDED = "bounded"
FUZZ = "fuzz"

# `make test`: Hypothesis' own default of 100 examples, so tests without their own settings
# keep the budget they were written for.
BOUNDED_EXAMPLES = 100
FUZZ_EXAMPLES = 5_000
BOUNDED_KILLS = 12
FUZZ_KILLS = 150
DEFAULT_CRASH_SEED = 20261128


def register_profiles(environ: Mapping[str, str]) -> str:
    """Register both profiles and load the one `environ` asks for; returns its name."""
    settings.register_profile(BOUNDED, max_examples=BOUNDED_EXAMPLES)
    settings.register_profile(
        FUZZ,
        max_examples=int(environ.get("FUZZ_EXAMPLES", FUZZ_EXAMPLES)),
        deadline=None,
        # A long run meets slow and filtered inputs on purpose; they are not test bugs.
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    name = environ.get(PROFILE_VARIABLE, BOUNDED)
    settings.load_profile(name)
    return name


def is_long_run(environ: Mapping[str, str]) -> bool:
    return environ.get(PROFILE_VARIABLE, BOUNDED) == FUZZ


def share_of_examples(fraction: float) -> int:
    """A share of the loaded profile's examples, for tests whose every example is costly
    (a whole `publisher check`); read when the test module is imported, after conftest."""
    return max(10, int(settings.default.max_examples * fraction))


def crash_kills(environ: Mapping[str, str]) -> int:
    """How many builds the crash-safety test kills."""
    default = FUZZ_KILLS if is_long_run(environ) else BOUNDED_KILLS
    return int(environ.get("CRASH_KILLS", default))


def crash_seed(environ: Mapping[str, str]) -> int:
    return int(environ.get("CRASH_SEED", DEFAULT_CRASH_SEED))
