"""`collegia verify-minutes FILE.pdf` (issue 25): each signature (who, capacity, when, by which timestamp authority,
intact or not, what it covers) and the document timestamp; exit 0 valid, 1 not valid or altered, 2 not signed."""

from __future__ import annotations

from click.testing import CliRunner

from web.cli import main


def run(tmp_path, pdf: bytes, root_der: bytes, *extra: str):
    (tmp_path / "minutes.pdf").write_bytes(pdf)
    (tmp_path / "root.der").write_bytes(root_der)
    return CliRunner().invoke(main, ["verify-minutes", str(tmp_path / "minutes.pdf"), "--no-instance",
                                     "--trust", str(tmp_path / "root.der"), *extra])


def test_two_signatures_and_the_document_timestamp_are_reported_valid(tmp_path, test_pki, timestamped):
    result = run(tmp_path, timestamped, test_pki.root.dump())
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    signatures = [line for line in lines if line.startswith("Signature ")]
    assert len(signatures) == 2 and "président" in signatures[0] and "secrétaire de séance" in signatures[1]
    assert all("(timestamp by " in line for line in signatures)
    assert sum(line.strip().startswith("valid; intact") for line in lines) == 2
    assert any(line.startswith("Document timestamp 1:") and line.endswith("valid") for line in lines)


def test_a_changed_byte_is_reported_altered(tmp_path, test_pki, timestamped):
    position = timestamped.index(b"adoptee")
    changed = timestamped[:position] + b"rejete " + timestamped[position + 7:]
    result = run(tmp_path, changed, test_pki.root.dump())
    assert result.exit_code == 1, result.output
    assert "NOT VALID; ALTERED" in result.output and "The file was ALTERED after signing." in result.output


def test_an_untrusted_root_and_an_unsigned_pdf(tmp_path, test_pki, timestamped, unsigned_pdf):
    from cryptography.hazmat.primitives import serialization

    from infrastructure.pki import PoleCA
    stranger = PoleCA.create("Un autre pôle").certificate.public_bytes(serialization.Encoding.DER)
    result = run(tmp_path, timestamped, stranger)
    assert result.exit_code == 1 and "NOT VALID" in result.output, result.output
    result = run(tmp_path, unsigned_pdf, test_pki.root.dump())
    assert result.exit_code == 2 and "No signature in this PDF." in result.output, result.output
    result = run(tmp_path, b"not a pdf", test_pki.root.dump(), "--json")
    assert result.exit_code == 2 and '"is_pdf": false' in result.output, result.output
