"""Which tool a request names outright, and which side-effecting tools a message may reach at all."""

import re

import pytest

from agent.local import cues
from tools.registry import STAFF_TOOLS, VERIFIED_VISITOR_TOOLS

STAFF = {getattr(t, "name", t) for t in STAFF_TOOLS}
VERIFIED = {getattr(t, "name", t) for t in VERIFIED_VISITOR_TOOLS}


@pytest.mark.parametrize("message, tool", [
    ("log call w/ Cordillera — budget moved to Dec 10", "log_activity"),
    ("fyi I emailed Arjun Dubois the workaround for the stuck widget. add that to his ticket pls", "log_activity"),
    ("could you note that I called Amara at Ironbark this morning?", "log_activity"),
    ("Note for the Globex multi-year deal: QBR slot is 9 Dec", "log_activity"),
    ("in 10 days ping Granite Peak about the deep dive", "create_task"),
    ("set me a reminder for friday to confirm the seat forecast", "create_task"),
    ("Karoo salesforce add-on is closed won!! PO came through", "update_deal"),
    ("Niamh moved into the Head of Product role, can you update her title?", "update_contact"),
    # A request in a later clause, after the story that explains it.
    ("globex procurement is dragging their feet again... slip the business pilot to end of Jan", "update_deal"),
    ("Good news from Initech. Can you move their annual plan deal into negotiation?", "update_deal"),
    ("Initech signed the team plan expansion!!", "update_deal"),
    ("hooli renewal — next step is now: get the DPA countersigned", "update_deal"),
    ("quick call w/ Pedro @ Hooli — their security team is happy. log it pls", "log_activity"),
    ("met with the hooli folks today about the pilot. add it as a meeting", "log_activity"),
    ("need to redo the vendor registration in their portal by the end of the month, remind me", "create_task"),
    ("got an email from jo@hooli.example, who is that?", "find_records"),
    ("Straitspoint PMO rollout got scoped down. it's 58.5k now, not 67k", "update_deal"),
    ("need a task for tmrw - call Diego Novak re the multi-year agreement", "create_task"),
    ("task for me, due friday dec 4: chase wei ferreira about their vendor registration. put it on the kesselwerk team "
     "plan expansion - the 15.5k one, not the bigger one", "create_task"),
    ("Put a to-do on my list for 10 days from now: check whether Polderlink signed the order form", "create_task"),
    ("draft something to Mei Demir at Kesselwerk chasing their legal feedback. don't send it yet", "draft_follow_up"),
    # a person and their company typed in lower case
    ("draft olivia wojcik at nusantara grid a short email asking if they'd be up for being a reference customer",
     "draft_follow_up"),
    ("write jonas sato at hygge learning a follow up - the updated quote is coming this week", "draft_follow_up"),
    ("draft astrid papadopoulos (COO at ashby & thorne) a quick note: the reference call is confirmed for dec 3",
     "draft_follow_up"),
    ("can u draft ji-woo at prairie wind an update on the date sorting bug: the fix ships in wednesday's release",
     "draft_follow_up"),
    # a company's deals asked together with its support side or its people: the account at a glance
    ("seeing juniper ridge clinics tomorrow. what do i have open with them, is anything open on the support side, and "
     "who's their CFO?", "account_overview"),
    ("prepping for the tienda azul QBR 🙏 which deals do i have open with them and what do they add up to? also who are "
     "our contacts there", "account_overview"),
    # a deal handed to a colleague
    ("Bob's going on leave from Monday, please hand the Solbrand engineering-wide rollout over to Alice", "update_deal"),
    ("reassign deal 26 to carla", "update_deal"),
    # (but not a support-only question, one deal's contact, or news to log)
    ("do i have anything still open with quarrystone analytics on the support side? which tickets", "find_records"),
    ("who's the contact on the eastbrook shire deal, and what's the next step we had down?", "deal_summary"),
    ("log a call on the globex deal: their support tickets are slowing the rollout", "log_activity"),
    # one deal named before "that one" or before "where's it at", and how long "it" has sat in its stage
    ("ashby & thorne marketing ops expansion — aren't we past the close date on that one? by how much, and what's the "
     "next step", "deal_summary"),
    ("the karoo salesforce add-on: who's my contact there and what are we still waiting on?", "deal_summary"),
    ("where's my globex marketing ops expansion at? stage, how long its been in that stage, close date and next step",
     "deal_summary"),
    ("anything from prairie wind energy still open on my plate? who raised it and what's it about", "find_records"),
    ("remind me what stage Ironbark's renewal is at, and for how much.", "deal_summary"),
    ('Mateo Nowak at Prairie Wind emailed me: "…" Which of their tickets is he talking about, and what\'s its status?',
     "find_records"),
    ("anything new from granite peak fabrication in the support queue? what are they asking for", "find_records"),
    ("hygge renewal + expansion - what's it at right now and who's the contact?", "deal_summary"),
    ("granite peak 50 seats deal, where's it at? who's our contact on it and when was the last thing logged",
     "deal_summary"),
    ("how long has it actually been in prospecting, exactly?", "deal_summary"),
    ("did the hoshizora business plan annual actually close? for how much", "deal_summary"),
    # one account's pipeline and its support, asked together
    ("oasisgate retail - do we have anything in the pipeline with them at all? and what support tickets of theirs are "
     "still open", "account_overview"),
    ("Prairie Wind Energy keeps popping up in the support queue. Do we have anything going on with them commercially?",
     "account_overview"),
    ("Mateo Santos at Ombu still shows up as an MQL which is just wrong, he's been a customer since their pilot. can u "
     "fix his lifecycle stage", "update_contact"),
    ("hoshizora sent something new in to support, what do they want? also remind me where alice's new logo deal with "
     "them is at", "account_overview"),
    # After the story that explains it, in shorthand, or in a mail rather than an e-mail.
    ("Ana at Westhaven is back from leave. Write her a short note to rebook the demo", "draft_follow_up"),
    ("fu email to pedro hoang pls: recap of the security review", "draft_follow_up"),
    ("nice. now draft him a short congrats note and ask if he can help us find a new exec sponsor for the pilot",
     "draft_follow_up"),
    ("can u draft smth to amara at ironbark about the pricing sheet", "draft_follow_up"),
    ("could you prepare a mail for Diego at Nordvik about the renewal terms", "draft_follow_up"),
    # A new value stated as a fact; a log request at the end of a story.
    ("hooli annual plan deal -> their finance approved more budget, amount is 23,750 now", "update_deal"),
    ("hooli pilot: vendor registration is done, next step now = kickoff call with their team leads", "update_deal"),
    ("Just got off the phone with Jo at Hooli. Budget is approved for Q1. Log the call on the pilot deal.", "log_activity"),
    ("called jo again, no answer, left a vm. log it", "log_activity"),  # a rep's "log it" is not a ticket
    # The whole account, how a customer feels, what was won, and a product question asked for a customer.
    ("hooli — quick overview? who are the contacts, what's open", "account_overview"),
    ("initech — short version pls, deals + open issues", "account_overview"),
    ("jr clinics - getting angrier w us? theres that refund req still open", "ticket_sentiment"),
    ("are Initech happier since we fixed the export bug?", "ticket_sentiment"),
    ("what did I close-win this month?", "pipeline_question"),
    ("hooli procurement wants to know what uptime we actually commit to", "search_knowledge_base"),
    # A reminder, a note and a draft in other words.
    ("Hooli said the certificate is on its way. Ping me in ten days to check whether it came through?", "create_task"),
    ("can you put something on my list for the 1st: send the IP allowlist to Hooli's network team", "create_task"),
    ("Jo Park (Hooli) is on leave until Jan 10. stick a note on her contact so nobody emails her", "log_activity"),
    ("put a note on the dasol learning business plan deal we closed back in september: grace costa says the rollout's "
     "gone really well and they might bring their design team on next term", "log_activity"),
    ("Can you get a follow-up going to whoever our contact is on the Hooli pilot deal?", "draft_follow_up"),
    ("I need to check in 10 days whether Hooli legal has sent the redlines back. can you set that up for me?", "create_task"),
    # One deal's state asked after its name says what it is about; an amount that "needs to go up to".
    ("Hooli's data residency migration feels parked. What stage is it in, how long has it been sitting there?",
     "deal_summary"),
    ("Hooli are taking the pilot to four teams, so the business pilot deal needs to go up to 20,250", "update_deal"),
    ("Jo Park over at Hooli got promoted to Head of Engineering. Can you make sure her record reflects that?",
     "update_contact"),
    ("that Hooli ticket isn't really a how-to, it's a feature ask. fix the category on it pls", "update_ticket"),
    ("Hooli is on my book but I haven't looked at it in months. Anything open with them?", "account_overview"),
    ("Jo at Hooli confirmed the workaround for the export timeout did the trick, so you can mark that ticket solved.",
     "update_ticket"),
    ("Can you get an email ready for whoever our contact is on the Hooli pilot? Nudge them about the order form.",
     "draft_follow_up"),
    ("is there a ticket from hooli about an audit log export? whats the status", "find_records"),
])
def test_staff_requests_that_name_their_action(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


@pytest.mark.parametrize("message", [
    "Is ticket 64 still pending? We need that audit log gap sorted before our compliance review. Oh and could you "
    "also check on ticket 22 for me",
    "do I have any support tickets open?",
    "hey, can you check on my webhook ticket?",
    "Did you ever sort out my complaint about the status page?",
    "show me every ticket our company has open",
    "hey, any progress on the S3 thing?",
    "Could you give me a quick rundown of everything I've raised with you and where each one stands?",
    "Hello, I wait since October for answer about the audit log. What is the status please?",
    # Asking after something reported earlier, without the word "ticket".
    "the login loop on Safari — did anybody get it fixed in the end?",
    "any word on the question I sent about invoice currencies?",
    "Last week I flagged that the CSV export drops accents. Is someone still looking into it?",
    "what have I still got waiting with your team?",
    "did anyone ever get back to me on who our workspace admin is?",
    "status on my cases pls",
    "Back in September I asked about SCIM attributes. Has anybody picked that up? I never got an answer.",
    "is that ticket actually being worked on? and was the wire transfer one ever closed properly?",
    "what's going on with my question about tracking DORA metrics?",
    "Did anyone pick up my report from Thursday about the app being down?",
    "The comments that vanished after the sync - is your team waiting on something from me on that one?",
    "sync is STILL leaving our custom fields blank. reported it at the start of the month, does it even have an owner yet??",
    "hi, anything new on my export ticket?",
    "i asked you back in september to delete my account. did that actually happen or is it still sitting there?",
    "thx. and the invoice download question from last week is done, right? when did you close it?",
    "hey, did you figure out where we upload our tax exemption certificate? I asked at the start of the month",
])
def test_a_verified_visitor_asking_about_tickets_reaches_my_tickets(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"


def test_asking_for_an_address_is_not_a_draft():
    assert "draft_follow_up" not in cues.candidates("whats the email for ironbark's CFO", STAFF)
    assert "draft_follow_up" in cues.candidates("write an email to Ironbark's CFO", STAFF)


@pytest.mark.parametrize("message", [
    "hi! bug report: export cuts off the legend. can u make a ticket?",
    "bug: sankey widget crashes the dashboard when the filter has many values. ticket pls",
    "I'd like to request a feature: export to MS Project. Can you log this as a feature request?",
    "the gantt view drops weekends. please file a bug for it",
    "feature request: dark mode for embedded dashboards. could you pass it on and log it?",
    "I want to report a problem with CSV exports: a comma in a label shifts every column. Makes the file useless.",
    "the pdf export cuts off the last column of every table. can you put in a ticket?",
    "I'd like to raise an issue: the gauge widget shows 110% when the target is 0.",
    "There's a bug in the funnel chart: empty steps disappear. Could you pass this on to your developers?",
    "report: dark mode makes the legend text invisible on line charts",
    "Could you register a complaint? your outage yesterday cost us a day.",
    "heatmap widget puts sunday's data in the monday column. file this pls",
    "I need the November invoice reissued with the new address - please open a request for it.",
    "people got paged at 2am for nothing. I want this logged as a formal complaint.",
    "alright, please ask your team for the extension then. workspace is lumen-ops, you can reach me at k@lumenops.example",
    "our trial ends tuesday and jira isn't connected yet :( any chance of a few extra days? workspace is brightwater-eng, "
    "I'm dana.m@brightwater-eng.example",
])
def test_a_customer_asking_for_a_ticket_gets_one(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "create_ticket"


def test_a_visitor_asks_for_a_person_or_escalation():
    for message in ("can you just pass this to a person on your team so they contact me",
                    "we reconnected it twice and it is the same error. Please escalate.",
                    "ok. then I'd like someone from your sales team to get in touch about moving us to enterprise.",
                    "ok, yes, please ask around and have someone come back to me on that"):
        assert cues.direct(message, cues.candidates(message, VERIFIED)) == "handoff_to_human"


def test_an_anonymous_visitor_asking_after_a_ticket_is_told_to_sign_in():
    assert cues.wants_own_tickets("whats the status of ticket 38")
    assert cues.wants_own_tickets("A few weeks ago I asked how to change who gets our invoices. What's the status of that?")
    assert not cues.wants_own_tickets("how do I change who gets our invoices?")
    assert cues.wants_own_tickets("is my invoice problem sorted now?")
    assert not cues.wants_own_tickets("merci!! all sorted now 🙌 you were more patient than our IT desk. bonne soirée")


def test_an_adjective_open_is_not_a_request_to_open_a_ticket():
    message = "set every open Karoo Solar ticket to urgent priority"
    assert "create_ticket" not in cues.candidates(message, VERIFIED)
    assert "create_ticket" not in cues.candidates("Which open tickets are the angriest right now?", STAFF)


@pytest.mark.parametrize("message, tool", [
    ("Please can you make an email draft for Nadia Castillo from Granite Peak.", "draft_follow_up"),
    ("follow up with tienda azul on the 50 seats deal. just the draft, I'll tweak it", "draft_follow_up"),
    ("kesselwerk business pilot is now 4 teams not 3, amount goes up to 18,400", "update_deal"),
    ("got the MSA redlines back from kesselwerk on the team plan expansion. it's negotiation now", "update_deal"),
    ("On the Ombú rollout (the open one) please change the next step to: walk Mateo through the deck", "update_deal"),
    ("my emails to Hugo keep bouncing. turns out the right address is h.thompson@acme.example, can you fix his record?",
     "update_contact"),
    ("do we have a CISO on file at Lumière Médias?", "find_records"),
    ("there's an Arjun something at Quillfeather I met at the conference, what's his role?", "find_records"),
])
def test_statements_and_requests_a_rep_makes(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


def test_someone_elses_new_ticket_is_a_question_about_it_not_a_request_for_one():
    message = "Ibrahim at Ipê Logística opened a new ticket this morning. What is he asking for?"
    assert "create_ticket" not in cues.candidates(message, STAFF)
    assert "create_ticket" in cues.candidates("I opened a ticket last week, please open a new ticket for this bug", STAFF)
    assert cues.direct("is it in negotiation now?", cues.candidates("is it in negotiation now?", STAFF)) != "update_deal"


@pytest.mark.parametrize("message", [
    "Our annual plan auto-renewed on 2026-11-09 (invoice INV-4471). Please refund that invoice in full.",
    "we're on day 12 of the trial and our Jira admin is away. any chance you could give us a few extra days?",
    "Found a bug for you: an emoji in a dashboard name makes the page go white. Could you get this to your developers?",
    "Hello, we wish a function to export a dashboard as PowerPoint slides. Please can you give this wish to your product team?",
    "Both invoices have our old name. I need both of them reissued with the correct name, please.",
    "Nobody here can open a dashboard since 09:10. Please record this as a problem report so your engineers can look.",
    "Our owner left and her mailbox is gone, so she can't transfer it herself. Please start the ownership change over to me.",
    "Our auditors need invoices INV-30417 and INV-30952 reissued with the new name. Can you ask your billing team to do that?",
    "more of a complaint I'd like on record with whoever decides your packaging. please pass that on",
])
def test_a_customer_asking_the_company_to_act_gets_a_ticket_without_saying_ticket(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "create_ticket"


def test_a_how_to_question_or_a_reps_request_is_not_a_customers_ticket():
    for message in ("can we pay by bank transfer instead of a card?", "how do I extend the trial myself?",
                    "What is the actual API limit - is it per token? And would moving from Team to Business raise it?",
                    # whether it can be done at all, before anyone is asked to
                    "Our auditors want the invoice from September 2025 reissued with our new legal name. Is that possible?"):
        assert cues.direct(message, cues.candidates(message, VERIFIED)) != "create_ticket"
    message = "hmm, page 3 is throwing 500s again on /v2/projects. can you raise it with your team?"
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "create_ticket"
    message = "could you extend the close date of the Acme deal to March?"
    assert cues.direct(message, cues.candidates(message, STAFF)) != "create_ticket"
    message = "I emailed Arjun the workaround for the stuck widget. add that to his ticket pls"
    assert cues.direct(message, cues.candidates(message, STAFF)) != "create_ticket"


@pytest.mark.parametrize("message, asks_only", [
    ("The Quarrystone renewal is mine. I'd like to know if support with them has been getting worse. Have they?", True),
    ("For the board deck I need what we've lost in 2026 so far. How many closed-lost deals?", True),
    ("how do I move a deal to another stage?", True),
    ("what's the next step on the acme deal, and move it to proposal", False),
    ("could we push the acme close date to March?", False),
    ("can you mark ticket 12 solved?", False),
    # news, then "but" and the question: the news sets the scene
    ("liffeyside just signed the team plan with carla 🎉 but are they souring on us on the support side?", True),
    ("liffeyside just signed the team plan, but can you move the pilot to lost?", False),
])
def test_a_question_asks_for_no_change_unless_a_clause_does(message, asks_only):
    assert cues.only_asks(message) is asks_only


def test_remind_me_where_is_a_question_and_a_to_do_for_a_day_is_a_task():
    message = "remind me where their new logo deal is at"
    assert cues.direct(message, cues.candidates(message, STAFF)) != "create_task"
    message = "nikolai wants a call with me. remind me whose account globex actually is, and have i got anything else open"
    assert "create_task" not in cues.candidates(message, STAFF)
    message = "set me a to-do for dec 9: check whether Maya got budget sign-off"
    assert cues.direct(message, cues.candidates(message, STAFF)) == "create_task"


@pytest.mark.parametrize("message, tool", [
    ("need a follow up to Freya Andersen (procurement @ granite peak) about booking the deep dive", "draft_follow_up"),
    ("can you make follow-up mail for the contact on liffeyside pilot deal? only draft please", "draft_follow_up"),
    ("Samuel Haddad from Cordillera has a new direct line, +55 11 98765 4321. can you put that on his contact",
     "update_contact"),
])
def test_more_ways_a_rep_asks(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


def test_a_customer_asks_after_a_report_or_for_the_team_to_act():
    message = "where are we with the jira comments that vanished after your sync? that was weeks ago"
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"
    message = "I'm the owner and the only admin. can your team do that identity check then?"
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "handoff_to_human"


@pytest.mark.parametrize("message, tool", [
    ("Karoo has a ticket about their S3 export writing empty files. What category did it end up in?",
     "ticket_sentiment"),
    ("I've got the APAC QBR this week. Which of their open tickets have the grumpiest customers?", "ticket_sentiment"),
    ("anything urgent sitting in my tickets right now?", "ticket_sentiment"),
    ("liffeyside's team plan closed yesterday 🎉 - what else have i got going with them, and is anything open on the "
     "support side i should know about?", "account_overview"),
    ("carla thinks nusantara grid could expand next year. remind me what we've sold them and when, is there anything in "
     "the pipe with them right now, and who do we know over there?", "account_overview"),
    # the open tickets by age
    ("what's the oldest ticket i still haven't closed out?", "ticket_sentiment"),
    ("The Juniper Ridge ticket about the dark mode labels is sitting at low. Raise it to high please.", "update_ticket"),
])
def test_questions_about_ticket_scores_and_a_priority_raised(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


def test_the_current_stage_said_to_set_the_scene_is_not_an_update():
    assert cues.only_asks("The Quarrystone renewal is mine and it's at proposal. I'd like to know if support with "
                          "them has been getting worse. Have they?")
    assert cues.direct("we're in proposal now with Quarrystone", STAFF) == "update_deal"


def test_asking_whether_the_chat_is_automated_is_not_asking_for_a_person():
    message = "quick q - is this automated or is there an actual human typing on the other end?"
    assert "handoff_to_human" not in cues.candidates(message, VERIFIED)



@pytest.mark.parametrize("message", [
    "Could you pass a wish on to your product people? We'd love a 'quiet hours' option for alerts.",
    "The November invoice still charges the Business price. Please get your billing team to correct it.",
    "Can you write this as feature request for your product people? my email is b@songhong.example",
    "This is a formal complaint. Nothing loaded for three hours. Put it on record and have someone get back to me.",
    "Please open the ownership change request and name me as the new owner.",
])
def test_more_ways_a_customer_asks_for_a_ticket(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "create_ticket"


@pytest.mark.parametrize("message", [
    "ok so the sprint burndown is STILL eating the last day. has your team given up on it or what",
    "Can you list whatever I've got with your support team at the moment, and which of them are done?",
    "remind me what I sent you guys back in october? can't find the email anymore",
    "hi, anything back on my question about EU data residency and backups? our DPO keeps asking me",
    "hey - is the spinning 'cycle time by team' widget thing still on anyone's list? it's been almost 3 months",
    "perfect. and the other ticket i had with you, the outage one - when was that closed?",
])
def test_more_ways_a_customer_asks_after_their_tickets(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"


@pytest.mark.parametrize("message", [
    "Could someone reissue it please? Contact: finance@brightwater.example",
    "I'm an admin. Could you start moving the ownership over to me?",
    "feature wish: timeline export to MS Project. pls pass it on to whoever decides these things",
    "the PDF download of our Claims Overview dashboard cuts off the rightmost column. can you report that as well?",
    "no need to bother anyone, just put it down as a feature request from us",
])
def test_asking_someone_to_act_or_passing_a_wish_on_is_a_ticket(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "create_ticket"


@pytest.mark.parametrize("message", [
    "Hi, about ticket 118 (the 503s from the API): did anybody get back on it?",
    "A few days ago I wrote in about a line on our invoice. Has someone answered it yet?",
    "was my ticket about the 500 error on page 3 of /v2/projects closed? if so when",
    "hey, I think I have a ticket open about project_id missing from your webhook payloads. anything happening with it?",
    "still seeing two charges for this month on our card statement. has anyone on your end actually looked at it yet?",
    "is anyone working on the project_id that went missing from your webhook payloads? reported it about a month ago",
    "the double charge from this month, has anyone actually started on that? is the other one waiting on me or on you guys?",
    "I need the date I opened the ticket about being locked out by 2FA after losing my phone",
    "I sent you a few questions over the autumn. Which of them has nobody picked up yet?",
])
def test_asking_whether_anyone_answered_reaches_my_tickets(message):
    assert cues.wants_own_tickets(message)


@pytest.mark.parametrize("message", [
    "how long do refunds take once someone has started the process?",
    "we sent over a CSV but the import says the header row is wrong, what format do you need?",
    "nobody on our team can see the new dashboard, is that a permissions thing?",
    "our Parquet export writes every column as a string. Nobody has touched the schedule. Could you open a ticket?",
])
def test_a_how_to_that_mentions_people_or_sending_is_not_about_their_tickets(message):
    assert not cues.wants_own_tickets(message)


@pytest.mark.parametrize("message, tool", [
    ("Amara Ivanova gave me her direct line, it's (312) 555-0188. can you put that on her contact?", "update_contact"),
    ("Can you make sure the CRM shows Kwame Kaur at Nordvik as IT Manager now?", "update_contact"),
    ("went well. next step on the 50 seats deal is getting Nadia to sign the order form", "update_deal"),
    ("Quick note for the Tienda Azul account please: Kenji is signing off now", "log_activity"),
    ("Maya never got back to me about the proposal. Draft a polite nudge for me?", "draft_follow_up"),
    ("could you write Valentina Park a short thank-you for hosting us", "draft_follow_up"),
    ("I'd like to send Dmitri Haddad a congrats. can you prep that email", "draft_follow_up"),
    ("where's Bob at with the salesforce add-on for Karoo Solar?", "deal_summary"),
    ("whats open over there, deals and support?", "account_overview"),
    ("who owns prairie wind energy on our side?", "account_overview"),
    ("who raised ticket 6", "get_record"),
    # a deal's fields asked beside its account's support side: not the support queue alone
    ("carla's stackhouse labs enterprise upgrade: amount, stage, close date? and is there anything open with support over "
     "there that could bite us", None),
    ("calling acme tomorrow about the business plan annual. what's it worth, when's it meant to close and who's our "
     "contact on it?", "deal_summary"),
    ("call with ombu tomorrow. what have i got open with them, what have we already won there, and is anything open on "
     "the support side?", "account_overview"),
    ("what have we sold them so far, is anything still open, and who are my contacts over there?", "account_overview"),
    ("put a note on wei ferreira's can't-log-in ticket: waiting for him to confirm before i close it", "log_activity"),
    ("did stackhouse labs send us something new? what are they after", "find_records"),
    ("Are they getting crankier with support lately?", "ticket_sentiment"),
    ("That Straitspoint one is on pending, they're waiting on us. Put it back to open.", "update_ticket"),
    ("ok move that ticket to open", "update_ticket"),
    ("i'm overloaded this quarter - hand my quarrystone salesforce add-on deal over to bob", "update_deal"),
    ("avg days from the deal being created to it closing lost, looking at this year's losses", "pipeline_question"),
    ("which of my billing tickets still aren't solved?", "ticket_sentiment"),
    ("hoshizora new logo team plan, what's it worth and when's it meant to close?", "deal_summary"),
    ("which of my pending tickets are actual bugs?", "ticket_sentiment"),
    ("tienda azul's order form has been sitting with henrik for over a week. draft kenji dlamini (their COO) a friendly "
     "nudge: the order form is with henrik for signature", "draft_follow_up"),
    ("siobhan from grupo sierra alta just reached out. it's apparently my account. who do we know there, and is there any "
     "deal or ticket history at all?", "account_overview"),
    ("which of my tickets that aren't resolved yet are just how-to questions?", "ticket_sentiment"),
    ("thandiwe at umbrella health wants to talk consolidation. what's the total we've got open with them right now, and "
     "what did we lose there before + why?", "account_overview"),
    ("might drop in on karoo solar ☀️ what's bob got going with them commercially (amounts pls), and what's in their "
     "support queue?", "account_overview"),
    ("the clinica aurora ticket about their billing page: finance checked and it's display only. pls drop it from urgent "
     "to normal", "update_ticket"),
    ("The Lakeshore cycle-time ticket (54): we're waiting on his raw export, so please park it as pending for now.",
     "update_ticket"),
    ("Kenji wants another procurement round, so honestly it's back to proposal rather than negotiation.", "update_deal"),
    ("they're also dropping 20 seats, new number is 29,800", "update_deal"),
    ("write Samuel Haddad at Cordillera Salud a short check-in. I want to know where the annual prepay ended up",
     "draft_follow_up"),
    ("solbrand engineering-wide rollout - what's the next step on it and who's our contact there again?", "deal_summary"),
    ("who's the contact on the hygge renewal?", "deal_summary"),
    ("Gabriel at Oasisgate mentioned he filed something new with support this weekend. What's it about?", "find_records"),
    ("anything from sampaguita stores sitting in the support queue?", "find_records"),
    ("anything urgent on my plate that isn't resolved yet?", "ticket_sentiment"),
    ("what have I got going on at Straitspoint deal-wise?", "find_records"),
    ("anything new from Silverpine Media in my queue? what are they asking for", "find_records"),
])
def test_more_requests_staff_make(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


def test_asking_what_the_next_step_is_changes_nothing():
    assert cues.only_asks("whats the next step on that deal and how big is it?")
    assert cues.only_asks("qualification feels bloated. how many deals are sitting in there")


def test_asking_whether_it_is_an_actual_human_is_about_the_bot():
    assert cues.ABOUT_THE_BOT.search("Hello! Am I talking to an actual human or some kind of AI?")


def test_waiting_for_a_ticket_while_asking_something_else_is_not_about_the_ticket():
    assert not cues.wants_own_tickets("ok. while I wait - how are seats added mid-month billed, generally?")


@pytest.mark.parametrize("message", [
    "Could you make sure whoever decides on new integrations hears that we'd really like native Discord support?",
    "I'm the admin now. Could your team reassign those dashboards to me?",
    "I want your security people to look into who tried to get in. my address is r.okoye@brightwater-dental.example",
])
def test_asking_the_team_to_do_the_work_is_a_ticket(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "create_ticket"


@pytest.mark.parametrize("message, tool", [
    ("anything still open with Hoshizora?", "account_overview"),
    ("What's the story with Sampaguita Stores? I need the open deals and whether anything's on fire on the support "
     "side.", "account_overview"),
    ("any EMEA tickets the scoring flagged as urgent that are still open?", "ticket_sentiment"),
    ("the customer wants to know if we support SAML", "search_knowledge_base"),
    ("wattlebird freight - who owns the account on our side, what's open deal-wise and what's it add up to, have we won "
     "anything with them before? also how many tickets do they have open and which is the worst one", "account_overview"),
    ("quarrystone analytics is one of mine - have we ever actually won a deal there? whats open and the total, and what "
     "are they waiting on from support", "account_overview"),
    ("what does the help centre say about how seats added mid-year get billed on an annual plan?", "search_knowledge_base"),
    ("how much has carla got in qualification right now? count and $", "pipeline_question"),
    ("did something new come in from ironbark? what are they asking for", "find_records"),
    ("Jumping on a call with Granite Peak Fabrication in 5 min - quick brief?", "account_overview"),
    ("That salesforce sync ticket can be set to solved.", "update_ticket"),
    ("the seat adjustment one is only normal priority?? make it high, they literally just signed with us",
     "update_ticket"),
])
def test_what_is_open_with_a_company_and_tickets_flagged_by_the_scoring(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


@pytest.mark.parametrize("message", [
    "quick 360 on sampaguita stores pls, want to know if its as messy as it sounds",
    "Finance wants to know what could land. Open deals closing between January and March: how many?",
])
def test_wanting_to_know_about_records_is_not_a_help_centre_question(message):
    assert cues.direct(message, cues.candidates(message, STAFF)) != "search_knowledge_base"


def test_a_problem_described_with_our_and_check_is_not_a_question_about_tickets():
    message = ("Our receiver checks the signature header and rejects one delivery in twenty, so I suspect our timestamp "
               "check is the problem. How old is the t value allowed to be?")
    assert cues.direct(message, cues.candidates(message, VERIFIED)) != "my_tickets"


@pytest.mark.parametrize("message, tool", [
    ("the export timeout bug Ana reported at kauri is blocking their audit now, bump it up to high pls", "update_ticket"),
    ("the karoo invoice question is sorted, finance credited them, so knock that one down to low", "update_ticket"),
    ("That's not really a bug, it's a how-to. Could you recategorize the ticket?", "update_ticket"),
    ("Could you write a draft to Lena Novak at Wisła about the renewal timeline?", "draft_follow_up"),
])
def test_a_priority_said_alone_is_a_ticket_and_a_draft_asked_for_by_name(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


@pytest.mark.parametrize("message", [
    "I believe my request about SCIM groups got closed last week. When was it marked done?",
    "hi - anything back from you on the csv export thing I sent in?",
    "did your engineers fix the timeout on the reports API? I had an email saying the ticket was closed",
    "thanks. and the other thing I asked about, the SSO group mapping?",
])
def test_a_customer_asks_after_what_they_sent_in(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"


@pytest.mark.parametrize("message", [
    "The burndown widget shows nothing since Monday. Could you get this in front of one of your engineers?",
    "the export is failing again since this morning, same file as last week. can you get that looked at again?",
])
def test_getting_a_problem_in_front_of_an_engineer_is_a_ticket(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "create_ticket"


@pytest.mark.parametrize("message", ["do you ever get a day off? :)", "do you even sleep, or is it support 24/7?"])
def test_a_question_about_the_assistants_own_life_is_small_talk(message):
    assert cues.ABOUT_THE_BOT.search(message)
    assert not cues.ABOUT_THE_BOT.search("do you ever get reports of slow dashboards on Mondays?")


@pytest.mark.parametrize("message, tool", [
    ("Can you make sure the Hooli ticket about the seat count on their invoice is treated as urgent?", "update_ticket"),
    ("don't let me forget to chase Jo Park at Hooli for legal's feedback - thursday would be good", "create_task"),
    ("write Jo Park at Hooli a short note to get the deep dive on the calendar", "draft_follow_up"),
    ("finally got a direct line for Jo Park at Hooli: (312) 555-0187. pls add it to his contact", "update_contact"),
    ("Board deck needs a slide on losses. How much closed-lost business have we racked up so far in 2026?",
     "pipeline_question"),
    ("What are the three fattest deals we still have in play?", "pipeline_question"),
    ("Carla's open pipe vs Bob's - how far apart are they?", "pipeline_question"),
    ("Doing Alice's review. What has she closed-won in 2026?", "pipeline_question"),
])
def test_requests_said_around_a_name_or_in_numbers(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


@pytest.mark.parametrize("message, tool", [
    ("when exactly did i report the jira comments going missing, and where is it at now?", "my_tickets"),
    ("and the quote I asked for back in October?", "my_tickets"),
    ("Could you make sure your product people hear this one: we'd love to export a timeline into MS Project.",
     "create_ticket"),
    ("Teams alerts arrive without the chart preview since Thursday. Please report this to engineering.", "create_ticket"),
    ("ok, then please get that started for me", "create_ticket"),
    ("Could you put me in touch with someone from your partnerships side? I'm Camila, camila@sulnuvem.example",
     "handoff_to_human"),
])
def test_a_customer_asks_after_a_report_for_a_ticket_or_for_a_person_in_other_words(message, tool):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == tool


@pytest.mark.parametrize("message, tool", [
    ("nordvik energi overview please. we just won their renewal, so what's left open with them?", "account_overview"),
    ("Marta Johansson at Silverpine is still waiting on her refund. Could you draft her an apology saying I've "
     "escalated it? Don't send it.", "draft_follow_up"),
    ("Astrid at Ashby & Thorne asked for a written recap of last week's demo. can you draft that for her?",
     "draft_follow_up"),
])
def test_an_account_overview_asked_by_name_and_a_draft_asked_for_a_person(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


@pytest.mark.parametrize("message, tool", [
    ("morning. is the ticket about the API 503 errors still open on your side?", "my_tickets"),
    ("I think I've got two questions sitting with you at the moment. Where are they at?", "my_tickets"),
    ("it has failed 3 nights in a row now with AccessDenied. can you file that with your team?", "create_ticket"),
    ("What do you need from us to move ownership over to me? Please go ahead and start the request.", "create_ticket"),
])
def test_a_customer_asks_after_the_ticket_or_asks_to_file_it_without_saying_my(message, tool):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == tool


@pytest.mark.parametrize("message, tool", [
    ("Ashby & Thorne had that wire transfer scare earlier this month. Are they still unhappy with us or has it "
     "blown over?", "ticket_sentiment"),
    ("APAC review is tomorrow. Which open support tickets from APAC customers look the most negative right now?",
     "ticket_sentiment"),
    ("Valentina from Hoshizora opened a new billing ticket, what exactly is she asking for?", "get_record"),
    ("Ji-woo at Prairie Wind emailed again about the sorting bug. Could you raise the priority on that ticket to high?",
     "update_ticket"),
    ("draft a quick check-in to Dmitri Haddad at Wisła. ask whether they'd be open to a short case study with us",
     "draft_follow_up"),
    ("ugh. write Marta Johansson an apology for the back and forth on her refund", "draft_follow_up"),
    ("new mobile for Siobhan O'Brien (the Nusantara one, not sierra alta): +62 812 5550 1942", "update_contact"),
    ("Diego confirmed the API has been stable since Thursday, so it can go to solved", "update_ticket"),
    ("What's happening with the Salesforce integration add-on at Karoo Solar? Bob owns it I think.", "deal_summary"),
    ("who do we have at Dasol Learning on the IT side?", "find_records"),
    ("what do I have open at Straitspoint?", "account_overview"),
])
def test_requests_a_member_of_staff_words_around_the_record(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


@pytest.mark.parametrize("message, tool", [
    ("what is happening with the jira comments issue?? it's been 7 weeks", "my_tickets"),
    ("hi. the refund. is it done or not", "my_tickets"),
    ("Yes, please loop in whoever handles that. Their deadline is 5 December.", "handoff_to_human"),
])
def test_a_customer_asks_after_the_issue_or_for_whoever_handles_it(message, tool):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == tool


@pytest.mark.parametrize("message, tool", [
    ("Maya at Kesselwerk wants 4 teams instead of 3, so I repriced it. make the business pilot deal 20,300 now",
     "update_deal"),
    ("the sampaguita enterprise pilot is moving to negotiation", "update_deal"),
    ("Mateo Nowak is still waiting on the invoice fix. Draft him an update: billing is reissuing it", "draft_follow_up"),
    ("chloé at wisła just opened a ticket about the expansion paperwork, what exactly do they need from us?",
     "get_record"),
    ("prairie wind energy — do we have anything in the pipe with them? and hows support looking", "account_overview"),
    ("Carla asked me to push the close date on the Wattlebird renewal to March 31. can you do that?", "update_deal"),
    ("sampaguita enterprise pilot → negotiation please", "update_deal"),
])
def test_a_repriced_deal_a_stage_it_is_moving_to_an_update_for_him_and_whats_needed(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


@pytest.mark.parametrize("message, tool", [
    ("is anybody actually handling #97?? still can't get past the 2FA screen", "my_tickets"),
    ("11 days and still no refund. I want someone from billing on this today, not a bot.", "handoff_to_human"),
])
def test_a_customer_asks_after_a_ticket_by_its_number_or_wants_a_person_not_a_bot(message, tool):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == tool


def test_asking_for_a_new_ticket_is_not_asking_after_ones_own():
    assert not cues.wants_own_tickets("no bounce warning in my profile. can you open a ticket so someone checks "
                                      "your delivery logs?")
    assert cues.wants_own_tickets("any update on my ticket about the refund?")


def test_open_tickets_from_a_region_are_no_lookup_of_one_ticket():
    message = "are there open tickets from AMER accounts that came out as urgent in the scoring? list them pls"
    assert cues.direct(message, cues.candidates(message, STAFF)) != "find_records"


def test_a_verified_visitor_asking_for_the_latest_on_a_ticket_by_number_gets_their_tickets():
    message = "what's the latest on ticket 22? and remind me what it was about, I've honestly lost track"
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"


@pytest.mark.parametrize("message, tool", [
    ("write the finance manager at eastbrook shire a short email, want to get the demo for their engineering managers "
     "booked before xmas", "draft_follow_up"),
    ("could you make sure the CRM reflects that Olivia Adeyemi at Kauri Digital got promoted? She's Head of Revenue "
     "Operations now.", "update_contact"),
    ("Diego Demir has no phone number in there. Add +44 20 7946 0912 for him", "update_contact"),
    ("tienda azul renewal - add a follow up for 1st dec: get the order form over to Henrik for signature", "create_task"),
    # one account's deals and its support, which one overview answers
    ("Before I ring Kesselwerk tomorrow: which deals do we have open with them, and are there any fires on the support "
     "side?", "account_overview"),
    ("Am I right that we no longer have any live opportunity with Prairie Wind Energy? Are they still sitting on open "
     "support issues?", "account_overview"),
])
def test_requests_said_in_passing_or_in_a_sentence_after_the_scene(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


def test_remind_me_of_the_facts_asks_and_is_no_task():
    message = "fernhollow credit union business plan deal... remind me of the amount, when it's meant to close and what " \
              "we're waiting on"
    assert "create_task" not in cues.candidates(message, STAFF)
    assert "create_task" in cues.candidates("remind me to call her on friday", STAFF)


def test_asking_whether_a_ticket_is_marked_done_asks_after_ones_own():
    message = "thanks. and the confluence one, is that marked as done on your side?"
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"


@pytest.mark.parametrize("message", [
    "Checking in on #93, the audit log retention / SIEM one. It's been over a month and I haven't heard a thing.",
    "hi, anything new on my timeline png issue?",
    "hey, can u check what's still unresolved from my side? pretty sure i have a few things hanging with you guys",
])
def test_checking_in_on_a_ticket_or_asking_for_news_on_ones_issue_reaches_my_tickets(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"
    assert cues.direct("my issue is I can't see where to export", VERIFIED) != "my_tickets"  # describing one



@pytest.mark.parametrize("message, tool", [
    ("arjun at quillfeather chased me again about the cycle time widget that never finishes loading. so can we get that "
     "ticket bumped up to high?", "update_ticket"),
    ("yeah the refund thing is what she'll bring up. make that ticket urgent so someone jumps on it today", "update_ticket"),
    ("make a ticket for this please", "create_ticket"),
    ("Alice says Prairie Wind Energy is grumpy with us. Do we have any revenue on the line there, and what are they "
     "complaining about?", "account_overview"),
    ("kesselwerk are moving everybody over to a new email domain. jonas takahashi's address is now "
     "jonas.takahashi@kesselwerk-group.example, can you change it on his contact?", "update_contact"),
    ("pull up ticket 118 for me — who at nordvik raised it and when did it come in?", "get_record"),
    ("camila at lakeshore county sent in a ticket about contractor logins, what exactly are they asking for?", "get_record"),
    ("write Dmitri Haddad at wisla data systems a short thank-you now the EU residency migration is done", "draft_follow_up"),
])
def test_a_ticket_made_urgent_an_overview_a_new_address_a_record_pulled_up_and_a_thank_you(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


@pytest.mark.parametrize("message", [
    "Hello, a while back I asked whether we could save our portfolio dashboard as a template for the other teams. Did "
    "that go anywhere?",
    "re ticket 40 (the HTTP 500 on page 3 of /v2/projects) - what state is it in? I never saw an answer come through",
    "is anybody actually looking at the webhook issue, project_id missing from the payload? our automation downstream "
    "has been broken for a month",
    "Hello again. A few days ago I asked what the 'seat adjustment' line on our invoice is. Where is that at?",
    "and the other one I have open, about the accents getting mangled in JSON?",
])
def test_asking_after_something_asked_or_reported_before_reaches_my_tickets(message):
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"


def test_asking_for_a_few_extra_trial_days_is_a_request_for_staff():
    assert re.search(cues.ASKS_STAFF_TO_ACT, "we're on day 12 of the free trial and our Jira admin is away. Could we get a "
                                             "few extra days?", re.IGNORECASE)
    assert not re.search(cues.ASKS_STAFF_TO_ACT, "could we get more seats on the team plan?", re.IGNORECASE)


@pytest.mark.parametrize("message, tool", [
    ("log friday's meeting on it too — mariam and their vp eng were there", "log_activity"),
    ("Kwame Murphy at Guayacán is properly in play now, we scoped a pilot with him on friday. can you move him from sql "
     "to opportunity in the crm?", "update_contact"),
    ("Ana Fernández at Ipê Logística signed the order form on friday 🎉 please mark her as a customer in the CRM",
     "update_contact"),
    ("Dmitri Petrov at Solbrand finally gave me a phone number, it's +44 20 7946 0381. we don't have one for him yet, "
     "pls add it", "update_contact"),
    ("move Globex to negotiation", "update_deal"),  # a deal's stage, not a person's
    ("mark the Acme renewal as closed won", "update_deal"),
])
def test_a_days_meeting_a_persons_lifecycle_stage_and_a_number_to_add(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


@pytest.mark.parametrize("message, tool", [
    ("what's open on the support side for prairie wind energy?", "find_records"),
    ("what does silverpine media have open with support atm?", "find_records"),
    # beside their deals it is an overview
    ("I'm on a call with kesselwerk maschinenbau in 20 min - what deals have we got open with them, what does it come "
     "to, and anything open on the support side?", "account_overview"),
    ("they want 4 more seats on the new logo team plan deal so bump it to 11,900", "update_deal"),
    ("pls add a note to karoo's tax exemption ticket: nikolai says the revenue office is reissuing their certificate",
     "log_activity"),
    ("what's ticket 93 about? who at tienda azul raised it and where's it at", "get_record"),
    ("if they lower the seat count today does their bill go down straight away?", "search_knowledge_base"),
    ("Finance wants a view of what's slated to close next quarter - can you break it down by owner for me?",
     "pipeline_question"),
    ("can you add a phone number for Hugo Müller, umbrella's CISO? it's 415-555-0187", "update_contact"),
])
def test_support_side_a_bump_after_so_a_note_on_a_ticket_a_billing_rule_and_a_number_added(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


def test_we_are_so_close_is_no_change_and_anything_open_on_the_ticket_side_opens_no_ticket():
    assert cues.direct("we're so close to signing the acme renewal, how does it look?", STAFF) != "update_deal"
    assert "create_ticket" not in cues.candidates("overview of ombú finanzas please, and is anything open on the ticket side",
                                                  STAFF)


def test_a_feature_request_a_customer_asks_to_have_filed_is_a_ticket():
    message = ("feature request for your product folks: could the slack digest post twice a day? mind filing that for us?")
    assert "create_ticket" in cues.candidates(message, VERIFIED)


@pytest.mark.parametrize("message, tool", [
    ("what kesselwerk deals does bob have open at the moment?", "pipeline_question"),
    ("that kauri digital ticket which is just them saying thanks for the quick account recovery - close it, nothing "
     "for us to do there", "update_ticket"),
    ("zara andersen from eastbrook shire council is writing from a new address now: zara.andersen@eastbrookshire.gov."
     "example — can you swap her email over?", "update_contact"),
    ("can you put a note on gabriel nowak's ticket about the renewal quote being higher: the increase is the april list "
     "price change", "log_activity"),
    ("could you write up a draft to sebastián gupta at lakeshore county re his question about moving dashboards",
     "draft_follow_up"),
    ("who've we got on the IT side at sahyadri health? just need names", "find_records"),
    ("fernhollow credit union annual plan: how long has it been sat in proposal, what's the next step?", "deal_summary"),
])
def test_deals_someone_has_open_a_thank_you_ticket_closed_a_new_address_and_a_note_on_someones_ticket(message, tool):
    assert cues.direct(message, cues.candidates(message, STAFF)) == tool


def test_closing_it_on_a_ticket_is_not_closing_a_deal_and_asking_to_request_an_extension_is_a_ticket():
    assert cues.direct("the acme ticket is sorted, close the deal as won", cues.candidates(
        "the acme ticket is sorted, close the deal as won", STAFF)) != "update_ticket"
    assert "create_ticket" in cues.candidates("ok please request the extension for us then. workspace is brindlewood",
                                              VERIFIED)


def test_a_visitor_asking_to_bump_or_close_a_ticket_asks_for_a_change_only_staff_make():
    assert cues.CHANGES_A_TICKET.search("can you bump my S3 empty-files ticket up to urgent and get your most senior "
                                        "engineer assigned to it? and just close the one about the accents")
    assert cues.CHANGES_A_TICKET.search("please close my ticket about the invoice, it's fixed")
    assert not cues.CHANGES_A_TICKET.search("when did you close my ticket about our trial turning into a paid plan?")


def test_asking_whether_an_email_reached_support_reads_the_visitors_own_tickets():
    message = ("Hi, I emailed your support on Monday about our SAML certificate expiring next month and never got an "
               "auto-reply. Can you check whether it actually reached you?")
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"
    assert cues.direct("how do I reach your support team?", cues.candidates("how do I reach your support team?",
                                                                            VERIFIED)) != "my_tickets"


def test_how_many_days_a_deal_takes_on_average_is_a_pipeline_question():
    message = "sanity check: on average how many days does it take us from a deal being created to it closing won?"
    assert cues.direct(message, cues.candidates(message, STAFF)) == "pipeline_question"


def test_asking_after_the_problem_they_emailed_about_reads_their_own_tickets():
    message = "hi, anything new on the jira lag problem i emailed you about? our sprint board is still way behind"
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"


def _routed(message: str, callers: set[str]) -> str | None:
    return cues.direct(message, cues.candidates(message, callers))


def test_changes_only_a_ticket_has_say_which_tool_without_the_word_ticket():
    assert _routed("tenzin tested the fix and the sync still blows up, so it's not waiting on them anymore. take it off "
                   "pending and make it urgent", STAFF) == "update_ticket"
    assert _routed("her actual one is lucia.reyes@karoo-solar.example, can u fix it", STAFF) == "update_contact"
    assert _routed("has he actually opted in to email? also what's his lead score", STAFF) == "get_record"


def test_writing_someone_a_draft_is_an_email_even_when_it_says_signed_by_a_date():
    assert _routed("write thandiwe at umbrella a draft: thanks for the SSO test, we're aiming to get the renewal signed by "
                   "dec 18. don't send yet", STAFF) == "draft_follow_up"


def test_a_visitor_saying_you_can_close_it_asks_for_a_change_only_staff_make():
    assert cues.CHANGES_A_TICKET.search("lol that one was just me saying thanks, nothing to fix. you can close it")
    assert not cues.CHANGES_A_TICKET.search("can you tell me when you closed it?")


def test_a_question_about_what_happens_when_a_ticket_is_logged_opens_none():
    message = "we're on business. if we log a ticket with you what's the guaranteed first response time?"
    assert _routed(message, VERIFIED) != "create_ticket"
    assert cues.TICKET_SUPPOSED.search(message)


def test_what_i_asked_you_to_do_and_when_it_was_closed_reads_the_visitors_tickets():
    assert _routed("I asked you to move the workspace over to me after our previous owner left. Can you check when that "
                   "was closed off?", VERIFIED) == "my_tickets"


def test_a_lower_case_name_written_a_draft_or_an_update_is_an_email():
    assert _routed("draft ngozi an update: engineering has backfilled the missing entries", STAFF) == "draft_follow_up"
    assert _routed("draft samuel a reply: the DPA is attached", STAFF) == "draft_follow_up"


def test_deals_there_and_support_of_one_company_is_its_overview():
    assert re.search(cues.DEALS_AND_SUPPORT_OF_ONE, "karoo solar works call in 15 - my open deals there with the total, and "
                                                    "is any support stuff open that's mine?", re.IGNORECASE)


def test_whether_an_account_is_souring_on_us_is_its_mood_not_its_deal():
    assert _routed("umbrella health's renewal is mine and it's sitting in negotiation. are they souring on us lately? "
                   "whats the worst thing they've sent in recently", STAFF) == "ticket_sentiment"


def test_the_actual_problem_of_a_ticket_and_when_it_was_raised_read_the_ticket():
    assert _routed("ticket 64, what's the actual problem and when did they raise it?", STAFF) == "get_record"


def test_a_question_asked_before_and_whether_it_was_closed_is_the_visitors_own_ticket():
    message = "hi, I asked you a while ago whether there's an OpenAPI spec for v2 - was that closed off, and when?"
    assert cues.direct(message, cues.candidates(message, VERIFIED)) == "my_tickets"


def test_a_customer_who_put_in_a_ticket_is_news_to_a_rep_not_a_ticket_to_open():
    message = "maya o'brien put in a ticket about the vendor paperwork. draft her a reply: the W-8BEN is attached"
    assert cues.direct(message, cues.candidates(message, STAFF)) == "draft_follow_up"
    assert cues.direct("can you put in a ticket for the broken export?", STAFF) == "create_ticket"


def test_whose_contact_record_and_her_lifecycle_stage_are_her_record():
    message = ("chloé jensen, the CFO at oasisgate - who owns her contact record? and what's her lifecycle stage, lead score "
               "and where did she come in from?")
    assert cues.direct(message, cues.candidates(message, STAFF)) == "get_record"


@pytest.mark.parametrize("message, tool", [
    ("which of carla's emea ones are meant to land before the end of the year?", "pipeline_question"),
    ("alice sent them the breakdown, ball's in their court now. stick that ticket on pending", "update_ticket"),
    ("stick a task on the sampaguita 'charged for deactivated users' ticket for me: get finance to confirm the credit. "
     "due tuesday", "create_task"),
    ("she's properly in the buying group these days, so bump her lifecycle from lead to sql", "update_contact"),
])
def test_more_ways_of_asking(message, tool):
    assert cues.direct(message, STAFF) == tool


@pytest.mark.parametrize("message, tool", [
    ("nikolai's globex ticket about the csv export - how big is the export he's trying to pull?", "get_record"),
    ("stackhouse has a ticket about 429 errors breaking their sync - who raised it and who's on it?", "find_records"),
    ("random q: are the deals we lose bigger than the ones we win? avg deal size of won vs lost, for 2026", "pipeline_question"),
])
def test_a_ticket_named_then_asked_about_and_averages_of_won_vs_lost(message, tool):
    assert cues.direct(message, STAFF) == tool


def test_whether_their_side_ever_closed_it_out_asks_of_their_own_tickets():
    assert cues.wants_own_tickets("back in august our card showed as declined but the money left our account anyway. "
                                  "did your side ever close that out? finance wants the date")


def test_any_sign_they_are_cooling_asks_their_mood():
    assert cues.direct("my kauri digital enterprise upgrade is supposed to land dec 26. any sign they're cooling on us on "
                       "the support side?", STAFF) == "ticket_sentiment"


def test_a_second_question_that_asks_what_they_have_got_is_a_part_of_its_own():
    from agent.local.model import SEVERAL

    asked = "any sign they're cooling on us on the support side? and have they got anything open with support right now"
    assert [p.strip() for p in SEVERAL.split(asked) if p.strip()] == [
        "any sign they're cooling on us on the support side?", "have they got anything open with support right now"]


def test_which_deals_came_in_through_a_lead_source_is_a_pipeline_question():
    assert cues.direct("which of my open deals came in through referrals? and what do they add up to", STAFF) == \
        "pipeline_question"


@pytest.mark.parametrize("message, tool", [
    # news told before a customer's question is no change: the question is the help centre's
    ("leila schmidt at liffeyside - they just signed the annual team plan, about 29.8k a year. their AP team hates card "
     "payments: can they pay by bank transfer instead? what can i tell her?", "search_knowledge_base"),
    ("comp planning q. how big is it on average? avg closed-won deal size per owner for 2026, me included",
     "pipeline_question"),
    ("put an internal note on the quarrystone audit log export ticket (the one with the gap from the 14th to the 16th): "
     "engineering found the export job skipped those three days", "log_activity"),
    ("ana fernández at ipê logística is flagged as an opportunity 🤔 do we have anything in the pipe with them, and who "
     "else do we know over there?", "account_overview"),
    ("lumière médias ran a pilot with us in the spring. what's in the pipe with them now, and is that salesforce sync "
     "problem of theirs fixed yet?", "account_overview"),
])
def test_news_before_a_question_a_note_on_a_ticket_and_an_account_asked_both_ways(message, tool):
    assert cues.direct(message, STAFF) == tool


def test_the_same_news_with_nothing_asked_after_it_is_still_a_change():
    assert cues.direct("liffeyside signed the annual team plan, about 29.8k a year", STAFF) == "update_deal"


def test_deals_and_support_both_is_one_account_asked_about():
    assert re.search(cues.DEALS_AND_SUPPORT_OF_ONE, "and what's still open with them now, deals and support both", re.IGNORECASE)


def test_a_visitor_asking_to_log_it_so_someone_checks_is_a_ticket_though_they_can_still_open_things():
    from tools.registry import VERIFIED_VISITOR_TOOLS as visitor

    assert cues.direct("our guests' expiry date passed and they can still open the dashboards. i've removed them by hand "
                       "now, but please log this so someone checks why the expiry never kicked in", set(visitor)) == \
        "create_ticket"


def test_anything_on_what_they_reported_is_news_of_their_own_tickets():
    assert cues.direct("hey, anything on the csv export that loses the last row? month end is coming up", VERIFIED) == \
        "my_tickets"
    assert cues.direct("anything on the roadmap about dark mode?", VERIFIED) != "my_tickets"


def test_a_company_that_opened_something_then_asked_about_is_looked_up():
    assert cues.direct("ombú opened something about resetting 2fa for one of their users - who sent it in, when, and "
                       "who's got it on our side?", STAFF) == "find_records"


@pytest.mark.parametrize("message, tool", [
    # a contact's news, told: a new title, the number that is really theirs
    ("small cleanup on tomasz demir at nordvik: after the renewal closed he moved from chief of staff to head of "
     "procurement. also the +44 number on his record is their old switchboard, his actual mobile is +47 912 34 567",
     "update_contact"),
    # only a ticket is re-filed as a feature request, or dropped to low (not "… audit log / SIEM ticket" as a new one)
    ("henrik gupta's audit log / SIEM ticket (tienda azul): what's left is him wanting a native splunk connector. file it "
     "as a feature request and drop it to low. leave it on pending", "update_ticket"),
    ("what's the combined value of everything i've got sitting at proposal right now?", "pipeline_question"),
])
def test_news_of_a_contact_a_ticket_re_filed_and_a_stage_combined_value(message, tool):
    assert cues.direct(message, STAFF) == tool


def test_a_visitor_asking_if_a_claim_holds_is_not_asking_about_their_tickets():
    assert cues.direct("our finance lead wants to claim an uptime SLA credit for november since orbitly was unusable "
                       "for us that morning. do we have a case?", VERIFIED) != "my_tickets"
    assert cues.direct("i think we have a case open about the sso outage, any news?", VERIFIED) == "my_tickets"


def test_a_request_made_before_whose_completion_is_asked_is_about_their_own_tickets():
    assert cues.direct("hiya, back in october i asked you lot to merge my personal-email orbitly account into my work one. "
                       "was that actually completed on your side, and when?", VERIFIED) == "my_tickets"


def test_a_question_an_account_sent_support_and_how_big_a_company_is():
    assert cues.direct("nordvik sent support a question about adding seats part-way through their annual term - who sent "
                       "it, who's got it, and what exactly do they want to know?", STAFF) == "find_records"
    assert cues.direct("how big a company is stackhouse labs actually? what's it worth, and what have they got open with "
                       "support", STAFF) == "account_overview"


def test_what_an_account_sent_support_comes_before_what_the_help_centre_says():
    assert cues.direct("guayacán software sent support a billing question - what are they asking, and what does our help "
                       "centre say about it?", STAFF) == "find_records"
    assert cues.direct("what does the help centre say about seats added mid-term?", STAFF) == "search_knowledge_base"


@pytest.mark.parametrize("message", [
    "going round the team for the exec preview: what's the single biggest open deal each rep has right now (me too)?",
    "each rep's largest open deal, company + amount",
    "how many of my open deals have maya o'brien as the contact, and what do they add up to?",
])
def test_the_first_deal_of_each_rep_and_the_deals_a_contact_is_on_are_pipeline_questions(message):
    assert cues.direct(message, STAFF) == "pipeline_question"


def test_tickets_that_are_bugs_still_not_fixed_are_open_tickets_of_that_kind():
    assert cues.direct("eng is doing a bug triage thursday. which of my tickets are bugs that still aren't fixed?",
                       STAFF) == "ticket_sentiment"


@pytest.mark.parametrize("message", [
    "draft an invite to lakeshore county's director of engineering for our customer roundtable on DORA metrics, jan 20",
    "erik castillo (sampaguita's COO) is our new exec sponsor. write him an intro from me: i'm his account exec",
])
def test_an_invite_or_an_intro_to_write_is_a_draft(message):
    assert cues.direct(message, STAFF) == "draft_follow_up"


def test_remind_me_why_asks_and_sets_no_reminder():
    message = ("cobaltline's head of it wants a call next week. remind me why we lost them last december, what's in the "
               "pipe with them now, and what's sitting with support for them")
    assert cues.direct(message, STAFF) == "account_overview"


def test_the_reason_a_named_deal_was_won_is_that_deals_summary():
    assert cues.direct("solbrand's business pilot that we closed in october - what did we put down as the reason we won "
                       "it? and on that call with their CFO, what was the big worry?", STAFF) == "deal_summary"


def test_did_you_get_anywhere_with_my_question_asks_about_their_tickets_and_a_resolved_incident_does_not():
    assert cues.direct("hiya, did you get anywhere with my question about education pricing for the team plan?",
                       VERIFIED) == "my_tickets"
    assert cues.direct("your status page says this morning's incident is resolved now. question: we had threshold alerts "
                       "that should've fired while you were down. did those just get lost?", VERIFIED) != "my_tickets"


def test_what_was_won_or_lost_at_an_account_is_its_overview():
    assert cues.direct("ombú finanzas - what have we got open with them deal-wise, and what have we won or lost there before?",
                       STAFF) == "account_overview"


def test_anything_else_of_mine_still_open_reads_the_customers_tickets():
    assert cues.direct("and is anything else of mine still open with you?", VERIFIED) == "my_tickets"


def test_get_that_request_going_asks_the_staff_to_act():
    assert "create_ticket" in cues.candidates("ok, can you get that request going for us? we'd need roughly 1,500 a minute",
                                              {"create_ticket", "handoff_to_human", "search_knowledge_base"})


def test_a_question_asked_while_a_ticket_is_being_looked_at_is_not_about_the_ticket():
    assert cues.direct("while that's being looked at: is the digest time based on my own timezone or the dashboard's?",
                       VERIFIED) != "my_tickets"
    assert cues.direct("is my ticket being looked at?", VERIFIED) == "my_tickets"


def test_make_it_high_after_a_tickets_urgency_is_a_ticket_priority():
    assert cues.direct("keep it on pending while gabriel checks their automation rules, but it's not urgent anymore - "
                       "make it high", STAFF) == "update_ticket"
    assert cues.direct("the renewal is 40k now - make it negotiation", STAFF) == "update_deal"


def test_news_then_what_to_know_before_acting_on_it_only_asks():
    assert cues.only_asks("liffeyside just signed the team plan with carla and she wants to go straight for their 3-team "
                          "pilot next. before she pushes - is their mood with us slipping at all? and if so what's behind it")
    assert not cues.only_asks("liffeyside just signed the team plan with carla. mark it won")
    # news, then what to know for something else, after a colon
    assert cues.only_asks("liffeyside signed the team plan yesterday 🥂 for the win writeup: what discount did we land on "
                          "in the negotiation, and what did we put down as the reason we won?")
    assert not cues.only_asks("log a note on the acme deal: what they want is a discount. is that ok?")
    assert not cues.only_asks("acme signed the order form - can you mark it won?")


def test_how_many_deals_did_we_win_after_a_framing_clause_is_a_pipeline_question():
    assert cues.direct("board wants a trailing-twelve-months view, not calendar year: over the last 12 months up to today, "
                       "how many deals did we win and for how much, how many did we lose and for how much, and the win rate "
                       "on that", STAFF) == "pipeline_question"


def test_an_internal_note_on_a_deal_is_an_activity():
    assert cues.direct("internal note on the kesselwerk business pilot (the 3 teams one): maya o'brien says their works "
                       "council has to approve any tool that reports on individual engineers. just a note", STAFF) == "log_activity"


def test_open_tickets_by_how_they_read_or_counted_are_ticket_sentiment():
    assert cues.direct("marketing wants a few apac customers for G2 reviews. any tickets from apac that aren't solved yet "
                       "where the customer actually reads positive?", STAFF) == "ticket_sentiment"
    assert cues.direct("and how many how-to tickets are open in total", STAFF) == "ticket_sentiment"
    assert cues.direct("doing a billing sweep before month end. which of my billing tickets aren't sorted yet, and who "
                       "raised each one?", STAFF) == "ticket_sentiment"
    assert cues.direct("how many open deals are in negotiation", STAFF) != "ticket_sentiment"


def test_what_she_has_that_isnt_solved_finds_her_tickets():
    assert cues.direct("ngozi osei at quarrystone is in our queue constantly. what has she got that isn't solved yet?",
                       STAFF) == "find_records"


def test_draft_a_companys_role_an_invite_is_a_draft():
    assert cues.direct("draft juniper ridge's VP of operations an invite to a 45 min exec briefing on portfolio reporting, "
                       "sometime the week of dec 14", STAFF) == "draft_follow_up"


def test_asking_after_what_the_customer_asked_for_reads_their_tickets():
    assert cues.direct("hi, did the change to send our invoices to the parent company actually get finished? finance "
                       "wants to know from what date", cues.candidates("hi, did the change to send our invoices to the "
                       "parent company actually get finished? finance wants to know from what date", VERIFIED)) == "my_tickets"
    asked = "hey, the ticket i opened about jira data lagging ~15 min behind, when did that get marked solved?"
    assert cues.direct(asked, cues.candidates(asked, VERIFIED)) == "my_tickets"
    question = "did the change in the API affect rate limits?"
    assert cues.direct(question, cues.candidates(question, VERIFIED)) != "my_tickets"


def test_make_him_an_opportunity_is_a_contact_change():
    assert cues.direct("he really shouldn't be sitting as churned anymore - make him an opportunity", STAFF) == "update_contact"


def test_what_someone_has_that_is_meant_to_close_is_a_pipeline_question():
    assert cues.direct("what's alice got that's meant to close between now and christmas? amounts pls",
                       STAFF) == "pipeline_question"


def test_how_someone_comes_across_in_what_they_asked_support_is_their_sentiment():
    assert cues.direct("gabriel nieminen at oasisgate asked support about sending threshold alerts into a teams channel. "
                       "how does he come across in it, who has it on our side and what status is it sitting in?",
                       STAFF) == "ticket_sentiment"
    assert cues.direct("gabriel asked support about teams alerts. how do i set that up?", STAFF) != "ticket_sentiment"


def test_a_deal_that_can_move_up_to_a_stage_is_a_change():
    assert cues.direct("ran the SAML test with wattlebird's IT admin yesterday and it worked first go, so the wattlebird "
                       "renewal fy26 can move up to qualification.", STAFF) == "update_deal"
    assert cues.direct("so the wattlebird renewal can move up to qualification?", STAFF) != "update_deal"


def test_a_deal_of_so_many_seats_then_its_sponsor_asked_is_its_summary():
    assert cues.direct("granite peak 50 seats - who's our exec sponsor over there and what did she agree to back?",
                       STAFF) == "deal_summary"


def test_a_draft_to_someone_at_the_account_just_named_is_a_draft():
    assert cues.direct("karoo's DPO asked back in may for written confirmation on EU residency. draft marta o'brien there "
                       "an answer: with EU residency all of their content stays in our Frankfurt region", STAFF) \
        == "draft_follow_up"


def test_what_was_last_closed_with_an_account_asks_for_its_overview():
    assert cues.direct("acme exec check-in next week. what's everything i've got open there worth together, what did we "
                       "last close with them and when, and who's their CFO again?", STAFF) == "account_overview"


def test_writing_to_whoever_the_contact_on_a_deal_is_is_a_draft():
    assert cues.direct("my cobaltline EU residency deal needs a pricing conversation with their CFO. write to whoever our "
                       "contact on that deal is - ask if they can get the CFO on a 30 min pricing call. keep it as a draft",
                       STAFF) == "draft_follow_up"


def test_the_pipeline_by_close_quarter_and_anything_dated_later_are_pipeline_questions():
    assert cues.direct("open pipe by close-date quarter: whats landing in Q4 (this one) vs Q1 next year, deal count and $ "
                       "for each", STAFF) == "pipeline_question"
    assert cues.direct("and is anything dated later than march at all?", STAFF) == "pipeline_question"


def test_a_visitor_asking_to_have_someone_check_wants_a_person_not_a_ticket():
    visitor = {"search_knowledge_base", "create_ticket", "handoff_to_human"}
    assert cues.direct("yes pls have someone check, reach me at r.okafor@tidewater-ports.example", visitor) == "handoff_to_human"
    assert cues.direct("could you get somebody to look into it and email me?", visitor) == "handoff_to_human"
    # "file that with whoever runs the status page": a ticket for the team who can fix it
    assert cues.direct("our email subscribers got every update but the SMS never came. can you file that with whoever runs "
                       "the status page? contact noc@vantaa-hydro.example", visitor) == "create_ticket"


def test_remind_me_colon_and_a_question_asks_to_be_told_not_reminded():
    from tools.registry import STAFF_TOOLS

    assert cues.direct("about to send kesselwerk the proposal. remind me: what did their procurement say they need from us "
                       "before they can raise a PO?", set(STAFF_TOOLS)) != "create_task"
    assert cues.direct("remind me on friday to send kesselwerk the proposal", set(STAFF_TOOLS)) == "create_task"
