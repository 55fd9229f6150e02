"""The CSV mappings shipped with the project, for the exports a department downloads itself.

Meta Business Suite: posts export
---------------------------------
"Insights → Content → Export data" (Facebook page and Instagram account posts), one row per
post. What could be confirmed, from several independent public parsers and their test
fixtures (no official column reference was found):

* English headers ``Post ID``, ``Page ID``/``Account ID``, ``Page name``/``Account name``,
  ``Title``, ``Description``, ``Duration (sec)``, ``Publish time``, ``Permalink``,
  ``Post type``, ``Data comment``, ``Date`` (holds "Lifetime", not a date: it must not be
  taken for the publication date), then the metrics (``Views``, ``Reach``, ...).
* ``Publish time`` written ``MM/DD/YYYY hh:mm`` (``09/27/2026 18:30``); files may start with
  a UTF-8 byte order mark.
* Instagram ``Post type`` values ``IG image``, ``IG carousel``, ``IG reel``.

Assumed, not confirmed: the Facebook ``Post type`` values (``Photos``, ``Videos``,
``Reels``, ``Links``, ``Text``, ``Live``), all the Ukrainian header names and type values
(``Час публікації``, ``Тип допису``, ``Ідентифікатор допису``, ``Фото``, ``Відео``), the
date layout of a Ukrainian interface (``DD.MM.YYYY hh:mm`` is accepted besides the
American one), and that times are in the page's time zone, taken as Kyiv. An
``IG carousel`` counts as a photo post (it may also hold videos).

YouTube Studio: "Table data.csv"
--------------------------------
"Analytics → Advanced mode → Export current view → Comma-separated values" gives a zip
whose ``Table data.csv`` lists the content of the chosen period, one row per video.
Confirmed from public parsers of it: the columns ``Content`` (the video id), ``Video title``,
``Video publish time``, ``Duration``, ``Views``, ``Watch time (hours)`` ...; a first data row
``Total`` with no publish time; dates like ``Sep 14, 2026``. Assumed: the Ukrainian headers
(``Вміст``, ``Назва відео``, ``Час публікації відео``) and Ukrainian dates
(``14 вер. 2026 р.``), and that the date is the channel's local date (taken as Kyiv).
Every row is a video. The table lists the videos *watched* in the chosen period, whenever
they were published, and leaves out videos nobody watched: a month's count is right only if
the export's period covers that month, and a video that got no views at all is missing.
"""

from __future__ import annotations

from .csv_mapping import CsvMapping

META_BUSINESS_SUITE_POSTS = CsvMapping(
    code="meta_business_suite_posts",
    name_uk="експорт дописів Meta Business Suite (Facebook, Instagram)",
    name_en="Meta Business Suite posts export (Facebook, Instagram)",
    date_columns=("Publish time", "Час публікації", "Дата й час публікації", "Час оприлюднення"),
    date_formats=("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S",
                  "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "iso"),
    time_zone="Europe/Kyiv",
    id_columns=("Post ID", "Ідентифікатор допису", "ID допису"),
    type_columns=("Post type", "Тип допису", "Тип публікації"),
    photo_types=("Photo", "Photos", "IG image", "IG carousel", "Фото", "Світлина", "Світлини"),
    video_types=("Video", "Videos", "Reel", "Reels", "IG reel", "Live", "Live video", "Відео",
                 "Відео наживо", "Прямий ефір"),
)

YOUTUBE_STUDIO_TABLE_DATA = CsvMapping(
    code="youtube_studio_table_data",
    name_uk="таблиця YouTube Studio («Table data.csv»)",
    name_en="YouTube Studio table (“Table data.csv”)",
    date_columns=("Video publish time", "Час публікації відео", "Дата публікації відео"),
    date_formats=("%b %d, %Y", "%d %b %Y", "%d %b, %Y", "%Y-%m-%d", "%d.%m.%Y", "iso"),
    time_zone="Europe/Kyiv",
    id_columns=("Content", "Вміст", "Контент"),
    every_row_is="video",
    summary_labels=("Total", "Усього", "Загалом", "Разом"),
)

#: Shipped mappings by code; a catalog's ``[[csv_mappings]]`` block with the same code wins.
PRESETS: dict[str, CsvMapping] = {mapping.code: mapping for mapping in (META_BUSINESS_SUITE_POSTS,
                                                                        YOUTUBE_STUDIO_TABLE_DATA)}
