"""The real interventions from the seeds, as dated facts, and the loader that replays them.

``CASES`` lists every case study in the order they load (each replays its own facts in date
order). ``load_case_studies`` (in ``loader``) writes them through ``interventions.services``.
"""

from . import buckinghamshire, isle_of_wight, slough, torbay

CASES = (
    *isle_of_wight.CASES,
    *torbay.CASES,
    *buckinghamshire.CASES,
    *slough.CASES,
)
