"""Whole-window activity figures per area (kegiatan_kelurahan, kegiatan_kecamatan, kegiatan_wilayah), per place, RW
and school by type and organiser (kegiatan_wilayah_jenis, rw_jenis, sekolah_jenis), first visits per RW and school,
and activities per kab/kota and day (kegiatan_harian_kabkota), brought up to date from the daily rollup after
each import or undo (new activity imports merged in, analytics/totals_merge.py; anything else rebuilds them): views
of a province or the whole country read these instead of millions of rows."""

from __future__ import annotations

import threading

import duckdb

from analytics import area_log, disability_days, memo, periods, rollup, totals_merge, type_days
from analytics.filters import Filters, Scope, one_kabkota, params

KELURAHAN_TABLE = "kegiatan_kelurahan"  # one row per election and kelurahan with an activity or a visited school
KECAMATAN_TABLE = "kegiatan_kecamatan"  # one row per election and kecamatan with one
AREA_TABLE = "kegiatan_wilayah"  # one row per election and place an activity was logged for (any level)
RW_TABLE = "rw_kunjungan_pertama"  # one row per election and RW visited: its first visit
SCHOOL_TABLE = "sekolah_kunjungan_pertama"  # one row per election and school visited: its first visit
KABKOTA_DAILY_TABLE = "kegiatan_harian_kabkota"  # one row per day, kab/kota, type and organiser with an activity
TYPE_TABLE = "kegiatan_wilayah_jenis"  # one row per election, place (as kegiatan_wilayah), type and organiser
RW_TYPE_TABLE = "rw_jenis"  # one row per election, place and RW, type and organiser with an activity
SCHOOL_TYPE_TABLE = "sekolah_jenis"  # one row per election, place, school, type and organiser with a visit
KELURAHAN_TYPE_TABLE = "kegiatan_kelurahan_jenis"  # one row per election, kelurahan and type with an activity
_KABKOTA_CODE_LENGTH = 5  # 32.71
_KELURAHAN_CODE_LENGTH = 13  # 32.71.05.1001: a scope listing a kelurahan cuts a kecamatan's figures

_FIGURES = """
    kegiatan BIGINT, dijangkau BIGINT, pemula_dijangkau BIGINT, disabilitas_dijangkau BIGINT,
    perempuan_dijangkau BIGINT, rumah_dikunjungi BIGINT, kegiatan_terakhir DATE, rw_dikunjungi BIGINT,
    sekolah_dikunjungi BIGINT"""
_SCHEMA = f"""
CREATE OR REPLACE TABLE {KELURAHAN_TABLE} (
    kode_pemilihan VARCHAR NOT NULL, kode_kecamatan VARCHAR NOT NULL, kode_kelurahan VARCHAR NOT NULL,{_FIGURES}
);
CREATE OR REPLACE TABLE {KECAMATAN_TABLE} (
    kode_pemilihan VARCHAR NOT NULL, kode_kecamatan VARCHAR NOT NULL,{_FIGURES},
    sekolah_lintas BIGINT NOT NULL
);
CREATE OR REPLACE TABLE {AREA_TABLE} (
    kode_pemilihan VARCHAR NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR,
    kegiatan BIGINT NOT NULL, dijangkau BIGINT NOT NULL, pemula_dijangkau BIGINT NOT NULL,
    disabilitas_dijangkau BIGINT NOT NULL, perempuan_dijangkau BIGINT NOT NULL, rumah_dikunjungi BIGINT,
    kegiatan_terakhir DATE NOT NULL
);
CREATE OR REPLACE TABLE {RW_TABLE} (
    kode_pemilihan VARCHAR NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR NOT NULL,
    kode_kelurahan VARCHAR NOT NULL, rw SMALLINT NOT NULL, pertama DATE NOT NULL, kegiatan BIGINT NOT NULL,
    dijangkau BIGINT NOT NULL, rumah_dikunjungi BIGINT NOT NULL, kegiatan_terakhir DATE NOT NULL
);
CREATE OR REPLACE TABLE {SCHOOL_TABLE} (
    kode_pemilihan VARCHAR NOT NULL, id_sekolah VARCHAR NOT NULL, kode_kelurahan VARCHAR NOT NULL,
    pertama DATE NOT NULL
);
CREATE OR REPLACE TABLE {TYPE_TABLE} (
    kode_pemilihan VARCHAR NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR,
    jenis_kegiatan VARCHAR NOT NULL, penyelenggara VARCHAR NOT NULL,
    kegiatan BIGINT NOT NULL, dijangkau BIGINT NOT NULL, pemula_dijangkau BIGINT NOT NULL,
    disabilitas_dijangkau BIGINT NOT NULL, perempuan_dijangkau BIGINT NOT NULL, rumah_dikunjungi BIGINT,
    kegiatan_terakhir DATE NOT NULL
);
CREATE OR REPLACE TABLE {RW_TYPE_TABLE} (
    kode_pemilihan VARCHAR NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR,
    rw SMALLINT NOT NULL, jenis_kegiatan VARCHAR NOT NULL, penyelenggara VARCHAR NOT NULL,
    kegiatan BIGINT NOT NULL, dijangkau BIGINT NOT NULL, rumah_dikunjungi BIGINT, kegiatan_terakhir DATE NOT NULL,
    pertama DATE NOT NULL
);
CREATE OR REPLACE TABLE {SCHOOL_TYPE_TABLE} (
    kode_pemilihan VARCHAR NOT NULL, kode_kabkota VARCHAR NOT NULL, kode_kecamatan VARCHAR, kode_kelurahan VARCHAR,
    id_sekolah VARCHAR NOT NULL, jenis_kegiatan VARCHAR NOT NULL, penyelenggara VARCHAR NOT NULL,
    kegiatan BIGINT NOT NULL, siswa_dijangkau BIGINT NOT NULL, pemula_dijangkau BIGINT NOT NULL,
    kegiatan_terakhir DATE NOT NULL, pertama DATE NOT NULL
);
CREATE OR REPLACE TABLE {KELURAHAN_TYPE_TABLE} (
    kode_pemilihan VARCHAR NOT NULL, kode_kelurahan VARCHAR NOT NULL, jenis_kegiatan VARCHAR NOT NULL,
    kegiatan BIGINT NOT NULL, dijangkau BIGINT NOT NULL
);
CREATE OR REPLACE TABLE {KABKOTA_DAILY_TABLE} (
    tanggal DATE NOT NULL, kode_kabkota VARCHAR NOT NULL, jenis_kegiatan VARCHAR NOT NULL,
    penyelenggara VARCHAR NOT NULL, kegiatan BIGINT NOT NULL, jumlah_peserta BIGINT, peserta_pemula BIGINT,
    peserta_disabilitas BIGINT, peserta_perempuan BIGINT, rumah_dikunjungi BIGINT
);
"""

# Each election's activities inside its outreach window, from the rollup (as counted_activities reads them).
_WINDOW = f"""
a AS (
    SELECT p.kode_pemilihan, r.*, j.ada_peserta
    FROM {rollup.TABLE} r
    JOIN jenis_kegiatan j ON j.kode = r.jenis_kegiatan
    JOIN pemilihan p ON r.tanggal BETWEEN p.sosialisasi_mulai AND p.sosialisasi_selesai
)"""
# The same sums as areas.area_metrics' `act`, per election and `{code}`.
_SUMS = """
    SELECT kode_pemilihan, {code},
           sum(kegiatan)::BIGINT AS kegiatan,
           coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta), 0)::BIGINT AS dijangkau,
           coalesce(sum(peserta_pemula) FILTER (WHERE ada_peserta), 0)::BIGINT AS pemula_dijangkau,
           coalesce(sum(peserta_disabilitas) FILTER (WHERE ada_peserta), 0)::BIGINT AS disabilitas_dijangkau,
           coalesce(sum(peserta_perempuan) FILTER (WHERE ada_peserta), 0)::BIGINT AS perempuan_dijangkau,
           coalesce(sum(rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi,
           max(tanggal) AS kegiatan_terakhir
    FROM a WHERE {code} IS NOT NULL GROUP BY 1, 2"""
_SUMS_KELURAHAN = _SUMS.format(code="kode_kelurahan")
_ACT_COLUMNS = ("act.kegiatan, act.dijangkau, act.pemula_dijangkau, act.disabilitas_dijangkau, act.perempuan_dijangkau, "
                "act.rumah_dikunjungi, act.kegiatan_terakhir")
_SUMS_KECAMATAN = _SUMS.format(code="kode_kecamatan")

# A kelurahan's row from act, rw and sch (shared with _KELURAHAN_FROM_TOTALS).
_KELURAHAN_ROWS = f"""keys AS (
    SELECT kode_pemilihan, kode_kelurahan FROM act UNION SELECT kode_pemilihan, kode_kelurahan FROM sch
)
SELECT keys.kode_pemilihan, k.kode_kecamatan, keys.kode_kelurahan, {_ACT_COLUMNS}, rw.rw_dikunjungi,
       sch.sekolah_dikunjungi
FROM keys JOIN kelurahan k USING (kode_kelurahan)
LEFT JOIN act USING (kode_pemilihan, kode_kelurahan)
LEFT JOIN rw USING (kode_pemilihan, kode_kelurahan)
LEFT JOIN sch USING (kode_pemilihan, kode_kelurahan)
ORDER BY 1, 3
"""
# RW visited (1 … jumlah_rw, as area_metrics counts them) per kelurahan; schools visited counted in the kelurahan
# the school stands in; a kelurahan with a visited school but no activity of its own still gets a row.
_BUILD_KELURAHAN = f"""
INSERT INTO {KELURAHAN_TABLE}
WITH {_WINDOW},
act AS ({_SUMS_KELURAHAN}),
rw AS (
    SELECT x.kode_pemilihan, x.kode_kelurahan, count(*)::BIGINT AS rw_dikunjungi
    FROM (SELECT DISTINCT kode_pemilihan, kode_kelurahan, rw FROM a WHERE rw IS NOT NULL) x
    JOIN kelurahan k USING (kode_kelurahan) WHERE x.rw <= k.jumlah_rw GROUP BY 1, 2
),
sch AS (
    SELECT v.kode_pemilihan, s.kode_kelurahan, count(*)::BIGINT AS sekolah_dikunjungi
    FROM (SELECT DISTINCT kode_pemilihan, id_sekolah FROM a WHERE id_sekolah IS NOT NULL) v
    JOIN schools s USING (id_sekolah) GROUP BY 1, 2
),
{_KELURAHAN_ROWS}"""

# A kecamatan counts its activities without a kelurahan too; RW and schools are its kelurahan's summed.
# sekolah_lintas: visits to a school of this kecamatan by an activity logged in another kelurahan (or none). While
# an election has any, a view cut by area cannot use these tables (the visit belongs to the other area's view).
# The kelurahan's RW and schools summed per kecamatan, the visits crossing kelurahan among the window's rollup rows
# `a`, and the kecamatan's row from act, kel and lintas (shared with _KECAMATAN_FROM_TOTALS).
_KECAMATAN_KEL = f"""kel AS (
    SELECT kode_pemilihan, kode_kecamatan, sum(rw_dikunjungi)::BIGINT AS rw_dikunjungi,
           sum(sekolah_dikunjungi)::BIGINT AS sekolah_dikunjungi
    FROM {KELURAHAN_TABLE} GROUP BY 1, 2
)"""
_CROSSING_VISITS = """
    SELECT a.kode_pemilihan, left(s.kode_kelurahan, 8) AS kode_kecamatan, count(*)::BIGINT AS sekolah_lintas
    FROM a JOIN schools s USING (id_sekolah)
    WHERE a.kode_kelurahan IS DISTINCT FROM s.kode_kelurahan GROUP BY 1, 2"""
_KECAMATAN_ROWS = f"""keys AS (
    SELECT kode_pemilihan, kode_kecamatan FROM act UNION SELECT kode_pemilihan, kode_kecamatan FROM kel
    UNION SELECT kode_pemilihan, kode_kecamatan FROM lintas
)
SELECT keys.kode_pemilihan, keys.kode_kecamatan, {_ACT_COLUMNS}, kel.rw_dikunjungi, kel.sekolah_dikunjungi,
       coalesce(lintas.sekolah_lintas, 0)
FROM keys
LEFT JOIN act USING (kode_pemilihan, kode_kecamatan)
LEFT JOIN kel USING (kode_pemilihan, kode_kecamatan)
LEFT JOIN lintas USING (kode_pemilihan, kode_kecamatan)
ORDER BY 1, 2
"""
_BUILD_KECAMATAN = f"""
INSERT INTO {KECAMATAN_TABLE}
WITH {_WINDOW},
act AS ({_SUMS_KECAMATAN}),
{_KECAMATAN_KEL},
lintas AS ({_CROSSING_VISITS}
),
{_KECAMATAN_ROWS}"""

# A place's activities, reach (0 where the type counts no participants), houses and last day, as kegiatan_wilayah
# and kegiatan_wilayah_jenis store them.
_PLACE_SUMS = """       sum(kegiatan)::BIGINT,
       coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta), 0)::BIGINT,
       coalesce(sum(peserta_pemula) FILTER (WHERE ada_peserta), 0)::BIGINT,
       coalesce(sum(peserta_disabilitas) FILTER (WHERE ada_peserta), 0)::BIGINT,
       coalesce(sum(peserta_perempuan) FILTER (WHERE ada_peserta), 0)::BIGINT,
       sum(rumah_dikunjungi)::BIGINT,
       max(tanggal)
"""

# Per place an activity was logged for, at whichever level it was (a kab/kota, kecamatan or kelurahan): any area
# filter or scope selects exactly the rows of the activities it selects (filters.ACTIVITY_AREA_WHERE).
_BUILD_AREAS = f"""
INSERT INTO {AREA_TABLE}
WITH {_WINDOW}
SELECT kode_pemilihan, kode_kabkota, kode_kecamatan, kode_kelurahan,
{_PLACE_SUMS}FROM a GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
"""

# Each RW that exists (1 … jumlah_rw, as the headline figures and the RW grid count them) and was visited in the
# window: its first visit, and the RW grid's figures (drilldown.rw_coverage).
_BUILD_RW = f"""
INSERT INTO {RW_TABLE}
WITH {_WINDOW}
SELECT x.kode_pemilihan, x.kode_kabkota, x.kode_kecamatan, x.kode_kelurahan, x.rw, x.pertama, x.kegiatan,
       x.dijangkau, x.rumah_dikunjungi, x.kegiatan_terakhir
FROM (
    SELECT kode_pemilihan, kode_kabkota, kode_kecamatan, kode_kelurahan, rw, min(tanggal) AS pertama,
           sum(kegiatan)::BIGINT AS kegiatan,
           coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta), 0)::BIGINT AS dijangkau,
           coalesce(sum(rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi,
           max(tanggal) AS kegiatan_terakhir
    FROM a WHERE rw IS NOT NULL GROUP BY ALL
) x JOIN kelurahan k USING (kode_kelurahan)
WHERE x.rw <= k.jumlah_rw
ORDER BY 1, 4, 5
"""

# The first visit in the window of each school, with the kelurahan the school stands in.
_BUILD_SCHOOLS = f"""
INSERT INTO {SCHOOL_TABLE}
WITH {_WINDOW}
SELECT a.kode_pemilihan, a.id_sekolah, s.kode_kelurahan, min(a.tanggal)
FROM a JOIN schools s USING (id_sekolah)
GROUP BY 1, 2, 3
ORDER BY 1, 3, 2
"""

# The whole window per place (as kegiatan_wilayah), RW and school, by type and organiser: views with an activity
# type or organiser chosen (and no period or RW) read these; the activity map of a view spanning several kab/kota
# too. At 10M activities 1,2M, 1,5M and 0,1M rows where the rollup keeps ~9M. Every row keeps the activity's own
# area codes, so any area filter or scope selects exactly the rows of the activities it selects. Sums are kept NULL
# where the rollup's are (rumah_dikunjungi), reach sums 0 where the type has no participants, as area_metrics' `act`
# counts them.
_BUILD_TYPES = f"""
INSERT INTO {TYPE_TABLE}
WITH {_WINDOW}
SELECT kode_pemilihan, kode_kabkota, kode_kecamatan, kode_kelurahan, jenis_kegiatan, penyelenggara,
{_PLACE_SUMS}FROM a GROUP BY ALL
ORDER BY kode_pemilihan, jenis_kegiatan, kode_kabkota, kode_kecamatan, kode_kelurahan
"""
_BUILD_RW_TYPES = f"""
INSERT INTO {RW_TYPE_TABLE}
WITH {_WINDOW}
SELECT kode_pemilihan, kode_kabkota, kode_kecamatan, kode_kelurahan, rw, jenis_kegiatan, penyelenggara,
       sum(kegiatan)::BIGINT, coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta), 0)::BIGINT,
       sum(rumah_dikunjungi)::BIGINT, max(tanggal), min(tanggal)
FROM a WHERE rw IS NOT NULL GROUP BY ALL
ORDER BY kode_pemilihan, jenis_kegiatan, kode_kabkota, kode_kecamatan, kode_kelurahan, rw
"""
# The same per kelurahan and type, organisers and the activity's other codes summed away: the activity map of the
# whole country (a point per kelurahan and type, the busiest first) then takes the busiest rows of ~530.000 at 10M
# activities instead of grouping ~680.000 rows of kegiatan_wilayah_jenis into them (~80 ms of a ~130 ms call).
_BUILD_KELURAHAN_TYPES = f"""
INSERT INTO {KELURAHAN_TYPE_TABLE}
SELECT kode_pemilihan, kode_kelurahan, jenis_kegiatan, sum(kegiatan)::BIGINT, sum(dijangkau)::BIGINT
FROM {TYPE_TABLE} WHERE kode_kelurahan IS NOT NULL
GROUP BY ALL
ORDER BY kode_pemilihan, jenis_kegiatan, kode_kelurahan
"""
# Visits per school with the school list's figures (segments.schools): activities, students and first-time voters
# reached (where the type has participants), the last visit.
_BUILD_SCHOOL_TYPES = f"""
INSERT INTO {SCHOOL_TYPE_TABLE}
WITH {_WINDOW}
SELECT kode_pemilihan, kode_kabkota, kode_kecamatan, kode_kelurahan, id_sekolah, jenis_kegiatan, penyelenggara,
       sum(kegiatan)::BIGINT, coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta), 0)::BIGINT,
       coalesce(sum(peserta_pemula) FILTER (WHERE ada_peserta), 0)::BIGINT, max(tanggal), min(tanggal)
FROM a WHERE id_sekolah IS NOT NULL
GROUP BY ALL
ORDER BY kode_pemilihan, jenis_kegiatan, kode_kabkota, kode_kecamatan, kode_kelurahan, id_sekolah
"""

# The rollup summed over the places inside each kab/kota (every date, not per election): at 100M activities the
# rollup keeps ~70M rows, this table a few million. Stored by date, so a period reads only its days.
_BUILD_KABKOTA_DAILY = f"""
INSERT INTO {KABKOTA_DAILY_TABLE}
SELECT tanggal, kode_kabkota, jenis_kegiatan, penyelenggara, sum(kegiatan)::BIGINT, sum(jumlah_peserta)::BIGINT,
       sum(peserta_pemula)::BIGINT, sum(peserta_disabilitas)::BIGINT, sum(peserta_perempuan)::BIGINT,
       sum(rumah_dikunjungi)::BIGINT
FROM {rollup.TABLE} GROUP BY ALL
ORDER BY tanggal, kode_kabkota
"""
# The table shaped like the rollup (rollup.RAW does the same for the raw log), so one query text serves all three.
KABKOTA_DAILY_SOURCE = (
    "(SELECT tanggal, kode_kabkota, NULL::VARCHAR AS kode_kecamatan, NULL::VARCHAR AS kode_kelurahan, "
    "NULL::SMALLINT AS rw, jenis_kegiatan, penyelenggara, NULL::VARCHAR AS id_sekolah, NULL::INTEGER AS import_id, "
    f"kegiatan, jumlah_peserta, peserta_pemula, peserta_disabilitas, peserta_perempuan, rumah_dikunjungi "
    f"FROM {KABKOTA_DAILY_TABLE})")

# Kecamatan of an election with a school visit logged in another kelurahan than the school's.
_CROSSING = f"SELECT count(*) FROM {KECAMATAN_TABLE} WHERE kode_pemilihan = $e AND sekolah_lintas > 0"

# Recorded with the rollup's version: a database whose tables were built by an older layout of this module (fewer
# tables) rebuilds them on first use. Layouts 12 and 13 only added the disability counts (analytics/disability_days.py)
# and the activities per day and type (analytics/type_days.py), each built when missing, layout 14 the totals per
# kelurahan and type (built here) and layout 15 the activities per month and type (type_days, built when missing):
# the per-day tables and the log by area of layout 11 are kept and brought in step.
_LAYOUT = "/totals-15"
_SAME_DERIVED = ("/totals-11", "/totals-12", "/totals-13", "/totals-14")
_building = threading.Lock()
_failed: set[tuple[str, str]] = set()  # (file, data version) whose build failed here (e.g. read-only)


# The tables whose rows add up, so that new imports' sums can be merged into them (analytics/totals_merge.py), with
# their keys and how each figure combines; the order is their full build's. kegiatan_kelurahan and kegiatan_kecamatan
# (counts of RW and schools visited, visits crossing kecamatan) are built again after a merge.
_PLACE = ("kode_pemilihan", "kode_kabkota", "kode_kecamatan", "kode_kelurahan")
_REACH = ("kegiatan", "dijangkau", "pemula_dijangkau", "disabilitas_dijangkau", "perempuan_dijangkau",
          "rumah_dikunjungi")
_MERGED = [
    totals_merge.Merged(AREA_TABLE, _PLACE, _REACH, (), ("kegiatan_terakhir",), _PLACE),
    totals_merge.Merged(RW_TABLE, (*_PLACE, "rw"), ("kegiatan", "dijangkau", "rumah_dikunjungi"), ("pertama",),
                        ("kegiatan_terakhir",), ("kode_pemilihan", "kode_kelurahan", "rw")),
    totals_merge.Merged(SCHOOL_TABLE, ("kode_pemilihan", "id_sekolah", "kode_kelurahan"), (), ("pertama",), (),
                        ("kode_pemilihan", "kode_kelurahan", "id_sekolah")),
    totals_merge.Merged(KABKOTA_DAILY_TABLE, ("tanggal", "kode_kabkota", "jenis_kegiatan", "penyelenggara"),
                        ("kegiatan", "jumlah_peserta", "peserta_pemula", "peserta_disabilitas", "peserta_perempuan",
                         "rumah_dikunjungi"), (), (), ("tanggal", "kode_kabkota")),
    totals_merge.Merged(TYPE_TABLE, (*_PLACE, "jenis_kegiatan", "penyelenggara"), _REACH, (), ("kegiatan_terakhir",),
                        ("kode_pemilihan", "jenis_kegiatan", *_PLACE[1:])),
    totals_merge.Merged(RW_TYPE_TABLE, (*_PLACE, "rw", "jenis_kegiatan", "penyelenggara"),
                        ("kegiatan", "dijangkau", "rumah_dikunjungi"), ("pertama",), ("kegiatan_terakhir",),
                        ("kode_pemilihan", "jenis_kegiatan", *_PLACE[1:], "rw")),
    totals_merge.Merged(SCHOOL_TYPE_TABLE, (*_PLACE, "id_sekolah", "jenis_kegiatan", "penyelenggara"),
                        ("kegiatan", "siswa_dijangkau", "pemula_dijangkau"), ("pertama",), ("kegiatan_terakhir",),
                        ("kode_pemilihan", "jenis_kegiatan", *_PLACE[1:], "id_sekolah")),
    totals_merge.Merged(KELURAHAN_TYPE_TABLE, ("kode_pemilihan", "kode_kelurahan", "jenis_kegiatan"),
                        ("kegiatan", "dijangkau"), (), (), ("kode_pemilihan", "jenis_kegiatan", "kode_kelurahan")),
]
# Each merged table's build made to read only the new imports' rollup rows, as a query (staged, then merged).
_NEW_WINDOW = _WINDOW.replace("\n)", "\n    WHERE r.import_id > $sejak\n)")


def _query_of(build: str, table: str) -> str:
    """The query of a build statement `INSERT INTO {table} …`."""
    head = "INSERT INTO " + table + "\n"  # compared with the statement, never run
    if not build.lstrip("\n").startswith(head):
        raise ValueError(f"not a build of {table}")
    return build.lstrip("\n").removeprefix(head)


_MERGE_DELTAS = {
    table: _query_of(build, table) for table, build in (
        (AREA_TABLE, _BUILD_AREAS.replace(_WINDOW, _NEW_WINDOW)), (RW_TABLE, _BUILD_RW.replace(_WINDOW, _NEW_WINDOW)),
        (SCHOOL_TABLE, _BUILD_SCHOOLS.replace(_WINDOW, _NEW_WINDOW)),
        (KABKOTA_DAILY_TABLE, _BUILD_KABKOTA_DAILY.replace(
            f"FROM {rollup.TABLE} GROUP BY ALL", f"FROM {rollup.TABLE} WHERE import_id > $sejak GROUP BY ALL")),
        (TYPE_TABLE, _BUILD_TYPES.replace(_WINDOW, _NEW_WINDOW)),
        (RW_TYPE_TABLE, _BUILD_RW_TYPES.replace(_WINDOW, _NEW_WINDOW)),
        (SCHOOL_TYPE_TABLE, _BUILD_SCHOOL_TYPES.replace(_WINDOW, _NEW_WINDOW)))
}
# Per kelurahan and type, the new imports' rows summed as _BUILD_KELURAHAN_TYPES sums kegiatan_wilayah_jenis (whose
# dijangkau counts participants where the type has them).
_MERGE_DELTAS[KELURAHAN_TYPE_TABLE] = f"""WITH {_NEW_WINDOW}
SELECT kode_pemilihan, kode_kelurahan, jenis_kegiatan, sum(kegiatan)::BIGINT,
       coalesce(sum(jumlah_peserta) FILTER (WHERE ada_peserta), 0)::BIGINT
FROM a WHERE kode_kelurahan IS NOT NULL GROUP BY ALL
"""
# After a merge, the tables counted from the others are built again from them rather than from the rollup (at 100M
# activities ~7 and ~28 s from the rollup). Per kelurahan: its own row of kegiatan_wilayah (one per election and
# kelurahan: its codes fix the kecamatan's and kab/kota's), its RW rows in rw_kunjungan_pertama (one per RW visited,
# those that exist) and its schools' rows in sekolah_kunjungan_pertama (one per school visited), as _BUILD_KELURAHAN
# counts them.
_KELURAHAN_FROM_TOTALS = f"""
INSERT INTO {KELURAHAN_TABLE}
WITH act AS (
    SELECT kode_pemilihan, kode_kelurahan, kegiatan, dijangkau, pemula_dijangkau, disabilitas_dijangkau,
           perempuan_dijangkau, coalesce(rumah_dikunjungi, 0)::BIGINT AS rumah_dikunjungi, kegiatan_terakhir
    FROM {AREA_TABLE} WHERE kode_kelurahan IS NOT NULL
),
rw AS (SELECT kode_pemilihan, kode_kelurahan, count(*)::BIGINT AS rw_dikunjungi FROM {RW_TABLE} GROUP BY 1, 2),
sch AS (
    SELECT kode_pemilihan, kode_kelurahan, count(*)::BIGINT AS sekolah_dikunjungi FROM {SCHOOL_TABLE} GROUP BY 1, 2
),
{_KELURAHAN_ROWS}"""
# Per kecamatan: the sums of its places' rows in kegiatan_wilayah, its kelurahan's RW and schools, and its visits
# crossing kelurahan: those stored before (kept aside in _lintas_lama) plus the new imports' (rollup rows, as
# _BUILD_KECAMATAN counts them).
_LINTAS_ASIDE = (f"CREATE OR REPLACE TEMP TABLE _lintas_lama AS SELECT kode_pemilihan, kode_kecamatan, sekolah_lintas "
                 f"FROM {KECAMATAN_TABLE} WHERE sekolah_lintas > 0")
_KECAMATAN_FROM_TOTALS = f"""
INSERT INTO {KECAMATAN_TABLE}
WITH {_NEW_WINDOW},
act AS (
    SELECT kode_pemilihan, kode_kecamatan, sum(kegiatan)::BIGINT AS kegiatan, sum(dijangkau)::BIGINT AS dijangkau,
           sum(pemula_dijangkau)::BIGINT AS pemula_dijangkau,
           sum(disabilitas_dijangkau)::BIGINT AS disabilitas_dijangkau,
           sum(perempuan_dijangkau)::BIGINT AS perempuan_dijangkau,
           coalesce(sum(rumah_dikunjungi), 0)::BIGINT AS rumah_dikunjungi, max(kegiatan_terakhir) AS kegiatan_terakhir
    FROM {AREA_TABLE} WHERE kode_kecamatan IS NOT NULL GROUP BY 1, 2
),
{_KECAMATAN_KEL},
lintas AS (
    SELECT kode_pemilihan, kode_kecamatan, sum(sekolah_lintas)::BIGINT AS sekolah_lintas
    FROM (SELECT kode_pemilihan, kode_kecamatan, sekolah_lintas FROM _lintas_lama UNION ALL {_CROSSING_VISITS})
    GROUP BY 1, 2
),
{_KECAMATAN_ROWS}"""
_REBUILT_AFTER_MERGE = (_LINTAS_ASIDE, f"DELETE FROM {KELURAHAN_TABLE}", _KELURAHAN_FROM_TOTALS,
                        f"DELETE FROM {KECAMATAN_TABLE}", _KECAMATAN_FROM_TOTALS, "DROP TABLE _lintas_lama")


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Bring every table here up to date with the rollup, bring the per-day tables (analytics/periods.py), the
    activities per day and type (analytics/type_days.py), the log stored by area (analytics/area_log.py) and the
    disability counts (analytics/disability_days.py) in step, and record the rollup's version for them all (caller
    holds a transaction, and the rollup is current). When only activity imports were added since the tables were
    built, their sums are merged in (analytics/totals_merge.py); else a full rebuild: a few passes over the rollup,
    seconds at 10M activities. The others only add or drop imports' rows."""
    built = rollup.recorded_version(con, KELURAHAN_TABLE)
    since = totals_merge.new_imports_since(con, built, _LAYOUT)
    if since is None:
        # Replaced, not emptied: a database built by an older layout of this module has tables of another shape.
        con.execute(_SCHEMA)
        for build in (_BUILD_KELURAHAN, _BUILD_KECAMATAN, _BUILD_AREAS, _BUILD_RW, _BUILD_SCHOOLS,
                      _BUILD_KABKOTA_DAILY, _BUILD_TYPES, _BUILD_RW_TYPES, _BUILD_SCHOOL_TYPES,
                      _BUILD_KELURAHAN_TYPES):
            con.execute(build)
        totals_merge.forget_appended(con, _MERGED)
    else:
        totals_merge.merge(con, _MERGE_DELTAS, _MERGED, since)
        for statement in _REBUILT_AFTER_MERGE:
            con.execute(statement, {"sejak": since} if "$sejak" in statement else None)
    older = built is None or not built.endswith((_LAYOUT, *_SAME_DERIVED))
    renumbered = periods.apply(con, rebuild=older)
    type_days.apply(con, rebuild=older or renumbered)
    area_log.apply(con, rebuild=older)
    disability_days.apply(con, rebuild=older)
    con.execute("INSERT OR REPLACE INTO rollup_versi SELECT $t, versi || $layout FROM rollup_versi WHERE tabel = $r",
                {"t": KELURAHAN_TABLE, "r": rollup.TABLE, "layout": _LAYOUT})
    con.execute("INSERT OR REPLACE INTO rollup_versi VALUES ($t, $v)",
                {"t": totals_merge.REFERENCE_TABLE_ROW, "v": totals_merge.reference(con)})


def whole_window(filters: Filters) -> bool:
    """Whether the filters leave every activity of the election's window in (areas and scope aside)."""
    return not (filters.rw or filters.mulai or filters.sampai or filters.jenis or filters.penyelenggara)


def usable(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope, level: str) -> bool:
    """Whether figures for these filters can be read from the whole-window tables and give exactly what the rollup
    or the raw log gives: area figures at `level` "kecamatan" or "kelurahan", or the headline figures ("semua")."""
    if not whole_window(filters):
        return False
    # A kecamatan's figures include activities logged without a kelurahan, which a kelurahan filter or a scope
    # listing single kelurahan leaves out.
    if level == "kecamatan" and (filters.kelurahan or any(len(c) >= _KELURAHAN_CODE_LENGTH
                                                          for c in scope.wilayah or ())):
        return False
    if rollup.source(con) != rollup.TABLE or not _current(con):
        return False
    cut = bool(filters.kecamatan or filters.kelurahan or scope.wilayah is not None)
    if cut:
        crossing = con.execute(_CROSSING, {"e": filters.pemilihan}).fetchone()[0]
        return crossing == 0
    return True


def by_kabkota_usable(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> bool:
    """Whether counts and sums that group by nothing finer than kab/kota (weekly chart, breakdown by type, the log's
    total) can read kegiatan_harian_kabkota: a view not kept inside one kab/kota, cut by no kecamatan, kelurahan or
    RW (every filter else applies to the table as to the rollup), while the tables are current. A single kab/kota's
    rows are a few row groups of the rollup (stored by area): it stays there."""
    if filters.kecamatan or filters.kelurahan or filters.rw or one_kabkota(filters, scope):
        return False
    if scope.wilayah is not None and any(len(c) != _KABKOTA_CODE_LENGTH for c in scope.wilayah):
        return False
    return rollup.source(con) == rollup.TABLE and _current(con)


def by_type_usable(con: duckdb.DuckDBPyConnection, filters: Filters) -> bool:
    """Whether counts by type and organiser can read kegiatan_wilayah_jenis, rw_jenis and sekolah_jenis: the
    election's whole window and no RW chosen (any area, scope, type or organiser applies to them as to the rollup),
    while the tables are current."""
    if filters.rw or filters.mulai or filters.sampai:
        return False
    return rollup.source(con) == rollup.TABLE and _current(con)


def by_kelurahan_type_usable(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> bool:
    """Whether counts per kelurahan and type can read kegiatan_kelurahan_jenis: the whole country (no area filter or
    scope: its rows are keyed by the kelurahan alone, not by each activity's own codes), the election's whole window,
    no organiser or RW chosen (a type may be), while the tables are current."""
    if filters.kecamatan or filters.kelurahan or scope.wilayah is not None or filters.penyelenggara:
        return False
    return by_type_usable(con, filters)


def by_type_day_usable(con: duckdb.DuckDBPyConnection, filters: Filters) -> bool:
    """Whether points per kelurahan and type can read kegiatan_harian_jenis and kegiatan_bulanan_jenis
    (analytics/type_days.py): no RW chosen (any period, area, scope, type and organiser apply to them as to the
    rollup), while the tables are current."""
    if filters.rw:
        return False
    return rollup.source(con) == rollup.TABLE and _current(con)


def by_period_usable(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> bool:
    """Whether outreach, RW and schools visited can read the per-day place and school tables (analytics/periods.py):
    a view not kept inside one kab/kota, with no activity type, organiser or RW chosen (any period, area and scope
    apply to them as to the rollup), while the tables are current and every kelurahan's RW fit in their bits. A
    single kab/kota's rows are a few row groups of the rollup (stored by area): it stays there."""
    if filters.rw or filters.jenis or filters.penyelenggara or one_kabkota(filters, scope):
        return False
    if not (rollup.source(con) == rollup.TABLE and _current(con)):
        return False
    return periods.rw_fit(con)


def by_school_day_usable(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> bool:
    """Whether school visits can read the per-day school table: a view not kept inside one kab/kota (the rollup,
    stored by area, serves that from a few row groups), with no RW chosen (any period, type, organiser, area and
    scope apply to it as to the rollup), while the tables are current."""
    if filters.rw or one_kabkota(filters, scope):
        return False
    return rollup.source(con) == rollup.TABLE and _current(con)


def by_area_log_usable(con: duckdb.DuckDBPyConnection, filters: Filters, scope: Scope) -> bool:
    """Whether lists of single activities can read the log stored by area (analytics/area_log.py): a view narrowed by
    area or scope (a range of kab/kota codes), while it is current. A view of the whole country reads the log itself,
    stored by date, where the newest rows are its last row groups."""
    if params(filters, scope)["kab_min"] is None:
        return False
    return rollup.source(con) == rollup.TABLE and _current(con)


def refresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Rebuild the tables now if the data changed since they were built (seconds at 10M activities); whether they
    are current afterwards. The import page calls this once an import or undo has committed, so that the person
    who imported waits for it rather than the next viewer; the import itself does not (it stays fast, and a
    command-line import leaves the work to the first view). While one session rebuilds, the others read the rollup."""
    return rollup.source(con) == rollup.TABLE and _current(con)


def _current(con: duckdb.DuckDBPyConnection) -> bool:
    """The tables match the (current) rollup; built now if they lag (after an import, or in a database made before
    they existed). A build that failed is not tried again for the same data: every query would pay for it."""
    return memo.remembered(con, KELURAHAN_TABLE, lambda: _checked_current(con))


def _checked_current(con: duckdb.DuckDBPyConnection) -> bool:
    wanted = f"{rollup.recorded_version(con, rollup.TABLE)}{_LAYOUT}"
    if rollup.recorded_version(con, KELURAHAN_TABLE) == wanted:
        return True
    # Keyed by the database file too: copies of one database share their versions.
    attempt = (con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
               .fetchone()[0], wanted)
    if attempt in _failed:
        return False
    if rollup.apply_alone(con, _building, apply):
        return True
    if not rollup.in_transaction(con) and not _building.locked():
        _failed.add(attempt)  # it failed, rather than being left to another session or to the caller's transaction
    return False
