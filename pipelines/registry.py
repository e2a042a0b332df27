"""Commands for the agency list and the clerks' template: ``kinerja agency add`` and
``kinerja template``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from pipelines import paths

HOW_TO_REGISTER = (
    "register it first: kinerja agency add {agency} --region <kode_wilayah> "
    '--region-name "<nama_wilayah>" --name "<nama_opd>" --short <singkatan> '
    "--type <jenis_opd> --since <tahun_mulai>"
)


def agency_command(args: argparse.Namespace) -> int:
    """Register an agency (and its region, when new) in raw/reference/."""
    from pipelines.lib.reference import ReferenceError, add_agency, scale_note

    row = {
        "kode_opd": args.agency,
        "kode_wilayah": args.region,
        "nama_wilayah": args.region_name,
        "nama_opd": args.name,
        "singkatan": args.short,
        "jenis_opd": args.type,
        "tahun_mulai": args.since,
        "tahun_akhir": args.until,
        "kode_opd_pengganti": args.successor,
        "sintetis": "tidak",
    }
    try:
        path = add_agency(paths.REFERENCE_DIR, row)
    except ReferenceError as exc:
        print(f"not added: {exc}", file=sys.stderr)
        return 2
    print(f"{args.agency} added to {path}; the next refresh reads every delivery again")
    last = int(args.until) if args.until else dt.date.today().year
    note = scale_note(paths.SEEDS_DIR / "achievement_scale_assignments.csv", args.region,
                      int(args.since), last)  # fmt: skip
    if note:
        print(f"warning: {note}", file=sys.stderr)
    return 0


def template_command(args: argparse.Namespace) -> int:
    """Write the blank template workbook for an agency and year."""
    from pipelines.lib.deliveries import agency_year_problem
    from pipelines.lib.reference import read_account_types, read_agencies
    from pipelines.lib.template import write_workbook

    agencies = read_agencies(paths.REFERENCE_DIR)
    match = agencies.filter(agencies["agency_id"] == args.agency)
    if match.is_empty():
        print(
            f"unknown agency {args.agency!r} (not in {paths.REFERENCE_DIR}/agencies*.csv); "
            + HOW_TO_REGISTER.format(agency=args.agency),
            file=sys.stderr,
        )
        return 2
    agency = match.row(0, named=True)
    problem = agency_year_problem(agency, args.agency, args.year, dt.date.today().year)
    if problem:
        print(f"no template written: {problem}", file=sys.stderr)
        return 2
    out = Path(args.out or paths.DRAFT_DIR / f"template-{args.agency}-{args.year}.xlsx")
    accounts = read_account_types(paths.ACCOUNT_TYPES_PATH)["account_code"].to_list()
    write_workbook(out, args.agency, match["agency_name"][0], args.year, account_codes=accounts)
    print(out)
    return 0


def add_parsers(commands) -> None:
    """The ``agency`` and ``template`` subcommands of ``kinerja``."""
    from pipelines.lib.contract import AGENCY_TYPES

    agency = commands.add_parser("agency", help="the agency list: add an agency or region")
    actions = agency.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="register an agency (its region too, when new)")
    add.add_argument("agency", help="kode_opd, e.g. muba-dinkes")
    add.add_argument("--region", required=True, help="kode_wilayah, e.g. 16.06")
    add.add_argument("--region-name", required=True, help="e.g. 'Kabupaten Musi Banyuasin'")
    add.add_argument("--name", required=True, help="nama_opd, e.g. 'Dinas Kesehatan'")
    add.add_argument("--short", required=True, help="singkatan, e.g. Dinkes")
    add.add_argument("--type", required=True, choices=AGENCY_TYPES, help="jenis_opd")
    add.add_argument("--since", required=True, help="tahun_mulai, e.g. 2017")
    add.add_argument("--until", help="tahun_akhir, when it ended")
    add.add_argument("--successor", help="kode_opd_pengganti, when renamed or merged")
    add.set_defaults(func=agency_command)
    tpl = commands.add_parser("template", help="write the blank XLSX template")
    tpl.add_argument("agency", help="kode_opd, e.g. muba-kesbangpol")
    tpl.add_argument("year", type=int, help="fiscal year, e.g. 2023")
    tpl.add_argument("--out", help="output path (default raw/draft/template-<agency>-<year>.xlsx)")
    tpl.set_defaults(func=template_command)
