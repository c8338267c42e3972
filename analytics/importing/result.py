"""What one import did: rows kept and rejected, corrections, dropped personal columns, and the CLI exit status."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("activities", "turnout", "voters", "targets", "boundaries")

# Exit statuses of `python -m analytics import …` (also what the import page reports).
EXIT_ALL_KEPT = 0
EXIT_SOME_REJECTED = 1
EXIT_NOTHING_IMPORTED = 2


@dataclass(frozen=True)
class Rejection:
    """One refused row: its number as the operator sees it in the file, its original cells, every reason."""

    row: int
    cells: dict[str, str]
    reasons: tuple[str, ...]


@dataclass
class ImportResult:
    """The outcome of importing one file. `error` set means nothing was imported (unreadable, wrong kind, …)."""

    kind: str
    file_name: str
    import_id: int | None = None
    sha256: str | None = None
    rows_kept: int = 0
    rows_rejected: int = 0
    # Rows identical to rows already in the database (from an earlier import): skipped, not rejected.
    rows_duplicate: int = 0
    # The same file (same sha256) was imported before and not undone: nothing was added.
    already_imported: bool = False
    dropped_columns: list[str] = field(default_factory=list)
    masked_values: int = 0
    corrections: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    error: str | None = None
    # Data rows read from the file (blank and totals rows excluded): kept + rejected + duplicate.
    rows_read: int = 0
    # Other things the operator should know (which sheet was read, totals rows skipped, …), in Indonesian.
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 every row imported (or nothing new to add), 1 some rows rejected, 2 nothing imported."""
        if self.error is not None:
            return EXIT_NOTHING_IMPORTED
        if self.rows_rejected and not self.rows_kept and not self.rows_duplicate:
            return EXIT_NOTHING_IMPORTED
        if self.rows_rejected:
            return EXIT_SOME_REJECTED
        return EXIT_ALL_KEPT
