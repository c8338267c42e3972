"""The running dashboard in headless Chromium: pages render at desktop and phone width, sidebar filters live in
the URL (a shared link reproduces the view), the language switch and the reset button work like a user expects.

Run with `python -m pytest tests/test_browser.py -q` (or `-m browser`). Skipped when /usr/bin/chromium is missing,
unless JANGKAU_BROWSER_TESTS=required (CI), where a missing browser is an error.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import browser_support as bs

REQUIRED = os.environ.get("JANGKAU_BROWSER_TESTS", "").lower() == "required"

if not bs.CHROMIUM.exists():
    if REQUIRED:
        raise RuntimeError(f"JANGKAU_BROWSER_TESTS=required but {bs.CHROMIUM} is missing (apt-get install chromium)")
    pytest.skip(f"browser tests need Debian's Chromium at {bs.CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    if REQUIRED:
        raise
    pytest.skip("browser tests need the playwright package (pip install -r requirements-dev.txt)",
                allow_module_level=True)

pytestmark = pytest.mark.browser

# (name used in screenshot files, URL path). Add a page here when it joins `pages` in dashboard.py;
# st.navigation derives the path from the file name (pages/wilayah.py → /wilayah), the default page is "/".
PAGES = [
    ("ringkasan", "/"),
    ("wilayah", "/wilayah"),
    ("pemula_disabilitas", "/pemula_disabilitas"),
    ("partisipasi", "/partisipasi"),
    ("impor", "/impor"),
]
WIDTHS = {"desktop": (1400, 900), "phone": (390, 844)}
SCREENSHOTS = bs.ROOT / "artifacts" / "screenshots"
KEGIATAN = "Kegiatan"
SIDEBAR = '[data-testid="stSidebar"]'


@pytest.fixture(scope="module")
def server(sample_db, tmp_path_factory):
    """One dashboard server for the module, on a private copy of the session's sample database."""
    copy = tmp_path_factory.mktemp("browser") / "app.duckdb"
    shutil.copy(sample_db, copy)
    srv = bs.start_server(copy)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = bs.launch_chromium(p)
        yield b
        b.close()


@pytest.fixture()
def new_page(browser):
    """A factory for pages in fresh browser contexts (a fresh context = a fresh Streamlit session)."""
    contexts = []

    def make(width: int = 1400, height: int = 900, **options):
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID", **options)
        ctx.set_default_timeout(30_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="module")
def unfiltered_kegiatan(server, browser) -> str:
    """The "Kegiatan" tile with no filter set."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    bs.goto(page, server.url + "/")
    value = bs.metric(page, KEGIATAN)
    ctx.close()
    return value


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def sidebar(page):
    return page.locator(SIDEBAR)


def multiselect_tags(page, key: str):
    """The tags of a sidebar multiselect's chosen options."""
    return page.locator(f".st-key-{key} .react-aria-ComboBox [data-testid='stMultiSelectTagsContainer'] [data-tag]")


def multiselect_values(page, key: str) -> list[str]:
    """The chosen options of a sidebar multiselect, as its tags show them."""
    return [t.get_attribute("aria-label") for t in multiselect_tags(page, key).all()]


def pick_in_multiselect(page, key: str, option: str) -> None:
    """Open a sidebar multiselect like a user and click one option."""
    page.locator(f".st-key-{key} input[role='combobox']").click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    bs.wait_idle(page)


def view(page) -> str:
    """What the main area says (titles, tiles, captions, chart text): equal text means the same view."""
    return page.locator('[data-testid="stMain"]').inner_text()


def assert_healthy(page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"the page shows an exception:\n{exceptions.first.inner_text()}"


@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_page_renders(server, new_page, name, path, width_name):
    page = new_page(*WIDTHS[width_name])
    bs.goto(page, server.url + path)
    assert_healthy(page)
    h1 = page.locator("h1").first
    expect(h1).to_be_visible()
    assert h1.inner_text().strip(), "the page title (h1) is empty"
    notice = page.get_by_text("Data sampel sintetis")
    expect(notice.first).to_be_visible()
    bs.screenshot(page, SCREENSHOTS / f"{name}-{width_name}.png")


# A phone as Chromium's device list has it (an iPhone 14's screen and user agent).
PHONE = {"user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                       "Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
         "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
# Where the first map's areas (or points) lie and what it shows, as [west, south, east, north] (MapLibre's own bounds).
_MAP_EXTENT = """() => {
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const sub = gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    if (!sub) continue;
    let [w, s, e, n] = [180, 90, -180, -90];
    const walk = (c) => {
      if (typeof c[0] === 'number') { w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]); }
      else c.forEach(walk);
    };
    for (const trace of gd._fullData) {
      if (trace.type === 'choroplethmap') for (const f of trace.geojson.features) walk(f.geometry.coordinates);
      if (trace.type === 'scattermap') Array.from(trace.lon).forEach((x, i) => walk([x, trace.lat[i]]));
    }
    const b = sub.map.getBounds();
    return {areas: [w, s, e, n], shown: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]};
  }
  return null;
}"""


@pytest.mark.parametrize(("name", "path"), [("ringkasan", "/"), ("partisipasi", "/partisipasi"),
                                           ("wilayah", "/wilayah")])
def test_on_a_phone_the_map_shows_every_area(server, new_page, name, path):
    # The zoom is fixed when the figure is built: framed for a computer's width, a phone's narrower map cut off the
    # city's eastern and western kecamatan (and the activity map, under its legend, the north and south).
    page = new_page(*WIDTHS["phone"], **PHONE)
    bs.goto(page, server.url + path)
    page.locator(".js-plotly-plot .maplibregl-canvas").first.wait_for()
    page.wait_for_timeout(1_000)
    extent = page.evaluate(_MAP_EXTENT)
    assert extent, "the page should show a map"
    (w, s, e, n), (sw, ss, se, sn) = extent["areas"], extent["shown"]
    chart = page.locator(".js-plotly-plot", has=page.locator(".maplibregl-canvas")).first
    chart.scroll_into_view_if_needed()
    chart.screenshot(path=str(SCREENSHOTS / f"{name}-phone-map.png"))
    assert sw <= w and se >= e and ss <= s and sn >= n, f"areas {extent['areas']} not all within {extent['shown']}"


def test_a_filter_picked_in_the_sidebar_is_in_the_url_and_survives_a_fresh_session(server, new_page):
    page = new_page()
    bs.goto(page, server.url + "/")
    unfiltered_kegiatan = bs.metric(page, KEGIATAN)
    pick_in_multiselect(page, "kec", "Bogor Utara")
    assert multiselect_values(page, "kec") == ["Bogor Utara"]
    assert re.search(r"[?&]kec=Bogor(\+|%20)Utara(&|$)", page.url), f"URL not updated with the filter: {page.url}"
    filtered = bs.metric(page, KEGIATAN)
    assert filtered != unfiltered_kegiatan, f"Kegiatan unchanged ({filtered}) after filtering to Bogor Utara"

    shared = page.url
    other = new_page()
    bs.goto(other, shared)
    assert_healthy(other)
    assert multiselect_values(other, "kec") == ["Bogor Utara"], f"shared link {shared} lost the kecamatan"
    assert bs.metric(other, KEGIATAN) == filtered, f"shared link {shared} shows different figures"


def test_language_switch_is_in_the_url_and_survives_a_fresh_session(server, new_page):
    page = new_page()
    bs.goto(page, server.url + "/")
    sidebar(page).get_by_role("radio", name="EN", exact=True).click()
    bs.wait_idle(page)
    assert query(page).get("bahasa") == ["EN"], f"URL does not carry bahasa=EN: {page.url}"
    expect(page.locator("h1").first).to_have_text("Outreach overview")

    other = new_page()
    bs.goto(other, page.url)
    assert_healthy(other)
    expect(other.locator("h1").first).to_have_text("Outreach overview")


def test_reset_clears_the_filters_and_the_url(server, new_page, unfiltered_kegiatan):
    page = new_page()
    bs.goto(page, server.url + "/?kec=Bogor+Utara&jenis=Gerebek+Pasar")
    assert multiselect_values(page, "kec") == ["Bogor Utara"]
    assert bs.metric(page, KEGIATAN) != unfiltered_kegiatan
    sidebar(page).get_by_role("button", name="Atur ulang saringan").click()
    bs.wait_idle(page)
    # The URL is written after the run that resets the widgets; on a busy machine that can follow the quiet period.
    try:
        page.wait_for_url(lambda url: not {"kec", "jenis"} & set(parse_qs(urlsplit(url).query)), timeout=15_000)
    except PlaywrightTimeout:
        pass  # the assertion below says what is left
    params = query(page)
    assert "kec" not in params and "jenis" not in params, f"reset left filters in the URL: {page.url}"
    assert multiselect_values(page, "kec") == [] and multiselect_values(page, "jenis") == []
    assert bs.metric(page, KEGIATAN) == unfiltered_kegiatan


def test_a_filter_survives_a_page_switch(server, new_page):
    if len(PAGES) < 2:
        pytest.skip("only one page in PAGES: nothing to switch to yet")
    (_, first), (_, second) = PAGES[0], PAGES[1]
    page = new_page()
    bs.goto(page, server.url + first + "?kec=Bogor+Utara")
    slug = second.strip("/")
    sidebar(page).locator(f'[data-testid="stSidebarNav"] a[href*="/{slug}"]').first.click()
    page.wait_for_url(re.compile(rf"/{re.escape(slug)}(\?|$)"))
    bs.wait_idle(page)
    assert_healthy(page)
    assert query(page).get("kec") == ["Bogor Utara"], f"the kecamatan filter was lost on the page switch: {page.url}"
    assert multiselect_values(page, "kec") == ["Bogor Utara"]


# Pages whose view depends on the sidebar filters (the import page only takes the election from them).
FILTERED = [(name, path) for name, path in PAGES[1:] if name != "impor"]


@pytest.mark.parametrize(("name", "path"), FILTERED, ids=[name for name, _ in FILTERED])
def test_every_page_reopens_from_a_copied_link_with_the_same_view(server, new_page, name, path):
    page = new_page()
    bs.goto(page, server.url + path)
    before = view(page)
    pick_in_multiselect(page, "kec", "Bogor Utara")
    assert_healthy(page)
    after = view(page)
    assert after != before, f"{name}: the figures did not change after filtering to Bogor Utara"
    assert urlsplit(page.url).path == path, f"{name}: the filter moved the view to {page.url}"
    # The address follows the filter in a rerun of its own: on a loaded machine that may come after the page has
    # been still for the settle time (it once failed so under a benchmark beside it). Copy it once it has.
    page.wait_for_url(re.compile(r"[?&]kec=Bogor(\+|%20)Utara"), timeout=30_000)

    other = new_page()
    bs.goto(other, page.url)
    assert_healthy(other)
    assert urlsplit(other.url).path == path
    expect(multiselect_tags(other, "kec")).to_have_count(1)
    assert multiselect_values(other, "kec") == ["Bogor Utara"], f"{name}: the copied link lost the kecamatan"
    assert view(other) == after, f"{name}: the copied link {page.url} shows different figures"
    assert other.locator("h1").first.inner_text() == page.locator("h1").first.inner_text()


def test_a_shared_link_to_a_sub_page_works_as_the_first_request_after_a_server_start(sample_db, tmp_path, new_page):
    # Regression: with a pages/ folder Streamlit ran the first request in legacy mode (no dashboard.py, so no
    # sidebar and no filters) until some run had called st.navigation.
    copy = tmp_path / "fresh.duckdb"
    shutil.copy(sample_db, copy)
    fresh = bs.start_server(copy)
    try:
        page = new_page()
        bs.goto(page, fresh.url + "/wilayah?kec=Bogor+Utara")
        assert_healthy(page)
        expect(page.locator("h1").first).to_have_text(re.compile("^Wilayah"))
        assert multiselect_values(page, "kec") == ["Bogor Utara"], f"the first request lost its filters: {page.url}"
        expect(sidebar(page).locator('[data-testid="stSidebarNav"]')).to_be_visible()
    finally:
        fresh.stop()


MESSY_LOG = (
    "LAPORAN KEGIATAN SOSIALISASI PPK BOGOR UTARA\n"
    ";;;;;;;\n"
    "Tgl;Jenis;Kec.;Desa/Kel;Pelaksana;Jml Peserta;Pemilih Pemula;Nama Peserta;No HP\n"
    "02/09/2024;Gerebek Pasar;Kec. Bogor Utara;Ciluar;PPK;45;5;Siti Aminah;081234567890\n"
    "03/09/2024;Sosialisasi RW;BOGOR UTARA;Cibuluh;PPS;20;30;Budi Santoso;081298765432\n"
    "JUMLAH;;;;;65;35;;\n"
)


def test_an_operator_imports_a_messy_file_reads_what_was_refused_and_undoes_it(sample_db, tmp_path, new_page):
    with bs.served_copy(sample_db, tmp_path, "impor.duckdb") as (srv, _):
        upload = tmp_path / "log ppk bogor utara.csv"
        upload.write_bytes(MESSY_LOG.encode("cp1252"))
        page = new_page()
        bs.goto(page, srv.url + "/impor")
        # The Excel template is written when its button is clicked (nationally it takes seconds).
        with page.expect_download() as info:
            page.locator(".st-key-impor_templat_activities button").click()
        from openpyxl import load_workbook

        from analytics.importing import templates

        assert info.value.suggested_filename == "templat-activities.xlsx"
        with open(info.value.path(), "rb") as f:
            book = load_workbook(io.BytesIO(f.read()))
        headers = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
        assert headers == [h for h, _ in templates.COLUMNS["activities"][1]]
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        page.locator(".st-key-impor_petugas input").fill("Operator Uji")
        page.get_by_role("button", name="Impor", exact=True).click()
        bs.wait_idle(page)
        assert_healthy(page)
        main = view(page)
        assert "Diterima: 1 baris" in main and "Ditolak: 1 baris" in main, main[:2000]
        assert "Kolom data pribadi dibuang" in main
        assert "Siti Aminah" not in main and "081234567890" not in main
        expect(page.get_by_text("Baris yang ditolak", exact=True)).to_be_visible()
        bs.screenshot(page, SCREENSHOTS / "impor-hasil-desktop.png")

        chooser = page.locator(".st-key-impor_batal_pilih input")
        chooser.click()
        chooser.fill("log ppk")
        page.keyboard.press("Enter")
        bs.wait_idle(page)
        page.get_by_text("Saya yakin: hapus semua baris impor ini").click()
        page.locator(".st-key-impor_batal_petugas input").fill("Operator Uji")
        page.get_by_role("button", name="Batalkan impor").click()
        bs.wait_idle(page)
        assert re.search(r"Impor #\d+ \(log ppk bogor utara.csv\) dibatalkan: 1 baris dihapus", view(page)), view(page)


def test_with_users_only_the_login_shows_then_the_pages_of_the_role(sample_db, tmp_path, new_page):
    from analytics.auth import users

    def one_ppk(con) -> None:
        users.add_user(con, "budi", "ppk", "kata-sandi-kuat-1", area="32.71.05")

    with bs.served_copy(sample_db, tmp_path, "login.duckdb", one_ppk) as (srv, _):
        page = new_page()
        bs.goto(page, srv.url + "/wilayah?kec=Bogor+Tengah")
        expect(page.locator("h1").first).to_have_text("Masuk ke Jangkau")
        # Regression: before st.navigation ran, Streamlit listed every file of pages/ in the sidebar.
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        assert "Kegiatan" not in view(page) and "Bogor" not in view(page)
        page.locator(".st-key-masuk_nama input").fill("budi")
        page.locator(".st-key-masuk_sandi input").fill("kata-sandi-kuat-1")
        page.get_by_role("button", name="Masuk").click()
        bs.wait_idle(page)
        assert_healthy(page)
        expect(sidebar(page).locator('[data-testid="stSidebarNav"]')).to_be_visible()
        assert page.locator('[data-testid="stSidebarNav"] a[href*="audit"]').count() == 0
        # A PPK of Bogor Utara is offered only its own kecamatan, whatever a URL asked for.
        page.locator(".st-key-kec input[role='combobox']").click()
        options = [o.inner_text() for o in page.get_by_role("option").all()]
        page.keyboard.press("Escape")
        assert options == ["Bogor Utara"], options


def test_a_download_is_built_on_click_neutralises_formulas_and_is_audited(sample_db, tmp_path, new_page):
    from analytics import db

    def plant_formula(con) -> None:
        # A venue name an attacker could plant in a log: Excel would run it as a formula.
        con.execute("UPDATE activities SET lokasi = '=HYPERLINK(\"http://x\")' WHERE id_kegiatan = "
                    "(SELECT max(id_kegiatan) FROM activities)")

    with bs.served_copy(sample_db, tmp_path, "unduh.duckdb", plant_formula) as (srv, copy):
        page = new_page()
        bs.goto(page, srv.url + "/wilayah")
        assert_healthy(page)
        button = page.locator(".st-key-log-csv button")
        with page.expect_download() as info:
            button.click()
        download = info.value
        assert download.suggested_filename == "jangkau-log-kegiatan.csv"
        body = open(download.path(), encoding="utf-8-sig").read()
        assert body.splitlines()[0].startswith("Tanggal"), body[:200]
        # The screen shows the newest 1.000; the file holds every activity of the selection.
        assert len(list(csv.reader(io.StringIO(body)))) - 1 > 1_000
        assert "'=HYPERLINK" in body and ',=HYPERLINK' not in body
        bs.wait_idle(page)
    con = db.connect(copy)
    rows = con.execute("SELECT peristiwa, rincian FROM audit_log WHERE peristiwa = 'ekspor'").fetchall()
    con.close()
    assert len(rows) == 1 and "jangkau-log-kegiatan.csv" in str(rows[0][1]), rows
