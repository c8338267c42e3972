-- 001: the first schema: regions, elections, voters (DPT aggregates), schools, targets, activity types,
-- the outreach log, TPS results, imports and rejected rows, and what the database holds.
-- Every table is documented in docs/DATA.md; names are a public interface for analysts: keep them stable.

CREATE TABLE kabupaten_kota (
    kode_kabkota  VARCHAR PRIMARY KEY CHECK (regexp_full_match(kode_kabkota, '[0-9]{2}\.[0-9]{2}')),
    nama          VARCHAR NOT NULL,
    kode_provinsi VARCHAR NOT NULL,
    provinsi      VARCHAR NOT NULL,
    CHECK (kode_provinsi = left(kode_kabkota, 2))
);

CREATE TABLE kecamatan (
    kode_kecamatan VARCHAR PRIMARY KEY CHECK (regexp_full_match(kode_kecamatan, '[0-9]{2}\.[0-9]{2}\.[0-9]{2}')),
    kode_kabkota   VARCHAR NOT NULL REFERENCES kabupaten_kota (kode_kabkota),
    nama           VARCHAR NOT NULL,
    CHECK (kode_kabkota = left(kode_kecamatan, 5))
);

CREATE TABLE kelurahan (
    kode_kelurahan   VARCHAR PRIMARY KEY
        CHECK (regexp_full_match(kode_kelurahan, '[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}')),
    kode_kecamatan   VARCHAR NOT NULL REFERENCES kecamatan (kode_kecamatan),
    nama             VARCHAR NOT NULL,
    -- Kemendagri codes 1xxx are kelurahan, 2xxx are desa.
    jenis            VARCHAR NOT NULL DEFAULT 'kelurahan' CHECK (jenis IN ('kelurahan', 'desa')),
    jumlah_rw        INTEGER CHECK (jumlah_rw IS NULL OR jumlah_rw > 0),
    sumber_jumlah_rw VARCHAR,
    lat              DOUBLE CHECK (lat IS NULL OR lat BETWEEN -11.5 AND 6.5),
    lon              DOUBLE CHECK (lon IS NULL OR lon BETWEEN 94.5 AND 141.5),
    CHECK (kode_kecamatan = left(kode_kelurahan, 8)),
    CHECK (jenis = CASE WHEN substr(kode_kelurahan, 10, 1) = '2' THEN 'desa' ELSE 'kelurahan' END)
);

-- Other spellings of official names (older or newer Kemendagri editions), used to match imported names.
CREATE TABLE nama_lain_wilayah (
    kode      VARCHAR NOT NULL,
    nama_lain VARCHAR NOT NULL,
    sumber    VARCHAR,
    PRIMARY KEY (kode, nama_lain)
);

-- Area polygons as GeoJSON geometry text (EPSG:4326); approximate cells until a real boundary file is imported.
CREATE TABLE batas_wilayah (
    tingkat   VARCHAR NOT NULL CHECK (tingkat IN ('kecamatan', 'kelurahan')),
    kode      VARCHAR NOT NULL,
    geojson   VARCHAR NOT NULL,
    perkiraan BOOLEAN NOT NULL,
    sumber    VARCHAR NOT NULL,
    import_id INTEGER,
    PRIMARY KEY (tingkat, kode)
);

CREATE TABLE pemilihan (
    kode_pemilihan      VARCHAR PRIMARY KEY,
    nama                VARCHAR NOT NULL,
    tanggal             DATE NOT NULL,
    -- The window in which outreach for this election is logged (imports reject dates outside it).
    sosialisasi_mulai   DATE NOT NULL,
    sosialisasi_selesai DATE NOT NULL,
    CHECK (sosialisasi_mulai <= sosialisasi_selesai)
);

-- DPT aggregates per kelurahan and election: the denominators of every rate.
CREATE TABLE voters (
    kode_pemilihan VARCHAR NOT NULL REFERENCES pemilihan (kode_pemilihan),
    kode_kelurahan VARCHAR NOT NULL REFERENCES kelurahan (kode_kelurahan),
    total          INTEGER NOT NULL CHECK (total >= 0),
    laki_laki      INTEGER NOT NULL CHECK (laki_laki >= 0),
    perempuan      INTEGER NOT NULL CHECK (perempuan >= 0),
    pemula         INTEGER CHECK (pemula IS NULL OR pemula BETWEEN 0 AND total),
    disabilitas    INTEGER CHECK (disabilitas IS NULL OR disabilitas BETWEEN 0 AND total),
    jumlah_tps     INTEGER CHECK (jumlah_tps IS NULL OR jumlah_tps >= 0),
    import_id      INTEGER NOT NULL,
    PRIMARY KEY (kode_pemilihan, kode_kelurahan),
    CHECK (laki_laki + perempuan = total)
);

-- Schools whose final-year students are (mostly) first-time voters; SLB = special schools.
CREATE TABLE schools (
    id_sekolah        VARCHAR PRIMARY KEY,
    nama              VARCHAR NOT NULL,
    jenjang           VARCHAR NOT NULL CHECK (jenjang IN ('SMA', 'SMK', 'MA', 'SLB')),
    kode_kelurahan    VARCHAR NOT NULL REFERENCES kelurahan (kode_kelurahan),
    rw                SMALLINT CHECK (rw IS NULL OR rw > 0),
    siswa_kelas_akhir INTEGER CHECK (siswa_kelas_akhir IS NULL OR siswa_kelas_akhir >= 0),
    lat               DOUBLE,
    lon               DOUBLE,
    import_id         INTEGER NOT NULL
);

-- Turnout targets: per election, area (kab/kota, kecamatan or kelurahan code) and segment, by whoever set them.
CREATE TABLE targets (
    kode_pemilihan VARCHAR NOT NULL REFERENCES pemilihan (kode_pemilihan),
    kode_wilayah   VARCHAR NOT NULL,
    segmen         VARCHAR NOT NULL CHECK (segmen IN ('semua', 'pemula', 'disabilitas', 'perempuan')),
    penetap        VARCHAR NOT NULL,
    target_persen  DECIMAL(5, 2) NOT NULL CHECK (target_persen > 0 AND target_persen <= 100),
    -- The target the dashboard measures against when several bodies set one for the same area and segment.
    utama          BOOLEAN NOT NULL DEFAULT true,
    sumber         VARCHAR,
    import_id      INTEGER NOT NULL,
    PRIMARY KEY (kode_pemilihan, kode_wilayah, segmen, penetap)
);

-- The outreach programmes an office runs; synonyms let imports map the offices' own names.
CREATE TABLE jenis_kegiatan (
    kode      VARCHAR PRIMARY KEY,
    nama      VARCHAR NOT NULL,
    nama_en   VARCHAR NOT NULL,
    sasaran   VARCHAR NOT NULL CHECK (sasaran IN ('umum', 'pemula', 'disabilitas', 'perempuan')),
    -- Posts and media meetings reach people we cannot count: they add activities, not participants.
    ada_peserta BOOLEAN NOT NULL,
    urutan    INTEGER NOT NULL,
    sinonim   VARCHAR[] NOT NULL DEFAULT []
);

-- The outreach log, one row per activity. No foreign keys here on purpose: the importer validates every row,
-- and index maintenance would slow imports of millions of rows.
CREATE SEQUENCE activities_id START 1;
CREATE TABLE activities (
    id_kegiatan         BIGINT NOT NULL DEFAULT nextval('activities_id'),
    tanggal             DATE NOT NULL,
    jenis_kegiatan      VARCHAR NOT NULL,
    kode_kabkota        VARCHAR NOT NULL,
    kode_kecamatan      VARCHAR,
    kode_kelurahan      VARCHAR,
    rw                  SMALLINT CHECK (rw IS NULL OR rw > 0),
    lokasi              VARCHAR,
    penyelenggara       VARCHAR NOT NULL CHECK (penyelenggara IN ('KPU', 'PPK', 'PPS')),
    jumlah_peserta      INTEGER NOT NULL CHECK (jumlah_peserta >= 0),
    peserta_pemula      INTEGER NOT NULL DEFAULT 0 CHECK (peserta_pemula BETWEEN 0 AND jumlah_peserta),
    peserta_disabilitas INTEGER NOT NULL DEFAULT 0 CHECK (peserta_disabilitas BETWEEN 0 AND jumlah_peserta),
    peserta_perempuan   INTEGER NOT NULL DEFAULT 0 CHECK (peserta_perempuan BETWEEN 0 AND jumlah_peserta),
    rumah_dikunjungi    INTEGER CHECK (rumah_dikunjungi IS NULL OR rumah_dikunjungi >= 0),
    id_sekolah          VARCHAR,
    lat                 DOUBLE,
    lon                 DOUBLE,
    keterangan          VARCHAR,
    import_id           INTEGER NOT NULL,
    -- The codes are prefixes of each other; stored to filter without string work at scale.
    CHECK (kode_kecamatan IS NULL OR left(kode_kecamatan, 5) = kode_kabkota),
    CHECK (kode_kelurahan IS NULL OR (kode_kecamatan IS NOT NULL AND left(kode_kelurahan, 8) = kode_kecamatan)),
    CHECK (rw IS NULL OR kode_kelurahan IS NOT NULL)
);

-- Results per TPS (form C.Hasil). "Terdaftar" counts everyone entitled to vote at the TPS, so voters never
-- exceed it.
CREATE TABLE turnout (
    kode_pemilihan       VARCHAR NOT NULL REFERENCES pemilihan (kode_pemilihan),
    kode_kecamatan       VARCHAR NOT NULL,
    kode_kelurahan       VARCHAR NOT NULL REFERENCES kelurahan (kode_kelurahan),
    nomor_tps            SMALLINT NOT NULL CHECK (nomor_tps > 0),
    terdaftar_laki_laki  INTEGER NOT NULL CHECK (terdaftar_laki_laki >= 0),
    terdaftar_perempuan  INTEGER NOT NULL CHECK (terdaftar_perempuan >= 0),
    terdaftar_total      INTEGER NOT NULL,
    memilih_laki_laki    INTEGER NOT NULL CHECK (memilih_laki_laki BETWEEN 0 AND terdaftar_laki_laki),
    memilih_perempuan    INTEGER NOT NULL CHECK (memilih_perempuan BETWEEN 0 AND terdaftar_perempuan),
    memilih_total        INTEGER NOT NULL,
    terdaftar_disabilitas INTEGER,
    memilih_disabilitas  INTEGER,
    import_id            INTEGER NOT NULL,
    PRIMARY KEY (kode_pemilihan, kode_kelurahan, nomor_tps),
    CHECK (terdaftar_laki_laki + terdaftar_perempuan = terdaftar_total),
    CHECK (memilih_laki_laki + memilih_perempuan = memilih_total),
    CHECK (left(kode_kelurahan, 8) = kode_kecamatan),
    -- Written so that a NULL never lets a row through: voters with disabilities need their registered count.
    CHECK (coalesce(terdaftar_disabilitas BETWEEN 0 AND terdaftar_total, terdaftar_disabilitas IS NULL)),
    CHECK (coalesce(memilih_disabilitas BETWEEN 0 AND terdaftar_disabilitas, memilih_disabilitas IS NULL))
);

-- One row per imported file (and one for the generated sample).
CREATE SEQUENCE imports_id START 1;
CREATE TABLE imports (
    import_id       INTEGER PRIMARY KEY DEFAULT nextval('imports_id'),
    jenis           VARCHAR NOT NULL
        CHECK (jenis IN ('sampel', 'activities', 'turnout', 'voters', 'targets', 'schools', 'boundaries')),
    nama_file       VARCHAR NOT NULL,
    sha256          VARCHAR,
    pengguna        VARCHAR NOT NULL,
    diimpor_pada    TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    baris_diterima  INTEGER NOT NULL DEFAULT 0,
    baris_ditolak   INTEGER NOT NULL DEFAULT 0,
    status          VARCHAR NOT NULL DEFAULT 'selesai' CHECK (status IN ('selesai', 'dibatalkan')),
    dibatalkan_pada TIMESTAMP,
    dibatalkan_oleh VARCHAR,
    catatan         VARCHAR
);

-- Rows an import refused: the original cells as the operator typed them, and every reason in Indonesian.
CREATE TABLE rejected_rows (
    import_id   INTEGER NOT NULL,
    nomor_baris INTEGER NOT NULL,
    data_asli   JSON NOT NULL,
    alasan      VARCHAR[] NOT NULL,
    PRIMARY KEY (import_id, nomor_baris)
);

-- What this database holds: e.g. sintetis = 'ya' while the generated sample is loaded.
CREATE TABLE dataset_info (
    kunci VARCHAR PRIMARY KEY,
    nilai VARCHAR NOT NULL
);

-- Which figures are official, derived, estimated or invented, with their sources.
CREATE TABLE sumber_data (
    objek      VARCHAR PRIMARY KEY,
    status     VARCHAR NOT NULL CHECK (status IN ('resmi', 'turunan', 'perkiraan', 'sintetis')),
    keterangan VARCHAR NOT NULL,
    sumber     VARCHAR
);
