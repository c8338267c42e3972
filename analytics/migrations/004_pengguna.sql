-- 004: users and roles, the audit log, and failed-login tracking (issue 6). Documented in docs/DATA.md.
-- Only office staff are stored here (their login names and roles), never voters; passwords only as argon2id hashes.

CREATE TABLE pengguna (
    nama VARCHAR PRIMARY KEY,                -- login name, lower case
    peran VARCHAR NOT NULL CHECK (peran IN ('pimpinan', 'parmas', 'ppk', 'operator', 'admin')),
    kode_wilayah VARCHAR,                    -- ppk: the kode_kecamatan it may see and import for; NULL = all
    surel VARCHAR,                           -- e-mail an identity provider (OIDC) reports for this user
    hash_sandi VARCHAR,                      -- argon2id hash (salt inside); NULL for an OIDC-only user
    dibuat_pada TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    aktif BOOLEAN NOT NULL DEFAULT true,
    CHECK (peran <> 'ppk' OR kode_wilayah IS NOT NULL)
);

CREATE SEQUENCE audit_log_seq START 1;

CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_seq'),
    waktu TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    pengguna VARCHAR,                        -- who acted; NULL when the name typed at login is unknown
    peristiwa VARCHAR NOT NULL,              -- masuk, keluar, sesi_habis, impor, batal_impor, ekspor, pengguna_*
    rincian JSON,                            -- what exactly (file, table, role, reason); never a password
    berhasil BOOLEAN NOT NULL
);

-- Failed logins per account (unknown names are keyed by a hash prefix), so throttling survives a restart.
CREATE TABLE gagal_masuk (
    kunci VARCHAR PRIMARY KEY,
    jumlah INTEGER NOT NULL,
    pertama_pada TIMESTAMP NOT NULL,         -- start of the current counting window
    terakhir_pada TIMESTAMP NOT NULL,
    terkunci_sampai TIMESTAMP                -- logins refused until then
);
