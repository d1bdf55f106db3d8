"""HubSpot emulator driven by HubSpot's official Python client (hubspot-api-client), pointed at
the sandbox by `host` only: basic, batch and search APIs, associations v4, properties,
pipelines, OAuth refresh, 429s and signed v3 webhooks."""
import http.server
import json
import threading
import time

import pytest
from hubspot import HubSpot
from hubspot.crm.companies import ApiException as CompaniesApiException
from hubspot.crm.contacts import ApiException as ContactsApiException
from hubspot.crm.associations.v4 import BatchInputPublicFetchAssociationsBatchRequest, PublicFetchAssociationsBatchRequest
from hubspot.crm.deals import (
    ApiException,
    BatchInputSimplePublicObjectBatchInput,
    BatchInputSimplePublicObjectBatchInputForCreate,
    BatchInputSimplePublicObjectBatchInputUpsert,
    BatchInputSimplePublicObjectId,
    BatchReadInputSimplePublicObjectId,
    Filter,
    FilterGroup,
    PublicObjectSearchRequest,
    SimplePublicObjectBatchInput,
    SimplePublicObjectBatchInputForCreate,
    SimplePublicObjectBatchInputUpsert,
    SimplePublicObjectId,
    SimplePublicObjectInput,
    SimplePublicObjectInputForCreate,
)
from hubspot.utils.signature import Signature

from conftest import wait_for


@pytest.fixture(scope="module")
def hs(sandbox):
    return sandbox["hubspot"]


@pytest.fixture(scope="module")
def client(hs):
    return HubSpot(access_token=hs["access_token"], host=hs["url"])


def paced_search(api, request):
    """Search is limited to 5 requests per second per account, as on the real API."""
    time.sleep(0.25)
    return api.do_search(public_object_search_request=request)


def test_basic_api_create_get_update_archive(client):
    deals = client.crm.deals.basic_api
    created = deals.create(SimplePublicObjectInputForCreate(
        properties={"dealname": "Conformance deal", "amount": "1234.5", "dealstage": "appointmentscheduled"}))
    assert created.id and created.properties["dealname"] == "Conformance deal"
    assert created.properties["hs_object_id"] == created.id
    assert created.created_at is not None and created.archived is False

    got = deals.get_by_id(created.id, properties=["dealname", "amount", "dealstage", "pipeline"])
    assert got.properties["amount"] == "1234.5"
    assert got.properties["pipeline"] == "default"

    updated = deals.update(created.id, SimplePublicObjectInput(properties={"dealstage": "closedwon", "dealsync_score": "87"}))
    assert updated.properties["dealstage"] == "closedwon"
    assert updated.updated_at >= got.updated_at
    history = deals.get_by_id(created.id, properties_with_history=["dealstage"]).properties_with_history["dealstage"]
    assert [v.value for v in history] == ["closedwon", "appointmentscheduled"]
    assert history[0].source_type == "INTEGRATION" and history[0].timestamp >= history[1].timestamp

    deals.archive(created.id)
    with pytest.raises(ApiException) as missing:
        deals.get_by_id(created.id)
    assert missing.value.status == 404
    assert json.loads(missing.value.body)["category"] == "OBJECT_NOT_FOUND"


def test_unknown_property_is_a_validation_error(client):
    with pytest.raises(ApiException) as bad:
        client.crm.deals.basic_api.create(SimplePublicObjectInputForCreate(properties={"no_such_property": "x"}))
    body = json.loads(bad.value.body)
    assert bad.value.status == 400
    assert body["category"] == "VALIDATION_ERROR"
    assert body["errors"][0]["code"] == "PROPERTY_DOESNT_EXIST"


def test_get_page_follows_the_opaque_cursor_without_duplicates(client):
    api = client.crm.contacts.basic_api
    seen, after = [], None
    for _ in range(4):
        page = api.get_page(limit=5, after=after, properties=["email", "lastmodifieddate"])
        seen += [c.id for c in page.results]
        assert all("@" in (c.properties.get("email") or "@") for c in page.results)
        if page.paging is None:
            break
        after = page.paging.next.after
    assert len(seen) == len(set(seen)) > 5


def test_get_all_reads_every_company(client):
    companies = client.crm.companies.get_all(properties=["name", "domain"])
    assert companies and all(c.properties["name"] for c in companies)
    assert len({c.id for c in companies}) == len(companies)


def test_batch_create_read_update_archive(client):
    batch = client.crm.deals.batch_api
    created = batch.create(BatchInputSimplePublicObjectBatchInputForCreate(inputs=[
        SimplePublicObjectBatchInputForCreate(properties={"dealname": f"Batch {i}", "amount": str(100 + i)}) for i in range(3)]))
    assert created.status == "COMPLETE" and len(created.results) == 3
    ids = [d.id for d in created.results]

    read = batch.read(BatchReadInputSimplePublicObjectId(
        inputs=[SimplePublicObjectId(id=i) for i in ids] + [SimplePublicObjectId(id="1")], properties=["amount"], properties_with_history=[]))
    # One unknown id: a multi-status answer with HubSpot's error shape.
    assert sorted(d.id for d in read.results) == sorted(ids)
    assert read.num_errors == 1 and read.errors[0].category == "OBJECT_NOT_FOUND"

    updated = batch.update(BatchInputSimplePublicObjectBatchInput(inputs=[
        SimplePublicObjectBatchInput(id=i, properties={"dealstage": "contractsent"}) for i in ids]))
    assert {d.properties["dealstage"] for d in updated.results} == {"contractsent"}

    batch.archive(BatchInputSimplePublicObjectId(inputs=[SimplePublicObjectId(id=i) for i in ids]))
    gone = batch.read(BatchReadInputSimplePublicObjectId(inputs=[SimplePublicObjectId(id=i) for i in ids], properties=[], properties_with_history=[]))
    assert gone.results == [] and gone.num_errors == 1


def test_batch_over_one_hundred_inputs_is_rejected(client):
    with pytest.raises(ApiException) as too_many:
        client.crm.deals.batch_api.create(BatchInputSimplePublicObjectBatchInputForCreate(inputs=[
            SimplePublicObjectBatchInputForCreate(properties={"dealname": f"x{i}"}) for i in range(101)]))
    assert too_many.value.status == 400
    assert json.loads(too_many.value.body)["category"] == "VALIDATION_ERROR"


def test_batch_upsert_by_dealsync_id_never_duplicates(client):
    batch = client.crm.deals.batch_api

    def upsert(name):
        return batch.upsert(BatchInputSimplePublicObjectBatchInputUpsert(inputs=[SimplePublicObjectBatchInputUpsert(
            id="0191f2a0-conformance", id_property="dealsync_id", properties={"dealname": name})]))

    first, second = upsert("Upserted"), upsert("Upserted again")
    assert first.results[0].new is True and second.results[0].new is False
    assert first.results[0].id == second.results[0].id
    by_unique = client.crm.deals.basic_api.get_by_id("0191f2a0-conformance", id_property="dealsync_id", properties=["dealname"])
    assert by_unique.properties["dealname"] == "Upserted again"


def test_search_incremental_pull_by_modification_stamp(client):
    api = client.crm.deals.search_api
    everything = paced_search(api, PublicObjectSearchRequest(limit=1))
    assert everything.total > 0
    oldest = paced_search(api, PublicObjectSearchRequest(
        sorts=[{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}], properties=["hs_lastmodifieddate"], limit=1)).results[0]
    since = str(int(oldest.updated_at.timestamp() * 1000))
    request = PublicObjectSearchRequest(
        filter_groups=[FilterGroup(filters=[Filter(property_name="hs_lastmodifieddate", operator="GTE", value=since)])],
        sorts=[{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}],
        properties=["dealname", "hs_lastmodifieddate"], limit=50, after="0")
    stamps, pages = [], 0
    while pages < 3:
        page = paced_search(api, request)
        stamps += [d.properties["hs_lastmodifieddate"] for d in page.results]
        pages += 1
        if page.paging is None:
            break
        request.after = page.paging.next.after
    assert stamps == sorted(stamps)
    assert page.total == everything.total


def test_search_filters_and_limits(client):
    api = client.crm.deals.search_api
    won = paced_search(api, PublicObjectSearchRequest(
        filter_groups=[FilterGroup(filters=[Filter(property_name="dealstage", operator="EQ", value="closedwon")])],
        properties=["dealstage"], limit=200))
    assert all(d.properties["dealstage"] == "closedwon" for d in won.results)
    with pytest.raises(ApiException) as too_big:
        paced_search(api, PublicObjectSearchRequest(limit=201))
    assert too_big.value.status == 400
    with pytest.raises(ApiException) as past_cap:
        paced_search(api, PublicObjectSearchRequest(limit=10, after="10000"))
    assert past_cap.value.status == 400


def test_search_rate_limit_raises_api_exception(client):
    api = client.crm.contacts.search_api
    time.sleep(1.1)
    with pytest.raises(ContactsApiException) as limited:
        for _ in range(10):
            api.do_search(public_object_search_request=PublicObjectSearchRequest(limit=1))
    assert limited.value.status == 429
    body = json.loads(limited.value.body)
    assert body["errorType"] == "RATE_LIMIT" and body["policyName"] == "SECONDLY"
    time.sleep(1.1)


def test_throttled_burst_carries_rate_limit_headers(client, sandbox_control, clean_faults):
    sandbox_control("hubspot").add_fault(path="/crm/v3/objects/companies", throttle=1, count=1)
    with pytest.raises(CompaniesApiException) as limited:
        client.crm.companies.basic_api.get_page(limit=1)
    assert limited.value.status == 429
    headers = {k.lower(): v for k, v in limited.value.headers.items()}
    assert headers["x-hubspot-ratelimit-remaining"] == "0"
    assert headers["x-hubspot-ratelimit-interval-milliseconds"] == "10000"
    assert json.loads(limited.value.body)["policyName"] == "TEN_SECONDLY_ROLLING"
    ok = client.crm.companies.basic_api.get_page_with_http_info(limit=1)
    assert int(ok[2]["X-HubSpot-RateLimit-Max"]) >= int(ok[2]["X-HubSpot-RateLimit-Remaining"])


def test_associations_v4(client):
    deal = client.crm.deals.basic_api.create(SimplePublicObjectInputForCreate(properties={"dealname": "Assoc deal"}))
    contact = client.crm.contacts.basic_api.create(SimplePublicObjectInputForCreate(properties={"email": "assoc@conformance.test"}))
    assoc = client.crm.associations.v4
    made = assoc.basic_api.create_default("deals", deal.id, "contacts", contact.id)
    assert made.results[0].association_spec.association_type_id == 3
    page = assoc.basic_api.get_page("deals", deal.id, "contacts")
    assert [r.to_object_id for r in page.results] == [contact.id]
    batch = assoc.batch_api.get_page("contacts", "deals", BatchInputPublicFetchAssociationsBatchRequest(
        inputs=[PublicFetchAssociationsBatchRequest(id=contact.id)]))
    assert batch.results[0].to[0].to_object_id == deal.id
    assert batch.results[0].to[0].association_types[0].type_id == 4


def test_associations_v3_batch(client):
    from hubspot.crm.associations import (BatchInputPublicAssociation, BatchInputPublicObjectId, PublicAssociation,
                                          PublicObjectId)
    deal = client.crm.deals.basic_api.create(SimplePublicObjectInputForCreate(properties={"dealname": "v3 assoc"}))
    company = client.crm.companies.basic_api.get_page(limit=1).results[0]
    v3 = client.crm.associations.batch_api
    made = v3.create("deals", "companies", BatchInputPublicAssociation(
        inputs=[PublicAssociation(_from=PublicObjectId(id=deal.id), to=PublicObjectId(id=company.id), type="deal_to_company")]))
    assert made.results[0].type == "deal_to_company"
    read = v3.read("companies", "deals", BatchInputPublicObjectId(inputs=[PublicObjectId(id=company.id)]))
    assert any(t.id == deal.id and t.type == "company_to_deal" for t in read.results[0].to)


def test_seeded_deals_have_companies(client):
    deals = client.crm.deals.basic_api.get_page(limit=20, associations=["companies"])
    assert any(d.associations and d.associations["companies"].results for d in deals.results)


def test_properties_and_pipelines(client):
    names = {p.name for p in client.crm.properties.core_api.get_all("deals").results}
    assert {"dealsync_id", "dealsync_score", "dealsync_risk", "dealsync_next_action", "dealstage"} <= names
    assert client.crm.properties.core_api.get_by_name("contacts", "email").has_unique_value is True
    stages = [s.id for s in client.crm.pipelines.pipelines_api.get_all("deals").results[0].stages]
    assert stages[-2:] == ["closedwon", "closedlost"]


def test_oauth_refresh_issues_a_working_token(hs):
    api = HubSpot(host=hs["url"])
    tokens = api.oauth.tokens_api.create(grant_type="refresh_token", client_id=hs["client_id"],
                                         client_secret=hs["client_secret"], refresh_token=hs["refresh_token"])
    assert tokens.token_type == "bearer" and tokens.expires_in > 0
    fresh = HubSpot(access_token=tokens.access_token, host=hs["url"])
    assert fresh.crm.deals.basic_api.get_page(limit=1).results
    with pytest.raises(ApiException) as unknown:
        HubSpot(access_token="not-a-token", host=hs["url"]).crm.deals.basic_api.get_page(limit=1)
    assert unknown.value.status == 401
    assert json.loads(unknown.value.body)["category"] == "INVALID_AUTHENTICATION"


class _Hook(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append((dict(self.headers), body.decode()))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_human_edit_delivers_a_signed_v3_webhook(client, hs, sandbox_control):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target = f"http://127.0.0.1:{server.server_address[1]}/webhooks/acme/hubspot"
    control = sandbox_control("hubspot")
    try:
        control.set_webhook_target(target)
        deal_id = client.crm.deals.basic_api.get_page(limit=1).results[0].id
        control.edit("deals", deal_id, {"dealstage": "closedlost"})
        events = wait_for(lambda: [e for _, b in _Hook.received for e in json.loads(b)
                                   if e["subscriptionType"] == "deal.propertyChange" and str(e["objectId"]) == deal_id])
        assert events and events[0]["propertyName"] == "dealstage" and events[0]["changeSource"] == "CRM_UI"
        headers, body = next((h, b) for h, b in _Hook.received if deal_id in b)
        assert Signature.is_valid(signature=headers["X-HubSpot-Signature-v3"], client_secret=hs["client_secret"],
                                  request_body=body, http_uri=target, http_method="POST", signature_version="v3",
                                  timestamp=headers["X-HubSpot-Request-Timestamp"])
    finally:
        control.set_webhook_target(None)
        server.shutdown()
