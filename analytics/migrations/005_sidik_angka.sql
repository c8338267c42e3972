-- 005: the activity fingerprint (activities.sidik) becomes a number, 64 bits of the md5 of the same normalised
-- values (md5_number_lower), instead of md5's 32 hex characters. An import looks for its rows among every stored
-- row of the file's dates; comparing fixed-width numbers instead of strings makes that several times faster, and
-- that look grows with the table.
-- Documented in docs/DATA.md.

-- Same values as analytics/importing/engine.py (ACTIVITY_FINGERPRINT): keep the two identical.
ALTER TABLE activities ALTER sidik SET DATA TYPE UBIGINT USING md5_number_lower(concat_ws('|',
    tanggal::VARCHAR, jenis_kegiatan, kode_kabkota, coalesce(kode_kecamatan, ''), coalesce(kode_kelurahan, ''),
    coalesce(rw::VARCHAR, ''), coalesce(lower(trim(lokasi)), ''), penyelenggara, jumlah_peserta::VARCHAR,
    peserta_pemula::VARCHAR, peserta_disabilitas::VARCHAR, peserta_perempuan::VARCHAR,
    coalesce(rumah_dikunjungi::VARCHAR, ''), coalesce(lat::VARCHAR, ''), coalesce(lon::VARCHAR, ''),
    coalesce(lower(trim(keterangan)), '')));
