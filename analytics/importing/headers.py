"""Header names matched loosely to each kind's canonical columns, and which kind a header row looks like."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

KIND_LABELS = {
    "activities": "log kegiatan sosialisasi",
    "turnout": "hasil pemungutan suara per TPS (C.Hasil)",
    "voters": "rekap DPT per kelurahan",
    "targets": "target partisipasi",
    "boundaries": "batas wilayah",
}

# Canonical column → the header spellings that mean it (compared after normalise()).
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "activities": {
        "tanggal": ("tanggal", "tgl", "tanggal kegiatan", "tgl kegiatan", "hari tanggal", "waktu", "tanggal pelaksanaan",
                    "tgl pelaksanaan", "date", "waktu pelaksanaan", "hari tgl"),
        "jenis_kegiatan": ("jenis kegiatan", "jenis", "kegiatan", "nama kegiatan", "bentuk kegiatan", "program",
                           "jenis sosialisasi", "metode", "bentuk sosialisasi", "activity", "type"),
        "kecamatan": ("kecamatan", "kec", "nama kecamatan", "ppk", "wilayah kecamatan"),
        "kelurahan": ("kelurahan", "kel", "desa", "desa kel", "kel desa", "desa kelurahan", "kelurahan desa",
                      "nama kelurahan", "nama desa", "pps"),
        "rw": ("rw", "no rw", "nomor rw", "rw ke"),
        "lokasi": ("lokasi", "tempat", "tempat kegiatan", "lokasi kegiatan", "sasaran lokasi", "venue", "location",
                   "nama tempat", "nama lokasi", "sekolah", "nama sekolah"),
        "penyelenggara": ("penyelenggara", "pelaksana", "penyelenggara kegiatan", "pelaksana kegiatan", "oleh",
                          "organiser", "organizer", "tingkat"),
        "jumlah_peserta": ("jumlah peserta", "jml peserta", "peserta", "total peserta", "jumlah hadir", "hadir",
                           "jumlah", "jml", "participants", "jumlah orang"),
        "peserta_pemula": ("peserta pemula", "pemilih pemula", "pemula", "jml pemula", "jumlah pemula",
                           "jumlah pemilih pemula", "first time"),
        "peserta_disabilitas": ("peserta disabilitas", "penyandang disabilitas", "disabilitas", "difabel",
                                "pemilih disabilitas", "jml disabilitas", "jumlah disabilitas"),
        "peserta_perempuan": ("peserta perempuan", "perempuan", "wanita", "jml perempuan", "jumlah perempuan", "p",
                              "women"),
        "rumah_dikunjungi": ("rumah dikunjungi", "kk rumah dikunjungi", "kk dikunjungi", "jumlah rumah",
                             "rumah", "jml rumah", "jumlah kk", "kk", "rumah kk dikunjungi", "jumlah rumah dikunjungi",
                             "households"),
        "lat": ("lat", "latitude", "lintang"),
        "lon": ("lon", "long", "lng", "longitude", "bujur"),
        "keterangan": ("keterangan", "ket", "catatan", "uraian", "notes", "note", "deskripsi"),
    },
    "turnout": {
        "pemilihan": ("pemilihan", "kode pemilihan", "jenis pemilihan"),
        "kecamatan": ("kecamatan", "kec", "nama kecamatan"),
        "kelurahan": ("kelurahan", "kel", "desa", "desa kel", "kel desa", "kelurahan desa", "desa kelurahan",
                      "nama kelurahan"),
        "nomor_tps": ("tps", "no tps", "nomor tps", "tps ke", "kode tps", "nama tps"),
        "terdaftar_laki_laki": ("terdaftar laki laki", "dpt laki laki", "dpt l", "pemilih terdaftar l",
                                "pemilih terdaftar laki laki", "terdaftar l", "jumlah pemilih dpt l",
                                "jumlah pemilih terdaftar l", "dpt lk"),
        "terdaftar_perempuan": ("terdaftar perempuan", "dpt perempuan", "dpt p", "pemilih terdaftar p",
                                "pemilih terdaftar perempuan", "terdaftar p", "jumlah pemilih dpt p",
                                "jumlah pemilih terdaftar p", "dpt pr"),
        "terdaftar_total": ("terdaftar total", "terdaftar", "dpt", "jumlah dpt", "dpt jumlah", "dpt jml", "dpt total",
                            "pemilih terdaftar", "pemilih terdaftar jumlah", "pemilih terdaftar jml", "terdaftar jml",
                            "terdaftar jumlah", "jumlah pemilih terdaftar", "jumlah pemilih terdaftar jml",
                            "pemilih terdaftar total"),
        "memilih_laki_laki": ("memilih laki laki", "memilih l", "pengguna hak pilih l", "pengguna hak pilih laki laki",
                              "php l", "hadir l", "menggunakan hak pilih l", "pemilih hadir l",
                              "jumlah pengguna hak pilih l"),
        "memilih_perempuan": ("memilih perempuan", "memilih p", "pengguna hak pilih p",
                              "pengguna hak pilih perempuan", "php p", "hadir p", "menggunakan hak pilih p",
                              "pemilih hadir p", "jumlah pengguna hak pilih p"),
        "memilih_total": ("memilih total", "memilih", "pengguna hak pilih", "jumlah pengguna hak pilih",
                          "pengguna hak pilih jumlah", "pengguna hak pilih jml", "php", "php jumlah", "hadir",
                          "memilih jumlah", "memilih jml", "menggunakan hak pilih", "pemilih hadir",
                          "jumlah pengguna hak pilih jml", "pengguna hak pilih total"),
        "terdaftar_disabilitas": ("terdaftar disabilitas", "disabilitas terdaftar", "dpt disabilitas",
                                  "pemilih disabilitas terdaftar", "jumlah pemilih disabilitas"),
        "memilih_disabilitas": ("memilih disabilitas", "disabilitas memilih", "disabilitas pengguna hak pilih",
                                "pengguna hak pilih disabilitas", "php disabilitas",
                                "pemilih disabilitas menggunakan hak pilih", "disabilitas hadir"),
    },
    "voters": {
        "pemilihan": ("pemilihan", "kode pemilihan", "jenis pemilihan"),
        "kecamatan": ("kecamatan", "kec", "nama kecamatan"),
        "kelurahan": ("kelurahan", "kel", "desa", "desa kel", "kel desa", "kelurahan desa", "desa kelurahan",
                      "nama kelurahan"),
        "total": ("total", "jumlah", "jml", "dpt", "jumlah dpt", "total dpt", "dpt jumlah", "jumlah pemilih",
                  "total pemilih", "dpt total", "dpt l p", "l p", "jumlah l p"),
        "laki_laki": ("laki laki", "l", "lk", "pria", "dpt l", "dpt laki laki", "pemilih laki laki", "jumlah laki laki"),
        "perempuan": ("perempuan", "p", "pr", "wanita", "dpt p", "dpt perempuan", "pemilih perempuan",
                      "jumlah perempuan"),
        "pemula": ("pemula", "pemilih pemula", "dpt pemula", "jumlah pemula"),
        "disabilitas": ("disabilitas", "pemilih disabilitas", "penyandang disabilitas", "difabel", "dpt disabilitas",
                        "jumlah disabilitas"),
        "jumlah_tps": ("jumlah tps", "jml tps", "tps", "banyak tps"),
    },
    "targets": {
        "pemilihan": ("pemilihan", "kode pemilihan", "jenis pemilihan"),
        "wilayah": ("wilayah", "kode wilayah", "nama wilayah", "daerah", "kab kota", "kabupaten kota", "area",
                    "kecamatan kelurahan", "cakupan"),
        "segmen": ("segmen", "segmen pemilih", "kelompok", "kelompok pemilih", "sasaran", "kategori", "segment"),
        "penetap": ("penetap", "ditetapkan oleh", "penyusun", "sumber target", "pihak", "lembaga", "set by"),
        "target_persen": ("target persen", "target", "target partisipasi", "persen", "target partisipasi persen",
                          "persentase", "target persentase", "target pct"),
        "utama": ("utama", "target utama", "dipakai"),
        "sumber": ("sumber", "referensi", "dasar", "keterangan", "ket"),
    },
}

# Columns a file of the kind must have (at least one tuple member from each group).
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "activities": (("tanggal",), ("jenis_kegiatan",), ("jumlah_peserta",)),
    "turnout": (("kelurahan",), ("nomor_tps",), ("terdaftar_laki_laki",), ("terdaftar_perempuan",),
                ("memilih_laki_laki",), ("memilih_perempuan",)),
    "voters": (("kelurahan",), ("laki_laki",), ("perempuan",)),
    "targets": (("wilayah",), ("target_persen",)),
}

# Columns that only one kind has: they say which kind a file is.
DISTINCTIVE: dict[str, tuple[str, ...]] = {
    "activities": ("tanggal", "jenis_kegiatan", "jumlah_peserta", "penyelenggara", "peserta_pemula", "rw", "lokasi",
                   "rumah_dikunjungi", "peserta_perempuan", "peserta_disabilitas"),
    "turnout": ("nomor_tps", "terdaftar_laki_laki", "terdaftar_perempuan", "memilih_laki_laki", "memilih_perempuan",
                "memilih_total", "terdaftar_total", "memilih_disabilitas", "terdaftar_disabilitas"),
    "voters": ("laki_laki", "perempuan", "pemula", "jumlah_tps", "total"),
    "targets": ("target_persen", "segmen", "penetap", "wilayah"),
}

# Headers that are expected and carry nothing to keep (row numbers, the reasons column of a rejects file).
IGNORED = {"no", "nomor", "no urut", "nomor urut", "urut", "alasan penolakan", "baris", "no baris", "nomor baris",
           "baris asal"}

_PUNCT = re.compile(r"[^0-9a-z]+")


def normalise(header: object) -> str:
    """Lower case, punctuation and underscores to spaces, runs of spaces collapsed: 'Jml. Peserta_' → 'jml peserta'."""
    text = "" if header is None else str(header)
    text = text.lower().replace("\u00a0", " ")
    text = text.replace("-", " ")
    return " ".join(_PUNCT.sub(" ", text).split())


_LOOKUP: dict[str, dict[str, str]] = {
    kind: {normalise(s): col for col, spellings in cols.items() for s in (col, *spellings)}
    for kind, cols in SYNONYMS.items()
}


def canonical(kind: str, header: object) -> str | None:
    """The canonical column a header means for this kind, or None."""
    # The header search asks about the same ~30 rows once per candidate row and kind: remember the answers.
    return _canonical_text(kind, header) if isinstance(header, str) else _canonical(kind, header)


@functools.lru_cache(maxsize=8192)
def _canonical_text(kind: str, header: str) -> str | None:
    return _canonical(kind, header)


def _canonical(kind: str, header: object) -> str | None:
    key = normalise(header)
    if not key:
        return None
    lookup = _LOOKUP[kind]
    if key in lookup:
        return lookup[key]
    # "Jumlah Peserta (orang)", "Tanggal (dd/mm/yyyy)": drop what is in brackets and units, try again.
    stripped = normalise(re.sub(r"\(.*?\)|\[.*?\]", " ", str(header)))
    for suffix in (" orang", " jiwa", " persen", " pct", " dd mm yyyy", " hh bb tttt"):
        if stripped.endswith(suffix) and stripped[: -len(suffix)] in lookup:
            stripped = stripped[: -len(suffix)]
    return lookup.get(stripped)


@dataclass
class HeaderMatch:
    """How the cells of one header row map to a kind's columns."""

    kind: str
    columns: dict[int, str] = field(default_factory=dict)  # position in the row → canonical column
    missing: list[str] = field(default_factory=list)  # required columns not found

    @property
    def score(self) -> float:
        """How well the row fits the kind: distinctive columns found, less a penalty per missing required one."""
        found = set(self.columns.values())
        distinctive = sum(1 for c in DISTINCTIVE.get(self.kind, ()) if c in found)
        return len(found) + distinctive - 3 * len(self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing


def match_header(kind: str, cells: list[str]) -> HeaderMatch:
    """Map a header row to a kind; the first cell wins when two cells mean the same column."""
    match = HeaderMatch(kind)
    taken: set[str] = set()
    for i, cell in enumerate(cells):
        col = canonical(kind, cell)
        if col and col not in taken:
            match.columns[i] = col
            taken.add(col)
    match.missing = [group[0] for group in REQUIRED.get(kind, ()) if not any(c in taken for c in group)]
    # A turnout or voters file may give only the total where the sexes are missing: still missing, by design.
    return match


def guess_kind(cells: list[str]) -> tuple[str | None, float]:
    """The kind a header row looks most like (complete matches first), with its score."""
    best: tuple[str | None, float] = (None, 0.0)
    for kind in REQUIRED:
        m = match_header(kind, cells)
        distinctive = sum(1 for c in DISTINCTIVE[kind] if c in set(m.columns.values()))
        if m.complete and distinctive >= 2 and m.score > best[1]:
            best = (kind, m.score)
    return best
