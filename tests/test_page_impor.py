"""The Impor Data page under AppTest (uploads themselves are driven in the browser tests), and its helpers."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from analytics import db
from analytics.importing import engine, templates
from ui.layout import plain

PAGE = "pages/impor.py"


def test_the_page_lists_the_sample_import_and_offers_a_template(open_page):
    at = open_page(PAGE)
    assert not at.exception
    assert at.title[0].value == "Impor data"
    history = at.dataframe[0].value
    assert list(history["Jenis"]) == ["Data sampel"] and list(history["Status"]) == ["aktif"]
    assert at.segmented_control(key="impor_jenis").value == "activities"
    assert at.get("download_button")  # the template and the history downloads
    assert "impor_pemilihan" not in [s.key for s in at.selectbox]  # activities carry their own dates


def test_per_election_kinds_ask_for_the_election(open_page):
    at = open_page(PAGE)
    at.segmented_control(key="impor_jenis").set_value("turnout").run()
    assert not at.exception
    assert at.selectbox(key="impor_pemilihan").value == "pilkada2024"


def test_undoing_an_import_shows_in_the_history(open_page):
    con = db.connect(open_page.db)
    csv = ("tanggal;jenis_kegiatan;kecamatan;kelurahan;penyelenggara;jumlah_peserta\n"
           "01/09/2024;Gerebek Pasar;Bogor Utara;Ciluar;PPS;40\n")
    result = engine.import_bytes(con, csv.encode(), kind="activities", file_name="log.csv", user="ani")
    assert result.rows_kept == 1
    engine.undo_import(con, result.import_id, user="budi")
    con.close()
    at = open_page(PAGE)
    assert not at.exception
    history = at.dataframe[0].value
    assert list(history["Berkas"])[:2] == ["log.csv", "sampel-sintetis-seed-2024"]
    assert list(history["Status"])[:2] == ["dibatalkan", "aktif"]
    # Only active imports can be undone.
    labels = at.selectbox(key="impor_batal_pilih").options
    assert len(labels) == 1 and "sampel" in labels[0]


def test_english(open_page):
    at = open_page(PAGE, bahasa="EN")
    assert not at.exception
    assert at.title[0].value == "Import data"


def test_templates_carry_lists_from_the_database_and_round_trip(sample_db, tmp_path):
    import shutil

    copy = tmp_path / "t.duckdb"
    shutil.copy(sample_db, copy)
    con = db.connect(copy)
    try:
        for kind in templates.TEMPLATE_KINDS:
            book = load_workbook(io.BytesIO(templates.template_xlsx(con, kind)))
            data, lists = book.worksheets[0], book["Daftar"]
            headers = [c.value for c in data[1]]
            assert headers == [h for h, _ in templates.COLUMNS[kind][1]]
            assert data.data_validations.dataValidation, kind
            names = {c.value for col in lists.iter_cols() for c in col}
            if "kecamatan" in headers:
                assert {"Bogor Utara", "Tanah Sareal"} <= names
        activities = templates.template_xlsx(con, "activities")
        book = load_workbook(io.BytesIO(activities))
        assert "Sosialisasi Sekolah" in {c.value for col in book["Daftar"].iter_cols() for c in col}
        # The example row is skipped (operators forget to delete it); a filled template imports.
        result = engine.import_bytes(con, activities, kind="activities", file_name="templat.xlsx", user="t")
        assert result.rows_kept == 0 and result.exit_code == 2
        assert any("Baris contoh" in n for n in result.notes)
        sheet = book.worksheets[0]
        example = [c.value for c in sheet[2]]
        sheet.append(example[:-1] + ["pasar pagi"])
        filled = io.BytesIO()
        book.save(filled)
        result = engine.import_bytes(con, filled.getvalue(), kind="activities", file_name="isi.xlsx", user="t")
        assert (result.exit_code, result.rows_kept, result.rows_rejected) == (0, 1, 0), result
    finally:
        con.close()


def test_plain_text_cannot_inject_markdown():
    shown = plain("![x](http://evil) <b>hi</b>\n**bold**")
    assert "![x](" not in shown and "<b>" not in shown and "**bold**" not in shown
    assert shown.count("  \n") == 1


# Roles on the import page (the signed-in user is placed in the session as the login form would).
from tests.test_auth_pages import app  # noqa: E402,F401  (fixture: opens the dashboard with users)


def test_an_operator_imports_but_cannot_undo(app):
    from analytics.auth.users import User

    at = app(PAGE, add=(("opr", "operator", None),), user=User("opr", "operator"))
    assert not at.exception
    assert at.segmented_control(key="impor_jenis").options == ["Log kegiatan", "Hasil per TPS", "Rekap DPT",
                                                               "Batas wilayah"]
    assert "impor_petugas" not in [w.key for w in at.text_input]  # the signed-in name is used
    assert "impor_batal_pilih" not in [s.key for s in at.selectbox]


def test_an_admin_undoes_but_a_ppk_imports_only_area_files(app):
    from analytics.auth.users import User

    admin = app(PAGE, add=(("adm", "admin", None), ("budi", "ppk", "32.71.05")), user=User("adm", "admin"))
    assert not admin.exception
    assert "impor_batal_pilih" in [s.key for s in admin.selectbox]
    assert admin.segmented_control(key="impor_jenis").options == ["Target"]
    ppk = app(PAGE, user=User("budi", "ppk", "32.71.05"))
    assert not ppk.exception
    assert "Batas wilayah" not in ppk.segmented_control(key="impor_jenis").options
    # A PPK's history lists its own imports only (here none: the sample was loaded by the system).
    assert any("Belum ada impor" in i.value for i in ppk.info)


def test_leadership_cannot_open_the_import_page(app):
    from analytics.auth.users import User

    at = app(PAGE, add=(("ketua", "pimpinan", None),), user=User("ketua", "pimpinan"))
    assert not at.exception
    assert at.title[0].value != "Impor data"


def test_an_undo_leaves_the_maps_extents_current(open_page):
    from analytics import geocache, rollup

    con = db.connect(open_page.db)
    csv = ("tanggal;jenis_kegiatan;kecamatan;kelurahan;penyelenggara;jumlah_peserta\n"
           "01/09/2024;Gerebek Pasar;Bogor Utara;Ciluar;PPS;40\n")
    result = engine.import_bytes(con, csv.encode(), kind="activities", file_name="log.csv", user="ani")
    assert geocache.ready(con)
    # A polygon replaced since the extents were built (as a boundary import does): the page's undo brings them up.
    # (The sample's import id: the undo below must not delete the polygon.)
    con.execute("UPDATE batas_wilayah SET import_id = (SELECT min(import_id) FROM imports) "
                "WHERE kode = (SELECT min(kode) FROM batas_wilayah)")
    stale = rollup.recorded_version(con, geocache.EXTENT_TABLE)
    con.close()
    at = open_page(PAGE)
    at.selectbox(key="impor_batal_pilih").set_value(result.import_id)
    at.checkbox[0].check()
    if at.text_input(key="impor_batal_petugas") is not None:
        at.text_input(key="impor_batal_petugas").input("budi")
    next(b for b in at.button if b.label == "Batalkan impor").click().run()
    assert not at.exception
    assert at.success, "the undo did not happen"
    from ui import data  # the app's own connection: a second one to the file would clash with it

    with data.cursor() as cur:
        now = rollup.recorded_version(cur, geocache.EXTENT_TABLE)
        assert now != stale and now == cur.execute(geocache._VERSION).fetchone()[0]
