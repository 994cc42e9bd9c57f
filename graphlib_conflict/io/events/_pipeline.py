"""The import pipeline as engine-neutral SQL: staging, coding, de-duplication, resolution, aggregation.

Every statement here is built as text from the format's staging expressions and the policy, and reads
only relations registered under these names, so another engine (Spark SQL) can run the same
statements after registering the same tables:

==================  =====================================================================  ========
relation            what it holds                                                           made by
==================  =====================================================================  ========
``raw_events``      the format's columns (:mod:`._gdelt` etc.), plus ``_file``, ``_round``  engine
``import_files``    ``path``, ``round``, ``display``, ``rank``: one row per file read       driver
``policy_rules``    the sign policy as rules (:meth:`._policy.EventPolicy.rules_frame`)     driver
``relation_types``  ``type``, ``sign``, ``directed``, ``default_weight`` (interaction types)  driver
``actor_map``       actor key -> dataset actor, from :func:`._actors.resolve_actors`        driver
``calendar``        ``day`` -> ``period``, ``day_text`` (the day as ``YYYY-MM-DD``)           driver
``periods``         ``period`` -> ``period_start``, ``period_end``, ``date``                 driver
``prior_events``    events imported before (the dataset's events file), optional            engine
``staged_events``   one row per row read, in the common columns (:data:`._spec.STAGED_COLUMNS`)  SQL
``code_map``        distinct codes -> the first matching rule (and a ``code_key``)           SQL
``coded_events``    each staged row, narrow: its rule, type, weight, actors (a ``WITH`` part)  SQL
``events``          one row per distinct event (copies counted) and its ``status``           SQL
``aggregated``      one row per (source, target, type, period)                              SQL
==================  =====================================================================  ========

The SQL is the portable subset: ``CREATE TABLE ... AS SELECT``, ``WITH``, ``CASE``, ``CAST``,
``COALESCE``, ``SUBSTRING ... FROM ... FOR``, ``CHAR_LENGTH``, ``LOWER``, ``ABS``, ``LN``, ``||``,
``GROUP BY``, ``COUNT(DISTINCT ...)``, ``ROW_NUMBER() OVER`` (rules only), inner and left joins on
equality, ``UNION ALL``, double-quoted identifiers; type names ``VARCHAR``, ``BIGINT``, ``INTEGER``,
``DOUBLE``, ``DATE``. Small tables (``*_map``, ``calendar``, ``periods``, ``policy_rules``) are made
on the driver from small query results — distinct codes and actor keys, the range of days — never
from the rows themselves.

Rows equal on the policy's duplicate key are one event of ``events`` (its ``copies``; the others are
the duplicates). Statuses of ``events`` (the first that applies): ``already imported`` (in
``prior_events``), ``one-sided`` (no second actor), ``dropped by policy``, ``ignored by mapping``,
``unmapped actor``, ``same actor`` (both ends resolve to one actor), ``imported``.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphlib_conflict.io.events._spec import STAGED_COLUMNS, STAGED_TYPES, EventFormat, ident

__all__ = [
    "ACTOR_KEY",
    "EVENT_COLUMNS",
    "STATUSES",
    "actor_keys_sql",
    "aggregated_sql",
    "code_map_sql",
    "coded_sql",
    "events_file_sql",
    "events_sql",
    "optional_columns_sql",
    "staging_sql",
    "weight_sql",
]

ACTOR_KEY = ("code", "name", "country", "role")
"""The columns (per side) that identify a source's actor."""
STATUSES = ("already imported", "one-sided", "dropped by policy", "ignored by mapping", "unmapped actor",
            "same actor", "imported")
"""What becomes of each distinct event, in the order they are decided."""
CODE_KEY = ("code", "subcode", "interaction", "quad_class")
DEDUPE_KEYS = {"event_id": "event_id", "day": "day", "quote": "quote", "source_code": "source_key",
               "source_name": "source_key", "target_code": "target_key", "target_name": "target_key",
               "code": "code_key", "subcode": "code_key"}
"""A duplicate-key column of the policy -> the column of ``coded_events`` it is compared on (a side's
code or name by the side's whole actor key; the code by the whole code key)."""
EVENT_COLUMNS = ("origin", "file", "event_id", "day",
                 *(f"{side}_{c}" for side in ("source", "target") for c in (*ACTOR_KEY, "label")),
                 *CODE_KEY, "quote", "mentions", "fatalities", "rule", "type", "sign", "directed", "weight",
                 "source", "target")
"""Columns of the events file: one imported event per row (what a later import into the same dataset
compares against, and aggregates again)."""
AGGREGATE_INPUT = ("day", "source", "target", "type", "sign", "directed", "weight", "quote", "mentions",
                   "fatalities")


UNITS = "CAST(1000000000 AS DOUBLE)"
"""An event's weight is kept to nine decimals (``ROUND(w * 1e9) / 1e9``), and weights are summed as
whole nanounits (``BIGINT``): sums are exact, so every engine, thread count and order of rows gives the
same relation weights to the last digit."""


def _exact_sum(column: str, factor: str = "") -> str:
    """``SUM`` of a weight column, exact: in whole nanounits, back to ``DOUBLE`` at the end."""
    return f"CAST(SUM({factor}CAST(ROUND({column} * {UNITS}) AS BIGINT)) AS DOUBLE) / {UNITS}"


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def staging_sql(fmt: EventFormat, relation: str = "raw_events",
                ranks: Sequence[tuple[str, int, int]] | None = None, carry: Sequence[str] = ()) -> str:
    """``SELECT`` turning ``relation`` (the format's raw columns) into the staged columns.

    Each row's ``file_rank`` (its file's place in the order given) comes from ``import_files``; with
    ``ranks`` (``(path, round, rank)`` of a few files) it is written out as a ``CASE`` instead of a join.
    ``carry`` names columns of ``relation`` passed through as they are (the Spark reader's line and
    reject columns).
    """
    columns = ", ".join(
        [f"CAST({fmt.staging[c]} AS {STAGED_TYPES.get(c, 'VARCHAR')}) AS {ident(c)}" for c in STAGED_COLUMNS]
        + [f"r.{ident(c)} AS {ident(c)}" for c in carry])
    if ranks is not None and len(ranks) <= 64:
        cases = " ".join(f"WHEN r._file = {_lit(path)} AND r._round = {int(round_)} THEN {int(rank)}"
                         for path, round_, rank in ranks)
        return f"SELECT CASE {cases} END AS file_rank, {columns} FROM {ident(relation)} r"
    return (f"SELECT f.rank AS file_rank, {columns} "
            f"FROM {ident(relation)} r JOIN import_files f ON f.path = r._file AND f.round = r._round")


def code_map_sql() -> str:
    """``code_map``: every distinct (code, subcode, interaction, quad class), numbered (``code_key``),
    with its first matching rule."""
    key = ", ".join(f"s.{c}" for c in CODE_KEY)
    on = " AND ".join(f"m.{c} = s.{c}" for c in CODE_KEY)
    return f"""
CREATE TABLE code_map AS
WITH seen AS (
  SELECT DISTINCT code, subcode, interaction, COALESCE(quad_class, 0) AS quad_class FROM staged_events
), matches AS (
  SELECT {key}, r.type, r.weight, r.label,
         ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY r.priority, r.label) AS pick
  FROM seen s JOIN policy_rules r
    ON s.code <> ''
   AND (r.code IS NULL OR r.code = LOWER(s.code))
   AND (r.code_prefix IS NULL
        OR SUBSTRING(s.code FROM 1 FOR CHAR_LENGTH(r.code_prefix)) = r.code_prefix)
   AND (r.subcode IS NULL OR r.subcode = LOWER(s.subcode))
   AND (r.interaction IS NULL OR r.interaction = s.interaction)
   AND (r.quad_class IS NULL OR r.quad_class = s.quad_class)
)
SELECT ROW_NUMBER() OVER (ORDER BY {key}) AS code_key, {key}, m.type, m.weight,
       CASE WHEN m.label IS NOT NULL THEN m.label
            WHEN s.code = '' THEN 'no event code'
            ELSE 'no rule for ' || s.code END AS rule
FROM seen s LEFT JOIN matches m ON {on} AND m.pick = 1"""


def actor_keys_sql() -> str:
    """Distinct actor keys of ``staged_events`` (either side) with the rows they appear in."""
    sides = []
    for side in ("source", "target"):
        cols = ", ".join(f"{side}_{c} AS {c}" for c in (*ACTOR_KEY, "label"))
        sides.append(f"SELECT {cols} FROM staged_events WHERE {side}_code <> '' OR {side}_name <> ''")
    return (f"SELECT code, name, country, role, MIN(label) AS label, COUNT(*) AS events "
            f"FROM ({' UNION ALL '.join(sides)}) k GROUP BY code, name, country, role "
            f"ORDER BY events DESC, code, name, country, role")


def weight_sql(fmt: EventFormat, *, goldstein_scale: float,
               fatalities: tuple[float, float] | None) -> str:
    """An event's weight (>= 0) over ``n`` (the event), ``c`` (its rule) and ``t`` (its type)."""
    if fmt.name in ("gdelt", "icews"):
        base = f"COALESCE(c.weight, ABS(n.goldstein) / {float(goldstein_scale)!r}, t.default_weight)"
    else:
        base = "COALESCE(c.weight, t.default_weight)"
    if fatalities is not None:
        step, cap = fatalities
        deaths = "CASE WHEN n.fatalities > 0 THEN n.fatalities ELSE 0 END"
        raised = f"({base} + {float(step)!r} * LN(1 + {deaths}) / LN(10))"
        base = f"CASE WHEN {raised} > {float(cap)!r} THEN {float(cap)!r} ELSE {raised} END"
    return f"CASE WHEN c.type IS NULL THEN NULL ELSE {base} END"


def _actor_joins(alias_source: str = "sa", alias_target: str = "ta", table: str = "n") -> str:
    joins = []
    for alias, side in ((alias_source, "source"), (alias_target, "target")):
        on = " AND ".join(f"{alias}.{c} = {table}.{side}_{c}" for c in ACTOR_KEY)
        joins.append(f"LEFT JOIN actor_map {alias} ON {on}")
    return "\n".join(joins)


def _code_join(table: str = "n") -> str:
    return (f"LEFT JOIN code_map c ON c.code = {table}.code AND c.subcode = {table}.subcode "
            f"AND c.interaction = {table}.interaction AND c.quad_class = COALESCE({table}.quad_class, 0)")


def coded_sql(weight: str) -> str:
    """``coded_events`` (a ``SELECT``, used inside :func:`events_sql`): each staged row, narrow, with its
    rule, type, weight and resolved actors."""
    return f"""
SELECT n.file_rank, n.event_id, n.day, n.quote, n.mentions, n.fatalities,
       c.code_key, c.type, t.sign, t.directed, ROUND(({weight}) * {UNITS}) / {UNITS} AS weight,
       sa.key_id AS source_key, ta.key_id AS target_key,
       sa.actor AS {ident('source')}, ta.actor AS {ident('target')},
       CASE WHEN (n.source_code = '' AND n.source_name = '')
              OR (n.target_code = '' AND n.target_name = '') THEN 1 ELSE 0 END AS one_sided,
       CASE WHEN sa.rule = 'ignored' OR ta.rule = 'ignored' THEN 1 ELSE 0 END AS ignored
FROM staged_events n
{_code_join()}
LEFT JOIN relation_types t ON t.type = c.type
{_actor_joins()}"""


def duplicate_columns(duplicate_key: Sequence[str]) -> list[str]:
    """The ``coded_events`` columns a policy's duplicate key compares (see :data:`DEDUPE_KEYS`)."""
    return list(dict.fromkeys(DEDUPE_KEYS[c] for c in duplicate_key))


EVENT_IDENTITY = ("day", "source_key", "target_key", "code_key", "quote", "weight", "one_sided", "ignored")
"""Columns two rows must share, beside the policy's duplicate key, to be one event: rows equal on the
key but not on these (a key set too loosely) stay separate events."""
DEPENDENT = ("type", "sign", "directed", "source", "target")
"""Columns that follow from the identity (the code's rule, the actor keys' actors): grouped by too,
which splits nothing and is cheaper than aggregating them."""


def events_sql(fmt: EventFormat, duplicate_key: Sequence[str], weight: str, *, has_prior: bool,
               event_ids: bool = True) -> str:
    """``events``: one row per distinct event of ``coded_events`` (:func:`coded_sql`) and its status.

    Rows equal on the policy's duplicate key (and on :data:`EVENT_IDENTITY`) are one event:
    ``copies`` counts them; the event keeps the smallest event id, the first file's rank, and the
    largest ``mentions`` and ``fatalities`` of its copies (repeated reports of one event, not more
    events). A ``GROUP BY``, not a window: one hash aggregation. Without ``event_ids`` (nothing will
    read them: no events file is written) an event keeps no id unless the key has one.
    """
    group = list(dict.fromkeys([*duplicate_columns(duplicate_key), *EVENT_IDENTITY, *DEPENDENT]))
    keys = ", ".join(ident(c) for c in group)
    picks = ["COUNT(*) AS copies", "MIN(file_rank) AS file_rank", "MAX(mentions) AS mentions",
             "MAX(fatalities) AS fatalities"]
    if "event_id" not in group:
        picks.append("MIN(event_id) AS event_id" if event_ids else "CAST(NULL AS VARCHAR) AS event_id")
    prior_join = prior_case = ""
    if has_prior:
        columns = duplicate_columns(duplicate_key)
        translated = {"event_id": "p.event_id", "day": "p.day", "quote": "p.quote",
                      "source_key": "sa.key_id", "target_key": "ta.key_id", "code_key": "c.code_key"}
        chosen = ", ".join(f"{translated[c]} AS {ident(c)}" for c in columns)
        on = " AND ".join(f"p.{ident(c)} = e.{ident(c)}" for c in columns)
        prior_join = (f"LEFT JOIN (SELECT DISTINCT {chosen}, 1 AS seen FROM prior_events p "
                      f"{_code_join('p')} {_actor_joins(table='p')} "
                      f"WHERE p.origin = {_lit(fmt.name)}) p ON {on}")
        prior_case = "WHEN p.seen IS NOT NULL THEN 'already imported'"
    return f"""
CREATE TABLE events AS
WITH coded_events AS ({coded_sql(weight)}
)
SELECT e.*,
       CASE {prior_case or "WHEN 1 = 0 THEN ''"}
            WHEN e.one_sided = 1 THEN 'one-sided'
            WHEN e.type IS NULL THEN 'dropped by policy'
            WHEN e.ignored = 1 THEN 'ignored by mapping'
            WHEN e.{ident('source')} IS NULL OR e.{ident('target')} IS NULL THEN 'unmapped actor'
            WHEN e.{ident('source')} = e.{ident('target')} THEN 'same actor'
            ELSE 'imported' END AS status
FROM (SELECT {keys}, {", ".join(picks)} FROM coded_events GROUP BY {keys}) e
{prior_join}"""


def imported_sql(fmt: EventFormat, *, has_prior: bool) -> str:
    """This import's events plus the earlier ones of the same origin (``prior_events``)."""
    cols = ", ".join(ident(c) for c in AGGREGATE_INPUT)
    sql = f"SELECT {cols} FROM events WHERE status = 'imported'"
    if has_prior:
        sql += f" UNION ALL SELECT {cols} FROM prior_events WHERE origin = {_lit(fmt.name)}"
    return sql


def events_file_sql(fmt: EventFormat) -> str:
    """This import's imported events with every column of :data:`EVENT_COLUMNS` (keys spelled out)."""
    sides = ", ".join(f"{alias}.{c} AS {side}_{c}" for alias, side in (("sa", "source"), ("ta", "target"))
                      for c in (*ACTOR_KEY, "label"))
    return (f"SELECT {_lit(fmt.name)} AS origin, f.display AS {ident('file')}, e.event_id, e.day, {sides}, "
            f"c.code, c.subcode, c.interaction, c.quad_class, e.quote, e.mentions, e.fatalities, c.rule, "
            f"e.type, e.sign, e.directed, e.weight, e.{ident('source')}, e.{ident('target')} "
            f"FROM events e JOIN code_map c ON c.code_key = e.code_key "
            f"JOIN actor_map sa ON sa.key_id = e.source_key JOIN actor_map ta ON ta.key_id = e.target_key "
            f"JOIN (SELECT DISTINCT rank, display FROM import_files) f ON f.rank = e.file_rank "
            f"WHERE e.status = 'imported'")


def optional_columns_sql(query: str, columns: Sequence[str] = EVENT_COLUMNS) -> str:
    """``query`` with every column marked as one that may be ``NULL`` in the files written from it.

    DuckDB writes a Parquet column as required where it knows the rows hold no ``NULL``, which depends
    on how the rows were made (an engine's table of only the imported events, or of every event); the
    events file's schema must not: every engine and import writes the same one.
    """
    cols = ", ".join(f"CASE WHEN {ident(c)} IS NULL THEN NULL ELSE {ident(c)} END AS {ident(c)}"
                     for c in columns)
    return f"SELECT {cols} FROM ({query}) q"


def aggregated_sql(fmt: EventFormat, *, has_prior: bool, evidence: int, weight: str) -> str:
    """``aggregated``: one relation per (source, target, type, period); undirected types in id order.

    Columns: ``id``, ``source``, ``target``, ``type``, ``period``, ``period_start``, ``period_end``,
    ``date``, ``events``, ``weight_sum``, ``weight_mean``, ``score`` (sum of sign x weight),
    ``weight`` (the sum or the mean, as the policy says), ``mentions``, ``fatalities``, and with
    ``evidence`` 1 or 2, ``quote_1`` (the earliest report: first day, then first in text order) and
    ``quote_2`` (the latest report, where it differs) — found in the same pass as the sums, by
    ``MIN``/``MAX`` of the day's text followed by the quote. ``calendar`` gives each day its period,
    ``periods`` each period its first and last day and its date.
    """
    group = "source, target, type, period"
    ordered = ("CASE WHEN directed OR source <= target THEN source ELSE target END AS source, "
               "CASE WHEN directed OR source <= target THEN target ELSE source END AS target")
    dated_quote = "CASE WHEN quote <> '' THEN day_text || quote END"
    picks = quotes = ""
    if evidence >= 1:
        picks += f", MIN({dated_quote}) AS first_quote"
        quotes += ", SUBSTRING(g.first_quote FROM 11) AS quote_1"
    if evidence >= 2:
        picks += f", MAX({dated_quote}) AS last_quote"
        quotes += (", CASE WHEN g.last_quote <> g.first_quote THEN SUBSTRING(g.last_quote FROM 11) END "
                   "AS quote_2")
    chosen = "g.weight_sum" if weight == "sum" else "g.weight_mean"
    return f"""
CREATE TABLE aggregated AS
WITH imported AS (
  SELECT day, {ordered}, type, sign, weight, quote, mentions, fatalities
  FROM ({imported_sql(fmt, has_prior=has_prior)}) i
), dated AS (
  SELECT i.*, c.period, c.day_text FROM imported i JOIN calendar c ON c.day = i.day
), totals AS (
  SELECT {group}, COUNT(*) AS events, {_exact_sum("weight")} AS weight_sum,
         {_exact_sum("weight")} / COUNT(*) AS weight_mean,
         {_exact_sum("weight", "sign * ")} AS score, CAST(SUM(mentions) AS BIGINT) AS mentions,
         CAST(SUM(fatalities) AS BIGINT) AS fatalities{picks}
  FROM dated GROUP BY {group}
)
SELECT {_lit(fmt.name + '-')} || g.source || '-' || g.type || '-' || g.target || '-' || g.period AS id,
       g.source, g.target, g.type, g.period, p.period_start, p.period_end, p.date, g.events,
       g.weight_sum, g.weight_mean, g.score, {chosen} AS weight, g.mentions, g.fatalities{quotes}
FROM totals g JOIN periods p ON p.period = g.period"""


def status_counts_sql() -> str:
    """Events per status, and the duplicates among their rows."""
    return "SELECT status, COUNT(*) AS n, SUM(copies - 1) AS duplicates FROM events GROUP BY status"


def repeated_ids_sql() -> str:
    """Rows of ``staged_events`` whose event id an earlier row has (duplicates of the same event id;
    the other duplicates of a key without the event id are repeated reports)."""
    return "SELECT COUNT(*) - COUNT(DISTINCT event_id) FROM staged_events"


def file_counts_sql() -> str:
    """Rows read per file (by rank; a file read twice counts twice), from ``staged_events``."""
    return "SELECT file_rank, COUNT(*) AS n FROM staged_events GROUP BY file_rank"


def dropped_sql() -> str:
    """Rows dropped by the policy, per rule (the code or event type and why)."""
    return ("SELECT c.rule, COUNT(*) AS n FROM events e JOIN code_map c ON c.code_key = e.code_key "
            "WHERE e.status = 'dropped by policy' GROUP BY c.rule ORDER BY n DESC, c.rule")


def unmapped_sql() -> str:
    """Unmapped actor keys with the events they kept out (counted once per event and side)."""
    sides = [f"SELECT {side}_key AS key_id FROM events WHERE status = 'unmapped actor' "
             f"AND {ident(side)} IS NULL" for side in ("source", "target")]
    return (f"SELECT a.code, a.name, a.country, a.role, a.label, COUNT(*) AS events "
            f"FROM ({' UNION ALL '.join(sides)}) u JOIN actor_map a ON a.key_id = u.key_id "
            f"GROUP BY a.code, a.name, a.country, a.role, a.label "
            f"ORDER BY events DESC, a.code, a.name, a.country, a.role")


def resolved_sql() -> str:
    """Imported event ends per resolution rule."""
    sides = [f"SELECT a.rule FROM events e JOIN actor_map a ON a.key_id = e.{side}_key "
             f"WHERE e.status = 'imported'" for side in ("source", "target")]
    return (f"SELECT rule, COUNT(*) AS n FROM ({' UNION ALL '.join(sides)}) r "
            "GROUP BY rule ORDER BY n DESC, rule")
