"""The import summary the operator reads, in Indonesian (or English), used by the CLI and the import page."""

from __future__ import annotations

from analytics import fmt
from analytics.importing.headers import KIND_LABELS
from analytics.importing.result import ImportResult

KIND_LABELS_EN = {
    "activities": "outreach activity log", "turnout": "TPS results (C.Hasil)", "voters": "DPT per kelurahan",
    "targets": "turnout targets", "boundaries": "area boundaries",
}

TEXT = {
    "id": {
        "title": "Impor {what} dari '{file}'",
        "id": " (impor #{id})",
        "failed": "Tidak ada yang diimpor: {error}",
        "already": "Berkas yang sama persis sudah diimpor sebelumnya (impor #{id}); tidak ada yang ditambahkan. "
                   "Batalkan impor #{id} dulu bila ingin mengimpornya ulang.",
        "kept": "Diterima: {n} baris",
        "rejected": "Ditolak: {n} baris",
        "more": "… dan {n} alasan lain (unduh daftar baris yang ditolak untuk diperbaiki: "
                "python -m analytics rejected {id} --out ditolak.xlsx)",
        "duplicate": "Duplikat dilewati: {n} baris (sudah ada di basis data atau terulang di berkas)",
        "corrections": "Koreksi ({n}):",
        "dropped": "Kolom data pribadi dibuang, tidak disimpan: {cols}",
        "masked": "NIK/nomor telepon/email di dalam teks disamarkan: {n} sel",
        "nothing": "Berkas tidak berisi baris data.",
    },
    "en": {
        "title": "Import of {what} from '{file}'",
        "id": " (import #{id})",
        "failed": "Nothing imported: {error}",
        "already": "The very same file was imported before (import #{id}); nothing was added. Undo import #{id} "
                   "first to import it again.",
        "kept": "Kept: {n} rows",
        "rejected": "Rejected: {n} rows",
        "more": "… and {n} more reasons (download the rejected rows to correct them: "
                "python -m analytics rejected {id} --out rejected.xlsx)",
        "duplicate": "Duplicates skipped: {n} rows (already in the database or repeated in the file)",
        "corrections": "Corrections ({n}):",
        "dropped": "Personal-data columns dropped, not stored: {cols}",
        "masked": "NIK/phone numbers/e-mail inside text masked: {n} cells",
        "nothing": "The file holds no data rows.",
    },
}


def summarize(result: ImportResult, lang: str = "id", max_reasons: int = 10) -> str:
    """A few lines saying what the import did: rows kept, rejected (first reasons), corrections, dropped columns."""
    t = TEXT["en" if lang == "en" else "id"]
    labels = KIND_LABELS_EN if lang == "en" else KIND_LABELS
    head = t["title"].format(what=labels.get(result.kind, result.kind), file=result.file_name)
    if result.import_id is not None:
        head += t["id"].format(id=result.import_id)
    lines = [head]
    if result.error:
        lines.append(t["failed"].format(error=result.error))
        return "\n".join(lines)
    if result.already_imported:
        lines.append(t["already"].format(id=result.import_id))
        return "\n".join(lines)
    n = lambda v: fmt.number(v, lang)  # noqa: E731
    lines.append(t["kept"].format(n=n(result.rows_kept)))
    if result.rows_rejected:
        lines.append(t["rejected"].format(n=n(result.rows_rejected)))
        reasons = [r for rej in result.rejections for r in rej.reasons]
        lines += [f"  - {r}" for r in reasons[:max_reasons]]
        if len(reasons) > max_reasons:
            lines.append("  " + t["more"].format(n=n(len(reasons) - max_reasons), id=result.import_id))
    if result.rows_duplicate:
        lines.append(t["duplicate"].format(n=n(result.rows_duplicate)))
    if result.corrections:
        lines.append(t["corrections"].format(n=len(result.corrections)))
        lines += [f"  - {c}" for c in result.corrections[:max_reasons]]
        if len(result.corrections) > max_reasons:
            lines.append(f"  - … (+{len(result.corrections) - max_reasons})")
    if result.dropped_columns:
        lines.append(t["dropped"].format(cols=", ".join(result.dropped_columns)))
    if result.masked_values:
        lines.append(t["masked"].format(n=n(result.masked_values)))
    for note in result.notes:
        lines.append(note)
    if not (result.rows_kept or result.rows_rejected or result.rows_duplicate):
        lines.append(t["nothing"])
    return "\n".join(lines)
