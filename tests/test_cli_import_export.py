"""`crm import` is all-or-nothing with row errors; `--skip-invalid` keeps good rows; `crm export` round-trips."""

import csv

import pytest
from sqlalchemy import func, select

from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from tests.factories import make_record


def _write(path, header, rows):
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _count(sessions, model):
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_one_bad_row_imports_nothing_and_every_bad_row_is_named(crm, sessions, tmp_path):
    make_record(sessions, "companies", name="Acme Corporation")
    make_record(sessions, "contacts", first_name="Existing", email="taken@acme.example")
    path = _write(tmp_path / "contacts.csv", ["first_name", "last_name", "email", "phone", "company", "tags"], [
        ["Ann", "Lee", "ann@acme.example", "415 555 0100", "acme corporation", "vip;beta"],
        ["Bob", "Ray", "not-an-email", "", "", ""],
        ["", "NoFirst", "nofirst@acme.example", "", "", ""],
        ["Cy", "Twin", "taken@acme.example", "", "", ""],
        ["Di", "Far", "di@far.example", "", "Nowhere Ltd", ""],
    ])
    result = crm("import", "contacts", path)
    assert result.exit_code == 1
    output = result.output
    assert "row 3: email" in output
    assert "row 4: first_name" in output
    assert "row 5: email" in output and "already exists" in output
    assert "row 6: company" in output and "Nowhere Ltd" in output
    assert "row 2" not in output
    assert "nothing was imported" in output
    assert _count(sessions, Contact) == 1


def test_a_clean_file_imports_every_row_and_resolves_names(crm, sessions, tmp_path):
    acme = make_record(sessions, "companies", name="Acme Corporation")
    path = _write(tmp_path / "contacts.csv", ["first_name", "last_name", "email", "phone", "company", "tags"], [
        ["Ann", "Lee", "ANN@acme.example", "415 555 0100", "acme corporation", "vip;beta"],
        ["Bob", "Ray", "bob@acme.example", "", "", ""],
    ])
    result = crm("import", "contacts", path)
    assert result.exit_code == 0, result.output
    assert "imported 2 contacts" in result.output
    with sessions() as session:
        ann = session.scalar(select(Contact).where(Contact.email == "ann@acme.example"))
        assert ann.company_id == acme.id and ann.phone == "+14155550100" and ann.tags == ["vip", "beta"]


def test_skip_invalid_keeps_good_rows_and_writes_rejects(crm, sessions, tmp_path):
    path = _write(tmp_path / "companies.csv", ["name", "size", "region"], [
        ["Good One", "10", "emea"],
        ["Bad Size", "-4", "emea"],
        ["Good Two", "", "apac"],
        ["Bad Region", "5", "mars"],
    ])
    rejects = tmp_path / "rejected.csv"
    result = crm("import", "companies", path, "--skip-invalid", "--rejects", rejects)
    assert result.exit_code == 0, result.output
    assert "imported 2 companies; 2 rejected" in result.output
    assert _count(sessions, Company) == 2
    with rejects.open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["name"] for r in rows] == ["Bad Size", "Bad Region"]
    assert rows[0]["error"].startswith("size:") and rows[1]["error"].startswith("region:")


def test_unknown_column_is_reported_on_the_header(crm, sessions, tmp_path):
    path = _write(tmp_path / "companies.csv", ["name", "sise"], [["Acme", "10"]])
    result = crm("import", "companies", path)
    assert result.exit_code == 1 and "row 1: sise: unknown column" in result.output
    assert _count(sessions, Company) == 0


def test_unknown_kind_is_a_clear_error(crm, tmp_path):
    path = _write(tmp_path / "x.csv", ["name"], [["x"]])
    result = crm("import", "widgets", path)
    assert result.exit_code == 1 and "unknown kind 'widgets'" in result.output


def test_export_then_import_round_trips(crm, sessions, tmp_path):
    company = make_record(sessions, "companies", name="Globex", domain="globex.example", attributes={"plan": "team"})
    make_record(sessions, "deals", name="Globex expansion", amount="12500.50", company_id=company.id, stage="proposal")
    exported = tmp_path / "deals.csv"
    result = crm("export", "deals", exported)
    assert result.exit_code == 0 and "exported 1 deals" in result.output
    with exported.open() as handle:
        row = next(csv.DictReader(handle))
    assert row["name"] == "Globex expansion" and row["amount"] == "12500.50" and row["stage"] == "proposal"

    assert crm("import", "deals", exported).exit_code == 0
    with sessions() as session:
        from crm_core.deals.models import Deal

        names = session.scalars(select(Deal.name)).all()
    assert names == ["Globex expansion", "Globex expansion"]


def test_users_and_api_keys_from_the_command_line(crm, client):
    assert crm("users", "create", "--email", "Alice@Orbitly.example", "--name", "Alice", "--role", "rep").exit_code == 0
    bad = crm("users", "create", "--email", "nope", "--name", "X", "--role", "rep")
    assert bad.exit_code == 1 and "email" in bad.output
    keyed = crm("apikey", "create", "--user", "alice@orbitly.example")
    assert keyed.exit_code == 0
    key = keyed.stdout.strip().splitlines()[0]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).json()["email"] == "alice@orbitly.example"

    service = crm("apikey", "create", "--role", "manager", "--name", "Data warehouse sync")
    service_key = service.stdout.strip().splitlines()[0]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {service_key}"}).json()
    assert me["role"] == "manager" and me["is_service"] is True
    assert crm("apikey", "create", "--role", "manager").exit_code == 1
