"""What the Word and PowerPoint writers share: the package's properties and a picture's alt text.

A new python-docx or python-pptx document starts from the library's own template, which
says it was written by "python-docx" or last modified by "Steve Canny" in 2013
(python-docx#1048 and its kin): every property a reader or a document-flow system sees is
set here from the report, and nothing of the template's is left.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from .. import __version__, words
from ..model import TIMEZONE, Report

_DCTERMS = "http://purl.org/dc/terms/"
_APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
APPLICATION = "dept-analysis"


def locale(lang: str) -> str:
    """The language tag documents carry for ``lang`` ("uk-UA", "en-GB")."""
    return words.say("locale", lang)


def kyiv_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` on the department's clock, to the second (a property has no fractions)."""
    return moment.astimezone(TIMEZONE).replace(microsecond=0)


def set_core_properties(properties, report: Report) -> None:
    """Fill a python-docx or python-pptx ``core_properties`` from the report.

    The title is the report's; author and last editor are the department; created and
    modified are the moment the report was made, written with Kyiv's offset
    ("2021-09-01T10:15:00+03:00", a W3CDTF form every office program reads).
    """
    made_at = kyiv_time(report.made_at)
    properties.title = report.title
    properties.subject = ""
    properties.author = report.department
    properties.last_modified_by = report.department
    properties.language = locale(report.lang)
    properties.keywords = report.period
    properties.comments = ""
    properties.category = ""
    properties.revision = 1
    properties.created = made_at
    properties.modified = made_at
    # The libraries write any datetime as if it were UTC ("...Z"): put the real offset back.
    element = properties._element
    for name in ("created", "modified"):
        for node in element.iter(f"{{{_DCTERMS}}}{name}"):
            node.text = made_at.isoformat()
    for node in element.iter("{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastPrinted"):
        node.getparent().remove(node)


def set_app_properties(package, report: Report, **more: str) -> None:
    """Set the extended properties (``docProps/app.xml``): the company is the department and
    the application is this program, not the template's "Microsoft Macintosh Word"; ``more``
    sets others by their element name."""
    part = next((p for p in package.iter_parts() if str(p.partname) == "/docProps/app.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    values = {"Company": report.department, "Application": APPLICATION, "AppVersion": _app_version(),
              "Manager": "", "TotalTime": "0", **more}
    for name, value in values.items():
        node = root.find(f"{{{_APP}}}{name}")
        if node is None:
            node = etree.SubElement(root, f"{{{_APP}}}{name}")
        node.text = value
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _app_version() -> str:
    """The version as app.xml wants it ("XX.YYYY"): 0.1.0 -> "00.0100"."""
    numbers = [int(n) for n in re.findall(r"\d+", __version__)[:3]] + [0, 0, 0]
    return f"{numbers[0]:02d}.{numbers[1]:02d}{numbers[2]:02d}"


def set_alt_text(non_visual_properties, description: str, name: str) -> None:
    """Give a picture its description: Word's ``wp:docPr`` or PowerPoint's ``p:cNvPr``
    (neither library has an API for it)."""
    non_visual_properties.set("descr", description)
    non_visual_properties.set("name", name)


__all__ = ["APPLICATION", "kyiv_time", "locale", "set_alt_text", "set_app_properties", "set_core_properties"]
