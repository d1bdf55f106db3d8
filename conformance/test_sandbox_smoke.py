"""The shared machinery every emulator is wrapped in: request log, faults, Slack, lookup."""
import requests


def test_every_service_has_a_url_and_an_empty_control_log(sandbox, sandbox_control):
    assert {"slack", "lookup"} <= set(sandbox)
    for service, entry in sandbox.items():
        assert entry["url"].endswith("/" + service)
        log = sandbox_control(service).requests()
        assert isinstance(log, list)


def test_request_log_records_method_path_and_status_in_order(sandbox, sandbox_control):
    lookup = sandbox["lookup"]
    control = sandbox_control("lookup")
    control.clear_requests()
    auth = {"Authorization": "Bearer " + lookup["access_token"]}
    requests.get(lookup["url"] + "/v2/companies/find", params={"domain": "no-such-company.example"}, headers=auth)
    requests.get(lookup["url"] + "/v2/companies/find", params={"domain": "x.example"})
    log = control.requests()
    assert [(e["method"], e["path"], e["status"]) for e in log] == [
        ("GET", "/v2/companies/find", 404),
        ("GET", "/v2/companies/find", 401),
    ]
    assert log[0]["query"] == "domain=no-such-company.example"


def test_faults_route_injects_and_clears(sandbox, sandbox_control, clean_faults):
    lookup = sandbox["lookup"]
    control = sandbox_control("lookup")
    rules = control.add_fault(path="/v2", error=1, statuses=[503], count=1)
    assert rules[0]["count"] == 1
    auth = {"Authorization": "Bearer " + lookup["access_token"]}
    first = requests.get(lookup["url"] + "/v2/companies/find", params={"domain": "a.example"}, headers=auth)
    second = requests.get(lookup["url"] + "/v2/companies/find", params={"domain": "a.example"}, headers=auth)
    assert (first.status_code, second.status_code) == (503, 404)
    assert requests.get(lookup["url"] + "/__sandbox/faults").json() == []


def test_slack_webhook_answers_ok_and_keeps_the_message(sandbox):
    slack = sandbox["slack"]
    r = requests.post(slack["webhook_url"], json={"text": "Deal *Acme* moved to Closed Won"})
    assert (r.status_code, r.text) == (200, "ok")
    messages = requests.get(slack["url"] + "/__sandbox/messages").json()
    assert messages[-1]["text"] == "Deal *Acme* moved to Closed Won"
    bad = requests.post(slack["webhook_url"], data="not json", headers={"Content-Type": "application/json"})
    assert (bad.status_code, bad.text) == (400, "invalid_payload")
    unknown = requests.post(slack["url"] + "/services/T1/B1/nope", json={"text": "x"})
    assert (unknown.status_code, unknown.text) == (404, "no_service")


CRM_PROBES = {
    # service: (a GET every client makes, the status the API uses for "over the limit")
    "salesforce": ("/services/data/v59.0/sobjects/Opportunity/describe", 403),
    "hubspot": ("/crm/v3/objects/deals", 429),
    "pipedrive": ("/api/v2/deals", 429),
}


def test_crm_faults_use_each_apis_own_throttle_and_auth_responses(sandbox, sandbox_control, clean_faults):
    for service, (path, throttled) in CRM_PROBES.items():
        if service not in sandbox:
            continue
        entry, control = sandbox[service], sandbox_control(service)
        control.clear_requests()
        auth = {"Authorization": "Bearer " + entry["access_token"]}
        control.add_fault(throttle=1, retry_after=2, count=1)
        control.add_fault(path=path, revoke=True, count=1)
        # Rules apply in order; both fire once on the first request, the first rule's action wins.
        first = requests.get(entry["url"] + path, headers=auth)
        second = requests.get(entry["url"] + path, headers=auth)
        third = requests.get(entry["url"] + path, headers=auth)
        assert (first.status_code, second.status_code, third.status_code) == (throttled, 200, 200), service
        control.add_fault(path=path, revoke=True, count=1)
        assert requests.get(entry["url"] + path, headers=auth).status_code == 401, service
        assert [e["status"] for e in control.requests()] == [throttled, 200, 200, 401], service


def test_crm_human_edits_go_through_the_edit_route(sandbox, sandbox_control):
    creates = {
        "salesforce": ("Opportunity", {"Name": "Edit route deal", "StageName": "Prospecting", "CloseDate": "2030-01-01"}),
        "hubspot": ("deals", {"dealname": "Edit route deal"}),
        "pipedrive": ("deal", {"title": "Edit route deal"}),
    }
    for service, (obj, fields) in creates.items():
        if service not in sandbox:
            continue
        record = sandbox_control(service).edit(obj, fields=fields)
        assert "Edit route deal" in str(record), service
        bad = requests.post(sandbox[service]["url"] + "/__sandbox/edit", json={"object": "unicorns", "id": None})
        assert bad.status_code == 400, service
