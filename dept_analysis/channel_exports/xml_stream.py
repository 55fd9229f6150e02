"""Reading a large XML export safely, one record (feed item, WordPress post) at a time.

Safety: the parser is defusedxml's (``forbid_dtd=True``), so a file that declares a document
type is refused before any entity can be expanded: no "billion laughs", no external
entities. Feeds and WordPress exports never need a DTD.

Memory: :func:`xml.etree.ElementTree.iterparse` builds the tree as it reads; each record is
handed over when its end tag is read and then removed from its parent, and so is every other
element at the records' level (WordPress's authors, categories and terms), so the tree never
holds more than the record being read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from os import PathLike
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from .errors import ExportFormatError, Words, line_where
from .export_files import is_empty, open_export


def split_tag(tag: str) -> tuple[str, str]:
    """``"{namespace}local"`` -> ``("namespace", "local")``; no namespace gives ``""``."""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


class XmlRecords:
    """The records of an XML file, read as a stream.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    expected : Words
        What the file should be, for error messages ("an RSS 2.0 or Atom feed").

    Examples
    --------
    >>> reader = XmlRecords("feed.xml", Words.say("import.feed.expected"))   # doctest: +SKIP
    >>> root, namespaces = reader.root()                               # doctest: +SKIP
    >>> for element in reader.records(lambda tag, depth: depth == 3 and tag == "item"):
    ...     ...                                                        # doctest: +SKIP
    """

    def __init__(self, path: str | PathLike[str], expected: Words):
        self.path = Path(path)
        self.expected = expected
        self._handle = open_export(path)
        if is_empty(self._handle):
            self._handle.close()
            raise ExportFormatError(self.path, None, Words.say("import.file.empty"), expected)
        self._events = iterparse(self._handle, events=("start-ns", "start", "end"), forbid_dtd=True)
        self._stack: list[Element] = []
        self.namespaces: set[str] = set()
        self._root: Element | None = None

    def close(self) -> None:
        """Close the file (also done when the records are exhausted or on error)."""
        self._handle.close()

    def __enter__(self) -> XmlRecords:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _next(self):
        try:
            return next(self._events)
        except StopIteration:
            return None
        except ParseError as error:
            line = error.position[0] if getattr(error, "position", None) else None
            detail = str(error).split(":")[0]
            raise ExportFormatError(self.path, line_where(line) if line else None,
                                    Words.say("import.xml.damaged", detail=detail), self.expected) from None
        except DefusedXmlException:
            raise ExportFormatError(self.path, None, Words.say("import.xml.doctype"), self.expected) from None

    def root(self) -> tuple[str, set[str]]:
        """Read up to the root element's start tag.

        Returns
        -------
        tuple of (str, set of str)
            The root's tag (``"rss"``, ``"{http://www.w3.org/2005/Atom}feed"``) and the
            namespace URIs declared so far (those declared on the root).
        """
        while self._root is None:
            item = self._next()
            if item is None:
                raise ExportFormatError(self.path, None, Words.say("import.xml.no_element"), self.expected)
            event, payload = item
            if event == "start-ns":
                self.namespaces.add(payload[1])
            elif event == "start":
                self._root = payload
                self._stack.append(payload)
        return self._root.tag, set(self.namespaces)

    def records(self, is_record: Callable[[str, int], bool], record_depth: int) -> Iterator[Element]:
        """Yield each complete record element, in document order.

        Parameters
        ----------
        is_record : callable(tag, depth) -> bool
            Whether an element is a record; depth 1 is the root.
        record_depth : int
            The depth records sit at; every element ending at that depth is dropped from the
            tree once handled, record or not.

        Yields
        ------
        xml.etree.ElementTree.Element
            A record with all its children; valid only until the next one is requested.
        """
        self.root()
        try:
            while (item := self._next()) is not None:
                event, payload = item
                if event == "start":
                    self._stack.append(payload)
                elif event == "end":
                    self._stack.pop()
                    depth = len(self._stack) + 1
                    if depth == record_depth:
                        if is_record(payload.tag, depth):
                            yield payload
                        # Drop what has been handled: the tree holds one record at a time.
                        if self._stack:
                            self._stack[-1].remove(payload)
                        payload.clear()
        finally:
            self.close()
