"""Turn the bytes of one input into text, or say clearly why they are not text.

The order of the checks is what makes detection principled rather than a blind guess:

1. a byte-order mark is authoritative (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. well-known binary signatures (PNG, PDF, ZIP, ...) are rejected by name;
3. BOM-less UTF-16 shows itself by one byte parity being mostly 0x00 (ASCII) or 0x06 (Arabic);
   any other NUL byte means the file is binary, since text never contains NUL;
4. valid UTF-8 wins next: text in a legacy code page almost never forms valid multi-byte UTF-8;
5. a charset the document declares (HTML ``<meta charset>``), when it decodes strictly;
6. windows-1256, only when the bytes above 0x7F come out as mostly Arabic letters;
7. charset-normalizer as a last resort; otherwise the input fails as undecodable.

Nothing is ever decoded with ``errors="replace"``: a lossy decode would silently corrupt the
article.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from rasid.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office (OLE) document"),
    (b"RIFF", "RIFF media (WAV/AVI/WEBP)"),
    (b"ID3", "MP3 audio"),
    (b"OggS", "Ogg media"),
    (b"\x00\x00\x01\x00", "ICO image"),
    (b"wOFF", "web font"),
    (b"SQLite format 3\x00", "SQLite database"),
)

# C0 controls other than tab, newline, vertical tab, form feed and carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

# share of non-ASCII characters that must be Arabic before windows-1256 is believed
_ARABIC_SHARE = 0.6
# share of control characters above which decoded "text" is taken for binary
_CONTROL_SHARE = 0.01
_SAMPLE = 8192
_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
_LATIN_DEFAULTS = frozenset({"cp1252", "latin_1", "iso8859_15"})


def binary_signature(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, or None."""
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    return None


def _too_many_controls(text: str) -> bool:
    if not text:
        return False
    sample = text[:_SAMPLE]
    return len(_CONTROL.findall(sample)) > _CONTROL_SHARE * len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """Return ``utf-16-le``/``utf-16-be`` when the byte parities look like BOM-less UTF-16.

    ASCII in UTF-16 puts 0x00 in the high byte and Arabic puts 0x06 there, so one parity is
    dominated by those two values while the other hardly ever is.
    """
    sample = data[: _SAMPLE - (_SAMPLE % 2)]
    if len(sample) < 4:
        return None
    if len(sample) % 2:
        sample = sample[:-1]
    even, odd = sample[0::2], sample[1::2]
    half = len(even)

    def high_share(part: bytes) -> float:
        return (part.count(0) + part.count(6)) / half

    even_share, odd_share = high_share(even), high_share(odd)
    if odd_share >= 0.6 and even_share <= 0.1:
        return "utf-16-le"
    if even_share >= 0.6 and odd_share <= 0.1:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_arabic(text: str) -> bool:
    non_ascii = _NON_ASCII.findall(text[: _SAMPLE * 4])
    if not non_ascii:
        return False
    arabic = sum(1 for ch in non_ascii if _ARABIC.match(ch))
    return arabic >= _ARABIC_SHARE * len(non_ascii)


def _charset_normalizer(data: bytes) -> str | None:
    """charset-normalizer's reading, preferring windows-1252 among equally clean candidates.

    Latin text is equally "clean" in several code pages (cp1250 turns à into ŕ); the WHATWG
    default for undeclared Latin text is windows-1252, so it wins ties.
    """
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.encoding in _LATIN_DEFAULTS and match.chaos <= best.chaos:
            best = match
            break
    text = str(best)
    if not text or _too_many_controls(text):
        return None
    return text


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first bytes, if any."""
    head = data[:_SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def canonical_encoding(name: str) -> str | None:
    """Python's codec name for a declared charset, or None when Python does not know it."""
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def decode_bytes(data: bytes, path: str, declared: str | None = None) -> str:
    """Decode ``data`` (one whole input) to text; raise InputError naming ``path`` otherwise.

    ``declared`` is a charset the content declares itself (HTML ``<meta charset>``); it is
    honoured when the bytes are not valid UTF-8 and decode strictly in it.
    Line endings are left as they are; a leading BOM is dropped.
    """
    if not data:
        raise InputError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            if text is None:
                raise InputError(path, f"undecodable bytes: the file starts with a {encoding} "
                                       "byte-order mark but is not valid in that encoding")
            return text
    kind = binary_signature(data)
    if kind is not None:
        raise InputError(path, f"binary file ({kind}), not text")

    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text = _strict(data, utf16)
        if text is not None and not _too_many_controls(text):
            return text
    if b"\x00" in data:
        raise InputError(path, "binary file (contains NUL bytes), not text")

    text = _strict(data, "utf-8")
    if text is not None:
        if _too_many_controls(text):
            raise InputError(path, "binary file (too many control characters), not text")
        return text

    if declared:
        codec = canonical_encoding(declared)
        if codec is not None:
            text = _strict(data, codec)
            if text is not None and not _too_many_controls(text):
                return text

    text = _strict(data, "cp1256")
    if text is not None and not _too_many_controls(text) and _mostly_arabic(text):
        return text

    text = _charset_normalizer(data)
    if text is not None:
        return text

    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    else:  # pragma: no cover - utf-8 was tried above
        where = "unknown position"
    raise InputError(path, f"undecodable bytes: not UTF-8 ({where}), not UTF-16, and no "
                           "single-byte code page (windows-1256, ...) reads it as text")
