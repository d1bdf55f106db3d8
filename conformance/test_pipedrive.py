"""Pipedrive emulator conformance: the documented v2/v1 paths driven with `requests`, and the
third-party `pipedrive-python-lib` client (GearPlug, v1 API, legacy `api_token` query parameter)
pointed at the sandbox by its `domain` argument."""
import base64
import http.server
import json
import re
import threading

import pytest
import requests

from conftest import wait_for


@pytest.fixture(scope="module")
def pd(sandbox):
    return sandbox["pipedrive"]


def v2(pd, method, path, **kwargs):
    headers = {"x-api-token": pd["api_token"], **kwargs.pop("headers", {})}
    return requests.request(method, f"{pd['url']}/api/v2{path}", headers=headers, timeout=30, **kwargs)


def all_v2(pd, path, params=None, limit=100):
    items, cursor, pages = [], None, 0
    while True:
        query = {**(params or {}), "limit": limit}
        if cursor:
            query["cursor"] = cursor
        r = v2(pd, "GET", path, params=query)
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["data"]
        pages += 1
        cursor = body["additional_data"].get("next_cursor")
        if not cursor:
            return items, pages


def test_three_auth_modes_and_the_401_body(pd):
    url = f"{pd['url']}/api/v2/deals"
    assert requests.get(url, headers={"x-api-token": pd["api_token"]}, timeout=30).status_code == 200
    assert requests.get(url, params={"api_token": pd["api_token"]}, timeout=30).status_code == 200
    assert requests.get(url, headers={"Authorization": f"Bearer {pd['access_token']}"}, timeout=30).status_code == 200
    r = requests.get(url, headers={"x-api-token": "wrong"}, timeout=30)
    assert r.status_code == 401
    assert r.json()["success"] is False and r.json()["error"] == "unauthorized access" and r.json()["errorCode"] == 401


def test_oauth_refresh_with_basic_client_auth(pd):
    r = requests.post(f"{pd['url']}/oauth/token", auth=(pd["client_id"], pd["client_secret"]),
                      data={"grant_type": "refresh_token", "refresh_token": pd["refresh_token"]}, timeout=30)
    assert r.status_code == 200, r.text
    token = r.json()
    assert token["token_type"] == "Bearer" and token["expires_in"] > 0 and token["refresh_token"] == pd["refresh_token"]
    assert token["api_domain"].endswith("/pipedrive")
    me = requests.get(f"{token['api_domain']}/v1/users/me",
                      headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=30)
    assert me.status_code == 200 and me.json()["data"]["is_you"] is True


def test_v2_cursor_paging_and_updated_since(pd):
    deals, pages = all_v2(pd, "/deals", {"sort_by": "update_time", "sort_direction": "asc"}, limit=7)
    ids = [d["id"] for d in deals]
    assert len(ids) == len(set(ids)) > 7 and pages > 1
    times = [d["update_time"] for d in deals]
    assert times == sorted(times)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t) for t in times)
    middle = times[len(times) // 2]
    since, _ = all_v2(pd, "/deals", {"updated_since": middle, "sort_by": "update_time"})
    assert since and all(d["update_time"] >= middle for d in since)
    assert len(since) == sum(1 for t in times if t >= middle)
    for path in ("/persons", "/organizations"):
        items, _ = all_v2(pd, path, limit=50)
        assert items and all("custom_fields" in i for i in items)
    assert v2(pd, "GET", "/deals", params={"limit": 501}).status_code == 400


def test_v2_crud_custom_fields_and_deleted_deals(pd):
    fields = v2(pd, "GET", "/dealFields").json()["data"]
    keys = {f["field_name"]: f["field_code"] for f in fields if f["is_custom_field"]}
    assert {"DealSync ID", "DealSync Score", "DealSync Risk", "DealSync Next Action"} <= keys.keys()
    assert all(re.fullmatch(r"[0-9a-f]{40}", k) for k in keys.values())

    stage = v2(pd, "GET", "/stages").json()["data"][2]
    r = v2(pd, "POST", "/deals", json={"title": "Conformance deal", "value": 1200.5, "currency": "EUR",
                                       "stage_id": stage["id"], "custom_fields": {keys["DealSync ID"]: "conf-1"}})
    assert r.status_code == 200, r.text
    deal = r.json()["data"]
    assert deal["pipeline_id"] == stage["pipeline_id"] and deal["status"] == "open"
    assert deal["custom_fields"][keys["DealSync ID"]] == "conf-1"

    found = v2(pd, "GET", "/deals/search", params={"term": "conf-1", "fields": "custom_fields", "exact_match": "true"})
    assert [i["item"]["id"] for i in found.json()["data"]["items"]] == [deal["id"]]

    r = v2(pd, "PATCH", f"/deals/{deal['id']}", json={"status": "lost", "custom_fields": {keys["DealSync Score"]: 42}})
    assert r.json()["data"]["status"] == "lost" and r.json()["data"]["lost_time"]
    assert v2(pd, "DELETE", f"/deals/{deal['id']}").json() == {"success": True, "data": {"id": deal["id"]}}
    deleted = v2(pd, "GET", "/deals", params={"status": "deleted", "limit": 500}).json()["data"]
    assert deal["id"] in [d["id"] for d in deleted]

    missing = v2(pd, "POST", "/deals", json={"value": 1})
    assert missing.status_code == 400 and missing.json()["success"] is False and "title" in missing.json()["error"]
    assert v2(pd, "GET", "/deals/99999999").status_code == 404


def test_rate_limit_headers(pd):
    r = v2(pd, "GET", "/deals", params={"limit": 1})
    for header in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
                   "x-daily-ratelimit-token-remaining", "x-daily-requests-left"):
        assert header in r.headers, header
    assert int(r.headers["x-ratelimit-remaining"]) < int(r.headers["x-ratelimit-limit"])


def test_v1_with_pipedrive_python_lib(pd, sandbox_control, clean_faults):
    lib = pytest.importorskip("pipedrive.client", reason="pipedrive-python-lib is in conformance/requirements.txt")
    exceptions = pytest.importorskip("pipedrive.exceptions")
    client = lib.Client(domain=pd["url"])
    client.set_api_token(pd["api_token"])

    seen, start = [], 0
    while True:
        page = client.deals.get_all_deals(params={"start": start, "limit": 50})
        assert page["success"] is True
        seen += [d["id"] for d in page["data"] or []]
        pagination = page["additional_data"]["pagination"]
        if not pagination["more_items_in_collection"]:
            break
        start = pagination["next_start"]
    assert len(seen) == len(set(seen)) > 0

    deal = client.deals.get_deal(seen[0])["data"]
    assert isinstance(deal["user_id"], dict) and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", deal["update_time"])
    fields = client.deals.get_deal_fields()["data"]
    risk = next(f["key"] for f in fields if f["name"] == "DealSync Risk")
    updated = client.deals.update_deal(seen[0], {risk: "at risk"})["data"]
    assert updated[risk] == "at risk"

    person = client.persons.create_person({"name": "Lib Person", "email": ["lib@example.test"]})["data"]
    assert person["primary_email"] == "lib@example.test"
    recents = client.recents.get_recent_changes(params={"since_timestamp": updated["update_time"], "items": "deal,person"})
    assert {("deal", seen[0]), ("person", person["id"])} <= {(i["item"], i["id"]) for i in recents["data"]}
    assert client.users.get_me()["data"]["id"] == 1
    assert client.stages.get_all_stages()["data"][0]["name"] == "Qualified"

    with pytest.raises(exceptions.NotFoundError):
        client.deals.get_deal(99999999)
    with pytest.raises(exceptions.BadRequestError):
        client.deals.create_deal({"value": 5})

    sandbox_control("pipedrive").add_fault(path="/v1/deals", throttle=1, count=1)
    with pytest.raises(exceptions.TooManyRequestsError) as throttled:
        client.deals.get_all_deals()
    assert throttled.value.response.headers["x-ratelimit-remaining"] == "0"

    client.OAUTH_BASE_URL = pd["url"] + "/oauth/"
    client.client_id, client.client_secret = pd["client_id"], pd["client_secret"]
    assert client.refresh_token(pd["refresh_token"])["access_token"]

    bad = lib.Client(domain=pd["url"])
    bad.set_api_token("nope")
    with pytest.raises(exceptions.UnauthorizedError):
        bad.deals.get_all_deals()


class _Receiver(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.received.append((dict(self.headers), json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_webhooks_v2_with_basic_auth(pd, sandbox_control):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        target = f"http://127.0.0.1:{server.server_port}/hook"
        r = requests.post(f"{pd['url']}/v1/webhooks", headers={"x-api-token": pd["api_token"]}, timeout=30,
                          json={"subscription_url": target, "event_action": "*", "event_object": "deal",
                                "version": "2.0", "name": "conformance", "http_auth_user": "hookuser",
                                "http_auth_password": "hookpass"})
        assert r.status_code == 201, r.text
        hook_id = r.json()["data"]["id"]
        deal_id = v2(pd, "GET", "/deals", params={"limit": 1}).json()["data"][0]["id"]
        old = v2(pd, "GET", f"/deals/{deal_id}").json()["data"]["title"]
        v2(pd, "PATCH", f"/deals/{deal_id}", json={"title": old + " (renamed)"})
        sandbox_control("pipedrive").edit("deal", str(deal_id), {"title": old})

        assert wait_for(lambda: len(_Receiver.received) >= 2)
        (headers, api_change), (_, app_change) = _Receiver.received[:2]
        assert headers["Authorization"] == "Basic " + base64.b64encode(b"hookuser:hookpass").decode()
        assert api_change["meta"]["action"] == "change" and api_change["meta"]["entity"] == "deal"
        assert api_change["meta"]["entity_id"] == str(deal_id) and api_change["meta"]["version"] == "2.0"
        assert api_change["meta"]["change_source"] == "api" and app_change["meta"]["change_source"] == "app"
        assert api_change["data"]["title"] == old + " (renamed)" and api_change["previous"] == {"title": old}
        assert app_change["previous"] == {"title": old + " (renamed)"}
        requests.delete(f"{pd['url']}/v1/webhooks/{hook_id}", headers={"x-api-token": pd["api_token"]}, timeout=30)
    finally:
        server.shutdown()
