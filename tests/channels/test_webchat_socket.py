"""WS /ws/chat and the person-reply route, through Starlette's test client (real ASGI WebSocket)."""

import hashlib
import hmac
import html
import logging

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from crm_core.enums import Role
from tests.channels.conftest import SECRET
from tests.factories import make_caller, make_record


def token(email: str) -> str:
    return hmac.new(SECRET.encode(), email.lower().encode(), hashlib.sha256).hexdigest()


def ask(socket, text: str) -> tuple[list[str], dict]:
    socket.send_json({"type": "message", "text": text})
    chunks = []
    while (event := socket.receive_json())["type"] == "chunk":
        chunks.append(event["text"])
    return chunks, event


def test_a_knowledge_question_streams_a_cited_reply_and_the_history_comes_back(chat_app):
    with TestClient(chat_app) as client:
        with client.websocket_connect("/ws/chat") as socket:
            socket.send_json({"type": "hello"})
            ready = socket.receive_json()
            assert ready["type"] == "ready" and ready["history"] == [] and ready["verified"] is False
            chunks, reply = ask(socket, "can I get a refund on my annual plan?")
        assert reply["type"] == "reply" and len(chunks) > 1  # streamed in pieces, not one blob
        assert "".join(chunks) == reply["text"]
        assert any("Refund" in c["title"] for c in reply["citations"]) and reply["handoff"] is False

        with client.websocket_connect("/ws/chat") as again:  # a reload: same conversation id
            again.send_json({"type": "hello", "conversation_id": ready["conversation_id"]})
            history = again.receive_json()["history"]
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert history[1]["text"] == reply["text"] and history[1]["citations"] == reply["citations"]


def test_an_unknown_question_offers_a_person_and_yes_hands_off(chat_app):
    with TestClient(chat_app) as client, client.websocket_connect("/ws/chat") as socket:
        socket.send_json({"type": "hello"})
        socket.receive_json()
        _, offer = ask(socket, "what is the airspeed velocity of an unladen swallow?")
        assert offer["citations"] == [] and "person" in offer["text"] and offer["handoff"] is False
        _, handed = ask(socket, "yes please")
    assert handed["handoff"] is True and "ticket #" in handed["text"]


def test_a_persons_reply_reaches_the_open_chat_is_recorded_and_stays_in_the_history(chat_app, sessions):
    rep = make_caller(sessions, Role.manager)
    with TestClient(chat_app) as client, client.websocket_connect("/ws/chat") as socket:
        socket.send_json({"type": "hello"})
        conversation = socket.receive_json()["conversation_id"]
        ask(socket, "what is the airspeed velocity of an unladen swallow?")
        ask(socket, "yes")
        answered = client.post(f"/api/v1/conversations/{conversation}/messages", headers=rep.headers,
                               json={"text": "Hi, this is our team: about 11 metres per second."})
        assert answered.status_code == 201, answered.text
        assert answered.json()["delivered"] == 1
        event = socket.receive_json()
        assert event == {"type": "person", "text": "Hi, this is our team: about 11 metres per second.",
                         "author": rep.user.name}
        activity = client.get(f"/api/v1/activities/{answered.json()['activity_id']}", headers=rep.headers).json()
        assert activity["type"] == "chat" and activity["ticket_id"] == answered.json()["ticket_id"]

        with client.websocket_connect("/ws/chat") as reloaded:
            reloaded.send_json({"type": "hello", "conversation_id": conversation})
            ready = reloaded.receive_json()
    assert ready["handoff"] is True
    assert ready["history"][-1] == {"role": "person", "text": "Hi, this is our team: about 11 metres per second.",
                                    "author": rep.user.name}


def test_only_a_handed_off_conversation_can_be_answered_and_only_by_staff(chat_app, sessions):
    rep = make_caller(sessions, Role.rep)
    with TestClient(chat_app) as client:
        missing = client.post("/api/v1/conversations/abcdefgh1234/messages", headers=rep.headers, json={"text": "hi"})
        anonymous = client.post("/api/v1/conversations/abcdefgh1234/messages", json={"text": "hi"})
        empty = client.post("/api/v1/conversations/abcdefgh1234/messages", headers=rep.headers, json={"text": ""})
    assert missing.status_code == 404 and "abcdefgh1234" in missing.text
    assert anonymous.status_code == 401
    assert empty.status_code == 422 and empty.json()["detail"][0]["loc"][-1] == "text"


def test_a_verified_visitor_sees_their_own_tickets(chat_app, sessions):
    contact = make_record(sessions, "contacts", first_name="Lena", last_name="Park", email="lena@example.com")
    make_record(sessions, "tickets", subject="Export stuck at 99%", contact_id=contact.id)
    with TestClient(chat_app) as client, client.websocket_connect("/ws/chat") as socket:
        socket.send_json({"type": "hello", "email": "lena@example.com", "identity_token": token("lena@example.com")})
        assert socket.receive_json()["verified"] is True
        _, reply = ask(socket, "what's the status of my tickets?")
    assert "Export stuck at 99%" in reply["text"]


def test_a_forged_identity_is_refused_logged_and_closes_the_socket(chat_app, caplog):
    with TestClient(chat_app) as client, client.websocket_connect("/ws/chat") as socket:
        with caplog.at_level(logging.WARNING, logger="crm.chat"):
            socket.send_json({"type": "hello", "email": "lena@example.com", "identity_token": token("other@example.com")})
            error = socket.receive_json()
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert error == {"type": "error", "field": "identity_token", "message": "identity_token does not match email"}
    assert closed.value.code == 4401
    assert "lena@example.com" in caplog.text


def test_bad_messages_get_a_clear_error_and_the_chat_goes_on(chat_app):
    with TestClient(chat_app) as client, client.websocket_connect("/ws/chat") as socket:
        socket.send_json({"type": "hello"})
        socket.receive_json()
        socket.send_json({"type": "message", "text": ""})
        error = socket.receive_json()
        _, reply = ask(socket, "hello")
    assert error["type"] == "error" and error["field"] == "text"
    assert reply["type"] == "reply" and reply["text"]


def test_a_malformed_hello_is_refused(chat_app):
    with TestClient(chat_app) as client, client.websocket_connect("/ws/chat") as socket:
        socket.send_json({"type": "hello", "conversation_id": "../../etc"})
        error = socket.receive_json()
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert error["field"] == "conversation_id" and closed.value.code == 1008


def test_the_page_widget_and_cited_article_are_served(chat_app, help_centre):
    document = help_centre.get().documents()[0]
    with TestClient(chat_app) as client:
        page, widget = client.get("/"), client.get("/widget.js")
        article, missing = client.get(f"/help/articles/{document.id}"), client.get("/help/articles/999999")
    assert page.status_code == 200 and '<script src="/widget.js"' in page.text
    assert widget.headers["content-type"].startswith("application/javascript") and "/ws/chat" in widget.text
    assert article.status_code == 200 and f"<h1>{html.escape(document.title)}</h1>" in article.text
    assert missing.status_code == 404
