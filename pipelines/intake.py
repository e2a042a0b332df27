"""``kinerja extract`` and ``kinerja layout``: sources that come in with a person's
help. An LKjIP document becomes a draft delivery to review and accept; a finance export
whose headers cannot decide gets a layout declaration to correct once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines import paths, registry


def extract_command(args: argparse.Namespace) -> int:
    """Draft a delivery from an LKjIP document, or accept a reviewed draft."""
    import datetime as dt

    from pipelines.lib.documents.context import other_agency_named
    from pipelines.lib.documents.draft import DraftError, check_out_dir, write_draft
    from pipelines.lib.documents.extract import account_names, extract
    from pipelines.lib.documents.layout import DocumentError, read_document
    from pipelines.lib.receipt import receipt_text
    from pipelines.lib.reference import read_account_types, read_agencies, scale_note

    agencies = {row["agency_id"]: row for row in read_agencies(paths.REFERENCE_DIR).to_dicts()}
    latest_year = dt.date.today().year
    if args.accept:
        return _accept_draft(Path(args.accept), agencies, latest_year)
    refusal = _refusal(args, agencies, latest_year)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    source = Path(args.file)
    out = Path(args.out) if args.out else paths.DRAFT_DIR / str(args.year) / args.agency
    names = account_names(read_account_types(paths.ACCOUNT_TYPES_PATH))
    try:
        check_out_dir(out, paths.RAW_DIR)
        blocks = read_document(source)
        draft = extract(blocks, args.year, args.agency, names)
        written = write_draft(draft, out, source, paths.RAW_DIR)
    except (DocumentError, DraftError, OSError) as exc:
        print(f"{source}: {exc}" if source.name not in str(exc) else str(exc), file=sys.stderr)
        return 2
    region = agencies[args.agency]["region_code"]
    note = scale_note(paths.SEEDS_DIR / "achievement_scale_assignments.csv", region,
                      args.year, args.year)  # fmt: skip
    if note:
        print(f"warning: {note}", file=sys.stderr)
    named = other_agency_named(blocks, args.agency, agencies)
    if named:
        print(f"warning: {named}; check --agency {args.agency}", file=sys.stderr)
    for path in written:
        print(f"  {path.name}: {len(draft.sheets[path.stem])} rows")
    print(receipt_text(_check(written, args.year, args.agency)))
    unplaced = sum(1 for line in draft.review if not line.file)
    print(
        f"draft in {out}: {len(draft.review) - unplaced} values read, {draft.needs_check} "
        f"to check, {unplaced} unplaced (review.csv); then kinerja extract --accept {out}"
    )
    return 0


def _accept_draft(draft: Path, agencies: dict[str, dict], latest_year: int) -> int:
    """Move a reviewed draft into raw/ and print its receipt."""
    from pipelines.lib.documents.draft import AcceptError, accept
    from pipelines.lib.receipt import receipt_text

    try:
        target = accept(draft, paths.RAW_DIR, agencies, latest_year)
    except (AcceptError, OSError) as exc:  # OSError: a read-only raw/, a full disk
        print(f"not accepted: {exc}", file=sys.stderr)
        return 2
    print(f"accepted into {target}; the next refresh reads it")
    receipt = _check(sorted(target.glob("*.csv")), int(target.parent.name), target.name)
    print(receipt_text(receipt))
    return 0


def _refusal(args: argparse.Namespace, agencies: dict[str, dict], latest_year: int) -> str:
    """Why ``kinerja extract`` cannot draft with these arguments; empty when it can."""
    from pipelines.lib.deliveries import agency_year_problem

    if not (args.file and args.agency and args.year):
        return "kinerja extract FILE --agency KODE_OPD --year TAHUN [--out DIR]"
    if args.agency not in agencies:
        return f"unknown agency {args.agency!r}; " + registry.HOW_TO_REGISTER.format(
            agency=args.agency
        )
    problem = agency_year_problem(agencies[args.agency], args.agency, args.year, latest_year)
    if problem:
        return f"not extracted: {problem}; give the fiscal year the report is of"
    return ""


def _check(files: list[Path], year: int, folder: str):
    """The receipt of these delivery files: what the contract would hold back (a draft
    is checked as drafted and again as accepted; ``kinerja check`` any delivery)."""
    from pipelines.lib.receipt import check_delivery
    from pipelines.lib.reference import read_account_types

    accounts = frozenset(read_account_types(paths.ACCOUNT_TYPES_PATH)["account_code"])
    return check_delivery(files, year, folder, paths.REFERENCE_DIR, accounts)


def layout_command(args: argparse.Namespace) -> int:
    """Propose the declared layout of a finance export (raw/reference/layouts/)."""
    import re

    from pipelines.lib.finance.declared import LAYOUTS_FOLDER, DeclarationError, propose
    from pipelines.lib.readers import UnreadableFileError

    source = Path(args.file)
    name = args.name or re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-")[:40]
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", name or ""):
        print(f"--name {name!r}: use lower-case letters, digits and '-'", file=sys.stderr)
        return 2
    target = paths.REFERENCE_DIR / LAYOUTS_FOLDER / f"{name}.yml"
    if target.exists():
        print(f"{target} exists: edit it, or give another --name", file=sys.stderr)
        return 2
    try:
        text = propose(source, name)
    except (DeclarationError, UnreadableFileError, OSError) as exc:
        print(f"no layout proposed: {exc}", file=sys.stderr)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(text, end="")
    print(f"written {target}: check each column's role, then refresh")
    return 0


def check_command(args: argparse.Namespace) -> int:
    """Check a delivery (a file, an agency-year folder, a finance export or a draft)
    against the contract on its own, printing the receipt in Indonesian; exit 1 when
    rows would not load. raw/ and the warehouse are not touched."""
    import json

    from pipelines.lib.limits import MAX_TEXT_BYTES
    from pipelines.lib.receipt import delivery_of, receipt_text

    path = Path(args.path)
    if not path.exists():
        print(f"{path}: no such file or folder", file=sys.stderr)
        return 2
    year, folder = delivery_of(path)
    drafted: set[str] | None = None  # a draft: the delivery files its draft.json names
    manifest = path / "draft.json" if path.is_dir() else None
    if manifest is not None and manifest.is_file() and manifest.stat().st_size < MAX_TEXT_BYTES:
        draft = json.loads(manifest.read_text(encoding="utf-8"))  # a draft of kinerja extract
        if isinstance(draft, dict):
            year, folder = draft.get("tahun", year), draft.get("kode_opd", folder)
            named = draft.get("berkas") if isinstance(draft.get("berkas"), list) else []
            drafted = {name for name in named if isinstance(name, str)}  # not the review
    year, folder = args.year or year, args.agency or folder
    if not (year and folder):
        print(
            f"{path}: give --year and --agency (or --agency keuangan for a finance export): "
            "the path does not say which agency-year it is",
            file=sys.stderr,
        )
        return 2
    files = (
        sorted(p for p in path.iterdir() if p.is_file() and p.name != "draft.json")
        if path.is_dir()
        else [path]
    )
    if drafted is not None:
        files = [p for p in files if p.name in drafted]
    receipt = _check(files, int(year), str(folder))
    print(receipt_text(receipt))
    return 0 if receipt.passes else 1
