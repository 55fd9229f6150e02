"""The council website: RSS 2.0, RSS 1.0 and Atom feeds, the WordPress export, and unsafe XML."""

from __future__ import annotations

import tracemalloc

import pytest
from .channel_helpers import by_month

from dept_analysis.channel_exports import (ExportFormatError, ReadStats, count_posts_by_month, iter_feed_posts,
                                           iter_website_posts, iter_wxr_posts)
from dept_analysis.channel_exports.html_media import html_has_image, html_has_video


def count(reader, path, **kwargs):
    return by_month(count_posts_by_month(reader(path, **kwargs)))


def raises(reader, path) -> ExportFormatError:
    with pytest.raises(ExportFormatError) as caught:
        list(reader(path))
    assert str(path) in str(caught.value) and " / " in str(caught.value)
    return caught.value


RSS2 = {"2021-08": {"posts": 4, "with_photo": 2, "with_video": 1},
        "2021-09": {"posts": 2, "with_photo": 1, "with_video": 0}}
ATOM = {"2021-10": {"posts": 1, "with_photo": 1, "with_video": 0},
        "2021-11": {"posts": 4, "with_photo": 2, "with_video": 0}}
WXR = {"2021-08": {"posts": 6, "with_photo": 2, "with_video": 1},
       "2021-09": {"posts": 1, "with_photo": 1, "with_video": 0}}


def test_rss2_sample(samples):
    path = samples / "website_rss2.xml"
    assert count(iter_feed_posts, path) == RSS2
    assert count(iter_website_posts, path) == RSS2
    posts = list(iter_feed_posts(path))
    assert posts[0].source_id == "https://example.org/?p=1201" and posts[0].month == "2021-09"  # 21:30 UTC, 31 Aug
    assert posts[-1].month == "2021-09"  # "Wed, 01 Sep 2021 00:10:00 +0300"


def test_atom_sample(samples):
    path = samples / "website_atom.xml"
    assert count(iter_feed_posts, path) == ATOM
    posts = list(iter_website_posts(path))
    assert [p.month for p in posts[:2]] == ["2021-10", "2021-11"]  # either side of midnight after DST ended
    assert [p.has_photo for p in posts] == [True, False, True, True, False]  # plain-text "<img" is no image


def test_wordpress_sample_counts_only_published_posts(samples):
    path = samples / "website_wordpress.xml"
    stats = ReadStats()
    assert count(iter_wxr_posts, path, stats=stats) == WXR
    assert stats.items == 13
    assert stats.skipped == {"status:draft": 1, "status:private": 1, "status:future": 1, "post_type:attachment": 1,
                             "post_type:page": 1, "post_type:nav_menu_item": 1}
    posts = {p.source_id: p for p in iter_website_posts(path)}
    assert set(posts) == {"1201", "1150", "1151", "1152", "1170", "1172", "1175"}
    assert posts["1150"].has_photo  # featured image only
    assert posts["1151"].has_photo  # [gallery] shortcode
    assert not posts["1152"].has_photo  # the <img> is in a comment, not in the post
    assert not posts["1175"].has_photo  # _thumbnail_id 0: the featured image was removed
    assert posts["1170"].has_video
    assert posts["1201"].month == "2021-09"
    assert posts["1172"].published.isoformat() == "2021-08-25T10:00:00+03:00"  # no GMT date: local time


def test_rss1_feed(tmp_path):
    path = tmp_path / "rss1.xml"
    path.write_text("""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel rdf:about="https://example.org/"><title>Приклад</title></channel>
  <item rdf:about="https://example.org/1"><title>Один</title><link>https://example.org/1</link>
    <dc:date>2021-08-31T23:30:00+03:00</dc:date><content:encoded>&lt;img src="a.jpg"&gt;</content:encoded></item>
  <item rdf:about="https://example.org/2"><title>Два</title><link>https://example.org/2</link>
    <dc:date>2021-08-31T21:30:00Z</dc:date></item>
</rdf:RDF>""", encoding="utf-8")
    assert count(iter_feed_posts, path) == {"2021-08": {"posts": 1, "with_photo": 1, "with_video": 0},
                                            "2021-09": {"posts": 1, "with_photo": 0, "with_video": 0}}


def test_each_reader_refuses_the_other_kind(samples):
    assert "WordPress export" in str(raises(iter_feed_posts, samples / "website_wordpress.xml"))
    assert "an RSS feed" in str(raises(iter_wxr_posts, samples / "website_rss2.xml"))
    assert "an Atom feed" in str(raises(iter_wxr_posts, samples / "website_atom.xml"))


def _feed(tmp_path, items: str, name="feed.xml"):
    path = tmp_path / name
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Приклад</title>
{items}
</channel></rss>""", encoding="utf-8")
    return path


def test_item_without_date_is_named(tmp_path):
    path = _feed(tmp_path, """
<item><title>Перша</title><pubDate>Tue, 31 Aug 2021 20:00:00 +0000</pubDate></item>
<item><title>Друга новина без дати</title><guid>https://example.org/?p=2</guid></item>""")
    error = raises(iter_feed_posts, path)
    assert "item No. 2 (“Друга новина без дати”)" in str(error) and "запис № 2 («Друга новина без дати»)" in str(error)
    assert "pubDate" in error.expected.en


def test_unreadable_pub_date_is_named(tmp_path):
    path = _feed(tmp_path, "<item><guid>g-1</guid><pubDate>31.08.2021</pubDate></item>")
    error = raises(iter_feed_posts, path)
    assert "item No. 1 (id g-1)" in str(error) and "31.08.2021" in str(error) and "RFC 822" in str(error)


def test_unreadable_atom_date_is_named(tmp_path):
    path = tmp_path / "atom.xml"
    path.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Т</title>'
                    "<published>вчора</published></entry></feed>", encoding="utf-8")
    assert "item No. 1 (“Т”)" in str(raises(iter_feed_posts, path))


def test_wxr_item_without_type_is_named(tmp_path):
    path = tmp_path / "wxr.xml"
    path.write_text("""<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.1/"><channel>
<item><title>Допис</title><wp:post_id>42</wp:post_id><wp:status>publish</wp:status></item>
</channel></rss>""", encoding="utf-8")
    error = raises(iter_wxr_posts, path)
    assert "item No. 1 (id 42, “Допис”)" in str(error) and "wp:post_type" in str(error)


def test_wxr_unreadable_date_is_named(tmp_path):
    path = tmp_path / "wxr.xml"
    path.write_text("""<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<item><wp:post_id>43</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:post_date_gmt>31.08.2021</wp:post_date_gmt></item></channel></rss>""", encoding="utf-8")
    assert "item No. 1 (id 43)" in str(raises(iter_wxr_posts, path))


def test_damaged_xml_names_the_line(tmp_path):
    path = _feed(tmp_path, "<item><title>Перша</title>\n<pubDate>Tue, 31 Aug 2021 20:00:00 +0000</pubDate>\n</itm>")
    error = raises(iter_feed_posts, path)
    assert "line 5" in str(error) and "рядок 5" in str(error) and "damaged or not XML" in str(error)


@pytest.mark.parametrize("document", [
    # "Billion laughs": entities that expand into gigabytes.
    """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><item><title>&lol2;</title></item></channel></rss>""",
    # An external entity that would read a local file.
    """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>""",
    # A web page saved instead of the feed.
    """<!DOCTYPE html><html><body><p>Новини</p></body></html>""",
])
def test_documents_with_a_dtd_are_refused(tmp_path, document):
    path = tmp_path / "feed.xml"
    path.write_text(document, encoding="utf-8")
    error = raises(iter_website_posts, path)
    assert "DOCTYPE" in str(error) and "refused for safety" in str(error)


def test_not_a_feed(tmp_path):
    path = tmp_path / "page.xml"
    path.write_text("<html><body/></html>", encoding="utf-8")
    assert "root element <html>" in str(raises(iter_website_posts, path))
    empty = tmp_path / "empty.xml"
    empty.write_text("", encoding="utf-8")
    assert "empty" in str(raises(iter_website_posts, empty))


def test_large_wordpress_export_keeps_one_item_in_memory(tmp_path):
    # 5 000 items with comments (6 MB): the tree must be emptied as the file is read.
    item = ("<item><title>Допис {i}</title><content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>"
            "<wp:post_id>{i}</wp:post_id><wp:post_date_gmt>2021-08-{day:02d} 10:00:00</wp:post_date_gmt>"
            "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
            "<wp:comment><wp:comment_content>{text}</wp:comment_content></wp:comment></item>\n")
    path = tmp_path / "big.xml"
    with path.open("w", encoding="utf-8") as out:
        out.write('<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
                  'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>\n')
        for i in range(5_000):
            out.write(item.format(i=i, day=i % 28 + 1, text="текст " * 40))
        out.write("</channel></rss>\n")
    tracemalloc.start()
    try:
        months = count_posts_by_month(iter_wxr_posts(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert months["2021-08"].posts == 5_000
    assert peak < path.stat().st_size / 20, (peak, path.stat().st_size)


@pytest.mark.parametrize("date, month", [
    ("Tue, 31 Aug 2021 23:30:00 EEST", "2021-08"),   # Kyiv summer time: 20:30 UTC, still August
    ("Fri, 01 Oct 2021 00:30:00 EEST", "2021-10"),   # not 21:30 UTC of 30 September read as UTC
    ("Wed, 01 Dec 2021 00:30:00 EET", "2021-12"),
    ("Tue, 31 Aug 2021 23:30:00 CEST", "2021-09"),   # 21:30 UTC is 00:30 in Kyiv
    ("Tue, 31 Aug 2021 23:30:00", "2021-08"),        # no zone at all: the site's own clock, in Kyiv
    ("Tue, 31 Aug 2021 20:30:00 -0000", "2021-08"),  # RFC 2822: UTC, source zone unknown
])
def test_rss_dates_in_the_zones_ukrainian_sites_write(tmp_path, date, month):
    path = _feed(tmp_path, f"<item><guid>g-1</guid><pubDate>{date}</pubDate></item>")
    assert [post.month for post in iter_feed_posts(path)] == [month]


def test_an_rss_date_in_an_unknown_zone_is_refused(tmp_path):
    path = _feed(tmp_path, "<item><guid>g-1</guid><pubDate>Tue, 31 Aug 2021 23:30:00 XYZ</pubDate></item>")
    error = raises(iter_feed_posts, path)
    assert "XYZ" in str(error) and "часовий пояс" in str(error)


def test_an_item_listed_twice_in_one_feed_is_one_post(tmp_path):
    from dept_analysis.channel_exports import ExportSpec, count_export_files

    item = "<item><guid>g-1</guid><pubDate>Tue, 10 Aug 2021 10:00:00 +0300</pubDate></item>"
    path = _feed(tmp_path, item + item + item.replace("g-1", "g-2"))
    spec = ExportSpec(number=1, channel="website", kind="feed", files=(), metrics={"posts": "news"})
    assert count_export_files(spec, [path]).months["2021-08"].posts == 2


def test_a_picture_inside_an_html_comment_is_no_picture():
    assert not html_has_image("<p>Текст</p><!-- <img src='old.jpg'> -->")
    assert html_has_image("<!-- wp:image --><figure><img src='new.jpg'></figure><!-- /wp:image -->")


def test_a_cover_block_with_a_background_photo_is_a_picture():
    # The block editor's cover block before WordPress 5.7: the photo is the block's background.
    cover = ('<!-- wp:cover {"url":"https://nizhynrada.gov.ua/ploshcha.jpg","id":41} -->\n'
             '<div class="wp-block-cover has-background-dim" style="background-image:url(https://nizhynrada.gov.ua/'
             'ploshcha.jpg)"><div class="wp-block-cover__inner-container"><p>Площа</p></div></div>\n'
             '<!-- /wp:cover -->')
    assert html_has_image(cover, shortcodes=True)
    assert html_has_image("<div style='background: #fff url(\"a.jpg\") no-repeat'>Текст</div>")
    assert not html_has_image('<div style="background-color:#fff">Текст про background-image:url(a.jpg)</div>')


@pytest.mark.parametrize("text, shown", [
    ("Сесія міської ради.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nДалі текст.", True),
    ("<p>https://youtu.be/dQw4w9WgXcQ</p>", True),
    ("Відео: https://vimeo.com/76979871\n", False),          # inside a sentence: a reference
    ('<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">запис</a>', False),  # a link's target
    ("https://www.youtube.com/channel/UCabc\n", False),      # a channel, not a video
])
def test_a_video_address_alone_on_its_line_is_a_video_in_wordpress_text(text, shown):
    assert html_has_video(text, auto_embed=True) is shown
    assert not html_has_video(text)  # in a feed's HTML the same line is text
