-- 002: views for analysts and for the dashboard's queries (documented in docs/DATA.md).

-- Every kelurahan with its kecamatan and kab/kota names.
CREATE OR REPLACE VIEW v_wilayah AS
SELECT
    kk.kode_provinsi,
    kk.provinsi,
    kk.kode_kabkota,
    kk.nama        AS kabkota,
    kc.kode_kecamatan,
    kc.nama        AS kecamatan,
    kl.kode_kelurahan,
    kl.nama        AS kelurahan,
    kl.jenis,
    kl.jumlah_rw,
    kl.lat,
    kl.lon
FROM kelurahan kl
JOIN kecamatan kc USING (kode_kecamatan)
JOIN kabupaten_kota kk USING (kode_kabkota);

-- Every RW known to exist: RW 1 … jumlah_rw of each kelurahan whose RW count is known.
CREATE OR REPLACE VIEW v_rw AS
SELECT kl.kode_kecamatan, kl.kode_kelurahan, CAST(r.rw AS SMALLINT) AS rw
FROM kelurahan kl, generate_series(1, kl.jumlah_rw) AS r(rw)
WHERE kl.jumlah_rw IS NOT NULL;

-- The outreach log with readable names.
CREATE OR REPLACE VIEW v_activities AS
SELECT
    a.id_kegiatan,
    a.tanggal,
    a.jenis_kegiatan,
    j.nama AS nama_jenis_kegiatan,
    a.kode_kabkota,
    a.kode_kecamatan,
    kc.nama AS kecamatan,
    a.kode_kelurahan,
    kl.nama AS kelurahan,
    a.rw,
    a.lokasi,
    a.penyelenggara,
    a.jumlah_peserta,
    a.peserta_pemula,
    a.peserta_disabilitas,
    a.peserta_perempuan,
    a.rumah_dikunjungi,
    a.id_sekolah,
    a.lat,
    a.lon,
    a.keterangan,
    a.import_id
FROM activities a
LEFT JOIN jenis_kegiatan j ON j.kode = a.jenis_kegiatan
LEFT JOIN kecamatan kc ON kc.kode_kecamatan = a.kode_kecamatan
LEFT JOIN kelurahan kl ON kl.kode_kelurahan = a.kode_kelurahan;

-- Turnout per kelurahan and election, summed over its TPS.
CREATE OR REPLACE VIEW v_turnout_kelurahan AS
SELECT
    kode_pemilihan,
    kode_kecamatan,
    kode_kelurahan,
    count(*)::BIGINT                   AS jumlah_tps,
    sum(terdaftar_total)::BIGINT       AS terdaftar_total,
    sum(memilih_total)::BIGINT         AS memilih_total,
    sum(terdaftar_perempuan)::BIGINT   AS terdaftar_perempuan,
    sum(memilih_perempuan)::BIGINT     AS memilih_perempuan,
    sum(terdaftar_disabilitas)::BIGINT AS terdaftar_disabilitas,
    sum(memilih_disabilitas)::BIGINT   AS memilih_disabilitas,
    round(100.0 * sum(memilih_total) / nullif(sum(terdaftar_total), 0), 2) AS partisipasi_persen
FROM turnout
GROUP BY ALL;
