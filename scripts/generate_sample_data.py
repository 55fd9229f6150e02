"""Write the sample data: 24 monthly workbooks, 2020-01 to 2021-12, into ``data/``.

August 2021 is the department's published report (the figures and paragraphs of the
hand-written report for that month). Every other month is illustrative: drawn here with a
fixed random seed around the August 2021 level, with a seasonal pattern (quiet January and
summer, busy autumn and December) and a slow upward trend. Run again and the files come
out the same:

    python scripts/generate_sample_data.py [DATA_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from dept_analysis import config
from dept_analysis.catalog import load_catalog
from dept_analysis.workbook import month_file_name, write_workbook

SEED = 20210831
PUBLISHED_MONTH = pd.Period("2021-08", "M")

# From the published August 2021 report. The report gives totals only; the split of the
# 296 news items across channels is ours (see data/README.md), the totals are exact.
PUBLISHED_COUNTS = [
    ("Новини та інші інформаційні матеріали", "Офіційний веб-сайт міської ради", 214),
    ("Новини та інші інформаційні матеріали", "Сторінка в соціальній мережі", 49),
    ("Новини та інші інформаційні матеріали", "Веб-сайт обласної ради", 12),
    ("Новини та інші інформаційні матеріали", "Друковані ЗМІ", 14),
    ("Новини та інші інформаційні матеріали", "Телебачення", 7),
    ("Нормативні акти та проєкти для обговорення", "Офіційний веб-сайт міської ради", 248),
    ("Матеріали з фото", "Офіційний веб-сайт міської ради", 68),
    ("Відеосюжети", "Сторінка в соціальній мережі", 19),
]

PUBLISHED_ACTIVITIES = [
    ("Аналітична робота",
     "Відділ аналізував діяльність політичних партій та громадських організацій в місті, проводив заходи, "
     "спрямовані на взаємодію роботи міськвиконкому з політичними партіями та громадськими організаціями у справі "
     "здійснення соціально-економічних перетворень."),
    ("Засоби масової інформації",
     "Сприяли висвітленню засобами масової інформації міста діяльності Ніжинської міської ради та її виконавчого "
     "комітету."),
    ("Засоби масової інформації",
     "Надавалася в ЗМІ: інформації, статті, повідомлення, оголошення, привітання, анонси."),
    ("Засоби масової інформації",
     "Підготовлено замовлення для висвітлення діяльності Ніжинської міської ради, її виконавчого комітету, міського "
     "голови міста Ніжина, депутатів міської ради, виконавчих органів Ніжинської міської ради і посадових осіб "
     "виконавчого комітету Ніжинської міської ради аудіовізуальними та друкованими засобами масової інформації "
     "регіонального та місцевого розповсюдження у ТОВ «Редакція газети «Свідомий погляд», ТОВ «Чернігівська "
     "Деснянська Правда» та ТОВ ТРК «ТІМ»."),
    ("Взаємодія з обласною радою",
     "Інформуємо Чернігівську обласну раду щодо найважливіших подій та досягнень у різних сферах життя Ніжинської "
     "громади для розміщення інформації у рубриці «Новини громад» на офіційному веб-сайті Чернігівської обласної "
     "ради (http://chor.gov.ua/)."),
    ("Моніторинг", "Проводився постійний моніторинг місцевих та обласних ЗМІ та інтернет-сайтів."),
    ("Місцеві петиції",
     "Спеціалістами відділу велося постійне модерування та обслуговування Єдиної системи місцевих петиції, до якої "
     "підключена і Ніжинська міська рада."),
    ("Взаємодія з облдержадміністрацією",
     "Спеціалісти відділу здійснюють інформування Департаменту інформаційної діяльності та комунікацій з "
     "громадськістю Чернігівської обласної державної адміністрації щодо суспільно-політичної ситуації в Ніжині."),
    ("Наради та зустрічі",
     "Посадові особи відділу підготували та провели онлайн робочу зустріч щодо механізмів участі у Ніжинській "
     "територіальній громаді."),
    ("Проєкти рішень",
     "Підготовлено проєкт рішення та рішення виконавчого комітету «Про фінансування заходів міської цільової програми "
     "з виконання власних повноважень Ніжинської міської ради», рішення Ніжинської міської ради «Про внесення змін до "
     "додатку № 2 «Міська цільова програма з виконання власних повноважень Ніжинської міської ради на 2021 рік» до "
     "рішення Ніжинської міської ради від 24 грудня 2020 року №3-4/2020 «Про затвердження бюджетних програм місцевого "
     "значення на 2021 рік», Про затвердження Положення про Громадський бюджет (бюджет участі) Ніжинської "
     "територіальної громади, «Про внесення змін до підпункту 3.1. пункту 3., п.п. 3.4.2., 3.4.3. підпункту 3.4. "
     "пункту 3 рішення Ніжинської міської ради від 04 лютого 2021 року №5-6/2021 «Про визначення "
     "проектів-переможців громадського бюджету 2021 року та подальше їх фінансування»»."),
    ("Наради та зустрічі",
     "Посадовими особами взято участь у нарадах, засіданнях, зустрічах та інших заходах, організованих структурними "
     "підрозділами виконавчих органів ради."),
]

# Illustrative months reuse the standing paragraphs of the published report, plus one or two
# of these month-specific ones.
ILLUSTRATIVE_EXTRAS = [
    ("Наради та зустрічі", "Проведено робочу зустріч із представниками громадських організацій міста щодо "
                           "підготовки місцевих ініціатив."),
    ("Наради та зустрічі", "Організовано пресконференцію міського голови для представників місцевих ЗМІ."),
    ("Проєкти рішень", "Підготовлено проєкт рішення виконавчого комітету про відзначення працівників місцевих "
                       "засобів масової інформації."),
    ("Громадський бюджет", "Забезпечено інформаційний супровід голосування за проєкти громадського бюджету."),
    ("Засоби масової інформації", "Підготовлено та розіслано анонси заходів до міських свят для місцевих ЗМІ."),
]
STANDING = [0, 1, 2, 4, 5, 6, 7, 10]

# Seasonal factors, January to December: holidays in January and summer, sessions in autumn.
SEASON = np.array([0.84, 0.95, 1.04, 1.03, 0.99, 0.96, 0.90, 0.92, 1.07, 1.10, 1.07, 1.13])
NEWS_SPLIT = {"website": 0.72, "social": 0.17, "regional_site": 0.04, "press": 0.05, "tv": 0.02}


def _illustrative_counts(month: pd.Period, rng: np.random.Generator) -> list[tuple[str, str, int]]:
    months_from_published = (month - PUBLISHED_MONTH).n
    trend = 1 + 0.006 * months_from_published
    season = SEASON[month.month - 1] / SEASON[PUBLISHED_MONTH.month - 1]

    def draw(level: float, spread: float = 0.06) -> int:
        return max(0, int(round(level * trend * season * rng.normal(1, spread))))

    rows = []
    news = draw(296)
    shares = rng.dirichlet(np.array(list(NEWS_SPLIT.values())) * 400)
    parts = np.floor(shares * news).astype(int)
    parts[0] += news - parts.sum()
    rows += [("news", channel, int(n)) for channel, n in zip(NEWS_SPLIT, parts)]
    rows.append(("draft_acts", "website", draw(248, 0.12)))
    rows.append(("photo_materials", "website", draw(68, 0.10)))
    # The media centre's video output grew through 2020-2021.
    rows.append(("video_stories", "social", max(1, int(round(19 * (1 + 0.03 * months_from_published)
                                                                * season * rng.normal(1, 0.15))))))
    return rows


def main(data_dir: Path = config.DATA_DIR) -> None:
    """Write the 24 sample workbooks into ``data_dir`` (which must hold catalog.toml)."""
    catalog = load_catalog(data_dir)
    rng = np.random.default_rng(SEED)
    for month in pd.period_range("2020-01", "2021-12", freq="M"):
        counts = _illustrative_counts(month, rng)  # drawn for every month, so the stream is stable
        if month == PUBLISHED_MONTH:
            counts, activities = PUBLISHED_COUNTS, PUBLISHED_ACTIVITIES
        else:
            picks = rng.choice(len(ILLUSTRATIVE_EXTRAS), size=2, replace=False)
            activities = [PUBLISHED_ACTIVITIES[i] for i in STANDING] + [ILLUSTRATIVE_EXTRAS[i] for i in sorted(picks)]
        write_workbook(data_dir / month_file_name(month), catalog, month, counts, activities)
    print(f"wrote 24 workbooks to {data_dir}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else config.DATA_DIR)
