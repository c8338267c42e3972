"""The per-area facts tables (analytics/facts.py) give exactly the raw tables' answers: on data with the awkward
cases (areas without DPT or results, unknown counts, targets set per kecamatan and kelurahan, several bodies), and
after imports of turnout, DPT and targets and their undo."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd
import pytest

from analytics import facts, rollup
from analytics.filters import Filters, Scope
from analytics.importing.engine import import_bytes, undo_import
from analytics.queries import areas, drilldown, participation, segments
from tests.import_support import csv_bytes
from tests.test_rollup import _calls, _same

ELECTION = "pilkada2024"
KEC = "32.71.03"  # Bogor Tengah
KEL = "32.71.03.1001"  # Gudang (Bogor Tengah)
TURNOUT = ["Kecamatan", "Kelurahan", "No TPS", "DPT L", "DPT P", "Jumlah DPT", "Pengguna Hak Pilih L",
           "Pengguna Hak Pilih P", "Disabilitas Terdaftar", "Disabilitas Pengguna Hak Pilih"]
VOTERS = ["Kecamatan", "Kelurahan", "L", "P", "Jumlah", "Pemilih Pemula", "Disabilitas", "Jumlah TPS"]
TARGETS = ["Pemilihan", "Wilayah", "Segmen", "Penetap", "Target (%)"]


@pytest.fixture()
def con(sample_rw):
    """A writable copy of the Kota Bogor sample."""
    return sample_rw


def _figures(con, full: bool = True) -> list:
    """Every query built on the facts, for the whole city, one kecamatan and a PPK's scope with a date and a
    kelurahan; with full=False only area_metrics and area_turnout for the whole city (the page queries are
    compared separately)."""
    f = Filters(pemilihan=ELECTION)
    views = [(f, Scope.everything()), (replace(f, kecamatan=(KEC,)), Scope.everything()),
             (replace(f, mulai=dt.date(2024, 9, 1), kelurahan=(KEL,)), Scope((KEC,)))]
    out = []
    for filters, scope in views if full else views[:1]:
        for level in areas.LEVELS:
            out += [areas.area_metrics(con, filters, scope, level), areas.area_turnout(con, filters, scope, level)]
            if full:
                out += [participation.turnout_change(con, filters, scope, level, "pemilu2024"),
                        participation.turnout_gaps(con, filters, scope, level),
                        segments.segment_by_area(con, filters, scope, level)]
        if full:
            out += [participation.turnout_summary(con, filters, scope), participation.tps_turnout(con, filters, scope),
                    participation.outreach_vs_turnout(con, filters, scope), segments.turnout(con, filters, scope),
                    *(drilldown.unvisited_rw(con, filters, scope, limit=limit) for limit in (7, None))]
    return out


def _assert_facts_match_raw(con, where: str, full: bool = True) -> list:
    assert facts.available(con, ELECTION), f"{where}: the facts should be in use on a writable connection"
    got = _figures(con, full)
    with facts.raw_only():
        _same(got, _figures(con, full), where)
    return got


def test_awkward_cases_equal_raw(con):
    # Written before the facts exist: a kelurahan without DPT, one without results, unknown counts, targets of
    # a kecamatan and a kelurahan that override the city's, a second body's higher target, one not marked utama.
    con.execute("DELETE FROM voters WHERE kode_kelurahan = '32.71.03.1002' AND kode_pemilihan = $e", {"e": ELECTION})
    con.execute("DELETE FROM turnout WHERE kode_kelurahan = '32.71.03.1003' AND kode_pemilihan = $e", {"e": ELECTION})
    con.execute("UPDATE voters SET pemula = NULL, disabilitas = NULL, jumlah_tps = NULL "
                "WHERE kode_kelurahan LIKE '32.71.05.%'")
    con.execute("UPDATE turnout SET terdaftar_disabilitas = NULL, memilih_disabilitas = NULL "
                "WHERE kode_kelurahan LIKE '32.71.05.%' OR (kode_kelurahan = $k AND nomor_tps = 1)", {"k": KEL})
    con.execute("""INSERT INTO targets VALUES
        ($e, '32.71.03', 'semua', 'KPU Kota Bogor', 77.5, true, NULL, 1),
        ($e, '32.71.03', 'disabilitas', 'KPU Kota Bogor', 70, true, NULL, 1),
        ($e, '32.71.03', 'disabilitas', 'Bawaslu', 72.25, true, NULL, 1),
        ($e, '32.71.03', 'pemula', 'Bawaslu', 99, false, NULL, 1),
        ($e, '32.71.03.1001', 'perempuan', 'KPU Kota Bogor', 91.5, true, NULL, 1),
        ($e, '32.71.05.1001', 'semua', 'KPU Kota Bogor', 95, true, NULL, 1)""", {"e": ELECTION})
    # Every page query under every view of test_rollup, and area_turnout (no page calls it directly).
    for name, fn, args, kwargs in _calls(con):
        answer = fn(con, *args, **kwargs)
        with facts.raw_only():
            _same(answer, fn(con, *args, **kwargs), name)
    got = _assert_facts_match_raw(con, "awkward cases", full=False)
    kec, kel = got[0].set_index("kode"), got[2].set_index("kode")  # area_metrics by kecamatan, by kelurahan
    assert kec.loc[KEC, "target_semua"] == 77.5 and kec.loc[KEC, "target_disabilitas"] == 72.25
    assert kec.loc["32.71.05", "target_semua"] == 90.0  # a kelurahan's target is not its kecamatan's
    assert kel.loc[KEL, "target_perempuan"] == 91.5 and kel.loc[KEL, "target_semua"] == 77.5
    assert kel.loc["32.71.05.1001", "target_semua"] == 95.0
    assert kec["dpt"].notna().all() and kel.loc["32.71.03.1002", ["dpt", "dpt_pemula"]].isna().all()
    assert kel.loc["32.71.03.1003", ["terdaftar", "memilih"]].isna().all()
    assert pd.isna(kel.loc["32.71.05.1001", "dpt_pemula"])


def test_facts_follow_imports_and_their_undo(con):
    _assert_facts_match_raw(con, "before")
    # A direct delete (outside any import) is noticed by the row counts.
    con.execute("DELETE FROM voters WHERE kode_kelurahan = $k AND kode_pemilihan = $e", {"k": KEL, "e": ELECTION})
    _assert_facts_match_raw(con, "after a direct delete")
    assert con.execute(f"SELECT dpt FROM {facts.TABLE} WHERE kode_kelurahan = $k AND kode_pemilihan = $e",
                       {"k": KEL, "e": ELECTION}).fetchone()[0] is None

    def run(rows: list[list[str]], kind: str):
        result = import_bytes(con, csv_bytes(rows, sep=";"), kind=kind, file_name=f"{kind}.csv", user="uji",
                              election=ELECTION)
        assert result.rows_kept == len(rows) - 1, result.rejections
        return result.import_id

    voters = run([VOTERS, ["Bogor Tengah", "Gudang", "1.000", "1.100", "2.100", "150", "12", "8"]], "voters")
    turnout = run([TURNOUT, ["Bogor Tengah", "Gudang", "901", "100", "110", "210", "80", "90", "3", "2"],
                   ["Bogor Tengah", "Gudang", "902", "120", "100", "220", "90", "60", "", ""]], "turnout")
    targets = run([TARGETS, [ELECTION, "Kec. Bogor Tengah", "Semua", "KPU Kota Bogor", "80"],
                   [ELECTION, "32.71.03.1001", "wanita", "KPU Kota Bogor", "88"]], "targets")
    after = _assert_facts_match_raw(con, "after the imports")
    row = con.execute(f"SELECT dpt, dpt_pemula, tps_hasil, target_semua, target_perempuan FROM {facts.TABLE} "
                      "WHERE kode_kelurahan = $k AND kode_pemilihan = $e", {"k": KEL, "e": ELECTION}).fetchone()
    tps = con.execute("SELECT count(*) FROM turnout WHERE kode_kelurahan = $k AND kode_pemilihan = $e",
                      {"k": KEL, "e": ELECTION}).fetchone()[0]
    assert row == (2100, 150, tps, 80.0, 88.0)
    assert after[0].set_index("kode").loc[KEC, "target_semua"] == 80.0

    undo_import(con, targets, user="uji")
    kec = areas.area_turnout(con, Filters(pemilihan=ELECTION), Scope.everything(), "kecamatan").set_index("kode")
    assert kec.loc[KEC, "target_semua"] == 90.0
    for import_id in (turnout, voters):
        undo_import(con, import_id, user="uji")
    _assert_facts_match_raw(con, "after the undos")
    assert con.execute(f"SELECT dpt, target_semua FROM {facts.TABLE} WHERE kode_kelurahan = $k "
                       "AND kode_pemilihan = $e", {"k": KEL, "e": ELECTION}).fetchone() == (None, 90.0)


def test_activity_imports_leave_the_facts_alone(con):
    facts.available(con, ELECTION)
    version = con.execute("SELECT versi FROM rollup_versi WHERE tabel = $t", {"t": facts.TABLE}).fetchone()[0]
    con.execute("DELETE FROM activities WHERE id_kegiatan IN (SELECT id_kegiatan FROM activities LIMIT 3)")
    assert facts._current(con)
    assert con.execute("SELECT versi FROM rollup_versi WHERE tabel = $t", {"t": facts.TABLE}).fetchone()[0] == version


def test_editing_a_target_by_hand_is_noticed(con):
    _assert_facts_match_raw(con, "before")
    con.execute("UPDATE targets SET utama = NOT utama WHERE segmen = 'semua' AND kode_pemilihan = $e",
                {"e": ELECTION})
    _assert_facts_match_raw(con, "after flipping utama")


def test_an_open_transaction_or_a_read_only_connection_reads_the_raw_tables(con, sample_con):
    assert not facts.available(sample_con, ELECTION)  # read-only, no facts built there
    f = Filters(pemilihan=ELECTION)
    want = areas.area_metrics(sample_con, f, Scope.everything(), "kelurahan")
    con.execute("BEGIN TRANSACTION")
    try:
        assert not facts.available(con, ELECTION)  # the caller's transaction is left alone
        _same(areas.area_metrics(con, f, Scope.everything(), "kelurahan"), want, "inside a transaction")
    finally:
        con.execute("ROLLBACK")
    assert facts.available(con, ELECTION)
    _same(areas.area_metrics(con, f, Scope.everything(), "kelurahan"), want, "from the facts")


def test_an_election_without_facts_reads_the_raw_tables(con):
    f = Filters(pemilihan="pilpres2099")
    assert not facts.available(con, f.pemilihan)
    frame = areas.area_metrics(con, f, Scope.everything(), "kecamatan")
    assert frame["sekolah_total"].sum() > 0 and frame["dpt"].isna().all()


def test_a_rebuild_matches(con):
    facts.rebuild(con)
    assert facts._current(con)
    assert rollup.source(con) == rollup.TABLE
    _assert_facts_match_raw(con, "after rebuild")
    assert con.execute(f"SELECT count(*) FROM {facts.TABLE}").fetchone()[0] == \
        con.execute("SELECT count(*) FROM kelurahan").fetchone()[0] * \
        con.execute("SELECT count(*) FROM pemilihan").fetchone()[0]


def test_the_kelurahan_rows_carry_the_areas_names_and_rw(con):
    assert facts.available(con, ELECTION)
    differing = con.execute(f"""
        SELECT count(*) FROM {facts.TABLE} f JOIN v_wilayah w USING (kode_kelurahan)
        WHERE f.kecamatan IS DISTINCT FROM w.kecamatan OR f.kelurahan IS DISTINCT FROM w.kelurahan
           OR f.jumlah_rw IS DISTINCT FROM w.jumlah_rw OR f.kode_kecamatan <> w.kode_kecamatan""").fetchone()[0]
    assert differing == 0


def test_facts_of_an_older_layout_are_rebuilt_in_the_new_shape(con):
    # A database whose facts were built before the names were added: the old table and its version without the layout.
    assert facts.available(con, ELECTION)
    con.execute(f"ALTER TABLE {facts.TABLE} DROP COLUMN kelurahan")
    con.execute("UPDATE rollup_versi SET versi = replace(versi, $layout, '') WHERE tabel = $t",
                {"layout": facts._LAYOUT, "t": facts.TABLE})
    assert not facts._current(con)
    f = Filters(pemilihan=ELECTION)
    got = areas.area_metrics(con, f, Scope.everything(), "kelurahan")  # the first view rebuilds them
    assert facts._current(con) and got["nama"].notna().all()
    with facts.raw_only():
        _same(got, areas.area_metrics(con, f, Scope.everything(), "kelurahan"), "after the rebuild")
