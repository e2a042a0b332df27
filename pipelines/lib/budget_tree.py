"""Place each budget line in its report's hierarchy, with or without codes.

Many reports (before 2021, e-SAKIP pages, narrative tables) print names only. A line is
keyed by its code, else by its level and normalised name within its agency-year
(``line_key``); its parent is the line its ``induk`` names (code or name), else the
line its code's prefix names, else the line of the level above printed before it in
the same file (a kegiatan belongs to the program above it). The same keys match a line
across years. A code that contradicts the parent it is printed under is an error.
"""

from __future__ import annotations

import polars as pl

from pipelines.lib.raw_tables import LINEAGE

PARENT_LEVEL = {"activity": "program", "sub_activity": "activity"}
LEVEL_WORDS = {"program": "program", "activity": "kegiatan", "sub_activity": "sub kegiatan"}
# the code's prefix at the level above: 8.01.01.2.01 → 8.01.01, 8.01.01.2.01.0001 → ...2.01
_PREFIX_LENGTH = {"activity": 7, "sub_activity": 12}
_AGENCY_YEAR = ["fiscal_year", "agency_id"]
_FILE = ["source_file", "source_sheet"]


def name_key(name: pl.Expr) -> pl.Expr:
    """A name as compared across rows and years: lower case, letters and digits only,
    single spaces (``Program  Penunjang-Urusan`` → ``program penunjang urusan``)."""
    return name.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()


def _prefix(level: pl.Expr, code: pl.Expr) -> pl.Expr:
    """The code of the line's parent by its own code; null for a program (no parent)."""
    length = level.replace_strict(_PREFIX_LENGTH, default=None, return_dtype=pl.UInt32)
    return pl.when(length.is_not_null()).then(code.str.slice(0, length))


def _upper_lines(lines: pl.DataFrame) -> pl.DataFrame:
    """Every line that can be a parent, once per agency-year, level and code or name."""
    return lines.filter(pl.col("level").is_in(list(PARENT_LEVEL.values()))).select(
        *_AGENCY_YEAR,
        pl.col("level").alias("parent_level"),
        pl.col("code").alias("parent_code"),
        pl.col("name_key").alias("parent_name_key"),
        pl.col("line_key").alias("parent_line_key"),
    )


def _by(upper: pl.DataFrame, on: str, suffix: str) -> pl.DataFrame:
    """The parent lines by ``on`` (code or name), first printed first; columns suffixed."""
    return (
        upper.drop_nulls(on)
        .unique([*_AGENCY_YEAR, "parent_level", on], keep="first", maintain_order=True)
        .select(
            *_AGENCY_YEAR,
            "parent_level",
            pl.col(on).alias("__on__"),
            pl.col("parent_code").alias(f"parent_code{suffix}"),
            pl.col("parent_line_key").alias(f"parent_line_key{suffix}"),
        )
    )


def _join_parents(lines: pl.DataFrame, upper: pl.DataFrame) -> pl.DataFrame:
    """Each line with the parent its induk names (by code, by name) and its prefix names."""
    on = [*_AGENCY_YEAR, "parent_level"]
    return (
        lines.join(
            _by(upper, "parent_code", "_by_code"),
            left_on=[*on, "parent_ref"],
            right_on=[*on, "__on__"],
            how="left",
        )
        .join(
            _by(upper, "parent_name_key", "_by_name"),
            left_on=[*on, name_key(pl.col("parent_ref"))],
            right_on=[*on, "__on__"],
            how="left",
        )
        .join(
            _by(upper, "parent_code", "_by_prefix").drop("parent_code_by_prefix"),
            left_on=[*on, "code_prefix"],
            right_on=[*on, "__on__"],
            how="left",
        )
    )


def place_budget_lines(loaded: pl.DataFrame, key: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``loaded`` with ``name_key``, ``line_key``, ``parent_line_key`` and ``is_coded``;
    and the problems (``key``, lineage, column, value, reason) of lines whose code
    contradicts their parent or whose ``induk`` names no line of the level above. An
    uncoded name that recurs at one level under other parents of the agency-year is keyed
    under its parent (``activity:rapat koordinasi@program:penunjang``).

    An agency-year whose every line is coded, names no induk and finds its parent line by
    its code's prefix (nearly all of a national extract) is placed by its codes alone;
    only the others are read row by row."""
    lines = loaded.with_columns(
        is_coded=pl.col("code").is_not_null(),
        parent_level=pl.col("level").replace_strict(
            PARENT_LEVEL, default=None, return_dtype=pl.String
        ),
        code_prefix=_prefix(pl.col("level"), pl.col("code")),
    )
    codes = (
        lines.filter(pl.col("is_coded"))
        .select(*_AGENCY_YEAR, pl.col("level").alias("parent_level"), code_prefix="code")
        .unique()
        .with_columns(has_prefix_line=pl.lit(True))
    )
    lines = lines.join(codes, on=[*_AGENCY_YEAR, "parent_level", "code_prefix"], how="left")
    by_codes = (
        pl.col("is_coded")
        & (pl.col("parent_ref").is_null() | (pl.col("parent_ref").str.strip_chars() == ""))
        & (pl.col("parent_level").is_null() | pl.col("has_prefix_line").fill_null(False))
    )
    is_simple = by_codes.all().over(_AGENCY_YEAR)
    lines = lines.with_columns(__simple__=is_simple).drop("has_prefix_line")
    coded = lines.filter(pl.col("__simple__")).with_columns(
        name_key=pl.lit(None, pl.String),  # keyed by code: the name keys nothing
        line_key=pl.col("code"),
        parent_line_key=pl.col("code_prefix"),
    )
    placed, problems = _place_row_by_row(
        loaded, lines.filter(~pl.col("__simple__")).drop("__simple__"), key
    )
    columns = [*loaded.columns, "name_key", "line_key", "parent_line_key", "is_coded"]
    return pl.concat([coded.select(columns), placed]).sort(key), problems


def _keyed_by_line(lines: pl.DataFrame) -> pl.DataFrame:
    """Each line's key (its code, else level and name) in file order."""
    return (
        lines.with_columns(
            name_key=name_key(pl.col("name")), parent_ref=pl.col("parent_ref").str.strip_chars()
        )
        .with_columns(
            # a sasaran line (money per sasaran) is keyed by its number, without parent
            line_key=pl.when(pl.col("level") == "objective")
            .then(pl.format("objective:{}", pl.col("objective_no")))
            .otherwise(
                pl.coalesce("code", pl.concat_str(pl.col("level"), pl.lit(":"), pl.col("name_key")))
            )
        )
        .sort(*_FILE, "source_row", nulls_last=True)
    )


def _nearest_above(column: str) -> pl.Expr:
    """``column`` of the nearest line of the parent's level printed above this one."""
    return pl.coalesce(
        pl.when(pl.col("parent_level") == level).then(pl.col(f"{column}_above_{level}"))
        for level in ("program", "activity")
    )


def _place_row_by_row(
    loaded: pl.DataFrame, lines: pl.DataFrame, key: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """:func:`place_budget_lines` for agency-years that need their rows' order and names."""
    lines = _keyed_by_line(lines)
    upper = _upper_lines(lines)
    # the nearest line of the level above printed before this one, in the same file
    above = [
        pl.when(pl.col("level") == level)
        .then(pl.col(column))
        .forward_fill()
        .over(_FILE)
        .alias(f"{column}_above_{level}")
        for level in ("program", "activity")
        for column in ("line_key", "code", "name_key", "source_row")
    ]
    placed = _join_parents(lines.with_columns(above), upper)
    above_key, above_code, above_name = (
        _nearest_above(column) for column in ("line_key", "code", "name_key")
    )
    # a name that recurs names the line of that name printed above, else the first one
    by_induk_key = pl.coalesce(
        "parent_line_key_by_code",
        pl.when(above_name == name_key(pl.col("parent_ref"))).then(above_key),
        "parent_line_key_by_name",
    )
    by_induk_code = pl.coalesce("parent_code_by_code", "parent_code_by_name")
    has_induk = pl.col("parent_ref").is_not_null() & (pl.col("parent_ref") != "")
    placed = placed.with_columns(
        parent_line_key=pl.when(pl.col("parent_level").is_null())
        .then(None)
        .when(has_induk)
        .then(by_induk_key)
        .otherwise(
            pl.coalesce(
                "parent_line_key_by_prefix",
                # an uncoded line, or a coded one under an uncoded line, by row order
                pl.when(~pl.col("is_coded") | above_code.is_null()).then(above_key),
                "code_prefix",  # a coded line whose parent was not delivered
            )
        ),
        __error__=_placement_error(has_induk, by_induk_key, by_induk_code, above_code),
    )
    placed = _separate_recurring_names(placed)
    lineage = [c for c in loaded.columns if c in LINEAGE and c != key]
    is_objective = pl.col("level") == "objective"
    problems = placed.filter(pl.col("__error__").is_not_null()).select(
        key,
        *lineage,
        pl.when(is_objective).then(pl.lit("no_sasaran")).otherwise(pl.lit("kode")).alias("column"),
        pl.when(is_objective).then(None).otherwise(pl.col("code_as_reported")).alias("value"),
        pl.col("__error__").alias("reason"),
    )
    columns = [*loaded.columns, "name_key", "line_key", "parent_line_key", "is_coded"]
    ok = placed.filter(pl.col("__error__").is_null()).select(columns).sort(key)
    return ok, problems


def _placement_error(
    has_induk: pl.Expr, by_induk_key: pl.Expr, by_induk_code: pl.Expr, above_code: pl.Expr
) -> pl.Expr:
    """Why a line cannot be placed: a sasaran line without its number, an induk naming
    nothing, or a code whose prefix contradicts the parent it is given or printed under."""
    return (
        pl.when((pl.col("level") == "objective") & pl.col("objective_no").is_null())
        .then(pl.lit("a sasaran line needs its no_sasaran"))
        .when(pl.col("parent_level").is_null())
        .then(None)
        .when(has_induk & by_induk_key.is_null())
        .then(
            pl.format(
                "induk '{}' is not a {} of this report (give its kode or nama as printed)",
                pl.col("parent_ref"),
                pl.col("parent_level").replace_strict(LEVEL_WORDS, return_dtype=pl.String),
            )
        )
        .when(
            has_induk
            & pl.col("is_coded")
            & (
                (by_induk_code != pl.col("code_prefix"))
                | (by_induk_key != pl.col("parent_line_key_by_prefix"))
            ).fill_null(False)
        )
        .then(
            pl.format(
                "code {} does not belong to its induk '{}': its prefix is {}",
                pl.col("code"),
                pl.col("parent_ref"),
                pl.col("code_prefix"),
            )
        )
        .when(
            ~has_induk
            & pl.col("is_coded")
            & pl.col("parent_line_key_by_prefix").is_null()
            & above_code.is_not_null()
            & (above_code != pl.col("code_prefix"))
        )
        .then(
            pl.format(
                "code {} does not belong to the {} {} printed above it: its prefix is {}",
                pl.col("code"),
                pl.col("parent_level").replace_strict(LEVEL_WORDS, return_dtype=pl.String),
                above_code,
                pl.col("code_prefix"),
            )
        )
    )


def _separate_recurring_names(placed: pl.DataFrame) -> pl.DataFrame:
    """An uncoded name that recurs at one level under other parents is keyed under its
    parent (``kegiatan:rapat koordinasi@program:penunjang``); a child names that key."""
    recurs = ~pl.col("is_coded") & (
        pl.col("parent_line_key").n_unique().over([*_AGENCY_YEAR, "line_key"]) > 1
    )
    renamed = placed.with_columns(
        new_key=pl.when(recurs)
        .then(pl.concat_str("line_key", pl.lit("@"), "parent_line_key"))
        .otherwise("line_key")
    )
    if renamed.get_column("new_key").equals(renamed.get_column("line_key")):
        return renamed.drop("new_key")
    # a child names the renamed key of the row above it when that row is its parent,
    # else the first line of that name
    old_keys = pl.col("line_key")
    moved = renamed.filter(pl.col("new_key") != old_keys)
    above_row = pl.coalesce(
        pl.when(pl.col("parent_level") == level).then(pl.col(f"source_row_above_{level}"))
        for level in ("program", "activity")
    )
    by_row = moved.select(*_AGENCY_YEAR, *_FILE, "source_row", old_keys.alias("old_key"), "new_key")
    first = moved.unique([*_AGENCY_YEAR, "line_key"], keep="first", maintain_order=True).select(
        *_AGENCY_YEAR, old_keys.alias("old_key"), pl.col("new_key").alias("first_key")
    )
    return (
        renamed.with_columns(__above_row__=above_row)
        .join(
            by_row,
            left_on=[*_AGENCY_YEAR, *_FILE, "__above_row__", "parent_line_key"],
            right_on=[*_AGENCY_YEAR, *_FILE, "source_row", "old_key"],
            how="left",
            suffix="_above",
            nulls_equal=True,  # a CSV file has no sheet
        )
        .join(
            first,
            left_on=[*_AGENCY_YEAR, "parent_line_key"],
            right_on=[*_AGENCY_YEAR, "old_key"],
            how="left",
        )
        .with_columns(
            line_key=pl.col("new_key"),
            parent_line_key=pl.coalesce("new_key_above", "first_key", "parent_line_key"),
        )
        .drop("new_key", "new_key_above", "first_key", "__above_row__")
    )
