"""Roles and what each may do: pages, exports, import kinds, undo, user and target management; and its scope."""

from __future__ import annotations

from analytics.auth.users import ROLES, User
from analytics.filters import Scope

OPEN = "terbuka"  # no user configured (the demo): everything allowed, and every page says so

VIEW_DATA = "view:data"            # the four data pages: Ringkasan, Wilayah, Pemula & Disabilitas, Partisipasi
EXPORT_SUMMARY = "export:summary"  # downloads of tables aggregated per kecamatan or kelurahan
EXPORT_DETAIL = "export:detail"    # downloads below kelurahan: activity logs, TPS rows, schools, RW work lists
IMPORT_UNDO = "import:undo"
USERS_MANAGE = "users:manage"
TARGETS_MANAGE = "targets:manage"
AUDIT_READ = "audit:read"
IMPORT_KINDS = ("activities", "turnout", "voters", "targets", "boundaries")


def import_permission(kind: str) -> str:
    """The permission to import files of `kind` (e.g. 'import:activities')."""
    return f"import:{kind}"


_AREA_IMPORTS = {import_permission(k) for k in ("activities", "turnout", "voters")}

PERMISSIONS: dict[str, frozenset[str]] = {
    # Leadership reads everything but takes home only aggregates: no row-level data leaves in their hands.
    "pimpinan": frozenset({VIEW_DATA, EXPORT_SUMMARY}),
    "parmas": frozenset({VIEW_DATA, EXPORT_SUMMARY, EXPORT_DETAIL}),
    # A PPK sees and imports only its own kecamatan: the scope (scope_for) limits every query and import.
    "ppk": frozenset({VIEW_DATA, EXPORT_SUMMARY, EXPORT_DETAIL, *_AREA_IMPORTS}),
    "operator": frozenset({*_AREA_IMPORTS, import_permission("boundaries")}),
    # Targets are imported as a file, so managing them means importing kind 'targets'.
    "admin": frozenset({USERS_MANAGE, TARGETS_MANAGE, import_permission("targets"), IMPORT_UNDO, AUDIT_READ}),
}
ALL_PERMISSIONS = frozenset().union(*PERMISSIONS.values())
PERMISSIONS[OPEN] = ALL_PERMISSIONS

# Which permission opens each page (the import page: any import kind or undo).
PAGES = {
    "ringkasan": VIEW_DATA,
    "wilayah": VIEW_DATA,
    "pemula_disabilitas": VIEW_DATA,
    "partisipasi": VIEW_DATA,
    "impor": "page:impor",
    "audit": AUDIT_READ,
}
EXPORT_KINDS = {"summary": EXPORT_SUMMARY, "detail": EXPORT_DETAIL}


def allows(user: User, permission: str) -> bool:
    """Whether `user` holds `permission`; 'page:impor' means any import permission or undo."""
    granted = PERMISSIONS.get(user.peran, frozenset())
    if permission == "page:impor":
        return any(p.startswith("import:") for p in granted)
    return permission in granted


def may_export(user: User, kind: str) -> bool:
    """Whether `user` may download a table of `kind` ('summary' or 'detail')."""
    return allows(user, EXPORT_KINDS[kind])


def may_open(user: User, page: str) -> bool:
    """Whether `user` may open the page named `page` (the file name without .py)."""
    return allows(user, PAGES[page])


def scope_for(user: User) -> Scope:
    """The areas `user` may see and import for: its region code when it has one (every ppk), else everything."""
    if user.kode_wilayah:
        return Scope((user.kode_wilayah,))
    return Scope.everything()


def open_user() -> User:
    """The stand-in user of open mode (no user in the database)."""
    return User(nama="mode-terbuka", peran=OPEN)
