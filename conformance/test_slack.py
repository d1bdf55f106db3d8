"""Slack incoming webhooks, driven by Slack's own Python SDK (slack_sdk.webhook.WebhookClient)."""
import requests
from slack_sdk.webhook import WebhookClient


def test_official_webhook_client_posts_text_and_blocks(sandbox):
    slack = sandbox["slack"]
    requests.delete(slack["url"] + "/__sandbox/messages")
    client = WebhookClient(slack["webhook_url"])
    response = client.send(
        text="Deal *Acme* moved to Closed Won",
        blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "*Acme* - $120,000"}}],
    )
    assert (response.status_code, response.body) == (200, "ok")
    messages = requests.get(slack["url"] + "/__sandbox/messages").json()
    assert len(messages) == 1
    assert messages[0]["text"] == "Deal *Acme* moved to Closed Won"
    assert messages[0]["blocks"][0]["text"]["text"] == "*Acme* - $120,000"


def test_official_client_sees_slacks_error_strings(sandbox):
    slack = sandbox["slack"]
    wrong = WebhookClient(slack["url"] + "/services/T000/B000/not-a-secret")
    response = wrong.send(text="hello")
    assert (response.status_code, response.body) == (404, "no_service")
    empty = WebhookClient(slack["webhook_url"]).send(text="")
    assert (empty.status_code, empty.body) == (400, "no_text")
