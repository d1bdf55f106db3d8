"""Activities as each CRM's own client writes them: HubSpot email engagements through
hubspot-api-client (basic, batch, search, v4 associations) and Pipedrive activities through
pipedrive-python-lib (v1) and plain requests (v2)."""
import time

import pytest
import requests
from hubspot import HubSpot
from hubspot.crm.objects.emails import (
    ApiException,
    AssociationSpec,
    BatchInputSimplePublicObjectBatchInputForCreate,
    BatchInputSimplePublicObjectBatchInputUpsert,
    Filter,
    FilterGroup,
    PublicAssociationsForObject,
    PublicObjectId,
    PublicObjectSearchRequest,
    SimplePublicObjectBatchInputForCreate,
    SimplePublicObjectBatchInputUpsert,
    SimplePublicObjectInput,
    SimplePublicObjectInputForCreate,
)


@pytest.fixture(scope="module")
def hubspot(sandbox):
    return HubSpot(access_token=sandbox["hubspot"]["access_token"], host=sandbox["hubspot"]["url"])


def first_id(api):
    return api.get_page(limit=1).results[0].id


def test_hubspot_email_engagement_with_associations(hubspot):
    contact, deal = first_id(hubspot.crm.contacts.basic_api), first_id(hubspot.crm.deals.basic_api)
    emails = hubspot.crm.objects.emails
    created = emails.basic_api.create(SimplePublicObjectInputForCreate(
        properties={"hs_timestamp": "2026-11-20T10:00:00Z", "hs_email_subject": "Re: pricing",
                    "hs_email_text": "Can you send the order form?", "hs_email_direction": "INCOMING_EMAIL",
                    "dealsync_id": "0190f5c2-7a3b-7cde-8f01-00000000c0f1"},
        associations=[
            PublicAssociationsForObject(to=PublicObjectId(id=contact),
                                        types=[AssociationSpec(association_category="HUBSPOT_DEFINED", association_type_id=198)]),
            PublicAssociationsForObject(to=PublicObjectId(id=deal),
                                        types=[AssociationSpec(association_category="HUBSPOT_DEFINED", association_type_id=210)]),
        ]))
    assert created.properties["hs_email_subject"] == "Re: pricing"
    assert created.properties["hs_timestamp"] == "2026-11-20T10:00:00.000Z"

    got = emails.basic_api.get_by_id(created.id, properties=["hs_email_text", "dealsync_id"], associations=["contacts", "deals"])
    assert got.properties["hs_email_text"] == "Can you send the order form?"
    assert [a.id for a in got.associations["contacts"].results] == [contact]
    assert [a.id for a in got.associations["deals"].results] == [deal]
    # The reverse edge carries the inverse type (contact → email 197).
    back = hubspot.crm.associations.v4.basic_api.get_page(object_type="contacts", object_id=contact, to_object_type="emails")
    assert any(str(r.to_object_id) == created.id and r.association_types[0].type_id == 197 for r in back.results), back

    updated = emails.basic_api.update(created.id, SimplePublicObjectInput(properties={"hs_email_subject": "Re: pricing (signed)"}))
    assert updated.properties["hs_email_subject"] == "Re: pricing (signed)"

    time.sleep(0.25)  # search allows 5 requests a second
    found = emails.search_api.do_search(public_object_search_request=PublicObjectSearchRequest(
        filter_groups=[FilterGroup(filters=[Filter(property_name="dealsync_id", operator="IN",
                                                   values=["0190f5c2-7a3b-7cde-8f01-00000000c0f1"])])],
        properties=["dealsync_id"]))
    assert [r.id for r in found.results] == [created.id]


def test_hubspot_emails_need_a_timestamp_and_refuse_upsert_by_dealsync_id(hubspot):
    emails = hubspot.crm.objects.emails
    with pytest.raises(ApiException) as missing:
        emails.basic_api.create(SimplePublicObjectInputForCreate(properties={"hs_email_subject": "no date"}))
    assert missing.value.status == 400 and "hs_timestamp" in missing.value.body

    with pytest.raises(ApiException) as upsert:
        emails.batch_api.upsert(BatchInputSimplePublicObjectBatchInputUpsert(inputs=[SimplePublicObjectBatchInputUpsert(
            id="0190f5c2-7a3b-7cde-8f01-00000000c0f2", id_property="dealsync_id",
            properties={"hs_timestamp": "2026-11-20T10:00:00Z"})]))
    assert upsert.value.status == 400

    batch = emails.batch_api.create(BatchInputSimplePublicObjectBatchInputForCreate(inputs=[
        SimplePublicObjectBatchInputForCreate(properties={"hs_timestamp": "1795132800000", "hs_email_subject": "ok"},
                                              object_write_trace_id="a"),
        SimplePublicObjectBatchInputForCreate(properties={"hs_timestamp": "1795132800000", "hs_email_direction": "SIDEWAYS"},
                                              object_write_trace_id="b"),
    ]))
    assert [r.properties["hs_email_subject"] for r in batch.results] == ["ok"]
    assert batch.errors[0].context["objectWriteTraceId"] == ["b"]


def test_pipedrive_activities_with_the_v1_library(sandbox, sandbox_control, clean_faults):
    lib = pytest.importorskip("pipedrive.client")
    exceptions = pytest.importorskip("pipedrive.exceptions")
    pd = sandbox["pipedrive"]
    client = lib.Client(domain=pd["url"])
    client.set_api_token(pd["api_token"])
    deal = client.deals.get_all_deals(params={"limit": 1})["data"][0]
    person_id = deal["person_id"]["value"] if isinstance(deal["person_id"], dict) else deal["person_id"]

    created = client.activities.create_activity({"subject": "Re: pricing", "type": "email", "due_date": "2026-11-20",
                                                 "deal_id": deal["id"], "person_id": person_id, "done": 1,
                                                 "note": "Body\n\nDealSync ID: 0190f5c2-7a3b-7cde-8f01-00000000c0f3"})
    assert created["success"] is True
    activity = created["data"]
    assert activity["type"] == "email" and activity["done"] is True and activity["deal_id"] == deal["id"]
    assert activity["deal_title"] == deal["title"]

    got = client.activities.get_activity(activity["id"])["data"]
    assert got["note"].endswith("DealSync ID: 0190f5c2-7a3b-7cde-8f01-00000000c0f3")
    updated = client.activities.update_activity(activity["id"], {"subject": "Re: pricing (signed)", "done": 0})["data"]
    assert updated["subject"] == "Re: pricing (signed)" and updated["done"] is False and updated["marked_as_done_time"] is None

    listed = client.activities.get_all_activities(params={"user_id": 0, "type": "email", "start_date": "2026-11-20",
                                                          "end_date": "2026-11-20"})["data"]
    assert activity["id"] in [a["id"] for a in listed]

    with pytest.raises(exceptions.BadRequestError):
        client.activities.create_activity({"subject": "x", "type": "carrier_pigeon"})
    with pytest.raises(exceptions.NotFoundError):
        client.activities.create_activity({"subject": "x", "type": "call", "deal_id": 99999999})

    assert client.activities.delete_activity(activity["id"])["success"] is True
    with pytest.raises(exceptions.NotFoundError):
        client.activities.get_activity(activity["id"])

    sandbox_control("pipedrive").add_fault(path="/v1/activities", throttle=1, count=1)
    with pytest.raises(exceptions.TooManyRequestsError) as throttled:
        client.activities.get_all_activities()
    assert throttled.value.response.headers["x-ratelimit-remaining"] == "0"


def test_pipedrive_v2_activities_filter_by_deal_and_page_with_a_cursor(sandbox):
    pd = sandbox["pipedrive"]
    headers = {"x-api-token": pd["api_token"]}
    base = f"{pd['url']}/api/v2"
    deal = requests.get(f"{base}/deals", headers=headers, params={"limit": 1}, timeout=30).json()["data"][0]
    ids = []
    for n in range(3):
        r = requests.post(f"{base}/activities", headers=headers, timeout=30,
                          json={"subject": f"Touch {n}", "type": "call", "deal_id": deal["id"], "done": False})
        assert r.status_code == 200, r.text
        ids.append(r.json()["data"]["id"])
        assert r.headers["x-ratelimit-limit"]

    seen, cursor = [], None
    while True:
        params = {"deal_id": deal["id"], "limit": 2, **({"cursor": cursor} if cursor else {})}
        body = requests.get(f"{base}/activities", headers=headers, params=params, timeout=30).json()
        seen += [a["id"] for a in body["data"]]
        assert all(a["deal_id"] == deal["id"] for a in body["data"])
        cursor = body["additional_data"]["next_cursor"]
        if not cursor:
            break
    assert set(ids) <= set(seen) and len(seen) == len(set(seen))

    r = requests.patch(f"{base}/activities/{ids[0]}", headers=headers, json={"done": "yes"}, timeout=30)
    assert r.status_code == 400 and r.json()["success"] is False
    assert requests.delete(f"{base}/activities/{ids[0]}", headers=headers, timeout=30).json()["data"] == {"id": ids[0]}
    assert requests.get(f"{base}/activities/{ids[0]}", headers=headers, timeout=30).status_code == 404
