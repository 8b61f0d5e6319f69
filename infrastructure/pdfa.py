"""The minutes as an archival document: PDF/A-3 with the register's extract embedded, and the checks we can make.

`archival_pdf` renders HTML with WeasyPrint as PDF/A-3 (level 3 because files are embedded: the register's
JSON-lines extract for the meeting, with the relationship `/Source`, listed in the catalog's `/AF` as ISO 19005-3
requires), every font embedded (WeasyPrint always embeds a subset), the sRGB output intent with its ICC profile, and
the same metadata in the document information dictionary and in the XMP packet: title, the pole as author, a
description naming the pole and the meeting, keywords, the language (catalog `/Lang` and `dc:language`), the
meeting's date (`dc:date`), the creation date, the producer and `pdfaid:part`/`pdfaid:conformance`.

WeasyPrint (70) emits PDF/A-3b/3u itself (`pdf_variant`) but leaves four things to us, fixed in a `finisher` before
the file is written (so its bytes stay WeasyPrint's, with no rewrite by another library): its XMP holds only the
title and producer (no language, description, dates), dates come from `<meta>` in the HTML or nowhere, an embedded
file's MIME type is guessed from its name (`.jsonl` gives `application/octet-stream`), and the catalog's `/AF` lists
each embedded file twice. The XMP is replaced by one written here from the same values as the information
dictionary, uncompressed, so that the two agree as PDF/A requires.

The producer is in the XMP only (`pdf:Producer`), not in the information dictionary: when pyHanko signs (an
incremental update), it sets the XMP's `pdf:Producer` to "pyHanko x.y" but *appends* "; pyHanko x.y" to an existing
`/Producer`, and the two would then disagree (a PDF/A violation). With no `/Producer` to start from, it writes the same
value in both, and the signed minutes stay PDF/A (tests/signing/test_pdfa.py signs twice and checks).

Same inputs, same bytes: WeasyPrint's output is deterministic (font subset tags are hashes, the trailer `/ID` is an
MD5 of the objects, no clock) except for an embedded file's dates, which default to now; here they are the given
`created` (or the meeting's date). Pass a stable `created` (e.g. when the minutes were closed), never the time of the
download. Fonts and library versions are inputs too: another DejaVu or WeasyPrint release gives other bytes.

`pdfa_findings` checks what can be checked without a PDF/A validator (none is installable from the registries this
project uses: veraPDF, the reference, is a Java application distributed outside them): header, trailer `/ID`,
encryption, fonts embedded (descendant fonts included), no `.notdef` glyph shown and, for level U, a Unicode value
for every glyph shown, the output intent and its ICC profile, the XMP packet and its `pdfaid` identification, the
information dictionary agreeing with the XMP, no JavaScript or forbidden action, annotations printable, embedded
files with their relationship, MIME type and `/AF` entry. It is not a full validation (no check of the fonts' own
tables, of colour spaces in content, of transparency...): a file with findings is not PDF/A (or, for the title
and language, lacks what we require of minutes); one without is likely so. Run veraPDF on a sample when one is at
hand.
"""

from __future__ import annotations

import hashlib
import io
import logging
import mimetypes
import re
from collections.abc import Iterator, Sequence
from datetime import date as Date, datetime, timezone
from typing import Any, Literal
from xml.sax.saxutils import escape

logger = logging.getLogger(__name__)

PDFA_PART = 3
RELATIONSHIPS = ("Source", "Data", "Alternative", "Supplement", "EncryptedPayload", "FormData", "Schema",
                 "Unspecified")
CREATOR = "Collegia"
_MIME_TYPES = {".jsonl": "application/x-ndjson", ".ndjson": "application/x-ndjson", ".json": "application/json",
               ".csv": "text/csv", ".xml": "application/xml", ".txt": "text/plain", ".pdf": "application/pdf"}
_NS = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
       "xmp": "http://ns.adobe.com/xap/1.0/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}


# -- rendering -------------------------------------------------------------------------------------------------------

def archival_pdf(html: str, *, base_url: str | None, title: str, pole: str, meeting: str, date: datetime | Date,
                 lang: str = "fr", attachments: Sequence[tuple[str, bytes, str]] = (),
                 created: datetime | Date | None = None, conformance: Literal["B", "U"] = "U",
                 relationship: str = "Source") -> bytes:
    """The HTML rendered as PDF/A-3 (conformance U by default: every glyph has its Unicode value, so the text can be
    searched and copied), with `attachments` — (file name, content, description) — embedded and associated with the
    document (`/AF`, `/AFRelationship` = `relationship`, MIME type from the name's extension: `.jsonl` is
    `application/x-ndjson`).

    `date` is the meeting's (`dc:date`); `created` (default: `date`) is the document's creation and modification
    date in the information dictionary and the XMP, and the embedded files' dates. Naive datetimes are taken as UTC;
    all dates are written in UTC. The metadata given here replace whatever the HTML's `<title>`, `<meta>` and
    `<html lang>` say; files linked from the HTML (`<link rel=attachment>`) are not embedded."""
    from weasyprint import HTML, Attachment, __version__ as weasyprint_version  # imported on use: it loads Pango

    if conformance not in ("B", "U"):
        raise ValueError(f"PDF/A-3 conformance level B or U, not {conformance!r}")
    if relationship not in RELATIONSHIPS:
        raise ValueError(f"unknown AFRelationship {relationship!r}")
    names = [name for name, _, _ in attachments]
    if len(set(names)) != len(names):
        raise ValueError("two attachments with the same file name")
    moment = _utc(created if created is not None else date)
    keywords = "; ".join((CREATOR, pole, meeting))
    description = f"{CREATOR} — {pole} — {meeting} — {_w3c(date)}"
    info = {"Title": title, "Author": pole, "Subject": description, "Keywords": keywords, "Creator": CREATOR,
            "CreationDate": _pdf_date(moment), "ModDate": _pdf_date(moment)}
    xmp = _xmp(info, producer=f"WeasyPrint {weasyprint_version}", part=PDFA_PART, conformance=conformance, lang=lang,
               meeting_date=_w3c(date), moment=_w3c(moment))
    # Name trees are sorted by key: embed in file-name order. Each file is found again by its MD5, as WeasyPrint does.
    ordered = sorted(attachments, key=lambda item: item[0])
    mimes = {f"<{hashlib.md5(content, usedforsecurity=False).hexdigest()}>": _mime_type(name)
             for name, content, _ in ordered}
    naive_utc = moment.replace(tzinfo=None)  # WeasyPrint writes the attachment's dates with a literal "Z"
    embedded = [Attachment(string=content, name=name, description=text, relationship=relationship,
                           created=naive_utc, modified=naive_utc) for name, content, text in ordered]

    def finish(document: Any, pdf: Any) -> None:
        _finish(pdf, info=info, xmp=xmp, lang=lang, mimes=mimes)

    document = HTML(string=html, base_url=base_url).render()
    document.metadata.attachments = []
    output = document.write_pdf(pdf_variant=f"pdf/a-{PDFA_PART}{conformance.lower()}", attachments=embedded,
                                finisher=finish)
    for finding in pdfa_findings(output):
        logger.warning("archival PDF of %r (%s): %s", meeting, pole, finding)
    return output


def _finish(pdf: Any, *, info: dict[str, str], xmp: bytes, lang: str, mimes: dict[str, str]) -> None:
    """Our metadata, XMP, MIME types and /AF, on WeasyPrint's pydyf document before it is written."""
    import pydyf

    def target(reference: bytes) -> Any:
        return pdf.objects[int(reference.split()[0])]

    pdf.info.clear()
    for key, value in info.items():
        pdf.info[key] = pydyf.String(value)
    pdf.catalog["Lang"] = pydyf.String(lang)

    extra = {"Type": "/Metadata", "Subtype": "/XML"}
    if "Metadata" in pdf.catalog:
        metadata = target(pdf.catalog["Metadata"])
        metadata.stream, metadata.extra, metadata.compress = [xmp], extra, False
    else:
        metadata = pydyf.Stream([xmp], extra, compress=False)
        pdf.add_object(metadata)
        pdf.catalog["Metadata"] = metadata.reference

    filespecs = []
    for obj in pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Filespec" and "EF" in obj:
            embedded = target(obj["EF"]["F"])
            mime = mimes.get(embedded.extra.get("Params", {}).get("CheckSum"))
            if mime:
                embedded.extra["Subtype"] = "/" + mime.replace("/", "#2f")
            obj["EF"]["UF"] = obj["EF"]["F"]
            if obj.reference not in filespecs:
                filespecs.append(obj.reference)
    if filespecs:
        pdf.catalog["AF"] = pydyf.Array(filespecs)  # WeasyPrint lists each file twice


def _mime_type(name: str) -> str:
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    return _MIME_TYPES.get(suffix) or mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"


def _utc(moment: datetime | Date) -> datetime:
    if isinstance(moment, datetime):
        moment = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
        return moment.replace(microsecond=0)
    return datetime(moment.year, moment.month, moment.day, tzinfo=timezone.utc)


def _w3c(moment: datetime | Date) -> str:
    """A date as XMP writes it: `2026-09-14`, or `2026-09-14T16:30:00Z` for a datetime (in UTC)."""
    if isinstance(moment, datetime):
        return f"{_utc(moment):%Y-%m-%dT%H:%M:%S}Z"
    return moment.isoformat()


def _pdf_date(moment: datetime) -> str:
    return f"D:{moment:%Y%m%d%H%M%S}Z"


def _xmp(info: dict[str, str], *, producer: str, part: int, conformance: str, lang: str, meeting_date: str,
         moment: str) -> bytes:
    """One rdf:Description with the properties of PDF/A's predefined schemas only (no extension schema needed)."""
    def alt(text: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'

    def items(kind: str, values: Sequence[str]) -> str:
        return f"<rdf:{kind}>" + "".join(f"<rdf:li>{escape(v)}</rdf:li>" for v in values) + f"</rdf:{kind}>"

    namespaces = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _NS.items() if prefix not in ("x", "rdf"))
    body = "".join((
        f"<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>{conformance}</pdfaid:conformance>",
        "<dc:format>application/pdf</dc:format>",
        f"<dc:title>{alt(info['Title'])}</dc:title>",
        f"<dc:creator>{items('Seq', [info['Author']])}</dc:creator>",
        f"<dc:description>{alt(info['Subject'])}</dc:description>",
        f"<dc:language>{items('Bag', [lang])}</dc:language>",
        f"<dc:date>{items('Seq', [meeting_date])}</dc:date>",
        f"<pdf:Producer>{escape(producer)}</pdf:Producer>",
        f"<pdf:Keywords>{escape(info['Keywords'])}</pdf:Keywords>",
        f"<xmp:CreatorTool>{escape(info['Creator'])}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{moment}</xmp:CreateDate><xmp:ModifyDate>{moment}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{moment}</xmp:MetadataDate>",
    ))
    packet = (f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
              f'<x:xmpmeta xmlns:x="{_NS["x"]}"><rdf:RDF xmlns:rdf="{_NS["rdf"]}">'
              f'<rdf:Description rdf:about="" {namespaces}>{body}</rdf:Description>'
              f"</rdf:RDF></x:xmpmeta>\n")
    # Room for an editor to update the packet in place, as the XMP specification recommends.
    return (packet + (" " * 99 + "\n") * 20 + '<?xpacket end="w"?>').encode("utf-8")


# -- checks ----------------------------------------------------------------------------------------------------------

_FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript", "/Hide",
                      "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}
_FORBIDDEN_ANNOTATIONS = {"/3D", "/Sound", "/Screen", "/Movie", "/RichMedia"}
_FONT_SUBTYPES = {"/Type0", "/Type1", "/MMType1", "/Type3", "/TrueType", "/CIDFontType0", "/CIDFontType2"}
_INFO_XMP = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description", "/Keywords": "pdf:Keywords",
             "/Creator": "xmp:CreatorTool", "/Producer": "pdf:Producer", "/CreationDate": "xmp:CreateDate",
             "/ModDate": "xmp:ModifyDate"}


def pdfa_findings(pdf: bytes, *, part: int = PDFA_PART) -> list[str]:
    """What keeps this PDF from being a PDF/A-`part` archival document, as readable sentences; [] when every check
    passes (see the module's docstring for what is and is not checked)."""
    import pikepdf

    findings: list[str] = []
    if not pdf.startswith(b"%PDF-1.") or pdf[7:8] not in b"01234567" or not pdf[7:8]:
        findings.append(f"header: {pdf[:8]!r} is not %PDF-1.0 to %PDF-1.7")
    second = pdf.split(b"\n", 2)[1] if pdf.count(b"\n") >= 2 else b""
    if not (second.startswith(b"%") and sum(byte > 127 for byte in second[1:5]) == 4):
        findings.append("header: no comment of four binary bytes on the second line")
    if not pdf.rstrip(b"\r\n").endswith(b"%%EOF"):
        findings.append("data after the last %%EOF marker")
    try:
        document = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PasswordError:
        return [*findings, "encrypted: it cannot be opened without a password"]
    except pikepdf.PdfError as error:
        return [*findings, f"not a readable PDF: {error}"]
    with document:
        findings += [f"damaged structure: {warning}" for warning in document.get_warnings()]
        if document.is_encrypted:
            findings.append("encrypted (PDF/A forbids encryption)")
        if "/ID" not in document.trailer:
            findings.append("no file identifier (/ID) in the trailer")
        root = document.Root
        findings += _walk_findings(document)
        findings += _output_intent_findings(root)
        metadata, xmp_findings = _xmp_findings(document, part)
        findings += xmp_findings
        conformance = metadata.get("pdfaid:conformance") if metadata is not None else None
        findings += _font_findings(document, unicode=conformance in ("U", "A"))
        findings += _info_findings(document, metadata)
        findings += _attachment_findings(document, part)
    return findings


def _objects(document: Any) -> Iterator[Any]:
    """Every dictionary (and stream dictionary) of the file, each once, direct ones included."""
    import pikepdf

    def within(obj: Any) -> Iterator[Any]:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            yield obj
            children = obj.values()
        elif isinstance(obj, pikepdf.Array):
            children = obj
        else:
            return
        for child in children:
            if isinstance(child, pikepdf.Object) and not child.is_indirect:
                yield from within(child)

    for obj in document.objects:
        yield from within(obj)


def _walk_findings(document: Any) -> list[str]:
    import pikepdf

    findings: set[str] = set()
    root = document.Root
    if "/JavaScript" in root.get("/Names", {}):
        findings.add("JavaScript in the catalog's name tree (/Names /JavaScript)")
    if root.get("/AcroForm") is not None:
        if "/XFA" in root.AcroForm:
            findings.add("XFA form (/AcroForm /XFA)")
        if root.AcroForm.get("/NeedAppearances") is True:
            findings.add("/AcroForm /NeedAppearances true")
    for obj in _objects(document):
        if "/JS" in obj or obj.get("/S") == pikepdf.Name.JavaScript:
            findings.add("JavaScript action")
        elif str(obj.get("/S")) in _FORBIDDEN_ACTIONS and obj.get("/Type", pikepdf.Name.Action) == pikepdf.Name.Action:
            findings.add(f"forbidden action {obj.S}")
        if "/AA" in obj:
            findings.add("additional actions (/AA)")
        if isinstance(obj, pikepdf.Stream):
            if {"/F", "/FFilter", "/FDecodeParms"} & set(obj.keys()):
                findings.add("stream with its data in an external file (/F)")
            filters = obj.get("/Filter")
            if "/LZWDecode" in [str(f) for f in (filters if isinstance(filters, pikepdf.Array) else [filters])]:
                findings.add("LZW-compressed stream")
    for page in document.pages:
        for annotation in page.obj.get("/Annots", []):
            subtype = str(annotation.get("/Subtype"))
            if subtype in _FORBIDDEN_ANNOTATIONS:
                findings.add(f"forbidden annotation {subtype}")
            flags = int(annotation.get("/F", 0))
            if subtype != "/Popup" and (not flags & 4 or flags & (1 | 2 | 32)):
                findings.add(f"{subtype} annotation not printable, or hidden (/F {flags})")
            rect = [float(x) for x in annotation.get("/Rect", [0, 0, 0, 0])]
            empty = len(rect) == 4 and rect[0] == rect[2] and rect[1] == rect[3]
            if subtype not in ("/Link", "/Popup") and "/AP" not in annotation and not empty:
                findings.add(f"{subtype} annotation without an appearance (/AP)")
            if "/AP" in annotation and set(annotation.AP.keys()) - {"/N"}:
                findings.add(f"{subtype} annotation's appearance has more than a normal appearance (/N)")
    return sorted(findings)


def _output_intent_findings(root: Any) -> list[str]:
    import pikepdf

    intents = [intent for intent in root.get("/OutputIntents", [])
               if intent.get("/S") == pikepdf.Name.GTS_PDFA1]
    if not intents:
        return ["no output intent /GTS_PDFA1"]
    findings = []
    profiles = {intent.DestOutputProfile.objgen for intent in intents if "/DestOutputProfile" in intent}
    if len(profiles) > 1:
        findings.append("output intents with different ICC profiles")
    for intent in intents:
        profile = intent.get("/DestOutputProfile")
        if not isinstance(profile, pikepdf.Stream):
            findings.append("output intent without an embedded ICC profile (/DestOutputProfile)")
            continue
        data = profile.read_bytes()
        if len(data) < 128 or data[36:40] != b"acsp":
            findings.append("output intent's /DestOutputProfile is not an ICC profile")
            continue
        components = {b"GRAY": 1, b"RGB ": 3, b"CMYK": 4}.get(data[16:20])
        if components is None or int(profile.get("/N", 0)) != components:
            findings.append(f"output intent's ICC profile: colour space {data[16:20]!r} with /N {profile.get('/N')}")
        if data[8] > 4:
            findings.append(f"output intent's ICC profile version {data[8]} is newer than PDF 1.7 allows")
    return findings


def _xmp_findings(document: Any, part: int) -> tuple[Any, list[str]]:
    import pikepdf

    stream = document.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return None, ["no XMP metadata stream in the catalog (/Metadata)"]
    findings = []
    if stream.get("/Type") != pikepdf.Name.Metadata or stream.get("/Subtype") != pikepdf.Name.XML:
        findings.append("XMP metadata stream without /Type /Metadata /Subtype /XML")
    try:
        metadata = document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
        found_part = metadata.get("pdfaid:part")
    except Exception as error:  # lxml or pikepdf: whatever makes the packet unreadable
        return None, [*findings, f"XMP metadata unreadable: {error}"]
    if found_part is None:
        findings.append("XMP metadata without a PDF/A identification (pdfaid:part)")
    elif str(found_part) != str(part):
        findings.append(f"XMP says PDF/A-{found_part}, not PDF/A-{part}")
    conformance = metadata.get("pdfaid:conformance")
    if conformance not in ("A", "B", "U") or (part == 1 and conformance == "U"):
        findings.append(f"XMP pdfaid:conformance {conformance!r} is not a PDF/A-{part} level")
    if not metadata.get("dc:language"):
        findings.append("XMP metadata without the document's language (dc:language)")
    return metadata, findings


def _info_findings(document: Any, metadata: Any) -> list[str]:
    """The information dictionary agrees with the XMP, entry by entry (ISO 19005-3, 6.6.2.3.1); title and language
    are there (our archival requirement)."""
    findings = []
    info = document.trailer.get("/Info") or {}
    title = str(info["/Title"]) if "/Title" in info else None
    if not title and not (metadata is not None and metadata.get("dc:title")):
        findings.append("no title (neither /Title nor dc:title)")
    if "/Lang" not in document.Root or not str(document.Root.Lang):
        findings.append("no document language (catalog /Lang)")
    if metadata is None:
        return findings
    for key, name in _INFO_XMP.items():
        if key not in info:
            continue
        value, xmp_value = str(info[key]), metadata.get(name)
        if name == "dc:creator":
            xmp_value = ", ".join(xmp_value) if isinstance(xmp_value, (list, tuple)) else xmp_value
        if key in ("/CreationDate", "/ModDate"):
            same = xmp_value is not None and _same_moment(value, str(xmp_value))
        else:
            same = xmp_value is not None and str(xmp_value) == value
        if not same:
            findings.append(f"information dictionary {key} {value!r} differs from XMP {name} {xmp_value!r}")
    lang = str(document.Root.get("/Lang", ""))
    languages = metadata.get("dc:language") or []
    languages = [languages] if isinstance(languages, str) else list(languages)
    if lang and languages and lang.split("-")[0].lower() not in {str(x).split("-")[0].lower() for x in languages}:
        findings.append(f"catalog /Lang {lang!r} is not among XMP dc:language {sorted(languages)}")
    return findings


def _same_moment(pdf_date: str, xmp_date: str) -> bool:
    """A PDF date (`D:20260920103000Z`, `D:20260920123000+02'00'`...) and an XMP date name the same moment."""
    match = re.fullmatch(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(Z(?:00'?00'?)?|[+-]\d\d(?:'?\d\d'?)?)?",
                         pdf_date)
    if not match:
        return False
    year, month, day, hour, minute, second, zone = match.groups()
    text = f"{year}-{month or '01'}-{day or '01'}T{hour or '00'}:{minute or '00'}:{second or '00'}"
    if zone and zone.startswith("Z"):
        text += "+00:00"
    elif zone:
        digits = zone[1:].replace("'", "")
        text += f"{zone[0]}{digits[:2]}:{digits[2:4] or '00'}"
    try:
        left = datetime.fromisoformat(text)
        right = datetime.fromisoformat(xmp_date.replace("Z", "+00:00"))
    except ValueError:
        return False
    if len(xmp_date) == 10:  # a date alone
        return left.date() == right.date()
    if (left.tzinfo is None) != (right.tzinfo is None):
        return False
    return left == right


def _font_findings(document: Any, *, unicode: bool) -> list[str]:
    """Every font embedded (a Type 0 font through its descendant), no .notdef glyph shown, and at level U every glyph
    shown mapped to Unicode."""
    import pikepdf

    findings: set[str] = set()
    for font in _objects(document):
        if font.get("/Type") != pikepdf.Name.Font or str(font.get("/Subtype")) not in _FONT_SUBTYPES:
            continue
        name = str(font.get("/BaseFont", font.get("/Name", "?"))).lstrip("/")
        subtype = str(font.Subtype)
        if subtype == "/Type3":
            continue  # glyphs are content streams
        described = font.DescendantFonts[0] if subtype == "/Type0" and "/DescendantFonts" in font else font
        descriptor = described.get("/FontDescriptor")
        if descriptor is None or not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            findings.add(f"font {name} is not embedded")
        if unicode and subtype not in ("/CIDFontType0", "/CIDFontType2") and "/ToUnicode" not in font and not (
                subtype in ("/Type1", "/TrueType") and str(font.get("/Encoding")) in (
                    "/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding")):
            findings.add(f"font {name} has no Unicode mapping (/ToUnicode), as level U requires")
    for font, codes in _codes_shown(document):
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        gids = _glyph_ids(font, codes)
        if gids is not None and 0 in gids.values():
            findings.add(f"font {name}: a character is shown with the .notdef glyph (missing from the font)")
        if unicode and "/ToUnicode" in font:
            mapped = _to_unicode(font.ToUnicode.read_bytes())
            missing = [code for code in codes if not mapped.get(code, "").strip("\x00\ufeff\ufffe")]
            if missing:
                findings.add(f"font {name}: {len(missing)} glyph(s) shown without a Unicode value, as level U "
                             f"requires (codes {', '.join(f'{c:04x}' for c in sorted(missing)[:5])})")
    return sorted(findings)


def _codes_shown(document: Any) -> list[tuple[Any, set[int]]]:
    """For each font with two-byte Identity encoding, the character codes the pages' text operators show."""
    import pikepdf

    shown: dict[tuple[int, int], tuple[Any, set[int]]] = {}
    visited: set[tuple[int, int]] = set()

    def scan(content: Any, resources: Any) -> None:
        fonts = resources.get("/Font", {}) if resources is not None else {}
        xobjects = resources.get("/XObject", {}) if resources is not None else {}
        font = None
        for operands, operator in pikepdf.parse_content_stream(content):
            op = str(operator)
            if op == "Tf" and operands:
                font = fonts.get(str(operands[0]))
            elif op in ("Tj", "'", '"', "TJ") and font is not None and font.get("/Subtype") == pikepdf.Name.Type0 \
                    and str(font.get("/Encoding")) in ("/Identity-H", "/Identity-V"):
                strings = operands[-1] if op == "TJ" else operands[-1:]
                key = font.objgen if font.is_indirect else (id(font), 0)
                codes = shown.setdefault(key, (font, set()))[1]
                for string in strings:
                    if isinstance(string, pikepdf.String):
                        data = bytes(string)
                        codes.update(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2))
            elif op == "Do" and operands:
                xobject = xobjects.get(str(operands[0]))
                if xobject is not None and xobject.get("/Subtype") == pikepdf.Name.Form and \
                        xobject.objgen not in visited:
                    visited.add(xobject.objgen)
                    scan(xobject, xobject.get("/Resources", resources))

    for page in document.pages:
        try:
            scan(page, page.obj.get("/Resources"))
        except pikepdf.PdfError:
            continue  # unparsable content is for a validator to report
    return list(shown.values())


def _glyph_ids(font: Any, codes: set[int]) -> dict[int, int] | None:
    import pikepdf

    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else None
    if descendant is None:
        return None
    mapping = descendant.get("/CIDToGIDMap", pikepdf.Name.Identity)
    if isinstance(mapping, pikepdf.Stream):
        table = mapping.read_bytes()
        return {code: int.from_bytes(table[2 * code:2 * code + 2], "big") for code in codes}
    if descendant.get("/Subtype") == pikepdf.Name.CIDFontType2 or mapping == pikepdf.Name.Identity:
        return {code: code for code in codes}
    return None


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """The code → text of a ToUnicode CMap's bfchar and bfrange sections."""
    def text(hexa: bytes) -> str:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be", errors="replace")

    mapped: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapped[int(source, 16)] = text(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])",
                                            block):
            low, high = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for offset, item in enumerate(re.findall(rb"<([0-9a-fA-F]*)>", target)):
                    mapped[low + offset] = text(item)
            else:
                first = text(target[1:-1])
                for offset in range(high - low + 1):
                    mapped[low + offset] = first[:-1] + chr(ord(first[-1]) + offset) if first else ""
    return mapped


def _attachment_findings(document: Any, part: int) -> list[str]:
    import pikepdf

    findings = []
    associated = {entry.objgen for obj in _objects(document) if isinstance(obj.get("/AF"), pikepdf.Array)
                  for entry in obj.AF if entry.is_indirect}
    filespecs = {}
    for name, spec in document.attachments.items():
        filespecs[spec.obj.objgen if spec.obj.is_indirect else (id(spec.obj), 0)] = (name, spec.obj)
    for obj in _objects(document):
        if obj.get("/Type") == pikepdf.Name.Filespec and "/EF" in obj:
            key = obj.objgen if obj.is_indirect else (id(obj), 0)
            filespecs.setdefault(key, (str(obj.get("/UF", obj.get("/F", "?"))), obj))
    if filespecs and part < 3:
        findings.append(f"embedded files are not allowed in PDF/A-{part} (only PDF/A files in PDF/A-2)")
    for key, (name, spec) in sorted(filespecs.items(), key=lambda item: item[1][0]):
        relationship = spec.get("/AFRelationship")
        if relationship is None:
            findings.append(f"embedded file {name!r} has no /AFRelationship")
        elif str(relationship)[1:] not in RELATIONSHIPS:
            findings.append(f"embedded file {name!r}: unknown /AFRelationship {relationship}")
        if "/F" not in spec or "/UF" not in spec:
            findings.append(f"embedded file {name!r}: file specification without /F and /UF")
        stream = spec.EF.get("/F") if "/EF" in spec else None
        subtype = str(stream.get("/Subtype", "")) if isinstance(stream, pikepdf.Stream) else ""
        if not re.fullmatch(r"/[\w.+-]+/[\w.+-]+", subtype):
            findings.append(f"embedded file {name!r} has no MIME type (/Subtype)")
        if key not in associated:
            findings.append(f"embedded file {name!r} is not listed in an /AF array (the catalog's)")
    return findings
