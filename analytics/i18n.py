"""Interface text in Bahasa Indonesia (first) and English."""

from __future__ import annotations

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
    "app.tagline": {
        "id": "Apakah sosialisasi menjangkau warga dan wilayah yang harus dijangkau?",
        "en": "Is our outreach reaching the people and places it must reach?",
    },
    "nav.ringkasan": {"id": "Ringkasan", "en": "Overview"},
    "sidebar.language": {"id": "Bahasa", "en": "Language"},
    "sidebar.filters": {"id": "Saringan", "en": "Filters"},
    "sidebar.election": {"id": "Pemilihan", "en": "Election"},
    "sidebar.kecamatan": {"id": "Kecamatan", "en": "Kecamatan (district)"},
    "sidebar.kelurahan": {"id": "Kelurahan", "en": "Kelurahan (village)"},
    "sidebar.period": {"id": "Periode kegiatan", "en": "Activity period"},
    "sidebar.type": {"id": "Jenis kegiatan", "en": "Activity type"},
    "sidebar.organiser": {"id": "Penyelenggara", "en": "Organiser"},
    "sidebar.all": {"id": "Semua", "en": "All"},
    "sidebar.reset": {"id": "Atur ulang saringan", "en": "Reset filters"},
    "sidebar.share": {
        "id": "Tautan di bilah alamat menyimpan saringan ini: salin untuk membagikan tampilan yang sama.",
        "en": "The link in the address bar keeps these filters: copy it to share this view.",
    },
    "notice.sample": {
        "id": "**Data sampel sintetis.** Nama dan kode wilayah, DPT kota, jumlah TPS, target, dan partisipasi per "
        "kecamatan adalah angka resmi; log kegiatan, sekolah, dan hasil per TPS dikarang untuk demonstrasi. "
        "Ganti dengan data kantor Anda lewat impor.",
        "en": "**Synthetic sample data.** Region names and codes, the city's DPT, TPS count, targets and turnout per "
        "kecamatan are official figures; activity logs, schools and TPS results are invented for demonstration. "
        "Replace them with your office's data through import.",
    },
    "overview.title": {"id": "Ringkasan sosialisasi", "en": "Outreach overview"},
    "overview.as_of": {"id": "Keadaan per {date}; perubahan dibanding 7 hari sebelumnya.",
                       "en": "As of {date}; change against 7 days earlier."},
    "overview.no_activity": {"id": "Belum ada kegiatan untuk saringan ini.",
                             "en": "No activities match these filters yet."},
    "kpi.activities": {"id": "Kegiatan", "en": "Activities"},
    "kpi.reached": {"id": "Warga dijangkau", "en": "People reached"},
    "kpi.reached.help": {
        "id": "Jumlah peserta kegiatan tatap muka (unggahan media sosial dan pertemuan media tidak dihitung). "
        "Satu orang bisa ikut lebih dari satu kegiatan.",
        "en": "Participants of face-to-face activities (social-media posts and media meetings are not counted). "
        "One person may attend more than one activity.",
    },
    "kpi.rw": {"id": "RW dikunjungi", "en": "RW visited"},
    "kpi.schools": {"id": "Sekolah dikunjungi", "en": "Schools visited"},
    "kpi.pemula": {"id": "Pemilih pemula dijangkau", "en": "First-time voters reached"},
    "kpi.disabilitas": {"id": "Pemilih disabilitas dijangkau", "en": "Voters with disabilities reached"},
    "kpi.of": {"id": "dari {total}", "en": "of {total}"},
    "kpi.of_dpt": {"id": "{pct} dari {total} di DPT", "en": "{pct} of {total} in the DPT"},
    "kpi.days_to": {"id": "Hari menuju pemungutan suara", "en": "Days to election day"},
    "kpi.days_since": {"id": "Hari sejak pemungutan suara", "en": "Days since election day"},
    "kpi.election_on": {"id": "Pemungutan suara {date}", "en": "Election day {date}"},
    "chart.weekly.title": {"id": "Kegiatan per minggu dan warga dijangkau (kumulatif)",
                           "en": "Activities per week and people reached (cumulative)"},
    "chart.week": {"id": "Minggu", "en": "Week"},
    "chart.activities": {"id": "Kegiatan", "en": "Activities"},
    "chart.cumulative": {"id": "Warga dijangkau (kumulatif)", "en": "People reached (cumulative)"},
    "chart.election_day": {"id": "Hari pemungutan suara", "en": "Election day"},
    "chart.type": {"id": "Jenis kegiatan", "en": "Activity type"},
    "download.csv": {"id": "Unduh CSV", "en": "Download CSV"},
    "download.xlsx": {"id": "Unduh Excel", "en": "Download Excel"},
    "map.approximate": {
        "id": "Batas wilayah pada peta ini perkiraan (sel dari titik pusat kelurahan), bukan batas resmi. "
        "Impor berkas batas wilayah untuk peta yang tepat.",
        "en": "Area boundaries on this map are approximate (cells around kelurahan centres), not official "
        "boundaries. Import a boundary file for exact maps.",
    },
    "map.level": {"id": "Tingkat peta", "en": "Map level"},
    "map.metric": {"id": "Ukuran", "en": "Measure"},
    "level.kecamatan": {"id": "Kecamatan", "en": "Kecamatan"},
    "level.kelurahan": {"id": "Kelurahan", "en": "Kelurahan"},
    "metric.dijangkau_per_1000": {"id": "Warga dijangkau per 1.000 pemilih", "en": "People reached per 1,000 voters"},
    "metric.rw_cakupan_persen": {"id": "RW dikunjungi (%)", "en": "RW visited (%)"},
    "metric.partisipasi_persen": {"id": "Partisipasi pemilih (%)", "en": "Voter turnout (%)"},
    "metric.selisih_target_persen": {"id": "Selisih partisipasi terhadap target (poin %)",
                                     "en": "Turnout minus target (% points)"},
    "metric.kegiatan": {"id": "Kegiatan", "en": "Activities"},
    "metric.dpt": {"id": "Pemilih (DPT)", "en": "Registered voters (DPT)"},
    "metric.target_semua": {"id": "Target partisipasi (%)", "en": "Turnout target (%)"},
    "overview.map.title": {"id": "Peta", "en": "Map"},
    "overview.progress.title": {"id": "Partisipasi per kecamatan terhadap target",
                                "en": "Turnout per kecamatan against the target"},
    "overview.progress.none": {
        "id": "Hasil pemungutan suara belum diimpor untuk pemilihan ini; kemajuan ditunjukkan sebagai jangkauan.",
        "en": "No voting results imported for this election yet; progress is shown as outreach.",
    },
    "progress.segment": {"id": "Kelompok pemilih", "en": "Voter group"},
    "segment.semua": {"id": "Semua pemilih", "en": "All voters"},
    "segment.perempuan": {"id": "Perempuan", "en": "Women"},
    "segment.disabilitas": {"id": "Pemilih disabilitas", "en": "Voters with disabilities"},
    "segment.pemula": {"id": "Pemilih pemula", "en": "First-time voters"},
    "progress.target": {"id": "Target {value}", "en": "Target {value}"},
    "progress.turnout": {"id": "Partisipasi", "en": "Turnout"},
    "progress.no_target": {"id": "Belum ada target untuk kelompok ini.", "en": "No target set for this group."},
    # --- wilayah ---
    # --- pemula_disabilitas ---
    # --- partisipasi ---
}


def t(key: str, lang: str = "id", **values: object) -> str:
    """The text for `key` in `lang` (Indonesian when a translation is missing), with {placeholders} filled."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["id"]
    return text.format(**values) if values else text
