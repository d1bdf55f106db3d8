"""simple-salesforce, unchanged, against the Salesforce emulator.

The one accommodation: simple-salesforce builds every URL as https://{host}/services/...,
dropping the instance URL's scheme and path. A requests transport adapter mounted on the
session it is given sends those requests to the sandbox's plain-HTTP /salesforce prefix.
"""
import datetime
import uuid
from urllib.parse import urlsplit

import pytest
import requests
from requests.adapters import HTTPAdapter
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceExpiredSession,
    SalesforceMalformedRequest,
    SalesforceRefusedRequest,
    SalesforceResourceNotFound,
)

API_VERSION = "59.0"


class SandboxTransport(HTTPAdapter):
    """Rewrites https://host:port/services/... to {sandbox url}/services/..."""

    def __init__(self, base_url):
        super().__init__()
        self.base_url = base_url.rstrip("/")

    def send(self, request, **kwargs):
        parts = urlsplit(request.url)
        request.url = self.base_url + parts.path + (("?" + parts.query) if parts.query else "")
        return super().send(request, **kwargs)


def client(entry, token=None):
    url = entry["url"]
    session = requests.Session()
    session.mount("https://" + urlsplit(url).netloc, SandboxTransport(url))
    return Salesforce(instance_url=url, session_id=token or entry["access_token"], session=session,
                      version=API_VERSION)


@pytest.fixture(scope="module")
def sf_entry(sandbox):
    return sandbox["salesforce"]


@pytest.fixture(scope="module")
def sf(sf_entry):
    return client(sf_entry)


def new_opportunity(name, **extra):
    return {"Name": name, "StageName": "Prospecting", "CloseDate": "2026-06-30", **extra}


def test_query_returns_seeded_opportunities_in_the_wire_shape(sf):
    result = sf.query("SELECT Id, Name, StageName, Amount, CloseDate, IsClosed, SystemModstamp "
                      "FROM Opportunity ORDER BY SystemModstamp, Id LIMIT 5")
    assert result["done"] is True and result["totalSize"] == 5
    record = result["records"][0]
    assert record["attributes"]["type"] == "Opportunity"
    assert record["attributes"]["url"] == f"/services/data/v{API_VERSION}/sobjects/Opportunity/{record['Id']}"
    assert len(record["Id"]) == 18 and record["Id"].startswith("006")
    assert record["SystemModstamp"].endswith(".000+0000")
    stamps = [r["SystemModstamp"] for r in result["records"]]
    assert stamps == sorted(stamps)
    assert sf.api_usage["api-usage"].used >= 1


def test_query_all_follows_next_records_url(sf, sandbox_control):
    count = sf.query("SELECT COUNT() FROM Opportunity")["totalSize"]
    while count < 450:
        batch = [{"attributes": {"type": "Opportunity"}, **new_opportunity(f"Paging {count + i}")} for i in range(200)]
        results = sf.restful("composite/sobjects", method="POST", json={"allOrNone": True, "records": batch})
        assert all(r["success"] for r in results)
        count += len(batch)
    control = sandbox_control("salesforce")
    control.clear_requests()
    everything = sf.query_all("SELECT Id FROM Opportunity ORDER BY SystemModstamp, Id",
                              headers={"Sforce-Query-Options": "batchSize=200"})
    ids = [r["Id"] for r in everything["records"]]
    assert len(ids) == count and len(set(ids)) == count
    more = [e for e in control.requests() if e["path"].startswith(f"/services/data/v{API_VERSION}/query/01g")]
    assert len(more) == (count - 1) // 200
    first = sf.query("SELECT Id FROM Opportunity", headers={"Sforce-Query-Options": "batchSize=200"})
    second = sf.query_more(first["nextRecordsUrl"], identifier_is_url=True)
    assert not set(r["Id"] for r in first["records"]) & set(r["Id"] for r in second["records"])


def test_sobject_crud(sf):
    created = sf.Opportunity.create(new_opportunity("CRUD", Amount=1200))
    assert created["success"] is True and created["errors"] == []
    opp_id = created["id"]
    record = sf.Opportunity.get(opp_id)
    assert record["Name"] == "CRUD" and record["Amount"] == 1200 and record["IsClosed"] is False
    assert sf.Opportunity.update(opp_id, {"StageName": "Closed Won"}) == 204
    assert sf.Opportunity.get(opp_id)["IsWon"] is True
    assert sf.Opportunity.delete(opp_id) == 204
    with pytest.raises(SalesforceResourceNotFound):
        sf.Opportunity.get(opp_id)
    deleted = sf.query_all(f"SELECT Id, IsDeleted FROM Opportunity WHERE Id = '{opp_id}'", include_deleted=True)
    assert deleted["records"][0]["IsDeleted"] is True
    now = datetime.datetime.now(datetime.timezone.utc)
    gone = sf.Opportunity.deleted(now - datetime.timedelta(days=1), now + datetime.timedelta(minutes=2))
    # The replication API covers whole minutes up to latestDateCovered; a delete in the
    # current minute shows up once that minute is over.
    deleted_at = sf.query_all(f"SELECT SystemModstamp FROM Opportunity WHERE Id = '{opp_id}'",
                              include_deleted=True)["records"][0]["SystemModstamp"]
    listed = opp_id in [d["id"] for d in gone["deletedRecords"]]
    assert listed == (deleted_at < gone["latestDateCovered"])


def test_upsert_by_external_id_is_idempotent(sf):
    key = str(uuid.uuid4())
    assert sf.Opportunity.upsert(f"DealSync_Id__c/{key}", new_opportunity("Upserted")) == 201
    assert sf.Opportunity.upsert(f"DealSync_Id__c/{key}", {"Amount": 99, "DealSync_Score__c": 0.7}) == 200
    rows = sf.query(f"SELECT Id, Amount, DealSync_Score__c FROM Opportunity WHERE DealSync_Id__c = '{key}'")["records"]
    assert len(rows) == 1 and rows[0]["Amount"] == 99 and rows[0]["DealSync_Score__c"] == 0.7
    assert sf.Opportunity.get_by_custom_id("DealSync_Id__c", key)["Id"] == rows[0]["Id"]


def test_composite_collections_honour_all_or_none(sf):
    good = {"attributes": {"type": "Contact"}, "LastName": "Collections", "Email": "c@collections.example"}
    bad = {"attributes": {"type": "Opportunity"}, **new_opportunity("Bad", StageName="Not A Stage")}
    rolled_back = sf.restful("composite/sobjects", method="POST", json={"allOrNone": True, "records": [good, bad]})
    assert [r["success"] for r in rolled_back] == [False, False]
    assert rolled_back[0]["errors"][0]["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK"
    assert rolled_back[1]["errors"][0]["statusCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    partial = sf.restful("composite/sobjects", method="POST", json={"allOrNone": False, "records": [good, bad]})
    assert [r["success"] for r in partial] == [True, False]
    contact_id = partial[0]["id"]
    updated = sf.restful("composite/sobjects", method="PATCH",
                         json={"records": [{"attributes": {"type": "Contact"}, "id": contact_id, "Title": "VP"}]})
    assert updated == [{"id": contact_id, "success": True, "errors": []}]
    assert sf.Contact.get(contact_id)["Title"] == "VP"
    removed = sf.restful("composite/sobjects", method="DELETE", params={"ids": contact_id, "allOrNone": "true"})
    assert removed[0]["success"] is True
    with pytest.raises(SalesforceMalformedRequest) as too_many:
        sf.restful("composite/sobjects", method="POST", json={"records": [good] * 201})
    assert too_many.value.content[0]["errorCode"] == "EXCEEDED_ID_LIMIT"


def test_describe_updated_and_limits(sf):
    describe = sf.Opportunity.describe()
    fields = {f["name"]: f for f in describe["fields"]}
    assert "Negotiation/Review" in [p["value"] for p in fields["StageName"]["picklistValues"]]
    assert fields["DealSync_Id__c"]["externalId"] is True
    assert any(o["name"] == "Account" for o in sf.describe()["sobjects"])
    opp_id = sf.Opportunity.create(new_opportunity("Updated feed"))["id"]
    now = datetime.datetime.now(datetime.timezone.utc)
    updated = sf.Opportunity.updated(now - datetime.timedelta(minutes=5), now + datetime.timedelta(minutes=2))
    stamp = sf.Opportunity.get(opp_id)["SystemModstamp"]
    assert (opp_id in updated["ids"]) == (stamp < updated["latestDateCovered"])
    limits = sf.limits()
    assert limits["DailyApiRequests"]["Max"] >= limits["DailyApiRequests"]["Remaining"] > 0


def test_error_types(sf, sf_entry, sandbox_control, clean_faults):
    with pytest.raises(SalesforceMalformedRequest) as malformed:
        sf.query("SELECT Id FROM Opportunity WHERE Amount > 1 AND Amount < 5 OR Amount = 3")
    assert malformed.value.content[0]["errorCode"] == "MALFORMED_QUERY"
    with pytest.raises(SalesforceMalformedRequest) as invalid_field:
        sf.query("SELECT Colour FROM Opportunity")
    assert invalid_field.value.content[0]["errorCode"] == "INVALID_FIELD"
    with pytest.raises(SalesforceResourceNotFound):
        sf.Opportunity.get("006000000000000AAA")
    with pytest.raises(SalesforceExpiredSession) as expired:
        client(sf_entry, token="00Dbogus!token").query("SELECT Id FROM Account")
    assert expired.value.content == [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]
    sandbox_control("salesforce").add_fault(path="/services/data", throttle=1, count=1)
    with pytest.raises(SalesforceRefusedRequest) as refused:
        sf.query("SELECT Id FROM Account")
    assert refused.value.content[0]["errorCode"] == "REQUEST_LIMIT_EXCEEDED"


def test_refresh_token_grant_issues_a_working_session(sf_entry):
    reply = requests.post(sf_entry["url"] + "/services/oauth2/token", data={
        "grant_type": "refresh_token", "refresh_token": sf_entry["refresh_token"],
        "client_id": sf_entry["client_id"], "client_secret": sf_entry["client_secret"],
    }, timeout=30)
    assert reply.status_code == 200
    token = reply.json()
    assert token["instance_url"] == sf_entry["url"] and token["token_type"] == "Bearer"
    assert {"access_token", "signature", "id", "issued_at"} <= set(token)
    fresh = client({"url": token["instance_url"]}, token=token["access_token"])
    assert fresh.query("SELECT Id FROM Account LIMIT 1")["totalSize"] == 1
    bad = requests.post(sf_entry["url"] + "/services/oauth2/token", data={
        "grant_type": "refresh_token", "refresh_token": "nope", "client_id": sf_entry["client_id"],
    }, timeout=30)
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"


def test_human_edit_is_seen_by_an_incremental_query(sf, sandbox_control):
    target = sf.query("SELECT Id, LastModifiedById FROM Opportunity WHERE IsClosed = false LIMIT 1")["records"][0]
    before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)
    sandbox_control("salesforce").edit("Opportunity", target["Id"], {"StageName": "Negotiation/Review"})
    since = before.strftime("%Y-%m-%dT%H:%M:%SZ")
    changed = sf.query_all(f"SELECT Id, StageName, LastModifiedById FROM Opportunity "
                           f"WHERE SystemModstamp > {since} ORDER BY SystemModstamp, Id")["records"]
    row = next(r for r in changed if r["Id"] == target["Id"])
    assert row["StageName"] == "Negotiation/Review"
    mine = sf.Opportunity.create(new_opportunity("Integration write"))["id"]
    assert sf.Opportunity.get(mine)["LastModifiedById"] != row["LastModifiedById"]
