"""From a news article to candidate relations, for the analyst to review.

:func:`extract` reads an article and proposes relations over a dataset's actors, each with its
verbatim quote (with character offsets), its date read against the article's date, a confidence with
its reason, and every cue and mention that made it. The reading is rule-based and explainable
(spaCy's blank English pipeline for sentences and tokens, a lexicon of cues in
``graphlib_conflict/data/extract_lexicon.yaml``); :func:`evaluate` measures it against hand-coded
relations. It needs spaCy: ``pip install "graphlib_conflict[extract]"``.

Examples
--------
>>> import graphlib_conflict as gc
>>> from graphlib_conflict.extract import extract
>>> result = extract("Russian-backed Syrian troops attacked Turkish posts on Monday.", gc.load(),
...                  date="2020-02-04")
>>> [(c.source, c.type, c.target) for c in result]
[('RUS', 'supports', 'SYR_MIL'), ('SYR_MIL', 'attacks', 'TUR_MIL')]
"""

from graphlib_conflict.extract._candidates import Candidate, Evidence, UnknownActor
from graphlib_conflict.extract._evaluate import ExtractionScore, evaluate, seed_relations
from graphlib_conflict.extract._extract import extract
from graphlib_conflict.extract._lexicon import Cue, Lexicon
from graphlib_conflict.extract._reader import Skip
from graphlib_conflict.extract._result import Extraction

__all__ = [
    "Candidate",
    "Cue",
    "Evidence",
    "Extraction",
    "ExtractionScore",
    "Lexicon",
    "Skip",
    "UnknownActor",
    "evaluate",
    "extract",
    "seed_relations",
]
