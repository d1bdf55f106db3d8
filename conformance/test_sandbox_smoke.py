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
