"""google-api-python-client, built from the Gmail discovery document with its endpoint
pointed at the sandbox, against the Gmail emulator: list, get (full/raw/metadata), insert,
history with expiry (404), watch, and the OAuth refresh after a 401."""
import base64
import json
import pathlib

import pytest
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError

DISCOVERY = pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "api-specs" / "gmail" / "gmail.v1.discovery.json"


def discovery_document():
    for candidate in (DISCOVERY, pathlib.Path("/work/shared/api-specs/gmail/gmail.v1.discovery.json")):
        if candidate.exists():
            return candidate.read_text()
    pytest.skip("gmail.v1.discovery.json not found")


def client(sandbox, token=None):
    entry = sandbox["gmail"]
    return build_from_document(
        discovery_document(),
        credentials=Credentials(token=token or entry["access_token"]),
        client_options={"api_endpoint": entry["url"].rstrip("/") + "/"},
    )


def test_list_and_get_seeded_thread(sandbox):
    gmail = client(sandbox)
    listed = gmail.users().messages().list(userId="me", labelIds=["INBOX"], maxResults=5).execute()
    assert 0 < len(listed["messages"]) <= 5
    assert "nextPageToken" in listed or listed["resultSizeEstimate"] <= 5
    first = listed["messages"][0]["id"]
    full = gmail.users().messages().get(userId="me", id=first, format="full").execute()
    names = {h["name"] for h in full["payload"]["headers"]}
    assert {"From", "To", "Subject", "Message-ID"} <= names
    assert int(full["internalDate"]) > 0
    raw = gmail.users().messages().get(userId="me", id=first, format="raw").execute()["raw"]
    decoded = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    assert b"Subject:" in decoded
    meta = gmail.users().messages().get(userId="me", id=first, format="metadata", metadataHeaders=["Subject"]).execute()
    assert [h["name"] for h in meta["payload"]["headers"]] == ["Subject"]


def test_insert_then_history_then_expiry(sandbox, sandbox_control):
    gmail = client(sandbox)
    start = gmail.users().getProfile(userId="me").execute()["historyId"]
    raw = base64.urlsafe_b64encode(b"From: Ann <ann@northwind.example>\r\nSubject: conformance\r\n\r\nhello\r\n").decode()
    inserted = gmail.users().messages().insert(userId="me", body={"raw": raw, "labelIds": ["INBOX"]}).execute()
    history = gmail.users().history().list(userId="me", startHistoryId=start, historyTypes=["messageAdded"]).execute()
    added = [m["message"]["id"] for h in history.get("history", []) for m in h.get("messagesAdded", [])]
    assert inserted["id"] in added
    assert int(history["historyId"]) > int(start)

    sandbox_control("gmail").edit("history", delete=True)
    with pytest.raises(HttpError) as expired:
        gmail.users().history().list(userId="me", startHistoryId=start).execute()
    assert expired.value.resp.status == 404
    assert json.loads(expired.value.content)["error"]["status"] == "NOT_FOUND"


def test_watch_returns_history_and_expiration(sandbox):
    gmail = client(sandbox)
    watch = gmail.users().watch(userId="me", body={"topicName": "projects/p/topics/t", "labelIds": ["INBOX"]}).execute()
    assert int(watch["historyId"]) > 0 and int(watch["expiration"]) > 0
    gmail.users().stop(userId="me").execute()


def test_refused_token_is_refreshed_through_the_token_endpoint(sandbox):
    """google-auth answers the 401 by calling token_uri with the refresh grant, then retries."""
    entry = sandbox["gmail"]
    credentials = Credentials(
        token="revoked", refresh_token=entry["refresh_token"], token_uri=entry["url"].rstrip("/") + "/token",
        client_id=entry["client_id"], client_secret=entry["client_secret"],
    )
    gmail = build_from_document(discovery_document(), credentials=credentials,
                                client_options={"api_endpoint": entry["url"].rstrip("/") + "/"})
    assert gmail.users().getProfile(userId="me").execute()["emailAddress"] == entry["email_address"]
    assert credentials.token != "revoked"
