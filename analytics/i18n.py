"""Interface text in Bahasa Indonesia (first) and English."""

from __future__ import annotations

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
    "app.tagline": {
        "id": "Apakah sosialisasi menjangkau warga dan wilayah yang harus dijangkau?",
        "en": "Is our outreach reaching the people and places it must reach?",
    },
    "brand.offices": {"id": "{n} KPU kabupaten/kota", "en": "{n} KPU offices"},
    "nav.ringkasan": {"id": "Ringkasan", "en": "Overview"},
    "sidebar.language": {"id": "Bahasa", "en": "Language"},
    "sidebar.filters": {"id": "Saringan", "en": "Filters"},
    "sidebar.election": {"id": "Pemilihan", "en": "Election"},
    "sidebar.kecamatan": {"id": "Kecamatan", "en": "Kecamatan (district)"},
    "sidebar.kelurahan": {"id": "Kelurahan", "en": "Kelurahan (village)"},
    "sidebar.rw": {"id": "RW", "en": "RW (neighbourhood)"},
    "sidebar.period": {"id": "Periode kegiatan", "en": "Activity period"},
    "sidebar.type": {"id": "Jenis kegiatan", "en": "Activity type"},
    "sidebar.organiser": {"id": "Penyelenggara", "en": "Organiser"},
    "sidebar.all": {"id": "Semua", "en": "All"},
    "sidebar.kelurahan_first": {"id": "Semua — pilih kecamatan dulu", "en": "All — choose a kecamatan first"},
    "sidebar.kelurahan_first_help": {
        "id": "Lebih dari {n} kelurahan dalam tampilan ini: pilih satu atau beberapa kecamatan, lalu kelurahannya.",
        "en": "More than {n} kelurahan in this view: choose one or more kecamatan, then their kelurahan.",
    },
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
    "notice.synthetic": {
        "id": "**Data sintetis.** Semua isi basis data ini dikarang untuk uji kinerja dan demonstrasi — nama dan "
        "kode wilayah, DPT, TPS dan hasilnya, target, sekolah, serta log kegiatan; bukan data KPU.",
        "en": "**Synthetic data.** Everything in this database is invented for performance tests and demonstration "
        "— region names and codes, DPT, TPS and their results, targets, schools and activity logs; not KPU data.",
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
    "kpi.rw.help": {
        "id": "RW dengan sedikitnya satu kegiatan pada saringan ini, dari semua RW kelurahan yang ditampilkan.",
        "en": "RW with at least one activity under these filters, out of every RW of the kelurahan shown.",
    },
    "kpi.schools": {"id": "Sekolah dikunjungi", "en": "Schools visited"},
    "kpi.pemula": {"id": "Pemilih pemula dijangkau", "en": "First-time voters reached"},
    "kpi.disabilitas": {"id": "Pemilih disabilitas dijangkau", "en": "Voters with disabilities reached"},
    "kpi.of": {"id": "dari {total}", "en": "of {total}"},
    "kpi.of_dpt": {"id": "{pct} dari {total} di DPT", "en": "{pct} of {total} in the DPT"},
    "kpi.of_rw": {"id": "{pct} dari {total} RW", "en": "{pct} of {total} RW"},
    "kpi.of_schools": {"id": "{pct} dari {total} sekolah", "en": "{pct} of {total} schools"},
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
    "chart.furthest_behind": {
        "id": "Grafik menampilkan {n} {level} dengan nilai terendah dari {total}; tabel dan unduhan memuat semuanya.",
        "en": "The chart shows the {n} {level} with the lowest values of {total}; tables and downloads hold all.",
    },
    "table.capped": {
        "id": "Tabel menampilkan {shown} baris pertama dari {total}; unduhan berisi semuanya.",
        "en": "The table shows the first {shown} of {total} rows; the downloads hold all of them.",
    },
    "download.xlsx_too_big": {
        "id": "Terlalu banyak baris untuk satu lembar Excel (batasnya 1.048.575): unduh CSV.",
        "en": "Too many rows for one Excel sheet (the limit is 1,048,575): download the CSV.",
    },
    "map.approximate": {
        "id": "Batas wilayah pada peta ini perkiraan (sel dari titik pusat kelurahan), bukan batas resmi. "
        "Impor berkas batas wilayah untuk peta yang tepat.",
        "en": "Area boundaries on this map are approximate (cells around kelurahan centres), not official "
        "boundaries. Import a boundary file for exact maps.",
    },
    "map.coarser": {
        "id": "Terlalu banyak kelurahan untuk satu peta ({n}): peta menampilkan kecamatan. "
        "Pilih kecamatan di saringan untuk melihat kelurahan.",
        "en": "Too many kelurahan for one map ({n}): the map shows kecamatan. "
        "Choose kecamatan in the filters to see kelurahan.",
    },
    "map.level": {"id": "Tingkat peta", "en": "Map level"},
    "map.no_values": {"id": "Belum ada data untuk {measure} pada pilihan ini.",
                      "en": "No data for {measure} in this selection yet."},
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
    "overview.progress.title": {"id": "Kemajuan menuju target per kecamatan",
                                "en": "Progress towards the targets per kecamatan"},
    "progress.value.partisipasi": {"id": "Partisipasi", "en": "Turnout"},
    "progress.value.jangkauan": {"id": "Dijangkau (% DPT)", "en": "Reached (% of DPT)"},
    "progress.counts.partisipasi": {"id": "Memilih / terdaftar", "en": "Voted / registered"},
    "progress.counts.jangkauan": {"id": "Dijangkau / DPT", "en": "Reached / DPT"},
    "progress.axis.partisipasi": {"id": "Partisipasi {segment} (%)", "en": "Turnout, {segment} (%)"},
    "progress.axis.jangkauan": {"id": "Dijangkau, % dari DPT {segment}", "en": "Reached, % of DPT {segment}"},
    "progress.caption.partisipasi": {
        "id": "Batang biru: partisipasi {segment} menurut hasil per TPS; garis hitam: target yang berlaku. "
              "Kecamatan terendah di atas.",
        "en": "Blue bars: turnout of {segment} from the TPS results; black ticks: the target that applies. "
              "Lowest kecamatan on top.",
    },
    "progress.caption.jangkauan": {
        "id": "Belum ada hasil pemungutan suara untuk kelompok ini, jadi kemajuan ditunjukkan sebagai jangkauan: "
              "peserta kegiatan sebagai persen dari DPT {segment} (satu orang di dua kegiatan dihitung dua kali, "
              "sehingga bisa lebih dari 100 %). Garis hitam: target partisipasi.",
        "en": "No voting results for this group yet, so progress is shown as outreach: participants as a share of "
              "the DPT {segment} (a person at two activities counts twice, so it can pass 100 %). Black ticks: "
              "the turnout target.",
    },
    "progress.caption.pemula": {
        "id": "Formulir C.Hasil tidak mencatat pemilih pemula, jadi kemajuan mereka ditunjukkan sebagai jangkauan: "
              "peserta pemula sebagai persen dari DPT pemula (siswa sering bersekolah di kecamatan lain, sehingga "
              "bisa lebih dari 100 %). Garis hitam: target partisipasi pemilih pemula.",
        "en": "Form C.Hasil does not count first-time voters, so their progress is shown as outreach: first-time "
              "participants as a share of first-time voters in the DPT (students often go to school in another "
              "kecamatan, so it can pass 100 %). Black ticks: the first-time voters' turnout target.",
    },
    "overview.table.title": {"id": "Rincian per kecamatan", "en": "By kecamatan"},
    "overview.table.caption": {
        "id": "Angka sesuai saringan di samping; unduhan berisi angka lengkap tanpa pembulatan tampilan.",
        "en": "Figures follow the filters in the sidebar; downloads hold the full numbers.",
    },
    "col.pemula_persen": {"id": "Pemula dijangkau (% DPT)", "en": "First-time reached (% DPT)"},
    "col.disabilitas_persen": {"id": "Disabilitas dijangkau (% DPT)", "en": "Disabled reached (% DPT)"},
    "col.sekolah_dikunjungi": {"id": "Sekolah dikunjungi", "en": "Schools visited"},
    "col.sekolah_total": {"id": "Jumlah sekolah", "en": "Schools"},
    "col.partisipasi": {"id": "Partisipasi", "en": "Turnout"},
    "col.target": {"id": "Target", "en": "Target"},
    "col.selisih": {"id": "Selisih target (poin)", "en": "Gap to target (points)"},
    "progress.segment": {"id": "Kelompok pemilih", "en": "Voter group"},
    "segment.semua": {"id": "Semua pemilih", "en": "All voters"},
    "segment.perempuan": {"id": "Perempuan", "en": "Women"},
    "segment.disabilitas": {"id": "Pemilih disabilitas", "en": "Voters with disabilities"},
    "segment.pemula": {"id": "Pemilih pemula", "en": "First-time voters"},
    "progress.no_target": {"id": "Belum ada target untuk kelompok ini.", "en": "No target set for this group."},
    # --- wilayah ---
    "nav.wilayah": {"id": "Wilayah", "en": "Areas"},
    "wilayah.title": {"id": "Wilayah: kecamatan, kelurahan, RW", "en": "Areas: kecamatan, kelurahan, RW"},
    "wilayah.caption": {
        "id": "Pilih kecamatan dan kelurahan di samping; satu kelurahan membuka pilihan RW.",
        "en": "Pick kecamatan and kelurahan in the sidebar; a single kelurahan opens the RW picker.",
    },
    "wilayah.kelurahan.title": {"id": "Kelurahan", "en": "Kelurahan"},
    "wilayah.kelurahan.caption": {
        "id": "Diurutkan dari cakupan RW terendah: yang paling perlu didatangi ada di atas.",
        "en": "Sorted by lowest RW coverage: the places that most need a visit come first.",
    },
    "wilayah.rw.title": {"id": "Cakupan RW", "en": "RW coverage"},
    "wilayah.rw.caption": {
        "id": "Setiap kotak satu RW; angka = jumlah kegiatan. Kotak jingga bertanda × belum pernah dikunjungi "
        "pada periode ini. Jumlah RW per kelurahan masih perkiraan.",
        "en": "Each box is one RW; the number counts activities. Orange boxes marked × were never visited in this "
        "period. RW counts per kelurahan are estimates.",
    },
    "wilayah.rw.none": {"id": "Jumlah RW belum diketahui untuk wilayah ini.",
                        "en": "The number of RW is not known for this area."},
    "wilayah.rw.worklist": {"id": "Daftar RW yang belum dikunjungi ({n})", "en": "RW not yet visited ({n})"},
    "wilayah.rw.all_visited": {"id": "Semua RW pada pilihan ini sudah dikunjungi.",
                               "en": "Every RW in this selection has been visited."},
    "wilayah.rw.too_many": {
        "id": "Kisi RW ditampilkan untuk paling banyak {n} kelurahan: pilih kecamatan atau kelurahan.",
        "en": "The RW grid shows at most {n} kelurahan: pick a kecamatan or kelurahan.",
    },
    "wilayah.log.title": {"id": "Log kegiatan", "en": "Activity log"},
    "wilayah.points.title": {"id": "Lokasi kegiatan", "en": "Activity locations"},
    "wilayah.points.caption": {
        "id": "Titik dikelompokkan per ±100 m dan jenis kegiatan; kegiatan tanpa koordinat tidak tampil.",
        "en": "Points are grouped per ~100 m and activity type; activities without coordinates are not shown.",
    },
    "wilayah.points.caption_kelurahan": {
        "id": "Pilihan ini mencakup beberapa kab/kota: satu titik per kelurahan/desa (di titik tengahnya) dan jenis "
              "kegiatan, termasuk kegiatan tanpa koordinat. Pilih satu kab/kota untuk melihat lokasi kegiatan.",
        "en": "This selection spans several kab/kota: one point per kelurahan/desa (at its centre) and activity "
              "type, including activities without coordinates. Pick one kab/kota to see activity locations.",
    },
    "wilayah.points.none": {"id": "Tidak ada kegiatan berkoordinat pada pilihan ini.",
                            "en": "No activities with coordinates in this selection."},
    "wilayah.breakdown.title": {"id": "Kegiatan per jenis dan penyelenggara", "en": "Activities by type and organiser"},
    "rw.never": {"id": "belum pernah", "en": "never"},
    "rw.last": {"id": "Kegiatan terakhir", "en": "Last activity"},
    "col.kecamatan": {"id": "Kecamatan", "en": "Kecamatan"},
    "col.kelurahan": {"id": "Kelurahan", "en": "Kelurahan"},
    "col.rw": {"id": "RW", "en": "RW"},
    "col.dpt": {"id": "DPT", "en": "Voters (DPT)"},
    "col.kegiatan": {"id": "Kegiatan", "en": "Activities"},
    "col.dijangkau": {"id": "Dijangkau", "en": "Reached"},
    "col.per_1000": {"id": "Per 1.000 pemilih", "en": "Per 1,000 voters"},
    "col.rw_dikunjungi": {"id": "RW dikunjungi", "en": "RW visited"},
    "col.rw_total": {"id": "Jumlah RW", "en": "RW"},
    "col.rw_cakupan": {"id": "Cakupan RW", "en": "RW coverage"},
    "col.pemula": {"id": "Pemula dijangkau", "en": "First-time reached"},
    "col.disabilitas": {"id": "Disabilitas dijangkau", "en": "Disabled reached"},
    "col.terakhir": {"id": "Kegiatan terakhir", "en": "Last activity"},
    "col.tanggal": {"id": "Tanggal", "en": "Date"},
    "col.jenis": {"id": "Jenis kegiatan", "en": "Activity type"},
    "col.lokasi": {"id": "Lokasi", "en": "Venue"},
    "col.penyelenggara": {"id": "Penyelenggara", "en": "Organiser"},
    "col.peserta": {"id": "Peserta", "en": "Participants"},
    "col.peserta_pemula": {"id": "Pemula", "en": "First-time"},
    "col.peserta_disabilitas": {"id": "Disabilitas", "en": "With disabilities"},
    "col.peserta_perempuan": {"id": "Perempuan", "en": "Women"},
    "col.rumah": {"id": "Rumah dikunjungi", "en": "Households visited"},
    "col.keterangan": {"id": "Keterangan", "en": "Notes"},
    # --- pemula_disabilitas ---
    "nav.pemula_disabilitas": {"id": "Pemula & Disabilitas", "en": "First-time & disabled voters"},
    "segmen.title": {"id": "Pemilih pemula dan pemilih disabilitas",
                     "en": "First-time voters and voters with disabilities"},
    "segmen.tagline": {
        "id": "Sekolah yang sudah dan belum dikunjungi, pemilih pemula dan disabilitas yang dijangkau, dan "
        "partisipasi pemilih disabilitas.",
        "en": "Schools visited and not yet visited, first-time and disabled voters reached, and turnout of voters "
        "with disabilities.",
    },
    "segmen.kpi.reached.help": {
        "id": "Jumlah peserta kegiatan tatap muka. Satu orang bisa ikut lebih dari satu kegiatan, jadi angka ini "
        "bisa melebihi jumlah di DPT.",
        "en": "Participants of face-to-face activities. One person may attend more than one activity, so this can "
        "exceed the number in the DPT.",
    },
    "segmen.kpi.turnout": {"id": "Partisipasi pemilih disabilitas", "en": "Disabled voters' turnout"},
    "segmen.kpi.points": {"id": "{points} poin", "en": "{points} points"},
    "segmen.kpi.turnout.delta.description": {"id": "terhadap target", "en": "against the target"},
    "segmen.kpi.turnout.all": {"id": "Semua pemilih: {pct}", "en": "All voters: {pct}"},
    "segmen.kpi.turnout.target": {"id": "Target disabilitas: {pct}", "en": "Target (disabilities): {pct}"},
    "segmen.kpi.turnout.none": {"id": "Hasil pemungutan suara belum diimpor.", "en": "No voting results imported."},
    "segmen.note.pemula_turnout": {
        "id": "Partisipasi pemilih pemula tidak ditampilkan: formulir C.Hasil tidak mencatat pemilih pemula, "
        "sehingga partisipasinya hanya bisa diperkirakan.",
        "en": "First-time voters' turnout is not shown: form C.Hasil does not record first-time voters, so their "
        "turnout can only be estimated.",
    },
    "segmen.level.kecamatan": {"id": "kecamatan", "en": "kecamatan"},
    "segmen.level.kelurahan": {"id": "kelurahan", "en": "kelurahan"},
    "segmen.reach.title": {"id": "Jangkauan per {level}", "en": "Reach per {level}"},
    "segmen.reach.none": {"id": "Tidak ada wilayah untuk saringan ini.", "en": "No areas match these filters."},
    "segmen.reach.note": {
        "id": "Jangkauan dihitung dari peserta kegiatan yang lolos saringan (periode, jenis, penyelenggara). Satu "
              "orang di dua kegiatan dihitung dua kali, dan siswa sering bersekolah di luar kecamatan tempat "
              "tinggalnya, sehingga angka per wilayah bisa lebih dari 100 %.",
        "en": "Reach counts participants of the activities that pass the filters (period, type, organiser). A "
              "person at two activities counts twice, and students often go to school outside the kecamatan "
              "they live in, so an area's figure can pass 100 %.",
    },
    "segmen.chart.reach.title": {"id": "Pemilih pemula dan disabilitas dijangkau per {level}",
                                 "en": "First-time and disabled voters reached per {level}"},
    "segmen.chart.reach.axis": {"id": "% dari jumlah di DPT", "en": "% of the number in the DPT"},
    "segmen.chart.reach.hover": {"id": "<b>{area}</b><br>{segment}: {reached} dijangkau dari {total} di DPT ({pct})",
                                 "en": "<b>{area}</b><br>{segment}: {reached} reached of {total} in the DPT ({pct})"},
    "segmen.chart.schools.title": {"id": "Sekolah dikunjungi dan belum per {level}",
                                   "en": "Schools visited and not yet visited per {level}"},
    "segmen.chart.schools.axis": {"id": "Jumlah sekolah", "en": "Schools"},
    "segmen.chart.schools.visited": {"id": "Sudah dikunjungi", "en": "Visited"},
    "segmen.chart.schools.unvisited": {"id": "Belum dikunjungi", "en": "Not yet visited"},
    "segmen.chart.schools.hover": {"id": "<b>{area}</b><br>{status}: {count} dari {total} sekolah",
                                   "en": "<b>{area}</b><br>{status}: {count} of {total} schools"},
    "segmen.chart.turnout.title": {"id": "Partisipasi pemilih disabilitas dan semua pemilih per {level}",
                                   "en": "Turnout of voters with disabilities and of all voters per {level}"},
    "segmen.chart.turnout.axis": {"id": "Partisipasi (%)", "en": "Turnout (%)"},
    "segmen.chart.turnout.hover": {"id": "<b>{area}</b><br>{segment}: {pct} ({voted} dari {registered} memilih)",
                                   "en": "<b>{area}</b><br>{segment}: {pct} ({voted} of {registered} voted)"},
    "segmen.chart.target": {"id": "Target disabilitas {value}", "en": "Target (disabilities) {value}"},
    "segmen.chart.target_each": {"id": "Target disabilitas", "en": "Target (disabilities)"},
    "segmen.turnout.title": {"id": "Partisipasi pemilih disabilitas", "en": "Turnout of voters with disabilities"},
    "segmen.turnout.none": {
        "id": "Hasil pemungutan suara (formulir C.Hasil) belum diimpor untuk pemilihan dan wilayah ini, jadi "
        "partisipasi belum bisa ditampilkan.",
        "en": "No voting results (form C.Hasil) have been imported for this election and area yet, so turnout "
        "cannot be shown.",
    },
    "segmen.turnout.no_disabilitas": {
        "id": "Hasil yang diimpor tidak mencatat pemilih disabilitas.",
        "en": "The imported results do not record voters with disabilities.",
    },
    "segmen.schools.title": {"id": "Daftar kerja sekolah", "en": "School work list"},
    "segmen.schools.caption": {
        "id": "{unvisited} dari {total} sekolah belum dikunjungi dan tampil paling atas. Kunjungan dihitung dari "
        "kegiatan yang lolos saringan.",
        "en": "{unvisited} of {total} schools not yet visited, listed first. Visits count the activities that pass "
        "the filters.",
    },
    "segmen.schools.none": {"id": "Tidak ada sekolah di wilayah yang dipilih.",
                            "en": "There are no schools in the selected area."},
    "segmen.activities.title": {"id": "Kegiatan yang menjangkau pemilih disabilitas",
                                "en": "Activities that reached voters with disabilities"},
    "segmen.activities.caption": {
        "id": "{meetings} pertemuan dengan komunitas disabilitas dan {others} kegiatan lain yang dihadiri pemilih "
        "disabilitas; terbaru di atas.",
        "en": "{meetings} meetings with disability organisations and {others} other activities attended by voters "
        "with disabilities; newest first.",
    },
    "segmen.activities.none": {
        "id": "Tidak ada kegiatan yang menjangkau pemilih disabilitas untuk saringan ini.",
        "en": "No activities reached voters with disabilities for these filters.",
    },
    "segmen.status.visited": {"id": "Sudah", "en": "Visited"},
    "segmen.status.unvisited": {"id": "Belum", "en": "Not yet"},
    "segmen.col.status": {"id": "Dikunjungi", "en": "Visited"},
    "segmen.col.id_sekolah": {"id": "ID sekolah", "en": "School ID"},
    "segmen.col.nama": {"id": "Sekolah", "en": "School"},
    "segmen.col.jenjang": {"id": "Jenjang", "en": "Level"},
    "segmen.col.kecamatan": {"id": "Kecamatan", "en": "Kecamatan"},
    "segmen.col.kelurahan": {"id": "Kelurahan", "en": "Kelurahan"},
    "segmen.col.rw": {"id": "RW", "en": "RW"},
    "segmen.col.siswa_kelas_akhir": {"id": "Siswa kelas akhir", "en": "Final-year students"},
    "segmen.col.kunjungan": {"id": "Kunjungan", "en": "Visits"},
    "segmen.col.siswa_dijangkau": {"id": "Siswa dijangkau", "en": "Students reached"},
    "segmen.col.pemula_dijangkau": {"id": "Pemilih pemula dijangkau", "en": "First-time voters reached"},
    "segmen.col.kunjungan_terakhir": {"id": "Kunjungan terakhir", "en": "Last visit"},
    "segmen.col.tanggal": {"id": "Tanggal", "en": "Date"},
    "segmen.col.jenis": {"id": "Jenis kegiatan", "en": "Activity type"},
    "segmen.col.lokasi": {"id": "Lokasi", "en": "Venue"},
    "segmen.col.penyelenggara": {"id": "Penyelenggara", "en": "Organiser"},
    "segmen.col.peserta": {"id": "Peserta", "en": "Participants"},
    "segmen.col.peserta_disabilitas": {"id": "Peserta disabilitas", "en": "Participants with disabilities"},
    "segmen.file.schools": {"id": "daftar-sekolah", "en": "school-list"},
    "segmen.file.activities": {"id": "kegiatan-disabilitas", "en": "disability-activities"},
    # --- partisipasi ---
    "nav.partisipasi": {"id": "Partisipasi", "en": "Turnout"},
    "partisipasi.title": {"id": "Partisipasi pemilih", "en": "Voter turnout"},
    "partisipasi.tagline": {
        "id": "Partisipasi menurut hasil pemungutan suara per TPS, dibanding target dan sosialisasi tiap wilayah.",
        "en": "Turnout from the voting results per TPS, against targets and the outreach each area received.",
    },
    "partisipasi.no_results": {
        "id": "Hasil pemungutan suara {election} belum diimpor untuk wilayah ini, jadi partisipasi belum bisa "
        "ditampilkan. Impor hasil per TPS (formulir C.Hasil) untuk melihatnya.",
        "en": "Voting results of {election} have not been imported for this area yet, so turnout cannot be shown. "
        "Import the results per TPS (form C.Hasil) to see it.",
    },
    "partisipasi.points": {"id": "{value} poin", "en": "{value} points"},
    "partisipasi.kpi.turnout": {"id": "Partisipasi", "en": "Turnout"},
    "partisipasi.kpi.target": {"id": "Target", "en": "Target"},
    "partisipasi.kpi.target.help": {
        "id": "Target utama yang berlaku untuk wilayah pilihan. Bila wilayahnya punya target berbeda-beda, angka ini "
        "rata-ratanya menurut jumlah pemilih terdaftar.",
        "en": "The main target that applies to the chosen areas. Where areas have different targets, this is their "
        "average weighted by registered voters.",
    },
    "partisipasi.kpi.gap": {"id": "Selisih dari target (poin)", "en": "Gap to target (points)"},
    "partisipasi.kpi.women": {"id": "Partisipasi perempuan", "en": "Women's turnout"},
    "partisipasi.kpi.disabled": {"id": "Partisipasi pemilih disabilitas", "en": "Disabled voters' turnout"},
    "partisipasi.kpi.segment_target": {"id": "Target {target}; selisih {gap}", "en": "Target {target}; gap {gap}"},
    "partisipasi.kpi.no_target": {"id": "Belum ada target", "en": "No target set"},
    "partisipasi.kpi.counts": {
        "id": "{memilih} dari {terdaftar} pemilih terdaftar memberikan suara, di {tps} TPS.",
        "en": "{memilih} of {terdaftar} registered voters cast a vote, at {tps} TPS.",
    },
    "partisipasi.level": {"id": "Tingkat wilayah", "en": "Area level"},
    "partisipasi.map.title": {"id": "Peta partisipasi", "en": "Turnout map"},
    "partisipasi.bullet.title": {"id": "Partisipasi terhadap target", "en": "Turnout against the target"},
    "partisipasi.bullet.caption": {
        "id": "Batang biru: partisipasi; garis hitam: target. Wilayah dengan partisipasi terendah di atas.",
        "en": "Blue bar: turnout; black tick: target. Lowest turnout at the top.",
    },
    "partisipasi.change.title": {"id": "Perubahan dari pemilihan lain", "en": "Change from another election"},
    "partisipasi.change.pick": {"id": "Bandingkan dengan", "en": "Compare with"},
    "partisipasi.change.none": {
        "id": "Belum ada hasil pemilihan lain di wilayah ini untuk dibandingkan.",
        "en": "There are no results of another election in this area to compare with yet.",
    },
    "partisipasi.change.caption": {
        "id": "Bulat oranye: {earlier}; belah ketupat biru: {current}. Hati-hati membandingkan jenis pemilihan "
        "yang berbeda: pemilu presiden biasanya menarik lebih banyak pemilih daripada pilkada.",
        "en": "Orange circle: {earlier}; blue diamond: {current}. Compare different kinds of election with care: "
        "presidential elections usually draw more voters than regional ones.",
    },
    "partisipasi.scatter.title": {"id": "Sosialisasi dan partisipasi per kelurahan",
                                  "en": "Outreach and turnout per kelurahan"},
    "partisipasi.scatter.annotation": {"id": "n = {n} · r = {r} [{low}; {high}]",
                                       "en": "n = {n} · r = {r} [{low}, {high}]"},
    "partisipasi.scatter.fit": {"id": "Garis regresi", "en": "Fitted line"},
    "partisipasi.scatter.caption": {
        "id": "Setiap titik satu kelurahan. r: koefisien korelasi Pearson, dengan selang kepercayaan 95 % dalam "
        "kurung siku. Jangkauan dihitung dengan saringan kegiatan di samping.",
        "en": "Each dot is one kelurahan. r: Pearson correlation coefficient, with its 95 % confidence interval in "
        "square brackets. Reach follows the activity filters in the sidebar.",
    },
    "partisipasi.scatter.caution": {
        "id": "Korelasi bukan bukti bahwa sosialisasi menyebabkan partisipasi naik. Kelurahan juga berbeda dalam hal "
        "lain, misalnya riwayat partisipasinya, dan sosialisasi bisa saja lebih banyak di wilayah yang memang "
        "sudah aktif.",
        "en": "Correlation is not proof that outreach caused turnout. Kelurahan also differ in other ways, for "
        "example in their turnout history, and outreach may simply have gone more to areas that were already "
        "active.",
    },
    "partisipasi.scatter.too_few": {
        "id": "Hanya {n} kelurahan dengan hasil pada pilihan ini: korelasi perlu paling sedikit 4.",
        "en": "Only {n} kelurahan with results in this selection: a correlation needs at least 4.",
    },
    "partisipasi.scatter.no_reach": {
        "id": "Belum ada warga dijangkau yang tercatat untuk pemilihan dan saringan ini, jadi jangkauan belum bisa "
        "dibandingkan dengan partisipasi.",
        "en": "No people reached are logged for this election and these filters, so reach cannot be compared with "
        "turnout yet.",
    },
    "partisipasi.gaps.title": {"id": "Kesenjangan partisipasi", "en": "Turnout gaps"},
    "partisipasi.gaps.women": {"id": "Perempuan − laki-laki", "en": "Women − men"},
    "partisipasi.gaps.disabled": {"id": "Pemilih disabilitas − semua pemilih",
                                  "en": "Voters with disabilities − all voters"},
    "partisipasi.gaps.axis": {"id": "Selisih partisipasi (poin persen)", "en": "Turnout difference (% points)"},
    "partisipasi.gaps.caption": {
        "id": "Di kanan nol: kelompok itu lebih banyak memilih daripada pembandingnya; di kiri: lebih sedikit.",
        "en": "Right of zero: the group turned out more than the group it is compared with; left: less.",
    },
    "partisipasi.tps.title": {"id": "Partisipasi per TPS", "en": "Turnout per TPS"},
    "partisipasi.tps.caption": {
        "id": "{n} TPS, diurutkan dari partisipasi terendah. Unduhan berisi angka lengkap.",
        "en": "{n} TPS, lowest turnout first. The downloads hold the full figures.",
    },
    "partisipasi.hover.turnout": {"id": "Partisipasi", "en": "Turnout"},
    "partisipasi.hover.target": {"id": "Target", "en": "Target"},
    "partisipasi.hover.gap": {"id": "Selisih", "en": "Gap"},
    "partisipasi.hover.change": {"id": "Perubahan", "en": "Change"},
    "partisipasi.hover.voted": {"id": "Memilih / terdaftar", "en": "Voted / registered"},
    "partisipasi.hover.women": {"id": "Perempuan", "en": "Women"},
    "partisipasi.hover.men": {"id": "Laki-laki", "en": "Men"},
    "partisipasi.hover.disabled": {"id": "Pemilih disabilitas", "en": "Voters with disabilities"},
    "partisipasi.hover.all": {"id": "Semua pemilih", "en": "All voters"},
    "partisipasi.col.kecamatan": {"id": "Kecamatan", "en": "Kecamatan"},
    "partisipasi.col.kelurahan": {"id": "Kelurahan", "en": "Kelurahan"},
    "partisipasi.col.tps": {"id": "TPS", "en": "TPS"},
    "partisipasi.col.terdaftar": {"id": "Terdaftar", "en": "Registered"},
    "partisipasi.col.memilih": {"id": "Memilih", "en": "Voted"},
    "partisipasi.col.partisipasi": {"id": "Partisipasi (%)", "en": "Turnout (%)"},
    "partisipasi.col.target": {"id": "Target (%)", "en": "Target (%)"},
    "partisipasi.col.selisih": {"id": "Selisih target (poin)", "en": "Gap to target (points)"},
    "partisipasi.col.terdaftar_perempuan": {"id": "Perempuan terdaftar", "en": "Women registered"},
    "partisipasi.col.memilih_perempuan": {"id": "Perempuan memilih", "en": "Women voted"},
    "partisipasi.col.partisipasi_perempuan": {"id": "Partisipasi perempuan (%)", "en": "Women's turnout (%)"},
    "partisipasi.col.terdaftar_disabilitas": {"id": "Disabilitas terdaftar", "en": "Disabled registered"},
    "partisipasi.col.memilih_disabilitas": {"id": "Disabilitas memilih", "en": "Disabled voted"},
    "partisipasi.col.partisipasi_disabilitas": {"id": "Partisipasi disabilitas (%)",
                                                "en": "Turnout, voters with disabilities (%)"},
    # --- impor ---
    "nav.impor": {"id": "Impor Data", "en": "Import data"},
    "impor.title": {"id": "Impor data", "en": "Import data"},
    "impor.tagline": {
        "id": "Masukkan log kegiatan, hasil per TPS, rekap DPT, target, atau batas wilayah dari berkas Excel/CSV. "
              "Baris yang salah ditolak dengan alasannya; baris yang benar tetap masuk. Data pribadi (nama, NIK, "
              "nomor telepon, alamat) tidak pernah disimpan.",
        "en": "Bring in activity logs, TPS results, DPT summaries, targets or boundaries from Excel/CSV files. "
              "Wrong rows are refused with their reasons; the good rows still go in. Personal data (names, NIK, "
              "phone numbers, addresses) is never stored.",
    },
    "impor.kind": {"id": "Jenis data", "en": "Kind of data"},
    "impor.kind.activities": {"id": "Log kegiatan", "en": "Activity log"},
    "impor.kind.turnout": {"id": "Hasil per TPS", "en": "TPS results"},
    "impor.kind.voters": {"id": "Rekap DPT", "en": "DPT summary"},
    "impor.kind.targets": {"id": "Target", "en": "Targets"},
    "impor.kind.boundaries": {"id": "Batas wilayah", "en": "Boundaries"},
    "impor.help.activities": {
        "id": "Satu baris per kegiatan. Kolom: tanggal, jenis_kegiatan, kecamatan, kelurahan, rw, lokasi, "
              "penyelenggara (KPU/PPK/PPS), jumlah_peserta, peserta_pemula, peserta_disabilitas, peserta_perempuan, "
              "rumah_dikunjungi, lat, lon, keterangan. Nama kolom dan wilayah boleh sedikit berbeda.",
        "en": "One row per activity. Columns: tanggal, jenis_kegiatan, kecamatan, kelurahan, rw, lokasi, "
              "penyelenggara (KPU/PPK/PPS), jumlah_peserta, peserta_pemula, peserta_disabilitas, peserta_perempuan, "
              "rumah_dikunjungi, lat, lon, keterangan. Column and area names may vary a little.",
    },
    "impor.help.turnout": {
        "id": "Satu baris per TPS (formulir C.Hasil): kecamatan, kelurahan, nomor TPS, pemilih terdaftar dan yang "
              "memilih (laki-laki, perempuan), pemilih disabilitas terdaftar dan yang memilih.",
        "en": "One row per TPS (form C.Hasil): kecamatan, kelurahan, TPS number, registered and voting voters "
              "(men, women), registered and voting voters with disabilities.",
    },
    "impor.help.voters": {
        "id": "Satu baris per kelurahan: DPT total, laki-laki, perempuan, pemilih pemula, pemilih disabilitas, "
              "jumlah TPS.",
        "en": "One row per kelurahan: DPT total, men, women, first-time voters, voters with disabilities, number "
              "of TPS.",
    },
    "impor.help.targets": {
        "id": "Satu baris per target: wilayah (kota, kecamatan, atau kelurahan), kelompok (semua, pemula, "
              "disabilitas, perempuan), penetap, dan target dalam persen.",
        "en": "One row per target: area (city, kecamatan or kelurahan), group (semua, pemula, disabilitas, "
              "perempuan), who set it, and the target in percent.",
    },
    "impor.help.boundaries": {
        "id": "Berkas GeoJSON, GeoPackage, atau Shapefile dalam ZIP, proyeksi apa pun. Poligon dicocokkan ke "
              "kelurahan atau kecamatan lewat kode atau nama; setelah diimpor, peta memakai batas ini.",
        "en": "A GeoJSON, GeoPackage or zipped Shapefile in any projection. Polygons are matched to kelurahan or "
              "kecamatan by code or name; once imported, the maps use these boundaries.",
    },
    "impor.kind.none": {"id": "Peran Anda tidak berhak mengimpor data.", "en": "Your role may not import data."},
    "impor.template": {"id": "Unduh templat Excel", "en": "Download the Excel template"},
    "impor.election": {"id": "Pemilihan (untuk baris yang tidak menyebutkannya)",
                       "en": "Election (for rows that name none)"},
    "impor.file": {"id": "Berkas", "en": "File"},
    "impor.user": {"id": "Nama petugas yang mengimpor", "en": "Name of the operator importing"},
    "impor.user.help": {"id": "Dicatat di riwayat impor.", "en": "Recorded in the import history."},
    "impor.user.missing": {"id": "Isi nama petugas dulu.", "en": "Enter the operator's name first."},
    "impor.go": {"id": "Impor", "en": "Import"},
    "impor.running": {"id": "Mengimpor…", "en": "Importing…"},
    "impor.stage.membaca": {"id": "Membaca berkas…", "en": "Reading the file…"},
    "impor.stage.memeriksa": {"id": "Memeriksa baris…", "en": "Checking the rows…"},
    "impor.stage.menyimpan": {"id": "Menyimpan…", "en": "Saving…"},
    "impor.stage.ringkasan": {"id": "Menyiapkan ringkasan per wilayah…", "en": "Preparing the per-area summaries…"},
    "impor.stage.selesai": {"id": "Selesai", "en": "Done"},
    "impor.rejected.title": {"id": "Baris yang ditolak", "en": "Rejected rows"},
    "impor.rejected.caption": {
        "id": "Unduh sebagai Excel, perbaiki sesuai alasannya, lalu impor lagi: baris yang sudah masuk tidak akan "
              "tergandakan.",
        "en": "Download as Excel, correct them as the reasons say, and import again: rows already in will not be "
              "doubled.",
    },
    "impor.rejected.download": {"id": "Unduh baris ditolak (Excel)", "en": "Download rejected rows (Excel)"},
    "impor.col.row": {"id": "Baris", "en": "Row"},
    "impor.col.reasons": {"id": "Alasan penolakan", "en": "Why it was rejected"},
    "impor.history.title": {"id": "Riwayat impor", "en": "Import history"},
    "impor.history.none": {"id": "Belum ada impor.", "en": "No imports yet."},
    "impor.col.id": {"id": "No.", "en": "No."},
    "impor.col.kind": {"id": "Jenis", "en": "Kind"},
    "impor.col.file": {"id": "Berkas", "en": "File"},
    "impor.col.hash": {"id": "Sidik SHA-256", "en": "SHA-256"},
    "impor.col.user": {"id": "Oleh", "en": "By"},
    "impor.col.when": {"id": "Waktu", "en": "When"},
    "impor.col.kept": {"id": "Diterima", "en": "Kept"},
    "impor.col.rejected": {"id": "Ditolak", "en": "Rejected"},
    "impor.col.duplicate": {"id": "Duplikat", "en": "Duplicates"},
    "impor.col.status": {"id": "Status", "en": "Status"},
    "impor.status.selesai": {"id": "aktif", "en": "active"},
    "impor.status.dibatalkan": {"id": "dibatalkan", "en": "undone"},
    "impor.kind.sampel": {"id": "Data sampel", "en": "Sample data"},
    "impor.undo.title": {"id": "Batalkan impor", "en": "Undo an import"},
    "impor.undo.caption": {
        "id": "Membatalkan menghapus semua baris dari impor itu sekaligus; riwayatnya tetap tercatat. Membatalkan "
              "data sampel menghapus kegiatan dan hasil sintetis sehingga tinggal data kantor Anda.",
        "en": "Undoing removes every row of that import at once; the history keeps it. Undoing the sample data "
              "removes the synthetic activities and results, leaving your office's own data.",
    },
    "impor.undo.pick": {"id": "Impor yang dibatalkan", "en": "Import to undo"},
    "impor.undo.placeholder": {"id": "Pilih impor yang akan dibatalkan", "en": "Choose the import to undo"},
    "impor.undo.confirm": {"id": "Saya yakin: hapus semua baris impor ini", "en": "I am sure: remove all rows of "
                                                                                  "this import"},
    "impor.undo.go": {"id": "Batalkan impor", "en": "Undo import"},
    "impor.undo.done": {"id": "Impor #{id} ({file}) dibatalkan: {rows} baris dihapus.",
                        "en": "Import #{id} ({file}) undone: {rows} rows removed."},
    "impor.undo.none": {"id": "Tidak ada impor aktif yang bisa dibatalkan.", "en": "No active import to undo."},
    # --- auth ---
    "auth.title": {"id": "Masuk ke Jangkau", "en": "Sign in to Jangkau"},
    "auth.name": {"id": "Nama pengguna", "en": "User name"},
    "auth.password": {"id": "Kata sandi", "en": "Password"},
    "auth.login": {"id": "Masuk", "en": "Sign in"},
    "auth.logout": {"id": "Keluar", "en": "Sign out"},
    "auth.oidc": {"id": "Masuk dengan akun kantor", "en": "Sign in with your office account"},
    "auth.oidc.unknown": {
        "id": "Akun ini belum terdaftar sebagai pengguna Jangkau. Minta admin menambahkan surel Anda.",
        "en": "This account is not a Jangkau user yet. Ask an admin to add your e-mail address.",
    },
    "auth.wrong": {"id": "Nama pengguna atau kata sandi salah.", "en": "Wrong user name or password."},
    "auth.locked": {
        "id": "Terlalu banyak percobaan gagal: akun dikunci sampai pukul {time}. Coba lagi nanti atau hubungi admin.",
        "en": "Too many failed attempts: the account is locked until {time}. Try again later or ask an admin.",
    },
    "auth.timeout": {"id": "Sesi berakhir karena lama tidak aktif. Silakan masuk lagi.",
                     "en": "Your session ended after a period of inactivity. Please sign in again."},
    "auth.denied": {"id": "Peran Anda tidak berhak membuka halaman atau tindakan ini.",
                    "en": "Your role is not allowed to open this page or action."},
    "auth.open": {
        "id": "**Mode terbuka:** belum ada pengguna, jadi siapa pun yang membuka alamat ini melihat semua data. "
              "Tambahkan pengguna dengan `python -m analytics user add` sebelum dipakai di kantor.",
        "en": "**Open mode:** no user is configured, so anyone who opens this address sees all data. Add users "
              "with `python -m analytics user add` before using it in an office.",
    },
    "auth.signed_in": {"id": "Masuk sebagai {name} ({role})", "en": "Signed in as {name} ({role})"},
    "auth.role.pimpinan": {"id": "pimpinan", "en": "leadership"},
    "auth.role.parmas": {"id": "Parmas", "en": "Parmas"},
    "auth.role.ppk": {"id": "PPK", "en": "PPK"},
    "auth.role.operator": {"id": "operator", "en": "operator"},
    "auth.role.admin": {"id": "admin", "en": "admin"},
    "auth.export.denied": {"id": "Unduhan tabel rinci tidak tersedia untuk peran Anda.",
                           "en": "Detailed table downloads are not available to your role."},
    "nav.audit": {"id": "Audit", "en": "Audit"},
    "audit.title": {"id": "Log audit dan pengguna", "en": "Audit log and users"},
    "audit.caption": {
        "id": "Setiap login (termasuk yang gagal), impor, pembatalan, unduhan, dan perubahan pengguna, terbaru di atas.",
        "en": "Every login (failed ones too), import, undo, download and user change, newest first.",
    },
    "audit.event": {"id": "Peristiwa", "en": "Event"},
    "audit.all": {"id": "Semua", "en": "All"},
    "audit.none": {"id": "Belum ada peristiwa.", "en": "No events yet."},
    "audit.users": {"id": "Pengguna", "en": "Users"},
    "audit.users.caption": {
        "id": "Kelola dengan `python -m analytics user add | list | remove` di server.",
        "en": "Manage them with `python -m analytics user add | list | remove` on the server.",
    },
    "audit.col.when": {"id": "Waktu", "en": "When"},
    "audit.col.user": {"id": "Pengguna", "en": "User"},
    "audit.col.event": {"id": "Peristiwa", "en": "Event"},
    "audit.col.ok": {"id": "Berhasil", "en": "Succeeded"},
    "audit.col.details": {"id": "Rincian", "en": "Details"},
    "audit.col.role": {"id": "Peran", "en": "Role"},
    "audit.col.area": {"id": "Wilayah", "en": "Area"},
    "audit.col.email": {"id": "Surel", "en": "E-mail"},
    "audit.col.created": {"id": "Dibuat", "en": "Created"},
}


def t(key: str, lang: str = "id", **values: object) -> str:
    """The text for `key` in `lang` (Indonesian when a translation is missing), with {placeholders} filled."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["id"]
    return text.format(**values) if values else text
