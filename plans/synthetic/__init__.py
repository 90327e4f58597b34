"""A synthetic county (``manage.py generate_county``): realistic, deterministic plans of many
departments over several years, for benchmarks and tests at county scale."""

from .county import (
    CountyExists,
    CountyResult,
    CountySpec,
    NotGenerated,
    county_digest,
    delete_county,
)
from .county import generate_county as generate_county

__all__ = [
    "CountyExists",
    "CountyResult",
    "CountySpec",
    "NotGenerated",
    "county_digest",
    "delete_county",
    "generate_county",
]
