-- 003: what the importer needs: a fingerprint of each activity row (so the same rows imported again from another
-- file add nothing) and the number of duplicate rows each import skipped. Documented in docs/DATA.md.

ALTER TABLE activities ADD COLUMN sidik VARCHAR;

-- Same expression as analytics/importing/engine.py (ACTIVITY_FINGERPRINT): keep the two identical.
UPDATE activities SET sidik = md5(concat_ws('|',
    tanggal::VARCHAR, jenis_kegiatan, kode_kabkota, coalesce(kode_kecamatan, ''), coalesce(kode_kelurahan, ''),
    coalesce(rw::VARCHAR, ''), coalesce(lower(trim(lokasi)), ''), penyelenggara, jumlah_peserta::VARCHAR,
    peserta_pemula::VARCHAR, peserta_disabilitas::VARCHAR, peserta_perempuan::VARCHAR,
    coalesce(rumah_dikunjungi::VARCHAR, ''), coalesce(lat::VARCHAR, ''), coalesce(lon::VARCHAR, ''),
    coalesce(lower(trim(keterangan)), '')));

ALTER TABLE imports ADD COLUMN baris_duplikat INTEGER DEFAULT 0;
UPDATE imports SET baris_duplikat = 0;
