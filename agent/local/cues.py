"""Words that must be in a request before the offline model takes an action with side effects, and words that
make a tool the likelier reading. A careful model does not open a ticket, change a record or hand a chat to a
person unless the user asked for that; the sentence-embedding router alone cannot tell "do X" from "ask about X".
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
DUE_FIRST = (r"(?:in (?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|a few) (?:days?|weeks?|months?)|tomorrow|(?:on|by|next|this) \w+day|"
             r"on the \d{1,2}(?:st|nd|rd|th))[,:]?\s+(?:ping|call|chase|e-?mail|follow up|check (?:in|on|with)|send|"
             r"nudge|contact|reach out|ask|remind)\b")
# "Ping me in ten days to check whether it came through": a reminder in other words
PING_ME = r"\b(?:ping|nudge|poke|buzz|prod)\s+me\s+(?:again\s+)?(?:in|on|tomorrow|next|this|the|before|after|at|by|first)\b"
# Asking after something reported earlier: "did anyone fix that yet??", "any movement on my question about...",
# "is that case closed now or is someone still looking at it?", "what have I got open with your support team?"
# "is the ticket about the API 503 errors still open?", "two questions sitting with you at the moment"
THEIR_OWN_OPEN = (r"\b(?:is|was|has|did) (?:the|that) (?:ticket|case|request) (?:about|for|on|re|regarding)\b|"
                  r"\b(?:questions?|tickets?|requests?|cases?) (?:sitting|open|pending|waiting) with (?:you|your team)\b|"
                  # "what is happening with the jira comments issue??", "hi. the refund. is it done or not"
                  r"\bwhat(?: is|'?s) (?:happening|going on) with (?:the|my|our)\b.{0,40}\b(?:issue|ticket|request|refund|problem|"
                  r"question|case|bug)\b|^\W*(?:(?:hi|hey|hello)\W+)?the (?:\w+\s+){0,2}?(?:refund|ticket|request|issue|case)\W+"
                  r"(?:is|was|any)\b.{0,30}\b(?:done|sorted|yet|or not|news|update)\b")
AFTER_A_REPORT = (r"\bdid (?:any ?one|some ?one|some ?body|any ?body|you|your (?:team|devs|developers|engineers|folks|people|guys)|"
                  r"you guys|they|it|that|this|the [\w\s/'’-]{1,50}?)\s+"
                  r"(?:ever\s+|finally\s+)?(?:get\s+)?(?:fix|fixed|sort|sorted|solve|solved|resolve|resolved|look|looked|"
                  r"get to|get back (?:to|on)|respond|reply|answer|pick(?:ed)? (?:it |that |this )?up)\b|"
                  r"\b(?:has|have) (?:any ?one|some ?one|some ?body|any ?body|you|your team|you guys)\s+(?:on your (?:end|side)\s+)?"
                  r"(?:already\s+|ever\s+|yet\s+|actually\s+|even\s+)?"
                  r"(?:answered|replied|responded|looked|fixed|got back|gotten back|picked|started|begun|touched)\b|"
                  # "which of them has nobody picked up yet?", "is that waiting on me or on you guys?"
                  r"\b(?:nobody|no one|no-one|noone) (?:has |have )?(?:\w+ )?(?:picked (?:\w+ )?up|answered|replied|responded)\b|"
                  r"\bwaiting on (?:me|us) or (?:on )?(?:you|your)\b|"
                  # "the date I opened the ticket about …", "I sent you a few questions over the autumn"
                  r"\b(?:i|we) (?:opened|raised|filed|logged|submitted) (?:the|that|a|my|our) (?:ticket|case|request)\b|"
                  r"\b(?:i|we) sent (?:you|your team|in|over) (?:a few |some |several |two |three |a couple of )?"
                  r"(?:questions|tickets|requests|issues|reports)\b|"
                  # "the invoice download question from last week is done, right? when did you close it?"
                  r"\bwhen did (?:you|your team|you guys|they) (?:close|solve|resolve|answer|fix|finish)\b|"
                  # "did you figure out where we upload our tax exemption certificate? I asked at the start of the month"
                  r"\bdid (?:you|your team|you guys|they|any ?one) (?:ever |finally )?(?:figure|find|work) out\b.{0,160}\b(?:i|we) "
                  r"(?:asked|wrote|reported|raised|emailed)\b|"
                  # "i asked you back in september to delete my account. did that actually happen?"
                  # ("back in october i asked you lot to merge my … account … was that actually completed on your side?")
                  r"\b(?:i|we) (?:asked|told|emailed|wrote to) (?:you|your (?:team|support))(?: lot| guys| folks| all)?\b.{0,100}"
                  r"\b(?:did (?:that|it|this) (?:actually |ever |really )?(?:happen|go through|get done)|(?:was|has|is) (?:that|it|this) "
                  r"(?:actually |ever |really |already )?(?:been )?(?:completed|done|processed|carried out|actioned|finished))\b|"
                  # "is anyone working on the project_id that went missing …? reported it about a month ago"
                  r"\bis (?:any ?one|some ?one|any ?body|some ?body) (?:actually\s+|still\s+)?(?:working on|looking (?:at|into))\b"
                  r".{0,120}\b(?:reported|raised|sent|opened|flagged|asked)\b|\b(?:i|we) wrote (?:in|to you)\b|"
                  r"\b(?:got|gotten|getting) back to (?:me|us)\b|\b(?:given up on|forgotten about|forgot about) (?:it|this|that|us|me)\b|"
                  r"\b(?:i'?ve|i have|we'?ve|we have|i|we) got with (?:you|your)\b|\bpicked (?:that|it|this|my \w+) up\b|"
                  r"\bnever (?:got|had|received|heard|saw|seen) (?:an? |any )?(?:answer|reply|response|back)\b|"
                  # "is anybody actually looking at the webhook issue, …?", "… Did that go anywhere?"
                  r"\bis (?:any ?one|some ?one|any ?body|some ?body) (?:actually\s+|still\s+)?(?:working on|looking (?:at|into))\s+"
                  r"(?:the|my|our)\s+(?:[\w/'’-]+\s+){0,3}?(?:issue|ticket|bug|problem|request)\b|"
                  r"\bdid (?:that|it|this|anything) (?:ever\s+)?(?:go|come|lead) (?:anywhere|to anything)\b|"
                  # "and is anything else of mine still open with you?"
                  r"\b(?:anything|something) (?:else )?(?:of mine|of ours|from me|from us)\b.{0,30}\b(?:open|pending|outstanding)\b|"
                  # "did you get anywhere with my question about education pricing?"
                  r"\b(?:did|have) you (?:get|got|gotten|make|made) (?:anywhere|any progress|any headway)\s+(?:with|on)\s+"
                  r"(?:my|our)\s+(?:question|request|ticket|query|issue|enquiry|inquiry)\b|"
                  # "A few days ago I asked what the 'seat adjustment' line is. Where is that at?", "the other one I have open"
                  r"\b(?:days?|weeks?|while) ago,? (?:i|we) (?:asked|wrote|reported|raised)\b.{0,160}\bwhere(?:'s| is) (?:that|it|this)"
                  r" at\b|\b(?:one|ticket|request|case|issue) (?:i|we) (?:have|'ve got|still have|got) open\b|"
                  r"\bticket\s*#?\d{1,6}\b.{0,80}\bwhat (?:state|status)\b|"
                  # ("while that's being looked at: is the digest time based on my timezone?" asks something else)
                  r"(?<!\bwhile that's )(?<!\bwhile that is )(?<!\bwhile it's )(?<!\bwhile it is )"
                  r"\bbeing (?:worked on|looked at|looked into|handled)\b(?!\s*[:,-]\s*\w)|\bever (?:closed|fixed|solved|resolved|answered)\b|"
                  # ("is it sorted now?"; "all sorted now 🙌" says it is)
                  r"(?<!\ball )(?<!\bit's )(?<!\bwe're )(?<!\bthat's )(?<!\bgot it )(?<!\bincident is )(?<!\boutage is )(?<!\bincident was )(?<!\boutage was )"
                  r"\b(?:fixed|sorted|solved|resolved|closed|answered)\s+(?:yet|now|already|in the end)\b|"
                  r"\bget (?:fixed|sorted|solved|resolved|closed|answered)\b|"
                  r"\bany (?:movement|word|news|update|progress|luck|reply|answer)\b|"
                  r"\b(?:i|we)\s+(?:already\s+|originally\s+)?(?:reported|raised|flagged|logged|submitted|filed)\b|"
                  r"\b(?:someone|anyone|somebody)\s+(?:still\s+)?looking (?:at|into)\b|"
                  # "is your team waiting on something from me on that one?", "does it even have an owner yet??"
                  r"\bwaiting (?:on|for) (?:something|anything) (?:from|more from) (?:me|us)\b|"
                  r"\b(?:does|has) (?:it|that|this|my \w+) (?:even |already )?(?:have|got) (?:an owner|an assignee|someone)\b|"
                  r"\b(?:reported|raised|flagged|logged) (?:it|this|that) (?:at|on|in|last|weeks?|days?)\b|"
                  r"\b(?:have|got)\s+(?:\w+\s+){0,2}?(?:open|waiting|pending)\s+with (?:you|your)\b|"
                  r"\b(?:anything|something)\s+(?:still\s+)?(?:open|waiting|pending)\b|"
                  r"\b(?:case|ticket|request)\s+(?:was\s+|got\s+|has been\s+)?(?:closed|solved|resolved)\b|"
                  # "my question about calculated metrics got closed", "the share button thing I sent in"
                  r"\b(?:my|our) (?:[\w-]+ ){0,2}?(?:question|ticket|request|report|case|issue)\b.{0,60}\b(?:got|was|been)\s+"
                  r"(?:closed|solved|resolved|marked|answered)\b|\b(?:thing|issue|problem|question|request|bug) (?:i|we) "
                  r"(?:sent in|sent over|sent you|reported|raised|submitted|flagged|asked (?:you )?about)\b|"
                  # "was my ticket about the 500 error closed?", "I think I have a ticket open about X. anything happening?"
                  r"\b(?:was|is|has|got)\s+(?:my|our|the|that)\s+(?:ticket|case|request)\b.{0,60}\b(?:closed|solved|resolved|"
                  r"fixed|answered)\b|\b(?:anything|something) happening\b|"
                  # ("… claim an uptime SLA credit. do we have a case?" asks whether a claim holds)
                  r"(?<!\bdo )(?<!\bdid )\b(?:i|we) (?:think (?:i|we) )?(?:have|had|opened|raised) a (?:ticket|case|request)\b|"
                  # "when exactly did i report the jira comments going missing", "the quote I asked for in October"
                  r"\bwhen (?:exactly )?did (?:i|we) (?:report|raise|flag|send in|submit|file|open|log|ask)\b|"
                  r"\bthe (?:[\w-]+ ){1,2}(?:i|we) (?:asked (?:you )?for|requested|ordered)\b")
# Asking for a ticket: "put in a ticket", "raise an issue", "register a complaint".
TICKET_VERB = r"(?:open(?! (?:tickets|issues|cases|requests|to|on the)\b)|file|log|create|raise|submit|report|make(?! sure)|put in|lodge|register|start)"
NEW_TICKET = (r"\bmind (?:filing|logging|raising|submitting|lodging|passing on) (?:that|this|it)\b|"  # "… mind filing that for us?"
              r"(?<!his )(?<!her )(?<!their )(?<!my )(?<!our )(?<!the )(?<!that )(?<!this )(?<!its )\bticket,?\s+(?:pls|plz|please)\b|^\W*(?:bug|bug report|report|issue|feature (?:request|wish|idea)|wish|idea|suggestion)\s*:|"
              # ("would moving from Team to Business raise it?" asks whether a limit goes up: "raise it?" asks, "log it?" is asked for)
              r"\b(?:(?:file|log|submit|lodge|register) (?:this|it)|raise (?:this|it)(?!\s*\?))\b"
              r"(?! (?:as|on) (?:a |an )?(?:call|meeting|note|activity))(?!\s+(?:to|up|from)\b)|"  # "raise it to high" changes a priority
              r"\bfile (?:this|it|that) with (?:your|the) (?:team|support|people|engineers|developers)\b|"
              r"\b(?:logged|filed|recorded|registered) as (?:a |an )?(?:formal )?(?:complaint|bug|ticket)\b|"
              r"\b(?:pass|report|send|forward) (?:this|it) (?:on |along )?to (?:your |the )?(?:developers|devs|dev team|"
              r"engineers|engineering|product team|product people|product)\b|"
              r"^\W*feature request\b.*\b(?:log|file|pass|raise|submit)\b")
# What the customer asked before: "can you pull up everything I've got with support?", "did anyone deal with the double
# charge …? I asked about that back in August"
ASKED_BEFORE = (r"\b(?:everything|anything|all)\s+(?:that\s+)?(?:i'?ve|i have|we'?ve|we have)\s+(?:got|raised|asked|sent|opened|"
                r"reported)\b|\b(?:did|has|have)\s+(?:anyone|anybody|someone|somebody)\s+(?:actually\s+)?(?:deal|dealt|looked|sort|"
                r"sorted|handle|handled|answer|answered|reply|replied|got back)\b|\bi asked (?:you )?about (?:that|this|it)\b|"
                # "… I asked you to move it over to me after our previous owner left. Can you check when that was closed off?"
                # "I asked you a while ago whether there's an OpenAPI spec for v2 - was that closed off, and when?"
                r"\bi asked (?:you|your team|support)\b(?: (?:a while (?:ago|back)|before|earlier|last \w+|recently))?\s+"
                r"(?:to|for|about|whether|if|how|when|what|why)\b.{0,120}\b(?:when (?:that|it|this) was|(?:was|got|been|"
                r"(?:was|has|is) (?:that|it|this)(?: one)?(?: been)?) (?:closed|done|completed|sorted|finished|resolved|answered))\b")
# "hey, anything on the csv export that loses the last row?": news asked of what they reported, as its opening question
NEWS_ON_IT = (r"^\W*(?:(?:hey|hi|hello|morning)\W+)?(?:anything|any news|any word|any update)\s+(?:new\s+|yet\s+)?"
              r"on\s+(?:the|my|our|that)\s+(?!(?:roadmap|docs?|documentation|help|website|site|pricing|price list|blog|"
              r"status page|changelog|release notes)\b)[^?.]{3,80}\?")
# A customer asking the company to do something only its staff can (refund, reissue, extend, pass a wish on) or
# reporting a bug, without saying "ticket": "Please refund that invoice in full", "any chance you could give us a
# few extra days?", "Could you get this to your developers?". Only a visitor's tools take it as a ticket; "can we
# pay by bank transfer?" asks how, not for an action.
_ASKING = (r"\b(?:please|pls|plz|kindly|could you|can you|can u|could u|would you(?: mind)?|will you|any chance (?:you )?(?:could|can)|"
           r"(?:i|we) (?:need|want|would like|'d like) (?:you|someone|somebody|(?:your|the) (?:\w+ )?(?:team|people|folks|"
           r"staff|engineers|devs|guys)) to|(?:could|can|would|will) (?:your|the) (?:\w+ )?(?:team|people|folks|staff)|"
           r"(?:could|can|would|will) (?:someone|somebody|anyone|one of you))\b")
ASKS_STAFF_TO_ACT = (_ASKING + r".{0,40}?\b(?:refund|reissue|re-issue|credit|extend|investigate|look into|"
                     r"record (?:this|it)|forward (?:this|it)|escalate (?:this|it)|report (?:this|it|that)(?! (?:to|in) (?:me|us)\b)|"
                     r"(?:get|give|pass|send|take) (?:this|it|that|our|my|a|an|the) (?:\w+ ){0,2}(?:on |along |over )?to (?:your|the) \w+|"
                     r"(?:get|put|bring) (?:this|it|that) in front of (?:one of )?(?:your|the|an?) \w+|"
                     r"(?:get|have) (?:this|it|that) (?:looked at|looked into|checked|investigated)\b|"
                     # "ok, can you get that request going for us? we'd need roughly 1,500 a minute"
                     r"(?:get|start|put|raise|open) (?:that|the|this|a|our) (?:\w+ )?request (?:going|started|in|raised|moving|through)\b|"
                     r"(?:write|put|file|log|record|register|note) (?:this|it|that) (?:down )?as (?:a |an )?(?:formal )?"
                     r"(?:feature request|request|complaint|bug|ticket)|"
                     # "… i've removed them by hand now, but please log this so someone checks why the expiry never kicked in"
                     r"(?:log|file|record) (?:this|it|that) so (?:that )?(?:someone|somebody|your team|an engineer|you)\b|"
                     # "can you file that with whoever runs the status page?"
                     r"(?:file|log|raise|report|lodge) (?:this|it|that) with (?:whoever|the (?:right )?(?:people|person|team)|"
                     r"your (?:\w+ )?(?:team|people|folks|engineers|devs))\b|"
                     r"give us (?:\w+ ){0,2}(?:extra|more) (?:days?|time|weeks?)|"
                     r"pass(?:ing)? (?:this|it|that|something|a (?:\w+ )?(?:request|suggestion|note|message)) (?:on |along )?"
                     r"to (?:whoever|someone|somebody|the (?:right )?(?:people|person|team))|"
                     # "please pass that on", "Can you ask your billing team to do that?"
                     r"pass (?:this|it|that) (?:on|along)\b(?! to (?:me|us)\b)|"
                     r"ask (?:your|the) (?:\w+ )?(?:team|people|folks|department|colleagues|staff|engineers|devs) (?:to|for)\b|"
                     r"(?:start )?(?:move|moving|transfer|transferring|hand|handing) (?:the |our |my )?(?:workspace |account )?"
                     r"ownership\b|(?:make|set) me (?:as )?(?:the )?(?:new )?owner\b|"
                     # "Please start the ownership change over to me"
                     r"(?:start|begin|initiate|process|kick off|action) (?:the |an? |our |my )?(?:[\w-]+ ){0,2}?"
                     r"(?:change|transfer|handover|cancellation|closure|deletion|migration|refund)\b|"
                     r"(?:add|build|implement) (?:a|an|the|support for|an option|a setting|a way)\b|"
                     r"reassign|transfer (?:the|those|these|our|my|them)|"
                     # "make sure whoever decides on new integrations hears that we'd like native Discord support"
                     r"make sure (?:whoever|someone|somebody|the right (?:people|person|team)|your (?:\w+ )?(?:team|people|"
                     r"folks|devs|engineers))\b.{0,60}?\b(?:hears?|knows?|gets?|sees?)\b|"
                     # "Could you make sure this reaches whoever decides what gets built?"
                     r"make sure (?:this|it|that|my (?:\w+ )?(?:request|feedback|message|idea|suggestion)) (?:reaches|gets to|goes to|"
                     r"is passed (?:on )?to|is seen by|lands with)\b|"
                     # "Please request a trial extension for us"
                     # "ok please request the extension for us then"
                     r"request (?:a|an|the|that|our) (?:\w+ ){0,2}(?:extension|refund|credit|change|transfer|invoice|quote|callback)\b|"
                     # "ok, then please get that started for me" after being told support has to do it
                     r"get (?:this|that|it|the (?:\w+ )?process) (?:started|going|moving|rolling)\b)|"
                     r"\b(?:need|want|would like|'d like)\b.{0,40}\b(?:reissued|re-issued|refunded|credited|corrected|extended)\b|"
                     r"\b(?:found|spotted|hit|discovered) (?:a|an|another) (?:\w+ )?bug\b|"
                     # "we're on day 12 of the free trial … Could we get a few extra days?"
                     r"\b(?:could|can|may) (?:we|i) (?:get|have) (?:(?:a few|some|a couple(?: of)?|\d+|a|an) )?(?:more|extra|additional) "
                     r"(?:days?|time|weeks?)\b|"
                     # "Please get your billing team to correct it" ("get someone from sales to contact me" asks for a
                     # person: a handoff)
                     r"\b(?:get|have) (?:your|someone|somebody|a person)(?: \w+){0,2}? (?:to )?(?:correct|fix|change|"
                     r"look|check|sort|refund|update|reissue|review)\b|"
                     r"\bput (?:this|it|that) on (?:the )?record\b|\bthis is a (?:formal )?complaint\b|"
                     # "no need to bother anyone, just put it down as a feature request from us"
                     r"(?:^|[,.;!]\s*)(?:just\s+|then\s+)*(?:put|write|file|log|note|record|register) (?:this|it|that) (?:down )?"
                     r"as (?:a |an )?(?:formal )?(?:feature request|request|complaint|bug(?: report)?|ticket)\b|\b(?:we|i) wish (?:a|an|for a) "
                     r"(?:function|feature|option)\b")
# What a follow-up is called: "a follow-up", "a short fu", "a mail", "a quick note".
MAIL = (r"(?:e-?mail|mail|follow[- ]?up|fu|f/u|note|message|msg|reply|nudge|check[- ]?in|heads[- ]?up|apology|thank[- ]?you(?: note)?|thanks note|"
        r"congrat(?:s|ulations)(?: note)?|invite|invitation|intro|introduction)\b")  # ("draft an invite to …", "write him an intro")
# "I owe Valentina a follow-up about the demo. Can you put a draft together?", "… asked me for a recap. can you write
# her one"
DRAFT_IT = (r"\bput\s+(?:a|the|an)\s+(?:quick\s+|short\s+)?(?:draft|e-?mail|note|reply)\s+together\b|"
            r"\b(?:write|draft|send)\s+(?:him|her|them)\s+one\b")
# "can you get a follow-up going to whoever our contact is on …", "shoot a quick note over to Hana"
MAIL_GOING = (r"\b(?:get|fire off|shoot|send)\s+(?:an?\s+)?(?:quick\s+|short\s+)?(?:follow[- ]?up|e-?mail|note|mail)\s+"
              r"(?:going\s+|out\s+|off\s+|over\s+)?(?:to|over to)\b")
# "remind me what I sent you guys back in october?": what the customer wrote to support before
# "… we got stuck in that overdue mode. did your side ever close that out?": whether what they reported was settled
CLOSED_OUT = (r"\b(?:did|has|have)\s+(?:your (?:side|team|end)|you(?: guys)?|anyone|someone|somebody)\s+(?:ever\s+|actually\s+|"
              r"already\s+)?(?:close[ds]?|resolved?|sort(?:ed)?|settled?|fix(?:ed)?)\s+(?:that|it|this)(?:\s+(?:out|off|up))?\b")
WHAT_I_SENT = (r"\b(?:remind me|tell me|what was|what did)\b.{0,12}\bwhat (?:i|we) (?:sent|wrote|reported|raised|asked|told) "
               r"(?:you|your team|to you|in)\b")
# "write Samuel Haddad at Cordillera Salud a short check-in": the person (and their company) between verb and mail
WRITE_SOMEONE_A = (r"\b(?:write|draft|send|shoot)\s+(?:(?:(?-i:[A-Z])[\w'’-]+\s+){1,3}(?:(?:at|from|over at)\s+"
                   r"(?:[\w&'’.-]+\s+){1,4})?|"
                   # "draft olivia wojcik at nusantara grid a short email": typed in lower case, the company says it is a person
                   r"(?:[\w'’-]+\s+){1,3}(?:at|from|over at)\s+(?:[\w&'’.-]+\s+){1,4}|"
                   # "draft astrid papadopoulos (COO at ashby & thorne) a quick note": who they are said in brackets
                   r"(?:[\w'’-]+\s+){1,3}\([^()]{1,60}\)\s+|"
                   # "draft ngozi an update: …", "draft samuel a reply": one name typed in lower case
                   r"(?<=draft\s)[\w'’-]+\s+|(?<=write\s)[\w'’-]+\s+|"
                   # "draft marta o'brien there an answer: …": the person at the account just named
                   r"(?<=draft\s)[\w'’-]+\s+[\w'’-]+\s+(?:over\s+)?there\s+)"
                   # "draft ji-woo at prairie wind an update on the date sorting bug": a person is sent an update too
                   r"(?:a|an)\s+(?:quick\s+|short\s+|brief\s+|little\s+)?(?:" + MAIL + r"|update\b|recap\b|heads[- ]up\b|draft\b|"
                   r"answer\b|response\b)")
# "Can you get an email ready for whoever our contact is on the pilot?"
MAIL_READY = r"\b(?:get|have)\s+(?:me\s+)?(?:an?\s+)?(?:quick\s+|short\s+)?(?:e-?mail|mail|note|message|follow[- ]?up)\s+ready\b"
SOMETHING = r"(?:something|smth|sth|a (?:quick |short )?(?:line|few lines))"
# "could you draft her an apology saying …", "asked for a written recap … can you draft that for her?"
DRAFT_FOR_THEM = (r"\bdraft\s+(?:him|her|them)\s+(?:an?\s+)?(?:\w+\s+)?(?:apology|recap|reply|answer|response|update|note|line|message|e-?mail|follow[- ]?up)\b|"
                  r"\bdraft\s+(?:that|this|it|one)\s+(?:up\s+)?for\s+(?:him|her|them)\b")
ROLE = (r"(?:ciso|cfo|ceo|cto|coo|cio|cmo|cro|vp|svp|evp|head of(?: (?!the\b|their\b|our\b)[\w&-]+)?|director|pmo|procurement|purchasing|decision[- ]maker|"
        r"chief of staff|chief [\w-]+ officer|"
        r"champion|buyer|it lead|it manager|admin|legal counsel|general counsel|rev(?:enue)?[ -]?ops(?: (?:person|contact|lead))?|"
        r"(?:data|security|ops|operations|billing|legal|bi|analytics|engineering|it|hr) (?:person|contact|lead|owner|guy|gal|"
        r"engineer)|"
        # "whoever runs IT at Wisła Data"
        r"(?:runs|heads|leads) (?:it|security|data|finance|procurement|legal|engineering|ops|operations|the pmo)|"
        r"finance(?: (?:lead|manager|director|person|contact|guy|woman|team))?)\b")
# "and the confluence one, is that marked as done on your side?": a customer asking after their own ticket
MARKED_DONE = (r"\b(?:is|was|has)\s+(?:it|that|this|the \w+ one)\s+(?:been\s+)?(?:marked|set|closed|flagged)\s+(?:as\s+)?"
               r"(?:done|solved|closed|resolved|complete|completed|fixed)\b")
# A side-effecting tool is a candidate only when its cue is present.
# "what's still unresolved from my side? pretty sure i have a few things hanging with you guys": their own tickets
STILL_OPEN_WITH_YOU = (r"\b(?:unresolved|outstanding|open|pending)\b.{0,20}\b(?:from|on) (?:my|our) (?:side|end)\b|"
                       r"\b(?:things|stuff|issues|items) (?:still )?(?:hanging|open|outstanding|pending) with (?:you|your team)\b")
# "I emailed your support on Monday … can you check whether it actually reached you?": what they sent, if anything
REACHED_YOU = (r"\b(?:whether|if)\s+(?:it|that|my (?:e-?mail|message|request)|our (?:e-?mail|message|request))\s+"
               r"(?:actually\s+|ever\s+|even\s+)?(?:reached|arrived|got to|got through to|came through to)\s+you\b|"
               r"\bdid (?:it|that|my (?:e-?mail|message)|our (?:e-?mail|message))\s+(?:actually\s+|ever\s+)?"
               r"(?:reach|arrive|get to|get through to)\b")
# "anything new on the jira lag problem i emailed you about?": something they sent, asked after
SENT_TO_YOU = (r"\b(?:problem|issue|question|request|bug|thing|ticket)\s+(?:i|we)\s+(?:e-?mailed|wrote to|sent|reported to|raised with|"
               r"told)\s+(?:you|your team|you guys|your support)\b")
# "is the spinning widget thing still on anyone's list?", "and the other ticket i had with you, the outage one"
ON_SOMEONES_LIST = (r"\bstill on (?:any ?one'?s|some ?one'?s|any ?body'?s|your) (?:list|radar|plate)\b|"
                    r"\b(?:the )?other (?:ticket|request|case|question) (?:i|we) (?:had|have|raised|opened|sent)\b")
# "the ticket i opened about jira data lagging …, when did that get marked solved?", "did the change to send our invoices
# to the parent company actually get finished?": a customer asking after what they asked for
OWN_REQUEST_ASKED = (r"\bthe (?:ticket|request|case) (?:i|we) (?:opened|raised|filed|sent in|submitted|logged)\b|"
                     r"\bdid (?:the|our|my) (?:change|request|switch|update)\b.{0,80}\b(?:get|got|been) "
                     r"(?:finished|done|made|applied|completed|sorted|processed)\b")
REQUIRED = {
    # "the new ticket from Hygge" asks about a ticket; "a new ticket" / "open a ticket" asks for one.
    "create_ticket": re.compile(r"(?<!every )(?<!all )(?<!any )(?<!which )(?<!what )(?<!the )(?<!our )(?<!their )(?<!my )"
                                r"\b" + TICKET_VERB + r"\b.{0,30}\b(ticket|support request|request|case|bug|issue|complaint)|"
                                r"\b(a|another) new (ticket|case|support request)\b|\bbug report\b|"
                                r"\breport (a|this|an|the|it|that) ?(bug|problem|issue)?\b|" + NEW_TICKET, _I),
    "handoff_to_human": re.compile(r"\b(human|person|someone|somebody|anyone|whoever|agent|representative|staff|colleague|"
                                   r"talk to|speak (to|with)|escalate|support team|your team|call me|phone me)\b", _I),
    "my_tickets": re.compile(WHAT_I_SENT + r"|" + CLOSED_OUT + r"|" + OWN_REQUEST_ASKED + r"|" + NEWS_ON_IT + r"|\b(my|our)\b.{0,40}\b(tickets?|requests?|questions?|cases?|refund|issue|report|"
                             r"complaint|problem|bug)\b|\bticket\s*#?\d|(?<![\w&])#\d{1,6}\b|\b(any|an) (update|news|progress)\b|\bstatus of\b|"
                             r"\bwhat(?: is|'?s) the status\b|\bwhere (?:each one|it|things) stands?\b|"
                             r"\b(?:i'?ve|i have|we'?ve|we have) (?:raised|reported|sent|asked|opened)\b|(?<!while )\bi wait\b|"
                             r"\blooked at\b|\bwhere are (?:we|things|you) (?:with|on)\b|\bany word on\b|\b(do (i|we) have|show|list)\b.{0,30}\btickets?\b|" + AFTER_A_REPORT +
                             r"|" + THEIR_OWN_OPEN + r"|" + ASKED_BEFORE + r"|" + MARKED_DONE + r"|" + STILL_OPEN_WITH_YOU + r"|" + REACHED_YOU + r"|" + SENT_TO_YOU
                             + r"|" + ON_SOMEONES_LIST, _I),
    "update_deal": re.compile(r"\b(move|set|change|update|push|pull in|bump|mark|make it|raise|lower|slip|lost|won|signed|next step|"
                              r"is now|now|to|next step|new (?:number|amount|figure|total|value|price))\b|→|->|=>", _I),
    "update_ticket": re.compile(r"\b(set|change|update|mark|make|escalate|put|close|reopen|re-open|lower|raise|category|"
                                r"bump|drop|should be|is a|(?:re-?)?categori[sz]e|re-?classify|solved|resolved|pending|priority|"
                                r"(?:to|from) (?:high|low|urgent|normal)|"
                                # "move that ticket to open": a ticket's status is moved like a deal's stage
                                r"move\b.{0,30}\bto (?:open|pending|solved|closed|new|on hold))\b", _I),
    "update_contact": re.compile(r"\b(set|change|update|fix|correct|new (?:direct |mobile |office |work )?(e-?mail|number|phone|title|"
                                 r"address|line|mobile|cell)|promoted|moved up|(?:direct|mobile|office|work|cell) (?:line|number)|"
                                 r"shows?\s+(?-i:[A-Z])\w+.{0,40}\sas|"
                                 r"is now|moved (to|into)|became|took over|title|phone|number|e-?mail is|lifecycle|mark|"
                                 r"(?:to|as|into) (?:an? )?(?:subscriber|lead|mql|sql|opportunity|customer|churned))\b", _I),
    "log_activity": re.compile(r"\b(log|note|record|had a (call|meeting)|spoke|met|called|emailed|just (had|got off)|timeline|"
                               r"jot|(?:put|add|pop|stick) (?:that|this|the) (?:\w+ )?(?:meeting|call|chat|demo|onsite|conversation|"
                               r"visit) (?:on|to|in|into|against))\b", _I),
    "create_task": re.compile(r"\b(remind|task|to-?do|reminder|follow[- ]?up (task|for)|add a follow|let me forget|"
                              r"(?:set|put|add|schedule|book) (?:me|us) (?:a )?(?:quick )?follow[- ]?up|"
                              r"i (?:don'?t|do not) forget)\b|" + PING_ME + r"|"
                              r"\bset (?:that|it|this) up for me\b|"
                              r"\bon my (?:list|to-?do(?: list)?)\b|"
                              r"^\W*" + DUE_FIRST, _I),
    "draft_follow_up": re.compile(r"\b(draft|write|compose|prepare|prep|put together)\b.{0,40}\b" + MAIL + r"|" + MAIL_GOING + r"|" +
                                  WRITE_SOMEONE_A + r"|" +
                                  r"\b(?:write|send|drop|shoot|draft)\s+(?:the|their|our)\s+(?:[\w-]+\s+){0,2}?" + ROLE + r".{0,40}?\b" + MAIL + r"|" +
                                  DRAFT_IT + r"|" + MAIL_READY + r"|" +
                                  DRAFT_FOR_THEM + r"|"
                                  r"\b(?:write|send|drop|shoot)\s+(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?(?:\s+(?:at|from)\s+(?-i:[A-Z])[\w&'’-]+(?:\s+(?-i:[A-Z])[\w&'’-]+)?)?"
                                  r"\s+(?:a|an)\s+(?:\w+\s+){0,2}?(?:note|e-?mail|mail|message|line|follow[- ]?up|apology|recap)\b|"
                                  r"\b(?:draft|write)\s+(?:him |her |them )?" + SOMETHING + r"\s+(?:to|for)\b|"
                                  r"\b(e-?mail|follow[- ]?up|fu|f/u) (to|for)\b|\bdraft only\b|"
                                  # "write to whoever our contact on that deal is - ask if … keep it as a draft"
                                  r"\b(?:write|e-?mail)\s+to\s+whoever\b|\b(?:keep|leave)\s+it\s+as\s+a\s+draft\b|^\W*(?:pls\s+|please\s+)?e-?mail\s+\w+|"
                                  r"\b(?:e-?mail|mail|follow[- ]?up|message) draft\b|\bjust (?:the|a) draft\b|"
                                  r"\b(?:write(?:\s+up)?|prepare|prep|do)\s+(?:me\s+)?(?:an?\s+)?(?:quick\s+|short\s+)?draft\s+(?:to|for)\b|"
                                  r"\b(?:make|need|want|do|send)\s+(?:me\s+)?(?:an?\s+)?(?:quick\s+|short\s+)?(?:follow[- ]?up|fu|f/u)"
                                  r"(?:\s+(?:e-?mail|mail|note|message))?\s+(?:to|for)\b|\bonly (?:a |the )?draft\b", _I),
    "approve_draft": re.compile(r"\bdraft\s*#?\d", _I),  # otherwise only as the answer to a shown draft
    "discard_draft": re.compile(r"\bdraft\s*#?\d", _I),
}
# A tool is not a candidate when the message reads like this.
EXCLUDED = {
    "draft_follow_up": re.compile(r"\b(what'?s|whats|what is|give me|find|get me|look up)\s+(the\s+|their\s+|his\s+|"
                                  r"her\s+)?(e-?mail|phone|number|address)\b", _I),
    # "Ibrahim at Ipê opened a new ticket this morning. What is he asking for?": a question about someone's ticket
    "create_ticket": re.compile(r"\b(?:he|she|they|who|someone|\w+ at \w+|(?-i:[A-Z])\w+)\s+(?:has\s+|just\s+)?(?:opened|filed|raised|"
                                r"submitted|logged|created|sent in|put in)\s+(?:a|an|another)\s+(?:new\s+)?(?:ticket|case|request|"
                                r"complaint|bug report)\b", _I),
}
# "remind me where their deal is at" asks a question; "remind me to call her" asks for a task.
# "remind me of the amount, when it's meant to close and what we're waiting on" asks too.
EXCLUDED["create_task"] = re.compile(r"\bremind me (?:where|what|who|whose|how|which|whether|if|again|of (?:the|their|its|his|her|our|"
                                     r"when|what|how|who))\b(?!.{0,40}\bto-?do\b)", _I)
# A question about records ("is support at Quarrystone getting worse?", "what was lost in 2026?") changes nothing,
# unless a clause of it asks for a change ("what's the next step, and move it to proposal").
QUESTION = re.compile(r"^\W*(?:(?:hey|hi|ok|okay|so|and|also|quick q(?:uestion)?|btw)[,:!\s-]+)*(?:what|what's|whats|which|who|"
                      r"who's|whose|how|how's|hows|is|are|was|were|has|have|did|does|do|any|anything|where|when|why)\b(?! about\b)", _I)
RECORD_WRITES = {"update_deal", "update_ticket", "update_contact", "log_activity", "create_task"}
# "which deals do we have open with them, and are there any fires on the support side?": one account's deals and
# tickets, which one overview answers
DEALS_AND_SUPPORT_OF_ONE = (r"\b(?:deals?|opps?|opportunit(?:y|ies))\b(?=.{0,40}\b(?:with|at|for)\s+(?!(?:me|us|you|the|my|our|"
                            r"this|next|now)\b)\w)(?=.{0,80}\b(?:tickets|support|issues|cases)\b)|"
                            # "karoo solar works call in 15 - my open deals there with the total, and is any support stuff open"
                            r"\b(?:deals?|opps?)\s+(?:there|over there|with them)\b(?=.{0,80}\b(?:tickets|support|issues|cases)\b)|"
                            # "Do we have any revenue on the line there, and what are they complaining about?"
                            r"\b(?:revenue|money|business|deals?)\b.{0,20}\b(?:on the line|at stake|in play)\b"
                            r"(?=.{0,80}\b(?:complain\w*|tickets|support|issues|unhappy|grumpy|upset)\b)|"
                            # "do we have anything in the pipeline with them at all? and what support tickets of theirs…"
                            r"\bin the (?:pipe|pipeline) (?:with|for|at)\b(?=.{0,60}\b(?:support|tickets|issues|cases|complaints|"
                            r"problem)\b)|"
                            # "hoshizora sent something new in to support, what do they want? also remind me where
                            # alice's new logo deal with them is at"
                            r"\b(?:sent|filed|raised|opened|logged|submitted)\b.{0,30}\b(?:support|ticket)\b(?=.{0,100}\bdeal\b)|"
                            # "… have we won anything with them before? also how many tickets do they have open", "have
                            # we ever actually won a deal there? whats open and the total, and what are they waiting on
                            # from support", "what's open deal-wise …"
                            r"\b(?:won|win)\s+(?:anything|a deal|any deals?|deals)\b(?=.{0,120}\b(?:tickets|support)\b)|"
                            r"\bdeal-?wise\b(?=.{0,150}\b(?:tickets|support)\b)|"
                            # "and what's still open with them now, deals and support both"
                            r"\bdeals\s+(?:and|&|\+)\s+(?:support|tickets)\b|\b(?:support|tickets)\s+(?:and|&|\+)\s+deals\b|"
                            # "what's bob got going with them commercially (amounts pls), and what's in their support
                            # queue", "what's the total we've got open with them, and what did we lose there before + why?"
                            r"\b(?:got|have)\s+(?:going|open|on)\s+with\s+(?:them|there)\b(?=.{0,120}\b(?:support|tickets|"
                            r"lose|lost|losses)\b)|"
                            # "who do we know there, and is there any deal or ticket history at all?"
                            r"\b(?:deals?|sales)\s+(?:or|and|&|\+)\s+(?:tickets?|support)\s+(?:history|activity)\b|"
                            r"\bwho do we know (?:there|over there)\b(?=.{0,100}\b(?:deals?|tickets?|support)\b)")
# A tool whose cue is present is the likelier reading (added to its router score).
LIKELIER = {
    "account_overview": re.compile(r"\b(overview|rundown|360|everything (about|on)|full picture|whole account|account|"
                                   r"prep (me|us)|going on (with|at|over|there)|relationship|should know about|the works|"
                                   r"deals,? (and )?tickets|tickets,? (and )?deals|lay of the land|everything (we'?ve|we have) got|"
                                   r"what should i know|anything i should know|qbr|brief me|quick brief|deals,? (open )?issues|state of play|"
                                   r"what'?s (?:new|happening|going on) (?:with|at|over))\b", _I),
    "deal_summary": re.compile(r"\b(deal|renewal|expansion|upgrade|rollout|pilot|seats|conversion|prepay|migration|add-?on|"
                               r"where (do|are) we|stand on)\b", _I),
    "pipeline_question": re.compile(r"\b(pipeline|how many|how much|total|weighted|closing|won|forecast|by (stage|owner|region)|"
                                    r"top \d+|biggest|largest|avg|average|(per|by|each) rep|win rate|at[- ]risk|stuck|"
                                    r"due to close|opps|brings? in|brought in|"
                                    r"clos(e|ed)[- ]?(won|win)|what did (i|we) (close|win|book)|booked|"
                                    r"expected to (?:land|close)|between now and)\b", _I),
    "ticket_sentiment": re.compile(r"\b(sentiment|feel|feeling|mood|upset|annoyed|angry|frustrated|happy|urgency|angriest|cooling|cooled|going cold|"
                                   r"unhappiest|souring|sour|downhill|worse|worsening|deteriorat\w*|tone|angrier|unhappier|more negative|"
                                   r"negative|complain\w*|sore|grumpy|grumpier|felt)\b", _I),
    "find_records": re.compile(r"\b(who'?s|who is|anyone|contacts? (at|in)|people at|find|look up|domain)\b", _I),
    "search_knowledge_base": re.compile(r"\b(customer|they|client)\b.{0,30}\b(ask|asks|asking|wants to know|wondering)\b|"
                                        r"\b(?:wants?|want) to know (?:what|how|whether|if|when|where|which|why)\b|"
                                        r"\bwhat do i tell\b|\bhow do (i|we|you)\b|\bcan (customers|i|we)\b", _I),
}
BOOST = 0.08
STATUS_QUESTION = re.compile(NEWS_ON_IT + r"|\b(status (?:of|on|for)|where are (?:we|things|you) (?:with|on)|any word on|anything new|what'?s new|what(?:'?s| is) (?:going on|happening) with|do i have|any (update|news|progress)|has anyone|what happened|where is|show me|"
                             r"how is my|still open(?!\s+(?:the|a|an|their|our|my|it|them|his|her)\b)|what is the status|is (?:any|some)(?:one|body) (?:\w+ )?(?:handling|working on|looking (?:at|into))|whats? the status|what's the status|where (each one|it|things|that) stands?|"
                             r"(i'?ve|i have|we'?ve|we have) (raised|reported|sent|asked|opened)|heard back|(?<!while )i wait|"
                             r"(waiting|waited) (for|since|on)|anything (?:back|yet) (?:on|about|from)|"
                             # "is the spinning widget thing still on anyone's list?"
                             r"still on (?:any ?one'?s|some ?one'?s|any ?body'?s|your|the) (?:list|radar|plate)|"
                             r"(?:is|was) (?:it|that) (?:done|sorted|processed|through|fixed|resolved)"
                             r"(?: yet| or not))\b|" + AFTER_A_REPORT, _I)
# A request starts a clause: "kesselwerk is dragging their feet again... slip the business pilot to end of Jan".
# a character class's inside: an emoji ends a sentence too (with the joiner and variation selector that end "🤦‍♀️")
EMOJI = "\u2600-\u27bf\U0001f300-\U0001faff\u200d\ufe0f"
CLAUSE_START = r"(?:^|[.!?;:—–" + EMOJI + r"]\s*|,\s+|\s-\s)"
POLITE = r"\s*(?:(?:ok(?:ay)?|so|please|pls|plz|then|now|and|just|also|at least|can (?:you|u)|could (?:you|u)|would you|can we)[,.]?\s+)*"
# "…asked me to push the close date on the Wattlebird renewal": a change someone asked the caller to make
# A question about support, not deals: none of the words a deal question uses
NOT_ABOUT_DEALS = r"^(?!.*\b(?:deals?|opps?|pipeline|pipe|amount|stage|close date)\b)"
# "where's my globex marketing ops expansion at?": a deal, by whose it is and what it is, where it stands
WHOSE_DEAL_AT = (r"(?:my|our|the|his|her|their)\s+((?:[\w&'’.+-]+\s+){0,5}?(?:deal|renewal|expansion|upgrade|rollout|pilot|"
                 r"add-?on|migration|agreement))\s+at\b")
_UPDATE_VERB = (r"(?:" + CLAUSE_START + POLITE + r"|\b(?:please|pls|plz|can you|could you|can u|could u)\s+|"
                r"\b(?:asked|wants?|needs?|told)\s+(?:me|us)\s+to\s+|"
                # "… did the trick, so you can mark that ticket solved"
                r"\bso (?:you|u) (?:can|could)\s+(?:now\s+)?(?:go ahead and\s+)?|"
                # "they want 4 more seats on the new logo deal so bump it to 11,900" (not "we're so close")
                r"\bso\s+(?=(?:bump|move|push|mark|update|change|set|drop)\b))"
                # ("…, close date and next step" lists what to show: a close date is no verb)
                r"(?:move|set|change|update|push|bump|mark|make|put|escalate|lower|raise|close(?![\s-]+dates?\b)|reopen|slip|"
                r"shift|knock|cut|reduce|increase|bring|drop|park)\b")
# A role in a company, by which someone is looked up: "the CISO", "who runs the PMO", "head of finance"
_UPSET = r"annoyed|upset|angry|unhappy|frustrated|pissed(?: off)?|mad|irritated|negative|happy"
# The open tickets by age: "the oldest ticket I haven't closed", "which tickets have been open the longest"
# "hoshizora new logo team plan, what's it worth and when's it meant to close?": a deal named, then asked of as "it"
DEAL_THEN_ITS_FIELDS = re.compile(r"^\W*((?:[\w&'’.+-]+\s+){0,5}?(?:deal|new logo|plan|pilot|renewal|expansion|upgrade|rollout|"
                                  r"migration|add-?on|\d+\s+(?:additional\s+|more\s+)?seats))\s*[,:—–-]+\s*(?:so\s+|quick q\W*\s*)?"
                                  r"(?:what(?:'s|’s| is) it worth|"
                                  r"when(?:'s|’s| is) it (?:meant|supposed|due|set|going|expected) to close|what stage is it|"
                                  r"where(?:'s|’s| is) it (?:at|sitting)|who(?:'s|’s| is) the contact|"
                                  # "granite peak 50 seats - who's our exec sponsor over there and what did she agree to?"
                                  r"who(?:'s|’s| is) (?:our|their|the) (?:exec(?:utive)? sponsor|champion|economic buyer|"
                                  r"decision[- ]maker))\b", _I)
_KIND = r"(?:billing|bugs?|outages?|how[- ]?tos?|feature[- ]requests?)"
_WHOSE_TICKETS = r"\b(?:which|what|any)\s+(?:of\s+)?(?:my|our|his|her|their|[\w'’-]+['’]s)\s+(?:open\s+|unresolved\s+)?"
_NOT_DONE = r"(?=.{0,60}\b(?:aren'?t|are not|isn'?t|not|still|un)\s*(?:yet\s+)?(?:solved|resolved|closed|open|answered|fixed|sorted|done|dealt with|handled)\b)"
OPEN_OF_A_KIND = re.compile(_WHOSE_TICKETS + _KIND + r"\s+tickets?\b" + _NOT_DONE + r"|"
                            + _WHOSE_TICKETS + r"tickets?\b" + _NOT_DONE + r".{0,80}\b" + _KIND + r"\b|"
                            # "which of my pending tickets are actual bugs?"
                            + _WHOSE_TICKETS + r"(?:pending|new)\s+tickets?\b.{0,40}\b" + _KIND + r"\b", _I)
OLDEST_TICKETS = re.compile(r"\b(?:oldest|longest[- ](?:open|waiting|running|standing))\b.{0,30}\btickets?\b|"
                            r"\btickets?\b.{0,60}\b(?:open|waiting|sitting|untouched|unsolved)\s+(?:the\s+)?longest\b", re.IGNORECASE)

# Requests that say outright which tool they want: taken when the tool is bound (and its cue holds).
_ASKS_NO_CHANGE = r"^(?!.*\b(?:mark|set|move|change|update|bump|close|reopen|put|stick|log|note|remind|draft|escalate)\b)"
_TICKET_THEN_ASKED = (r"(?:\s+(?:about|on|re|with|where|for|from)\s+[^?,;:—–]{2,80}?)?(?:\s*[,:;—–]\s*|\s+-\s+)"
                      r"(?:what|how|who|when|which|is|has|did|does|any|where|why)\b.*\?")
DIRECT = [
    # "nordvik sent support a question about adding seats … - who sent it, …?", "guayacán software sent support a billing
    # question - what are they asking, and what does our help centre say about it?": their ticket first (what the help
    # centre says is asked of its words)
    ("find_records", re.compile(_ASKS_NO_CHANGE + r"\W*(?:[\w&.-]+\s+){0,3}?(?:sent|emailed|asked|wrote to)\s+(?:support|us|the "
                                r"support team|our support(?: team)?)\s+(?:a|an)\s+(?:\w+\s+)?(?:question|request|note|complaint|"
                                r"message|email|e-mail)\b" + _TICKET_THEN_ASKED, _I)),
    # "file it as a feature request and drop it to low": only a ticket has a category and such a priority (before "…
    # audit log / SIEM ticket" reads as a new ticket's)
    ("update_ticket", re.compile(r"\b(?:drop|lower|knock|bump|raise|move|put|set)\s+(?:it|that|this)(?:\s+one)?\s+(?:down\s+|up\s+)?"
                                 r"(?:to|at)\s+(?:low|normal|high|urgent)\b(?!\s+(?:level|point|number|end)\b)|"
                                 r"\b(?:file|re-?file|class|mark|tag)\s+(?:it|that|this)(?:\s+one)?\s+(?:as|under)\s+(?:an?\s+)?"
                                 r"(?:feature request|bug|how[ -]to|question|billing|outage|account)\b", _I)),
    # A contact's news, told: "he moved from chief of staff to head of procurement", "his actual mobile is +47 912 34 567"
    ("update_contact", re.compile(r"\b(?:he|she)(?:'s|’s| has| had)?\s+(?:moved|switched|changed|gone|went)\s+(?:roles?\s+)?from\s+"
                                  r"(?:being\s+)?(?:the\s+|a\s+|an\s+)?[a-z][\w ]{2,40}?\s+to\s+(?:be\s+)?(?:the\s+|a\s+|an\s+)?"
                                  r"(?:head|chief|director|vp|manager|lead|cfo|cto|ceo|coo|ciso|cio|svp|evp|senior|vice|principal|"
                                  r"it|finance|procurement|operations)\b|"
                                  r"\b(?:his|her)\s+(?:actual|real|new|correct|right|direct|current)\s+(?:mobile|cell|number|phone|"
                                  r"direct line|phone number|mobile number)\s+(?:is|=|:)\s*\+?\d", _I)),
    # "what does the help centre say about how seats added mid-year get billed on an annual plan?": asked of it outright
    ("search_knowledge_base", re.compile(r"\bwhat (?:does|do|did) (?:the|our|your) (?:help ?cent(?:re|er)|docs|documentation|"
                                         r"knowledge ?base|kb|help articles?|faq) (?:say|tell us|have)\b|"
                                         r"\b(?:according to|per) (?:the|our|your) (?:help ?cent(?:re|er)|docs|documentation)\b", _I)),
    ("create_ticket", re.compile(r"(?<!which )(?<!what )(?<!the )(?<!our )(?<!their )(?<!my )"
                                 # "raise the priority on that ticket" changes one
                                 # "make that ticket urgent" changes it too
                                 r"\b" + TICKET_VERB + r"\b(?!\s+(?:that|this|the|his|her|their)\s+(?:[\w-]+\s+){0,2}ticket\s+(?:up\s+)?(?:to\s+)?"
                                 r"(?:urgent|high|low|normal|pending|solved|closed)\b)"
                                 r"(?:(?!\b(?:priority|status|category|urgency)\b).){0,30}\b(ticket|support request|change request|case|bug report|feature request|"
                                 r"complaint)\b|"
                                 r"\b(?:" + TICKET_VERB + r"|report)\s+(?:a|an|the|this|that)\s+(?:bug|issue)\b|"
                                 r"\b(?:want|wanted|would like|'d like|need) to (?:report|submit|file)\b|"
                                 r"\breport (?:a|this|an|the) (?:bug|problem|issue)\b|"
                                 r"\b(?:open|file|raise|submit|log|lodge|register|start) (?:a|an|the) request\b|" + NEW_TICKET, _I)),
    ("handoff_to_human", re.compile(r"\b(talk|speak|chat) (to|with) (a |an |someone|somebody)|"
                                    r"\b(talk|speak|chat|go)\b.{0,20}\bwith (someone|somebody|a person|a human|an agent)\b|"
                                    r"\bget (me )?(someone|somebody|a person|a human|an agent)\b|\bhear (?:back )?from (?:someone|somebody|a person|"
                                    r"a human|your team)\b|\b(can|could) (someone|somebody|a person)\b|"
                                    r"\bsomeone (from|on|in) (?:your |the )?(support|your team|billing|sales|accounts|finance)\b|\b(real|actual) (person|human|agent)\b|\bhuman\b|"
                                    r"\b(?:i|we)(?:\s+(?:want|need|would like|demand)|['’]d like) (?:someone|somebody|a person)\b(?! to be (?:the|an?|our) )|"
                                    # "please ask around and have someone come back to me on that"
                                    r"\b(?:have|get|ask) (?:someone|somebody|a person|one of you)\b.{0,30}\b(?:come back|get back|reach out|"
                                    r"get in touch|contact|call|e-?mail)\b|"
                                    r"\bnot (?:a|some|this|the|your) (?:bot|robot|chat ?bot|machine|ai)\b|"
                                    r"\b(?:pass|hand|transfer|forward|put)\s+(?:this|it|me|my (?:question|request|case))\s+"
                                    r"(?:on\s+|over\s+|through\s+)?to\s+(?:a |an |your )?(?:person|human|agent|colleague|someone|"
                                    r"somebody|team|support)\b|"
                                    r"\b(?:please|pls|can you|could you) escalate\b(?! .{0,40}\b(?:urgent|high|priority)\b)|"
                                    r"\bput (?:me|us) in touch with\b|\bloop in (?:whoever|someone|somebody|a person|the right)\b|\bconnect (?:me|us) with (?:someone|somebody|a person|"
                                    r"your|the right)\b|"
                                    r"\b(?:can|could|would|will) (?:your|the) (?:team|support|support team|staff|people|folks|"
                                    r"colleagues)\b(?! (?:see|read|access)\b)", _I)),
    ("my_tickets", re.compile(NEWS_ON_IT + r"|\b(my|our)\b.{0,30}\b(tickets?|requests?|questions?|cases?|refund|complaint|problem)\b.{0,40}\b|" +
                              ON_SOMEONES_LIST + r"|" +
                              MARKED_DONE + r"|" + WHAT_I_SENT + r"|"
                              r"\bstatus (?:on|of|for) (?:my|our)\b|\bwhere are (?:we|things|you) (?:with|on)\b|"
                              + OWN_REQUEST_ASKED + r"|"
                              r"\bany progress\b|\bwhat(?: is|'?s) the status\b|\bwhere (?:each one|it|things) stands?\b|"
                              r"\b(?:i'?ve|i have|we'?ve|we have) (?:raised|reported|opened)\b|(?<!while )\bi wait\b|"
                              r"\bhas anyone looked\b|" + STILL_OPEN_WITH_YOU + r"|(?<![\w&])#\d{1,6}\b|" +
                              CLOSED_OUT + r"|"
                              # "Is ticket 64 still pending? …", "could you also check on ticket 22 for me"
                              r"\b(?:is|has|was)\s+ticket\s+#?\d{1,6}\s+(?:still|been|already|now)\b|"
                              r"\bcheck (?:on|up on|in on)\s+ticket\s+#?\d{1,6}\b|\b(?:latest|status|update|news|progress)\b.{0,15}\bticket\s+(?:no\.?\s*|number\s+|#)?\d{1,6}\b|\bdo (i|we) have any\b.{0,25}\btickets?\b|"
                              r"\b(show|list)\b.{0,25}\btickets?\b|" + AFTER_A_REPORT + r"|" + THEIR_OWN_OPEN + r"|" + ASKED_BEFORE + r"|"
                              + REACHED_YOU + r"|" + SENT_TO_YOU + r"|"
                              # "hi, anything new on my timeline png issue?"
                              r"\b(?:anything new|any (?:news|update|progress)|what'?s new|(?:the )?status|(?:an )?update)\s+(?:on|with|about|for)\s+"
                              r"(?:my|our)\b.{0,30}\b(?:issue|report|bug|problem)\b", _I)),
    # ("draft kenji dlamini (their COO) a friendly nudge: …": an aside in brackets counts as one word)
    ("draft_follow_up", re.compile(MAIL_GOING + r"|" + DRAFT_IT + r"|" + WRITE_SOMEONE_A + r"|" + CLAUSE_START + POLITE + r"(draft|write|compose|prepare|prep|put together)\b(?:[^()]|\([^)]{0,40}\)){0,30}\b" + MAIL +
                                   r"|" + CLAUSE_START + POLITE + r"(?:write(?:\s+up)?|prepare|prep|put together|do)\s+(?:me\s+)?(?:an?\s+)?"
                                   r"(?:quick\s+|short\s+)?draft\s+(?:to|for)\b|\bdraft only\b|\bjust (?:the|a) draft\b|\bonly (?:a |the )?draft\b|"
                                   # "write to whoever our contact on that deal is - ask if they can … keep it as a draft"
                                   r"\b(?:write|e-?mail)\s+to\s+whoever\s+(?:our|the|their)\s+(?:main\s+)?contact\b|"
                                   r"\b(?:make|need|want|do)\s+(?:me\s+)?(?:an?\s+)?(?:quick\s+|short\s+)?(?:follow[- ]?up|fu|f/u)"
                                   r"(?:\s+(?:e-?mail|mail|note|message))?\s+(?:to|for)\b|"
                                   r"\b(?:make|do|create|need|want|prepare|set up)\s+(?:me\s+)?(?:an?\s+)?(?:quick\s+|short\s+)?"
                                   r"(?:e-?mail|mail|follow[- ]?up|message) draft\b|" + CLAUSE_START + POLITE + r"(?:draft|write)\s+(?:him |her |them )?" +
                                   SOMETHING + r"\s+(?:to|for)\b|" + DRAFT_FOR_THEM + r"|"
                                   # "write the finance manager at eastbrook shire a short email, …"
                                   r"\b(?:write|send|drop|shoot|draft)\s+(?:the|their|our)\s+(?:[\w-]+\s+){0,2}?" + ROLE + r"(?:\s+[\w&'’.-]+){1,4}?"
                                   r"\s+(?:a|an)\s+(?:\w+\s+){0,2}?(?:note|e-?mail|mail|message|line|follow[- ]?up)\b|"
                                   # "write Gabriel Nowak at Stackhouse a short note to …"
                                   r"\b(?:write|send|drop|shoot)\s+(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?(?:\s+(?:at|from)\s+(?-i:[A-Z])[\w&'’-]+(?:\s+(?-i:[A-Z])[\w&'’-]+)?)?"
                                   r"\s+(?:a|an)\s+(?:\w+\s+){0,2}?(?:note|e-?mail|mail|message|line|follow[- ]?up|apology|recap)\b|"
                                   # "fu email to hana khan pls: ...", "need an email to gabriel @ straitspoint to ..."
                                   r"^\W*(?:(?:i\s+)?need\s+)?(?:an?\s+)?(?:fu|f/u|follow[- ]?up)?\s*(?:e-?mail|mail|note)\s+to\s+\w+|"
                                   # "draft juniper ridge's VP of operations an invite to a 45 min exec briefing …"
                                   + CLAUSE_START + POLITE + r"draft\s+(?:[\w'’&.-]+\s+){1,6}?an?\s+(?:\w+\s+){0,2}?"
                                   r"(?:invite|invitation|note|e-?mail|intro|reply|message|follow[- ]?up|recap|apology)\b|" + MAIL_READY, _I)),
    # A company's commercial side asked together with its support side or its people ("what do i have open with
    # them, is anything open on the support side, and who's their CFO?"): the account at a glance, when nothing is
    # asked to change and no team-wide numbers are wanted
    ("account_overview", re.compile(
        r"^(?!.*\b(?:log|logged|remind(?! me (?:what|who|how|when|which|where|why)\b)|draft|write|move|mark|set|update|change|"
        r"push|bump|create|add(?! up)|note|assign|escalate|close|reassign)\b)"
        r"(?!.*\b(?:across|by rep|per rep|by region|per region|by owner|the team|everyone|all (?:our|my|the))\b)"
        r"(?=.*(?:\bwhat(?:'s| is| do (?:i|we) have| have (?:i|we) got)\s+(?:still\s+)?open (?:with|at|for)\s+"
        r"(?!(?:support|us|me)\b)\w+(?:\s+\w+){0,3}\s*[,?.;]|\bdeals\b|\bdeal-?wise\b|\bsold (?:them|him|her)\b|"
        # "what have i got open with them …, what have we already won there"
        r"\bin the pipe(?:line)?\b|\bopen with (?:them|him|her)\b|\bwhat have (?:we|i) (?:already |ever )?(?:won|sold|closed)\b|"
        # "liffeyside's team plan closed yesterday - what else have i got going with them, and is anything open on the
        # support side"
        r"\bwhat else (?:have|do) (?:i|we) (?:got |have )?(?:going|open|on the go|in play|in flight) (?:with|at) \w))"
        r"(?=.*(?:\b(?:support|tickets|fires)\b|\bwho(?:'s| is| are)\s+(?:their|our|the|my)\s+(?:\w+\s+)?"
        r"(?:cfo|ceo|cto|coo|ciso|contacts)\b|\b(?:our|their|my) contacts\b|"
        # "… is there anything in the pipe with them right now, and who do we know over there?"
        r"\bwho (?:else )?do (?:we|i) know (?:over )?(?:there|at)\b|"
        # "… and is that salesforce sync problem of theirs fixed yet?"
        r"\b(?:problem|issue|bug|outage)s?\b.{0,30}\b(?:fixed|sorted|resolved|solved)\b))", _I | re.S)),
    # "who owns prairie wind energy on our side?": the account's owner, which its overview names
    ("account_overview", re.compile(r"^(?!.*\b(?:log|remind|draft|move|mark|set|update|change|push|reassign|hand)\b)"
                                    r".*\bwho owns (?!(?:the\s+)?(?:it|this|that|account|company|customer|deal|ticket)\b)(?:the )?[\w&'’.-]+(?:\s+[\w&'’.-]+){0,4}?"
                                    r"(?:\s+account)?\s+(?:on our (?:side|end)|internally|on the sales side)\b", _I)),
    # One ticket named, then asked about: "nikolai's globex ticket about the csv export - how big is the export …?",
    # "gabriel rahman's locked-account ticket, what happened on his end?", "stackhouse has a ticket about 429 errors
    # breaking their sync - who raised it …?" (no change asked for in it)
    ("get_record", re.compile(_ASKS_NO_CHANGE + r"\W*(?:[\w&.-]+\s+){0,3}?[\w&.-]+['’]s\s+(?:[\w'’/&-]+\s+){0,4}?ticket\b"
                              + _TICKET_THEN_ASKED, _I)),
    ("find_records", re.compile(_ASKS_NO_CHANGE + r"\W*(?:[\w&.-]+\s+){0,3}?(?:has|have|had)\s+(?:a|an|another|that)\s+"
                                r"(?:new\s+|open\s+)?ticket\b" + _TICKET_THEN_ASKED, _I)),
    # "ombú opened something about resetting 2fa for one of their users - who sent it in, when, and who's got it?"
    ("find_records", re.compile(_ASKS_NO_CHANGE + r"\W*(?:[\w&.-]+\s+){0,3}?(?:opened|raised|filed|sent in|put in)\s+something\b"
                                + _TICKET_THEN_ASKED, _I)),
    # "kauri digital is one of mine and i've lost track a bit. what have we actually sold them over time, and what's
    # still open?": the account's won and open deals
    ("account_overview", re.compile(r"^(?!.*\b(?:log|remind|draft|move|mark|set|update|change|push|reassign|hand)\b)"
                                    r".*(?:\bwhat (?:have|did) (?:we|i) (?:actually |ever |already |really )?(?:sold|sell) (?:to )?"
                                    r"(?:them|him|her)\b|"
                                    # "ombú finanzas - what have we got open with them deal-wise, and what have we won or lost
                                    # there before?"
                                    r"\bwhat (?:have|did) (?:we|i) (?:ever |already )?(?:won|lost)(?: or (?:won|lost))? "
                                    r"(?:there|with them|from them|at \w+)\b|"
                                    # "acme exec check-in next week. what's everything i've got open there worth together,
                                    # what did we last close with them and when, and who's their CFO again?"
                                    r"\bwhat did (?:we|i) (?:last|most recently) (?:close|win|sell|sign) (?:with|to|from|at) "
                                    r"(?:them|him|her|\w+)\b|"
                                    # "where are we with solbrand overall? anything open, and have we won anything there
                                    # already?"
                                    r"\bhave (?:we|i) (?:ever |already )?(?:won|sold|closed) (?:anything|something|any deals?) "
                                    r"(?:there|with them|from them|to them|at \w+)\b)", _I)),
    # "how big a company is stackhouse labs actually? … what's it worth, and what have they got open with support": the
    # account's size, deals and tickets
    ("account_overview", re.compile(r"\bhow (?:big|large|small) (?:a (?:company|business|customer|outfit|org(?:anisation|anization)?) "
                                    r"is|is)\s+(?!(?:the|that|this|it|their|our)\b)\w", _I)),
    # "is there a ticket from quarrystone about an audit log export? whats the status"
    # (one ticket of one customer: "are there open tickets from EMEA customers …" asks across tickets)
    ("find_records", re.compile(r"\b(?:is there|do we have|did we get|have we got)\s+(?:an?\s+)?(?:open\s+|new\s+)?"
                                r"ticket\s+(?:from|by|for|with)\s+(?!(?:emea|apac|amer|latam|customers?|accounts?|clients?|any)\b)\w", _I)),
    # "what's open on the support side for prairie wind energy?": that company's tickets
    # "have I still got anything open from initech on the support side?"
    # (beside their deals, it is an overview)
    # "what does silverpine media have open with support atm?"
    ("find_records", re.compile(NOT_ABOUT_DEALS + r".*\b(?:what(?:'s|’s| is| does| do)|anything|what do we have|"
                                r"what have (?:we|i) got)\b.{0,40}\bopen\b.{0,40}\b(?:on the support (?:side|front)|with support)\b", _I)),
    # "what have I got going on at Straitspoint deal-wise?": that company's deals, each of them
    ("find_records", re.compile(r"^(?!.*\bsupport\b).*\b(?:going on|happening|on the go|in play|open)\s+(?:at|with)\s+\w.{0,40}"
                                r"\b(?:deal-?wise|deals-?wise|pipeline-?wise)\b", _I)),
    # "any tickets from apac that aren't solved yet where the customer actually reads positive?", "open how-to tickets
    # turning sour", "how many how-to tickets are open in total": open tickets, filtered by how they read or counted
    ("ticket_sentiment", re.compile(r"\btickets\b.{0,80}\bread(?:s|ing)?\s+(?:as\s+)?(?:really\s+|actually\s+|genuinely\s+)?"
                                    r"(?:positive|negative|neutral|happy)\b|\b(?:positive|neutral)\s+(?:open\s+|unsolved\s+)?tickets\b|"
                                    r"\b(?:how[- ]?to|billing|bug|outage|feature[- ]request)s?\s+(?:questions|tickets)\b.{0,40}"
                                    r"\b(?:turning|going|gone)\s+sour\b|"
                                    r"\bhow many\s+(?:(?:open|unsolved|unresolved|how[- ]?to|billing|bug|outage|urgent|pending|new)\s+)+"
                                    r"tickets\b(?!.{0,30}\b(?:from|with|at)\s+(?!us\b)\w)", _I)),
    # "ngozi osei at quarrystone is in our queue constantly. what has she got that isn't solved yet": her open tickets
    ("find_records", re.compile(r"\bwhat (?:has|does) (?:she|he) (?:got|have)\b.{0,30}\b(?:isn'?t|aren'?t|not)\s+(?:yet\s+)?"
                                r"(?:solved|resolved|closed|fixed|answered)\b|\bwhat (?:has|does) (?:she|he) (?:got|have) (?:still\s+)?"
                                r"open with (?:us|support)\b", _I)),
    # "anything urgent on my plate that isn't resolved yet?": the caller's urgent open tickets (not a company's)
    ("ticket_sentiment", re.compile(r"^(?!.*\b(?:from|with|at|for)\s+\w+).*\b(?:anything|what'?s|whats)\s+(?:urgent|burning|"
                                    r"on fire)\s+on my plate\b", _I)),
    # "anything from sampaguita stores sitting in the support queue?": their open tickets
    ("find_records", re.compile(NOT_ABOUT_DEALS + r".*\b(?:anything|what(?:'s|’s| is)|whats)\b.{0,40}(?:"
                                r"\b(?:sitting|waiting|stuck|open|pending)\s+(?:in|with|on)\s+(?:the\s+|our\s+)?support(?:\s+queue)?\b|"
                                # "anything new from Silverpine Media in my queue? what are they asking for"
                                r"\b(?:from|by)\b.{0,40}\bin (?:my|our|the) (?:support )?queue\b)", _I)),
    # "did something new come in from ironbark? what are they asking for": what that company sent in
    ("find_records", re.compile(NOT_ABOUT_DEALS + r".*\b(?:something|anything)\s+(?:new\s+)?(?:come|came|coming)\s+in\s+"
                                r"from\s+\w", _I)),
    # "fernhollow sent something in overnight - what's broken?": what that company sent in
    ("find_records", re.compile(NOT_ABOUT_DEALS + r".*\b(?:sent|send|emailed)\s+(?:us\s+)?(?:something|anything)\s+(?:new\s+)?"
                                r"(?:in|over)\b|"
                                # "maple & finch put something in with support over the weekend - what's jonas after?"
                                r"\bput\s+(?:something|anything)\s+(?:new\s+)?in\s+(?:with|to)\s+(?:support|us|you)\b", _I)),
    # "Mateo Nowak at Prairie Wind emailed me: "…" Which of their tickets is he talking about?": their tickets
    ("find_records", re.compile(r"\bwhich (?:of (?:their|his|her|the|our) )?(?:open )?tickets? (?:is|are|was|were) (?:he|she|they|"
                                r"this|that|it) (?:talking|on|going on|writing|complaining) about\b|\bwhich (?:of (?:their|his|her) )?"
                                r"tickets? (?:does|did) (?:he|she|they|this|that|it) (?:mean|refer to)\b", _I)),
    # "anything from prairie wind energy still open on my plate? who raised it …": what that company sent in
    ("find_records", re.compile(NOT_ABOUT_DEALS + r"\W*(?:(?:is|is there|have i got|"
                                r"do i have)\s+)?anything\s+(?:new\s+)?from\s+[\w&'’.-]+(?:\s+[\w&'’.-]+){0,3}?\s+(?:still\s+)?"
                                r"(?:open|pending|waiting|sitting)\s+(?:on my plate|with me|in my queue|for me)\b", _I)),
    # "Gabriel at Oasisgate mentioned he filed something new with support this weekend. What's it about?": their
    # tickets, the newest first (with a deal of theirs asked about too, the account's overview)
    ("find_records", re.compile(r"^(?!.*\bdeals?\b).*\b(?:filed|raised|opened|logged|submitted|put in|sent in|sent)\s+(?:something|a ticket|a request|"
                                r"an issue|a case|a complaint)(?:\s+new)?\s+(?:in\s+)?(?:with|to)\s+(?:support|you|your team|"
                                r"(?:the\s+|our\s+)?support(?:\s+team)?)\b|"
                                # "did stackhouse labs send us something new? what are they after"
                                r"^(?!.*\bdeals?\b)\W*(?:did|has|have)\s+[\w&'’.-]+(?:\s+[\w&'’.-]+){0,3}?\s+(?:send|sent|file|filed|"
                                r"raise|raised|submit|submitted)\s+(?:us\s+|in\s+)?(?:something|anything|a ticket|a request)\b"
                                r"(?=.*\bwhat\b)", _I)),
    # "got an email from nikolai@karoo.example, who is that?": a person looked up by address.
    ("find_records", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+.{0,40}\bwho\b|\bwho(?:'s| is)\b.{0,20}[\w.+-]+@[\w-]+\.|"
                                # "Got an inbound from someone @polderlink.example. Which company is that?"
                                r"(?<![\w.+-])@(?:[\w-]+\.)+[a-z]{2,}\b.{0,80}\b(?:which|what|who)\b|"
                                r"\b(?:which|what|who)\b.{0,60}(?<![\w.+-])@(?:[\w-]+\.)+[a-z]{2,}\b", _I)),
    # "stick that as a note on his contact"
    ("log_activity", re.compile(r"\b(?:stick|put|pop|add|leave|save|drop|log)\s+(?:that|this|it)\s+(?:in\s+|on\s+)?as\s+an?\s+"
                                r"(?:quick\s+)?note\s+(?:on|against|to|in)\b", _I)),
    ("create_task", re.compile(CLAUSE_START + POLITE + r"remind me\b(?!\s*[:,-]?\s*(?:where|what|who|how|which|whether|if|again|why|when (?:we|they|he|she|i|it|that)|of (?:the|their|its|his|her|our|when|what|how|who))\b)|"
                               r"\b(add|create|set|need|want|make|put|give|get|stick|pop|slap|throw) (?:me |us )?(?:a |another )?(?:quick )?(task|reminder|to-?do)\b|"
                               r"^\s*to-?do\b|\bon my (?:list|to-?do(?: list)?)\b|" + PING_ME + r"|"
                               # "task for me, due friday dec 4: chase wei ferreira about …"
                               r"^\W*(?:(?:a|new|quick)\s+)?(?:task|reminder|to-?do)\s+for\s+(?:me|us|myself)\b|"
                               # "I need to check in 10 days whether … can you set that up for me?"
                               r"\b(?:i|we) (?:need|have|want) to \w+(?: \w+)? " + DUE_FIRST.split(")[,:]")[0] + r")\b.{0,120}"
                               r"\bset (?:that|it|this) up\b|"
                               r"\bset (me )?(a )?reminder\b|^\W*" + DUE_FIRST + r"|"
                               # "Can you set me a follow-up 10 days from now to call her"
                               r"\b(?:set|put|add|schedule|book)\s+(?:me|us)\s+(?:a\s+)?(?:quick\s+)?follow[- ]?up\b(?!\s+(?:e-?mail|mail|note|message))|"
                               # "tienda azul renewal - add a follow up for 1st dec: get the order form over to Henrik"
                               r"\b(?:set|put|add|schedule|book)\s+(?:a\s+)?(?:quick\s+)?follow[- ]?up\s+(?:for|on|due|by)\s+(?:the\s+)?"
                               r"(?:\d|next\b|tomorrow\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
                               r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b)|"
                               r"\b(?:don'?t|do not) let me forget\b|\bmake sure i (?:don'?t|do not) forget\b", _I)),
    # "log call w/ Cordillera", "note on deal 72: ...", "could you note that I called Amara".
    # "log friday's meeting on it too": a day's call or meeting as well
    ("log_activity", re.compile(CLAUSE_START + POLITE + r"(?:log|record)\s+(?:a\s+|an\s+|the\s+|"
                                r"my\s+|this\s+|(?:today|yesterday|(?:mon|tues|wednes|thurs|fri|satur|sun)day)(?:'s|’s)\s+)?"
                                r"(?:quick\s+|short\s+)?(?:call|meeting|e-?mail|note|demo|chat)\b|"
                                r"^\W*(?:(?:add|quick|short|internal|private)\s+(?:a\s+|an\s+)?)*note\s+(?:for|on|to|about|re)\b|"
                                # "pls add a note to karoo's tax exemption ticket: …"
                                + CLAUSE_START + POLITE + r"add\s+(?:a\s+|an\s+)?(?:quick\s+|short\s+|internal\s+)?note\s+(?:to|on)\b|"
                                r"\b(?:note|log|record)\s+(?:down\s+)?that\s+(?:i|we|they|he|she)\b|"
                                # "quick call w/ Pedro — ... log it pls", "add it as a meeting", "can you log this one"
                                r"\b(?:log|record)\s+(?:it|that|this)(?:\s+one)?\b(?!\s+(?:as\s+)?(?:a\s+)?(?:ticket|bug))|"
                                r"\badd\s+(?:it|this|that)\s+as\s+(?:a|an)\s+(?:call|meeting|note|e-?mail|activity)\b|"
                                # "stick a note on her contact so nobody emails her about invoices"
                                # "bump it to urgent and put a note on it that i've asked finance to credit …"
                                # "put a note on the dasol learning business plan deal we closed back in september: …"
                                r"\b(?:put|add|stick|leave|pop|drop)\s+a\s+(?:quick\s+|short\s+)?note\s+on\s+(?:it|that|this|the|her|his|their)\b"
                                r"(?!\s+(?:deal|ticket|contact|account|company|record)\b)|"
                                # "can you put a note on gabriel nowak's ticket about …"
                                # ("put an internal note on the quarrystone audit log export ticket")
                                r"\b(?:stick|put|add|leave|drop|pop|slap|pin|make)\s+an?\s+(?:quick\s+|short\s+|internal\s+|private\s+)?"
                                r"note\s+(?:on|to|against|in)\s+"
                                r"(?:(?:his|her|their|the|that|this)\s+|(?:[\w-]+\s+){0,2}[\w-]+['’]s\s+)(?:[\w'’-]+\s+){0,4}"
                                r"(?:contact|record|account|deal|company|file|profile|card|ticket)\b|"  # "… can't-log-in ticket"
                                # "can you put that meeting on their timeline?", "jot down on Kwame's record that …"
                                r"\b(?:put|add|get|pop|log)\s+(?:that|this|the|it)\s+(?:\w+\s+)?(?:on|to|in|into)\s+(?:his|her|their|the|its|"
                                r"[\w'’-]+['’]s)\s+(?:\w+\s+)?(?:timeline|history|activity feed|activities)\b|"
                                r"\bjot (?:it |this |that )?down\b|"
                                # "fyi I emailed Arjun Dubois the workaround … add that to his ticket pls"
                                r"\b(?:add|put|log|pop|stick)\s+(?:that|this|it)\s+(?:on|to|in)\s+(?:his|her|their|the|that)\s+"
                                r"(?:[\w'’-]+\s+){0,2}?ticket\b|"
                                # "Can you put that meeting on the deal?"
                                r"\b(?:put|add|log|pop|stick)\s+(?:that|this|the|our|my|today'?s|yesterday'?s)\s+(?:\w+\s+)?(?:meeting|call|"
                                r"chat|demo|onsite|conversation|visit)\s+(?:on|to|in|into|against)\s+(?:the|their|his|her|its|that|this)\s+"
                                r"(?:\w+\s+)?(?:deal|account|ticket|contact|company|record|opp|opportunity)\b", _I)),
    # A person's lifecycle stage, before any deal reads it as a stage: "can you move him from sql to opportunity",
    # "please mark her as a customer in the CRM"
    # "jonas takahashi's address is now jonas.t@kesselwerk-group.example, can you change it on his contact?"
    # "… the address in the crm is missing the i. her actual one is lucia.reyes@karoo-solar.example, can u fix it"
    ("update_contact", re.compile(r"\b(?:e-?mail|address|(?:actual|real|right|correct|proper|current|new) one)(?:\s+\w+){0,2}\s+"
                                  r"(?:is now|is|should be|changed to|has changed to|will be)\s+"
                                  r"[\w.+-]+@[\w-]+\.[\w.-]+.{0,80}\b(?:change|update|fix|swap|put|switch)\b", _I)),
    # "… he's been a customer since their pilot. can u fix his lifecycle stage"
    ("update_contact", re.compile(r"\b(?:fix|change|update|correct|set|move|bump|flip|switch|push|upgrade)\s+(?:his|her|their)\s+(?:lifecycle|life-cycle)(?:\s+stage)?\b",
                                  _I)),
    ("update_contact", re.compile(r"\b(?:move|set|mark|change|switch|make|update|flip)\s+(?:him|her|them|(?-i:[A-Z])[\w'’-]+"
                                  r"(?:\s+(?-i:[A-Z])[\w'’-]+)?)\s+(?:from\s+(?:an?\s+)?\w+\s+)?(?:to|as|into)\s+(?:an?\s+)?"
                                  r"(?:subscriber|lead|mql|sql|opportunity|customer|churned)\b|"
                                  # "he shouldn't be sitting as churned anymore - make him an opportunity"
                                  r"\bmake\s+(?:him|her|them)\s+an?\s+(?:subscriber|lead|mql|sql|opportunity|customer)\b", _I)),
    # Statements of a change: "Karoo salesforce add-on is closed won!!", "Niamh moved into the Head of Product role".
    # A deal handed to a colleague: "please hand the Solbrand rollout over to Alice", "reassign deal 26 to carla"
    ("update_deal", re.compile(r"\b(?:hand|pass|transfer)\s+(?:the|that|this|their|his|her|it|deal|my|our)\b.{0,80}?\bover\s+to\s+\w|"
                               r"\breassign\s+(?:the|that|this|their|his|her|it|deal)\b.{0,80}?\bto\s+\w|"
                               r"\bmake\s+\w+\s+(?:the\s+)?owner\s+(?:of|on)\s+(?:the|that|this|their|deal)\b", _I)),
    # (not news told before a customer's question: "… they just signed the annual team plan, about 29.8k a year. can they
    # pay by bank transfer …? what can i tell her?")
    ("update_deal", re.compile(r"^(?![\s\S]*\bwhat (?:do|should|can) (?:i|we) (?:tell|say to)\b)(?:[\s\S]*?)(?:"
                               r"\b(?:is|are|was|has been|got|just)\s+(?:now\s+|officially\s+|finally\s+)?"
                               r"closed[ -]?(?:won|lost)\b|"
                               # "Acme signed the team plan expansion!!", "ironbark renewal — next step is now: ..."
                               r"\b(?:signed|inked)\s+(?:the|their|our)\s+(?!nda\b|dpa\b|msa\b)|"
                               r"\bnext step\s*(?:is(?: now)?|=|:|should be)\s|"
                               # "next step on the 50 seats deal is getting Nadia to sign"
                               r"\bnext step (?:on|for) (?:the )?"
                               r"(?:(?!(?:and|how|what|whats|is)\b)[\w'’-]+\s){1,6}(?:is|should be|=|:)\s|"
                               # "Straitspoint PMO rollout got scoped down. it's 58.5k now, not 67k"
                               r"\b(?:it'?s|it is)\s+(?:now\s+)?(?:at\s+)?[$€£]?\d[\d,.]*\s?k\b|\bnow\s+(?:at\s+)?[$€£]?\d[\d,.]*\s?k\b|"
                               r"\b(?:got|was|been) scoped (?:down|up)\b|"
                               # "so the renewal deal is 41,200 now, not 33,400"
                               r"[$€£]?\d[\d,.]*\s?k?\s+now,?\s+(?:not|instead of|up from|down from)\s+[$€£]?\d|"
                               r"\b(?:deal|renewal|expansion|pilot|rollout|upgrade)\s+is\s+(?:now\s+)?[$€£]?\d{1,3}(?:,\d{3})+(?!\d)|"
                               # "sampaguita enterprise pilot → negotiation please"
                               r"(?:→|->|=>)\s*(?:closed[ -]?(?:won|lost)|won|lost|negotiation|proposal|qualification|prospecting)\b|"
                               # "the sampaguita enterprise pilot is moving to negotiation"
                               r"\b(?:is|are|'s)\s+(?:now\s+)?(?:moving|going|advancing|progressing|heading)\s+(?:in)?to\s+(?:the\s+)?"
                               r"(?:negotiation|proposal|qualification|prospecting|closed)\b(?!.*\?\s*$)|"
                               # "… so the wattlebird renewal fy26 can move up to qualification"
                               r"\bso\s+(?:the\s+|that\s+|it\s+)?(?:[\w'’-]+\s+){0,6}?(?:can|should)\s+(?:now\s+)?(?:move|go|progress|"
                               r"advance)\s+(?:up\s+|forward\s+|on\s+)?(?:in)?to\s+(?:the\s+)?(?:negotiation|proposal|qualification|"
                               r"prospecting)\b(?![^.?!]*\?))", _I)),
    # "acme deal -> amount is 23,750 now", "karoo pilot: next step now = kickoff call"
    ("update_deal", re.compile(r"\b(?:amount|deal size|value|acv|arr)\s*(?:is\s+|=\s*|:\s*|->\s*|→\s*)(?:now\s+)?"
                               r"(?:at\s+)?[$€£]?\d|\bnext step\s*now\s*(?:is|=|:)\s|"
                               # "amount goes up to 18,400", "price went down to 12k"
                               r"\b(?:amount|deal size|value|price|it)\s+(?:goes|went|is going|has gone|gone|comes|came)\s+"
                               r"(?:up\s+|down\s+)?to\s+[$€£]?\d|"
                               # "dropping 20 seats, new number is 29,800": an amount (not a phone) said as the new one
                               r"\bnew (?:number|amount|figure|total|value|price|acv|arr)\s*(?:is|=|:|->|→|of)\s*(?:now\s+)?"
                               r"(?:[$€£]?\d{1,3}(?:,\d{3})+(?![\d,])|[$€£]?\d+(?:\.\d+)?\s?k\b|[$€£]\d)|"
                               # "so honestly it's back to proposal rather than negotiation"
                               r"\bback (?:to|in|into) (?:the\s+)?(?:negotiation|proposal|qualification|prospecting)\b(?!\?)|"
                               # "it's negotiation now", "we're in proposal now", "now in negotiation"; not "it's at
                               # proposal." said to set the scene for a question
                               r"\b(?:(?:it'?s|it is|we'?re|we are|they'?re)\s+now|now)\s+(?:in\s+|at\s+)?(?:negotiation|negotiating|"
                               r"proposal|qualification|prospecting)\b(?!\?)|"
                               r"\b(?:it'?s|it is|we'?re|we are|they'?re)\s+(?:in\s+|at\s+)?(?:negotiation|negotiating|proposal|"
                               r"qualification|prospecting)(?:\s+stage)?\s+now\b(?!\?)|\b(?:negotiation|proposal|qualification)(?:\s+stage)?\s+now\b(?!\?)", _I)),
    # "where's Bob at with the salesforce add-on for Karoo Solar?", "what's happening with the Salesforce integration
    # add-on at Karoo Solar?": one deal's state
    # "did the hoshizora business plan annual actually close? for how much": one deal, named
    # "… abt the business plan annual. what's it worth, when's it meant to close and who's our contact on it?": what the
    # one deal's summary shows
    ("deal_summary", re.compile(r"^(?!.*\b(?:change|set|move|update|push|bump|mark|slip|log|draft|remind)\b)"
                                r"(?=.*\bwhat(?:'s|’s| is)\s+it\s+worth\b|.*\bwhen(?:'s|’s| is)\s+it\s+(?:meant|supposed|due|going|"
                                r"expected|set)\s+to\s+close\b).*\bwho(?:'s|’s| is)\s+(?:our|the)\s+(?:main\s+)?contact\s+on\s+"
                                r"(?:it|that|this|the deal)\b", _I)),
    # "solbrand's business pilot that we closed in october - what did we put down as the reason we won it?": one deal's
    # own record (its reason, its calls)
    ("deal_summary", re.compile(r"^(?!.*\b(?:change|set|move|update|push|bump|mark|slip|log|draft|remind)\b)"
                                r".*\b[\w'’-]+['’]s\s+(?:[\w-]+\s+){0,2}?(?:pilot|renewal|expansion|upgrade|rollout|migration|add-?on)\b"
                                r".{0,80}\b(?:the reason|why)\b.{0,30}\b(?:we|they)\s+(?:won|lost)\s+(?:it|that|this)\b", _I)),
    ("deal_summary", re.compile(r"^\W*(?:did|has|have)\s+the\s+(?!(?:team|reps?|pipeline|pipe|deals?|opps?|quarter|month|"
                                r"year|week|most|other)\b)[\w&'’-]+(?:\s+[\w&'’-]+){1,5}?\s+(?:actually\s+|finally\s+|ever\s+)?"
                                r"(?:close|closed|sign|signed|land|landed)\b(?!\s+(?:this|last|in|by|before)\b)", _I)),
    ("deal_summary", re.compile(r"^(?!.*\btickets?\b).*\bwhere(?:'s| is| are)\s+(?:\w+\s+){0,2}?at with\s+(?:the|their|our|his|her)\s|"
                                # "where's my globex marketing ops expansion at? stage, …, close date and next step"
                                r"\bwhere(?:'s|’s| is)\s+" + WHOSE_DEAL_AT + r"|"
                                # "remind me what stage Ironbark's renewal is at, and for how much"
                                r"\bwhat stage\s+(?:is\s+)?(?:the|their|our|his|her|[\w&.-]+['’]s)\s+(?:[\w&'’.-]+\s+){0,4}?"
                                r"(?:deal|renewal|expansion|upgrade|rollout|pilot|add-?on|migration|agreement)\b(?!s)|"
                                # "ashby & thorne marketing ops expansion — aren't we past the close date on that one?
                                # … what's the next step": one deal, named before "that one"
                                r"^(?!.*\b(?:tickets?|pipeline|deals)\b)\W*[\w&'’.-]+(?:\s+[\w&'’.-]+){0,5}?\s+(?:renewal|expansion|"
                                r"upgrade|rollout|pilot|add-?on|migration|agreement|deal)\b[^?]{0,80}\b(?:on|with|for|of)\s+"
                                r"(?:that|this) one\b|"
                                # "alice's ashby & thorne deal, the one that's still open - how late is it …": one deal
                                r"^(?!.*\b(?:change|set|move|update|push|bump|mark|slip|drop|raise)\b)"
                                r"\W*(?:[\w&'’.-]+\s+){1,6}?(?:deal|renewal|expansion|upgrade|rollout|pilot)\s*[,(—–-]\s*(?:the|that)\s+"
                                r"(?:one\s+)?(?:that(?:'s|’s| is)\s+still\s+open|still\s+open|open\s+one|one\s+still\s+open)\b|"
                                # "how long has it actually been in prospecting?": one deal's age in its stage
                                r"\bhow long (?:has|'s|’s) (?:it|that(?: one| deal)?|this(?: one| deal)?) (?:\w+ )?(?:been )?"
                                r"(?:in|sitting|stuck|sat|parked)\b|"
                                # "granite peak 50 seats deal, where's it at? who's our contact on it …": a deal named first
                                # ("hygge renewal + expansion - what's it at right now")
                                r"^\W*(?:the\s+)?[\w&'’.+-]+(?:\s+[\w&'’.+-]+){0,5}?\s+(?:deal|renewal|expansion|upgrade|rollout|pilot)"
                                r"\s*(?:[,:—–-]|\s-)\s*(?:so\s+)?(?:where(?:'s|’s| is)|what(?:'s|’s| is)|how(?:'s|’s| is))\s+(?:it|that)\b|"
                                # "the karoo salesforce add-on: who's my contact there and what are we still waiting on?"
                                r"^\W*(?:the\s+)?[\w&'’.-]+(?:\s+[\w&'’.-]+){0,5}?\s+(?:deal|renewal|expansion|upgrade|rollout|pilot|"
                                r"add-?on|migration|agreement)\s*(?:[,:—–-]|\s-)\s*(?:so\s+)?(?:who(?:'s|’s| is)\s+(?:my|our|the)\s+"
                                r"(?:main\s+)?contact\b|what(?:'re|’re| are)\s+we\s+(?:still\s+)?waiting\s+(?:on|for)\b)|"
                                # "solbrand engineering-wide rollout - what's the next step on it and who's our contact
                                # there again?": a deal's next step, and its contact, are in its summary
                                r"^(?!.*\b(?:tickets?|pipeline|deals)\b).*\b(?:what'?s|whats|what is|what are)\s+(?:the\s+|our\s+)?"
                                r"next steps?\s+(?:on|for|with)\s+(?:it|that|this|the|their)\b|"
                                # "who's the contact on the hygge renewal?": the deal's own contact
                                r"\bwho(?:'s|’s| is)\s+(?:the|our|their)\s+(?:main\s+|primary\s+)?contact\s+(?:on|for)\s+(?:the|their|that|this)\s+"
                                r"(?:[\w&'’.-]+\s+){0,4}?(?:deal|renewal|expansion|upgrade|rollout|pilot|add-?on|migration|agreement)\b|"
                                # "… asked about the data residency migration again. Where is that deal?"
                                r"^(?!.*\b(?:tickets?|pipeline|deals)\b).*\bwhere(?:'s| is| does)\s+(?:that|this|the)\s+(?:deal|renewal|"
                                r"expansion|upgrade|pilot|rollout|migration)\b(?!\s+(?:in|on)\s+(?:the\s+)?(?:help|docs|app|settings))|"
                                r"^(?!.*\btickets?\b).*\bwhat'?s (?:happening|going on|new|the latest|the status|the story|the deal) "
                                r"(?:with|on) (?:the|their|our|his|her|(?:[\w&.-]+\s+){0,2}?[\w&.-]+['’]s) "
                                r"(?:[\w&'’.-]+\s+){0,4}?(?:deal|renewal|expansion|upgrade|rollout|pilot|"
                                r"add-?on|migration|agreement)\b|"
                                # "…'s data residency migration feels parked. What stage is it in, how long has it
                                # been sitting there?": one deal's state, whatever its name says it is about
                                r"^(?!.*\b(?:tickets?|pipeline|deals)\b).*(?:\bwhat stage is (?:it|that|the \w+) (?:in|at)\b|"
                                r"\bhow long has (?:it|that) been (?:sitting|sat|stuck|parked|in)\b|"
                                r"\b(?:been )?sitting in (?:its|that|the) (?:current )?stage\b)", _I)),
    # "the business pilot deal needs to go up to 20,250"
    ("update_deal", re.compile(r"\b(?:deal|it|amount|value|price)\s+(?:needs? to|should|has to|must)\s+(?:go|come|be (?:bumped|raised|"
                               r"lowered|moved|changed|set))\s+(?:up\s+|down\s+)?to\s+[$€£]?\d", _I)),
    # "quick overview?", "deals, tickets, the works": the whole account, unless one deal or the pipeline is named
    ("account_overview", re.compile(r"^(?!.*\b(?:pipeline|forecast|deal|renewal|expansion|upgrade|rollout|pilot|add-?on|"
                                    r"conversion|prepay|migration|seats|agreement|integration)\b)"
                                    r".*\b(?:overview|rundown|run-down|the works|full picture|lay of the land|brief me|state of play|"
                                    # "Jumping on a call with Granite Peak Fabrication in 5 min - quick brief?"
                                    r"(?:quick|short) (?:brief|briefing|summary)(?= ?\?| (?:on|of|for) (?:them|the account)| pls| please|$))\b|"
                                    # "nordvik energi overview please. we just won their renewal, so what's left open?"
                                    r"^\W*(?:an?\s+|the\s+)?[\w&'’.-]+(?:\s+[\w&'’.-]+){0,3}?\s+(?:account\s+)?overview\b(?!\s+of\b)|"
                                    r"\bdeals\b.{0,50}\b(?:tickets|issues|cases|contacts|support)\b|"
                                    # "anything going on with them sales-wise? … they only ever turn up in the support queue"
                                    r"\b(?:sales-?wise|commercially)\b(?=.*\bsupport\b)|\bsupport\b(?=.*\b(?:sales-?wise|commercially)\b)|" +
                                    DEALS_AND_SUPPORT_OF_ONE + r"|"
                                    r"\b(?:anything|what'?s|whats)\s+(?:still\s+)?open (?:with|at|for|from)\s+(?!(?:me|us|you|the|my|our|support)\b)\w|"
                                    # "anything urgent on my plate from Straitspoint Capital?"
                                    r"\b(?:anything|what'?s|whats)\s+(?:urgent|pressing|burning|outstanding)\s+(?:on my plate\s+|for me\s+)?"
                                    r"(?:with|at|for|from)\s+(?!(?:me|us|you|the|my|our)\b)\w|"
                                    r"\bwhat (?:do|have) (?:i|we) (?:got |have )?(?:still )?open (?:with|at|for)\s+(?!(?:me|us|you|the|my|our)\b)\w|"
                                    r"\bwhat'?s the (?:story|deal|latest|situation) (?:with|at)\b|"
                                    r"\b(?:tickets|issues|cases|contacts)\b.{0,20}\bdeals\b", _I)),
    # "are they getting angrier with us?", "have their support interactions been souring?"
    ("ticket_sentiment", re.compile(r"\b(?:getting|been|gotten|becoming|grown|growing|turning)\s+(?:\w+\s+){0,2}?"
                                    r"(?:angrier|angry|more negative|negative|sour|souring|unhappier|unhappy|frustrated|upset|"
                                    r"crankier|cranky|grumpier|grumpy|moodier|more annoyed|annoyed|more irritated)\b|"
                                    # "are Tienda Azul happier since the fix?", "has Prairie Wind calmed down?"
                                    r"\b(?:are|is|has|have|were|was)\b.{0,40}\b(?:happier|unhappier|angrier|calmer|calmed down|"
                                    r"grumpy|grumpier|more positive|more negative|more unhappy|less happy|more upset)\b|"
                                    # "are they still unhappy with us or has it blown over?", "has their mood recovered"
                                    r"\b(?:are|r|is)\s+(?:they|\w+)\s+still\s+(?:" + _UPSET + r"|sore|cross|grumpy)\b|"
                                    r"\bblown over\b|\btheir mood\b|"
                                    # "are they unhappy with support at all, or heading that way?", "any trouble brewing
                                    # on their support side?"
                                    r"\b(?:are|r|is)\s+(?:they|\w+)\s+(?:at all\s+)?(?:" + _UPSET + r")\s+with\s+(?:us|support|"
                                    r"our support)\b|\btrouble brewing\b|\bbrewing\b.{0,30}\bsupport\b|"
                                    r"\bsentiment\b", _I)),
    # "tienda azul procurement wants to know what uptime we commit to": a product question asked for a customer
    # (not when the question is about records: "Finance wants to know what could land. Open deals closing in Q1?")
    ("search_knowledge_base", re.compile(r"^(?!.*\b(?:deals?|pipeline|pipe|opps?|tickets?|forecast)\b).*?(?:"
                                         r"(?:\bwants|(?<!\bi )(?<!\bwe )\bwould like|\b(?:they|customers|clients|prospects|users|"
                                         r"people|folks) want) to know (?:what|how|whether|if|which|why)\b|"
                                         r"\b(?:is|are|were|was) asking (?:what|how|whether|if|which|why)\b|"
                                         r"\bwhat (?:do|should|can) i tell\b)", _I)),
    # "if they lower the seat count today does their bill go down straight away? and do they get money back …?": how
    # billing works, asked for a customer
    ("search_knowledge_base", re.compile(r"\b(?:does|do|will|would)\s+(?:their|our|my|the|his|her)\s+(?:bill|invoice|monthly charge|"
                                         r"charges?)\s+go\s+(?:down|up)\b|\b(?:do|does|will|would|can|could)\s+(?:they|we|he|she|i)\s+"
                                         r"get\s+(?:(?:any|some|the)\s+)?(?:money|a refund)\s+back\b", _I)),
    # "which of my open deals came in through referrals? and what do they add up to": deals by their lead source
    ("pipeline_question", re.compile(r"\b(?:which|what)\s+(?:of\s+)?(?:my|our|his|her|the|their)?\s*(?:open\s+|won\s+|lost\s+)?"
                                     r"(?:deals|opps|ones)\b.{0,30}\b(?:came\s+(?:in\s+)?(?:through|from|via)|sourced\s+(?:from|by|"
                                     r"through|via)|lead source)\b", _I)),
    # "what's the single biggest open deal each rep has right now?", "each rep's largest deal": the first of each group;
    # "how many of my open deals have maya o'brien as the contact?": deals filtered on their contact
    ("pipeline_question", re.compile(r"\b(?:single\s+)?(?:biggest|largest|fattest|juiciest|top)\s+(?:open\s+|won\s+|lost\s+)?"
                                     r"(?:deal|opp|opportunity)\s+(?:each|every|per|for each)\s+(?:rep|owner|seller|sales ?rep|person|"
                                     r"region|industry|stage)\b|\b(?:each|every)\s+(?:rep|owner|seller|sales ?rep)['’]s\s+(?:single\s+)?"
                                     r"(?:biggest|largest|top)\s+(?:open\s+|won\s+|lost\s+)?(?:deal|opp|opportunity)\b|"
                                     r"\b(?:deals|opps|opportunities)\s+(?:have|has|with)\s+[^\W\d_][\w'’-]*\s+[^\W\d_][\w'’-]*\s+as\s+"
                                     r"(?:the\s+|their\s+)?(?:main\s+|primary\s+)?contact\b", _I)),
    # "which of carla's emea ones are meant to land before the end of the year?": deals listed by when they close
    ("pipeline_question", re.compile(r"\bwhich\b(?:\s+[\w'’]+){0,4}?\s+(?:deals|ones|opps|opportunities)\b.{0,30}\b(?:(?:meant|supposed|"
                                     r"expected|due|going|set|slated|scheduled|likely)\s+to\s+(?:land|close|sign)|closing|landing)\b", _I)),
    # "open pipe by close-date quarter: whats landing in Q4 (this one) vs Q1 next year": the pipeline split by when it closes
    ("pipeline_question", re.compile(r"\b(?:open\s+)?(?:pipe|pipeline|deals)\s+(?:split\s+|broken\s+down\s+)?by\s+(?:close[- ]?date\s+|"
                                     r"closing\s+|expected\s+close\s+)?(?:quarter|month)\b|\bwhat'?s\s+landing\s+in\s+"
                                     r"(?:q[1-4]|this|next|the)\b|"
                                     # "and is anything dated later than march at all?"
                                     r"\b(?:anything|any(?:\s+open)?\s+deals?)\s+(?:dated|closing|due|landing|expected\s+to\s+close)\s+"
                                     r"(?:later\s+than|after|beyond)\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", _I)),
    # "how much has carla got in qualification right now? count and $": a stage's numbers
    ("pipeline_question", re.compile(r"\bhow (?:much|many)\b(?:(?!\b(?:tickets?|seats?|users?)\b).){0,40}\b(?:in|at) "
                                     r"(?:prospecting|qualification|proposal|negotiation)\b|"
                                     # "what's the combined value of everything i've got sitting at proposal right now?"
                                     r"\b(?:combined|total|overall|summed)\s+(?:value|amount|worth|\$)\b.{0,60}\b(?:in|at) "
                                     r"(?:prospecting|qualification|proposal|negotiation)\b", _I)),
    # "Finance wants a view of what's slated to close next quarter - can you break it down by owner?"
    ("pipeline_question", re.compile(r"\bwhat(?:'s|’s| is| are)?\s+(?:\w+\s+){0,2}?(?:slated|set|due|scheduled|expected|going|likely)\s+"
                                     r"to\s+close\s+(?:in\s+)?(?:next|this|the next|the coming)\s+(?:quarter|month|year|week|q)\b|"
                                     # "what's alice got that's meant to close between now and christmas?"
                                     r"\bwhat(?:'s|’s| has| have| does| do)\s+(?:[\w'’-]+\s+){1,2}(?:got|have)\b.{0,25}\b(?:meant|supposed|"
                                     r"due|expected|slated|scheduled|set)\s+to\s+close\b", _I)),
    # "on average how many days does it take us from a deal being created to it closing won?": the sales cycle
    ("pipeline_question", re.compile(r"\b(?:on average|average|avg)\b.{0,30}\bhow (?:many days|long)\b.{0,60}\b(?:close|closing|win|"
                                     r"won)\b|\bhow (?:many days|long)\b.{0,40}\bon average\b|"
                                     # "avg days from the deal being created to it closing lost"
                                     r"\b(?:on average|average|avg|mean|typical)\s+(?:number of\s+)?days\s+from\b.{0,60}\b(?:close|closing|"
                                     r"closed|win|won|lost)\b", _I)),
    # "what did I close-win this month?", "what have we booked?"
    ("pipeline_question", re.compile(r"\bwhat (?:did|have|has) (?:i|we|she|he|they) (?:close[ds]?|close[- ]?win|closed[- ]?won|win|"
                                     r"won|book|booked|sign|signed)\b|"
                                     # "… not calendar year: over the last 12 months, how many deals did we win and for how much"
                                     r"\bhow many (?:deals|opps|opportunities) (?:did|have|has) (?:i|we|she|he|they|\w+) "
                                     r"(?:win|won|lose|lost|close|closed|sign|signed|book|booked)\b|"
                                     # "what's the average size of an open deal with our finance-industry accounts"
                                     r"\b(?:average|avg|mean|typical)\s+(?:deal\s+)?(?:size|value|amount)\s+of\s+(?:an?\s+|our\s+)?"
                                     r"(?:open\s+|won\s+|lost\s+)?(?:deals?|opps?|opportunit(?:y|ies))\b|"
                                     # "avg deal size of won vs lost"
                                     r"\b(?:average|avg|mean|typical)\s+deal\s+(?:size|value|amount)\s+(?:of|for)\s+(?:won|lost|closed|open)\b|"
                                     # "avg closed-won deal size per owner for 2026"
                                     r"\b(?:average|avg|mean|typical)\s+(?:closed[- ]?won|won|lost|closed[- ]?lost|open)\s+deal\s+"
                                     r"(?:size|value|amount)\b|"
                                     # "how much closed-lost business have we racked up?", "the three fattest deals"
                                     r"\b(?:how much|how many|what)\b.{0,40}\bclosed[- ](?:lost|won)\b|"
                                     r"\b(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:biggest|largest|fattest|"
                                     r"juiciest|smallest|oldest)\s+(?:open\s+)?(?:deals|opportunities|opps)\b|"
                                     # "what kesselwerk deals does bob have open at the moment?": a list of deals
                                     r"\b(?:what|which)\s+(?:open\s+)?(?:[\w&'’.-]+\s+){0,3}?(?:deals|opps|opportunities)\s+"
                                     r"(?:does|do|has|have|is|are)\s+(?:\w+\s+){1,2}?(?:got\s+|have\s+)?(?:open|in play|"
                                     r"on the go|live)\b|"
                                     # "Carla's open pipe vs Bob's": owners side by side
                                     r"\b(?:pipe|pipeline)\b.{0,30}\b(?:vs\.?|versus|compared (?:to|with))\s|"
                                     # "which deals in the pipe are bigger than 100k?": deals by an amount
                                     r"\b(?:which|what|how many|list|show|any|all)\b.{0,30}\bdeals\b.{0,40}\b(?:bigger|larger|"
                                     r"greater|more|over|above|under|below|less|smaller)\s+(?:than\s+)?[$€£]?\d", _I)),
    # "do we have a CISO on file at Lumière Médias?", "who runs the PMO at westhaven?", "an Arjun something at X"
    ("find_records", re.compile(r"\b(?:who|any ?one|some(?:one|body)|do we (?:have|know))\b.{0,40}\b" + ROLE +
                                r".{0,30}\b(?:at|in|from)\s+\w|"
                                # "who do we have at Dasol Learning on the IT side?"
                                r"\bwho (?:do|did) (?:we|i) (?:have|know)\s+(?:at|in|over at|from)\s+\w|"
                                # "who've we got on the IT side at sahyadri health?"
                                r"\bwho(?:'ve|’ve| have| do| did) (?:we|i) (?:got|have|know)\b.{0,30}?\s(?:at|over at|from)\s+\w|"
                                r"\b(?-i:[A-Z])\w+\s+(?:something|somebody|whatshisname|whatshername|smth)\s+(?:at|from)\s+\w", _I)),
    ("update_contact", re.compile(r"\b(?:moved into|became|took over as|stepped into)\b.{0,40}\b(?:role|title|position)\b|"
                                  r"\b(?:update|fix|correct|change) (?:her|his|their) (?:job )?title\b|"
                                  # "turns out the right address is h.thompson@acme.example, can you fix his record?"
                                  r"\b(?:right|correct|new|actual|real|proper)\s+(?:e-?mail\s+)?(?:address|e-?mail)\s+(?:now\s*)?(?:is|=|:)\s*"
                                  r"[\w.+-]+@|\bswap\s+(?:his|her|their)\s+(?:e-?mail|address|number|phone)\b|\b(?:fix|correct|update)\s+(?:his|her|their)\s+(?:record|contact|e-?mail|address)\b|"
                                  r"\b(?:her|his|their) (?:job )?title is now\b|"
                                  # "Diego Demir has no phone number in there. Add +44 20 7946 0912 for him"
                                  r"\badd\s+(?:(?:his|her|their|the)\s+)?(?:(?:mobile|phone|direct|cell|office)\s+)?(?:number\s+|line\s+)?:?\s*"
                                  r"\+?\d[\d\s().-]{6,}\d\s+(?:for|to|on)\s+(?:him|her|them|his|(?-i:[A-Z]))|"
                                  # "her title needs fixing btw, she's CTO and co-founder now"
                                  r"\b(?:her|his|their) (?:job )?(?:title|phone(?: number)?|number|e-?mail(?: address)?|address)\s+"
                                  r"(?:needs?|wants?|could use)\s+(?:a\s+)?(?:fixing|updating|changing|correcting|an update|a fix)\b|"
                                  # "make sure the CRM shows Kwame Kaur at Nordvik as IT Manager now"
                                  r"\b(?:shows?|lists?|has|have)\s+(?-i:[A-Z])[\w'’-]+\s+(?-i:[A-Z])[\w'’-]+\b.{0,30}?\s+as\s+"
                                  r"(?:the\s+|our\s+|their\s+|a\s+|an\s+)?(?:new\s+)?(?-i:[A-Z])|"
                                  # "Samuel has a new direct line, +55 11 98765 4321. can you put that on his contact"
                                  r"\bnew (?:direct |mobile |office |work |cell )?(?:line|number|phone|mobile|cell|e-?mail(?: address)?)\b"
                                  r".{0,30}?(?:\([^)]{0,60}\))?:?\s*(?:\+?\d[\d\s().-]{6,}\d|[\w.+-]+@[\w-]+\.)|"
                                  # "gave me her direct line, it's (312) 555-0188. can you put that on her contact?"
                                  r"\b(?:direct|mobile|office|work|cell) (?:line|number|phone)\b.{0,20}\+?\(?\d[\d\s().-]{6,}\d|"
                                  r"\b(?:put|add|save|stick) (?:that|it|this)(?: number| line)? (?:on|to|in|into) (?:her|his|their) "
                                  r"(?:contact|record|card)\b|"
                                  # "finally gave me a phone number, it's +44 20 7946 0381 … pls add it"
                                  r"\b(?:phone|number|mobile|line|cell)\b.{0,30}\+?\(?\d[\d\s().-]{6,}\d\b.{0,80}\b(?:add|put|save|stick)\s+"
                                  r"(?:it|that|this)\b", _I)),
    # "stick that ticket on pending", "pop it on hold"
    ("update_ticket", re.compile(r"\b(?:stick|pop|throw|park|shove)\s+(?:it|that|this|the|their|his|her)\s+(?:[\w'’-]+\s+){0,3}?"
                                 r"(?:on|to|in|into|as|back to)\s+(?:pending|hold|on hold|solved|resolved|open|urgent)\b", _I)),
    # "can we get that ticket bumped up to high?"
    ("update_ticket", re.compile(r"\b(?:get|have)\s+(?:that|this|the|their|his|her)\s+(?:[\w-]+\s+){0,3}ticket\s+(?:bumped|moved|raised|"
                                 r"escalated|marked|set|changed|knocked|dropped|lowered|put)\b", _I)),
    ("update_ticket", re.compile(_UPDATE_VERB + r".{0,60}\bticket\b|\bticket\s*#?\d+\b.{0,30}\b(should be|to (urgent|high|low|normal|"
                                 r"pending|solved|closed|open))\b", _I)),
    # "umbrella health's renewal is mine … are they souring on us lately? whats the worst thing they've sent in": their
    # mood, not the deal
    ("ticket_sentiment", re.compile(r"\b(?:are|is)\s+(?:they|[\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:\w+\s+)?(?:souring|going sour|cooling|"
                                    r"going cold|getting (?:sour|grumpier|unhappier|angrier|more negative|fed up))\s+(?:on|with)\s+us\b|"
                                    # "any sign they're cooling on us on the support side?"
                                    r"\b(?:any\s+)?signs?\s+(?:that\s+)?(?:they|[\w'’-]+)(?:'re|’re| are| is)?\s+(?:souring|going sour|"
                                    r"cooling|going cold|getting (?:sour|grumpier|unhappier|angrier|worse|more negative|fed up))\b|"
                                    r"\bworst (?:thing|ticket|message|one)\s+(?:they(?:'ve|’ve| have)?|he(?:'s| has)?|she(?:'s| has)?)\s+"
                                    r"(?:sent|raised|opened|filed)\b", _I)),
    ("deal_summary", DEAL_THEN_ITS_FIELDS),
    # "what's the oldest ticket i still haven't closed out?": the open tickets by age
    ("ticket_sentiment", OLDEST_TICKETS),
    # "which of my billing tickets still aren't solved?", "which of my tickets that aren't resolved yet are just how-to
    # questions?": open tickets of one category
    ("ticket_sentiment", OPEN_OF_A_KIND),
    # "gabriel nieminen at oasisgate asked support about … . how does he come across in it, who has it …?"
    ("ticket_sentiment", re.compile(r"\b(?:asked|contacted|emailed|e-mailed|wrote to|messaged|pinged|reached out to)\s+"
                                    r"(?:our\s+)?support\b.{0,160}\bhow (?:does|did|do) (?:he|she|they) (?:come across|sound|"
                                    r"seem|read|come off)\b", _I)),
    # "…has a ticket about X. What category did it end up in, and how annoyed is the customer?"
    ("ticket_sentiment", re.compile(r"\b(?:what|which) (?:category|sentiment|urgency|mood)\b.{0,80}\bticket|\bticket\b.{0,160}\b"
                                    r"(?:(?:what|which) (?:category|sentiment|urgency|mood)\b|how (?:" + _UPSET + r"))|"
                                    r"\bhow (?:" + _UPSET + r")\b.{0,100}\bticket\b|"
                                    # "which of their open tickets have the grumpiest customers?", "anything urgent in my
                                    # tickets?", "anything still open in EMEA the scoring flagged as urgent?"
                                    r"\b(?:open|my)\s+tickets?\b.{0,80}\b(?:urgen\w*|scor\w*|flagged|grump\w*|angr\w*|"
                                    r"unhapp\w*|pissed|" + _UPSET + r")\b|\b(?:grumpiest|angriest|unhappiest|most (?:" + _UPSET +
                                    r"|pissed))\b.{0,40}\btickets?\b|\b(?:anything|any)\b.{0,20}\bopen\b.{0,60}\b(?:scor\w*|"
                                    r"flagged)\b|\b(?:any|which|what)\b.{0,30}\btickets?\b.{0,40}\b(?:scor\w*|flagged)\b|"
                                    r"\b(?:anything|any)\s+urgent\b.{0,30}\b(?:my|open)\s+tickets\b|"
                                    # "Which open support tickets from APAC customers look the most negative right now?"
                                    r"\b(?:which|what|any)\b.{0,40}\btickets?\b.{0,60}\b(?:most (?:" + _UPSET +
                                    r"|pissed)|angriest|unhappiest|grumpiest)\b", _I)),
    # "has he actually opted in to email? also what's his lead score and how did he come to us": a contact's own fields
    ("get_record", re.compile(r"\b(?:(?:has|have|did|is)\s+(?:he|she|they|\w+)\s+(?:actually\s+|ever\s+)?(?:opted[- ]in|"
                              r"consented|given consent)|(?:his|her|their)\s+(?:lead score|lead source|email consent|consent|"
                              r"lifecycle stage)|who owns (?:his|her|their) contact(?: record)?|"
                              # "… keeps showing up near the top of my lead list. what's his score"
                              r"\blead (?:list|ranking|scores?)\b.{0,60}\b(?:his|her|their) score|"
                              r"where did (?:he|she|they) come in from|"
                              r"how did (?:he|she|they) (?:come|find|get) to us)\b", _I)),
    # "Valentina from Hoshizora opened a new billing ticket, what exactly is she asking for?": the ticket's own words
    ("get_record", re.compile(r"\bticket\b.{0,80}\bwhat(?:'s|\s+(?:exactly\s+|actually\s+)?(?:is|does|did|do))?\s+(?:exactly\s+|actually\s+)?"
                              r"(?:she|he|they|the customer|the client)\s+(?:\w+\s+)?(?:asking|want|wants|after|need|needs|asked|say|"
                              r"said|saying|write|wrote|writing)\b|"
                              # "… and what is the customer saying in there?": the ticket's own words
                              r"\bwhat (?:is|are|was|were) (?:the customer|the client|they|she|he) (?:actually )?(?:saying|writing)\b"
                              r"(?! about (?:us|our)\b)|"
                              # "… sent in a ticket about contractor logins, what exactly are they asking for?" (and
                              # nothing else: "… what are they after? And what stage is their renewal at" is an overview)
                              r"^(?!.*\b(?:stage|renewal|deals?|how much|worth|pipeline)\b).*\bticket\b.{0,80}\bwhat\s+"
                              r"(?:exactly\s+|actually\s+)?are\s+(?:exactly\s+)?they\s+(?:\w+\s+)?(?:asking|after|wanting)\b|"
                              # "pull up ticket 118 for me — who at nordvik raised it and when did it come in?": the record
                              r"\b(?:pull|bring|call) up (?:ticket|deal|contact|company) #?\d+\b|"
                              # "and the quarrystone one (ticket 64), what's the actual problem and when did they raise it?"
                              r"\bticket\s+#?\d+\b.{0,40}\b(?:what(?:'s|’s| is) the (?:actual |real )?(?:problem|issue)|"
                              r"when did (?:they|he|she) (?:raise|open|send|file|report) it)\b|"
                              # "what's ticket 93 about? who at tienda azul raised it and where's it at"
                              r"\bwhat(?:'s|’s| is| was)\s+ticket\s+#?\d+\s+(?:about|regarding)\b|"
                              # "who raised ticket 6": the record names who did
                              r"\bwho\b.{0,20}\b(?:raised|opened|filed|submitted|reported|logged|sent in)\s+ticket\s+#?\d+\b", _I)),
    # "That salesforce sync ticket can be set to solved.", "stable since Thursday, so it can go to solved"
    ("update_ticket", re.compile(r"\b(?:ticket|that one|this one)\b.{0,20}\b(?:can|should|could) (?:now )?be (?:set to |marked (?:as )?|moved to )?"
                                 r"(?:solved|closed|resolved|pending|urgent|high|low|normal)\b|"
                                 r"\b(?:can|could|should) (?:now )?(?:go|move) (?:to|into) (?:solved|resolved|pending)\b", _I)),
    # "Malik Aziz got promoted to Head of Engineering. Can you make sure his record reflects that?"
    ("update_contact", re.compile(r"\b(?:promoted(?: to)?|became|was made|stepped up as|now goes by)\b.{0,120}\b(?:his|her|their|the)\s+"
                                  r"(?:record|contact|profile|title|crm entry)\b|"
                                  # "make sure the CRM reflects that Olivia Adeyemi got promoted? She's Head of RevOps now."
                                  r"\bpromoted\b.{0,40}\b(?:she|he|they)(?:'s|’s| is| are)\s+(?:now\s+)?(?:the\s+|our\s+|their\s+)?"
                                  r"(?-i:[A-Z])", _I)),
    # "can you add a phone number for Hugo Müller, umbrella's CISO? it's 415-555-0187"
    ("update_contact", re.compile(r"\b(?:add|put|save|store|set)\s+(?:a\s+|the\s+|his\s+|her\s+|their\s+)?(?:new\s+)?(?:phone|mobile|cell|"
                                  r"direct line|phone number|mobile number)\s+(?:number\s+)?(?:for|to|on)\b(?=.*\d{3})", _I)),
    # "isn't really a how-to, it's a feature ask. fix the category on it pls"
    ("update_ticket", re.compile(r"\b(?:fix|change|set|update|correct|switch)\s+(?:the\s+|its\s+)?(?:category|priority|status)\b", _I)),
    # "the seat adjustment one is only normal priority?? make it high"
    ("update_ticket", re.compile(r"\bpriority\b.{0,60}\b(?:make|set|put|bump|raise|move|change)\s+(?:it|that|this)\s+"
                                 r"(?:up\s+)?(?:to\s+)?(?:high|low|normal|urgent)\b", _I)),
    ("update_ticket", re.compile(_UPDATE_VERB + r".{0,80}\b(urgent|high priority|low priority|normal priority|pending|"
                                 r"solved|resolved|on hold)\b|"
                                 # "bump it up to high", "knock that one down to high": only a ticket has a priority
                                 + _UPDATE_VERB + r".{0,40}\b(?:up |down )?to (?:high|low|normal)\b(?! (?:level|point|number|end)\b)|"
                                 r"\bre-?categori[sz]e\b|\bre-?classify\b|"
                                 # "That Straitspoint one is on pending ... Put it back to open."
                                 r"\b(?:put|set|move|switch|change|turn)\s+(?:it|that|this)\s+back\s+(?:to\s+)?open\b|"
                                 # "… so it's not waiting on them anymore. take it off pending": only a ticket is pending
                                 r"\b(?:take|get|move|pull|bring)\s+(?:it|that|this)(?:\s+one)?\s+(?:off|out of)\s+(?:pending|hold|on hold)\b|"
                                 # "… is still sitting in new. set it to open": only a ticket is new or open
                                 r"\b(?:set|put|move|switch|change|mark)\s+(?:it|that|this)(?:\s+one)?\s+(?:to|as)\s+open\b|"
                                 r"\bticket\b.{0,160}\b(?:raise|bump|lower|drop|set|put|move) "
                                 r"(?:it|that|this|the priority) (?:up )?to (?:high|low|normal|urgent)\b|"
                                 # "that kauri digital ticket which is just them saying thanks … - close it"
                                 # "keep it on pending …, but it's not urgent anymore - make it high": a priority said
                                 # of a ticket, then "make it high"
                                 r"\b(?:urgent|priority|ticket|pending)\b.{0,160}\b(?:make|set|put|mark)\s+(?:it|that|this)"
                                 r"(?:\s+one)?\s+(?:to\s+)?(?:high|low|normal)\b(?![\s-]+(?:level|point|number|end|touch)\b)|"
                                 r"\bticket\b.{0,160}\b(?:close|solve|resolve)\s+(?:it|that|this)(?:\s+one)?\b"
                                 r"(?!\s+(?:as\s+)?(?:won|lost)\b)", _I)),
    ("update_deal", re.compile(_UPDATE_VERB + r".{0,80}\b(to|at|it|amount|stage|close date|next step|closed|won|lost|"
                               r"negotiation|proposal|qualification|prospecting|deal\s+[$€£]?\d[\d,.]*\s?k?)\b", _I)),
]


# "any chance of a few extra days? workspace is brightwater-eng, I'm dana.m@brightwater-eng.example": a favour asked
# with the details a person needs to grant it
EXTRA_TIME_FOR_US = re.compile(r"\bany chance (?:of|for|to get) (?:a few |some |a couple of |an? )?(?:extra|more|extension)\b"
                               r"(?=.*[\w.+-]+@[\w-]+\.[\w.-]+)", _I | re.DOTALL)


# "if we log a ticket with you what's the guaranteed first response time?": a question about tickets, not one
# "Our auditors want the invoice from September 2025 reissued … Is that possible?": whether it can be done, which the
# help centre answers, before anyone is asked to do it
ASKS_IF_POSSIBLE = re.compile(r"\b(?:is|would) (?:that|this|it|something like that) (?:even |actually |still )?(?:possible|doable|"
                              r"allowed|an option)\b", _I)
TICKET_SUPPOSED = re.compile(r"\b(?:if|when|once|after|whenever)\s+(?:we|i|you|someone|a customer)\s+(?:log|open|file|raise|submit|"
                             r"create|send(?: in)?)\s+(?:a|an)\s+(?:\w+\s+)?(?:ticket|request|case)\b.{0,80}\?", _I)


# A customer who already filed one, told by staff: "maya o'brien put in a ticket about …", "kenji raised a ticket"
SOMEONE_FILED = re.compile(r"\b(?!(?:i|we|pls|please|you|to|can|could|would|and|just|me|us)\b)[a-z][\w'’-]*\s+(?:has\s+|had\s+|just\s+)?"
                           r"(?:put in|raised|opened|filed|submitted|logged|sent in|lodged)\s+(?:a|an)\s+(?:new\s+)?"
                           r"(?:support\s+)?(?:ticket|case|request)\b", _I)


# "have someone check", "get somebody to look into it": a person asked for, to look at what the chat could not answer
SOMEONE_TO_CHECK = re.compile(r"\b(?:have|get|ask)\s+(?:someone|somebody|a person|one of you|a human)\b.{0,30}?\b(?:check|look|"
                              r"review|verify|confirm|investigate|dig)\b", re.IGNORECASE)


def direct(message: str, tools: set[str]) -> str | None:
    visitor = "find_records" not in tools  # staff always have it; a customer never does
    if visitor and "handoff_to_human" in tools and SOMEONE_TO_CHECK.search(message):
        return "handoff_to_human"  # "yes pls have someone check, reach me at …": a person, not a ticket to file
    if visitor and "create_ticket" in tools and (re.search(ASKS_STAFF_TO_ACT, message, _I)
                                                 or EXTRA_TIME_FOR_US.search(message)) \
            and not STATUS_QUESTION.search(message) and not TICKET_SUPPOSED.search(message) \
            and not ASKS_IF_POSSIBLE.search(message):
        return "create_ticket"
    for tool, pattern in DIRECT:
        if tool in tools and pattern.search(message):
            if tool == "create_ticket" and (STATUS_QUESTION.search(message) or TICKET_SUPPOSED.search(message) or "log_activity" in tools
                                            and re.search(r"\b(?:log|record)\b", message, _I)):
                continue  # a rep's "log it" is an activity; a visitor's "file this" is a ticket
            if tool == "create_ticket" and not visitor and SOMEONE_FILED.search(message):
                continue  # "maya o'brien put in a ticket about the vendor paperwork. draft her a reply: …": news of one
            if tool == "my_tickets" and not STATUS_QUESTION.search(message) and not re.search(
                    r"\b(update|news|latest|looked|status|where|solved|closed?|resolved|fixed|still|open|show|list|check(?:ing)? (?:on|up on|in on|the status)|sort(ed)?|done|"
                    r"happened|happening|hear|heard|progress|everything|deal|dealt|handled|answered|replied|asked|sent|wrote|reached|arrived|"
                    r"finished|opened)\b", message, _I):
                continue
            return tool
    return None


# ... or "before she pushes - is their mood with us slipping at all?": news, then what to know before acting on it
BUT_ASKS = re.compile(r"(?:\bbut|\bbefore (?:she|he|they|we|i|you) \w+\s*[-–—,:])\s+"
                      r"(?=(?:are|is|do|does|did|how|what|why|has|have|will|was|were|should)\b)", _I)


# news, then what to know for something else, after a colon or a dash ("… for the win writeup: what discount did we …?")
NEWS_THEN_COLON_ASKS = re.compile(r"\s*(?::|\s[-–—])\s+(?=(?:what|what's|how|who|which|why|did|does|do|is|are|was|were|"
                                  r"has|have|when|where)\b)", _I)


def only_asks(message: str) -> bool:
    """A question that asks for no change in any of its clauses ("qualification feels bloated. how many deals are in
    there?" asks in its second sentence)."""
    if (turn := BUT_ASKS.search(message)) and "?" in message[turn.end():] and only_asks(message[turn.end():]):
        return True  # "liffeyside just signed 🎉 but are they souring on us on the support side?": news, then the ask
    if (turn := NEWS_THEN_COLON_ASKS.search(message)) and message.rstrip().endswith("?") \
            and not re.search(_UPDATE_VERB + r"|\b(?:log|note|remind|reminder|task|draft|write|e-?mail)\b", message[:turn.start()], _I) \
            and only_asks(message[turn.end():]):
        return True  # "liffeyside signed the team plan yesterday 🥂 for the win writeup: what discount did we land on …?"
    sentences = re.split(r"(?<=[.!?])\s+", message.strip())
    return bool(any(QUESTION.search(s) for s in sentences) or message.rstrip().endswith("?")) \
        and not re.search(_UPDATE_VERB + r"|\b(?:can|could|would|will|shall|should) (?:you|u|we)\s+(?:please\s+|pls\s+)?"
                          r"(?:move|set|change|update|push|bump|mark|make|put|escalate|lower|raise|close|reopen|slip|shift|log|"
                          r"add|remind|create|note|record|open|file|submit|lodge)\b", message, _I) \
        and not any(tool in RECORD_WRITES and pattern.search(message) for tool, pattern in DIRECT)


# "can you bump my S3 ticket up to urgent …? and just close the one about the accents": a change to a ticket, which
# only staff make
CHANGES_A_TICKET = re.compile(
    r"\b(?:can you|could you|would you|please|pls|just)\s+(?:(?:go ahead and|also|quickly)\s+)?(?:(?:bump|raise|escalate|"
    r"upgrade|set|mark|change|move|make)\s+(?:my|our|the|that|this|it)\b.{0,60}?\b(?:to|as)\s+(?:urgent|high|top|critical|"
    r"solved|closed|resolved|done)\b|(?:close|assign|reassign|reopen)\s+(?:my|our|the|that|this|it)\b)|"
    r"\bget (?:your|a|an|the) (?:[\w-]+ ){0,3}(?:engineer|person|developer|specialist|agent) assigned\b|"
    # "that one was just me saying thanks, nothing to fix. you can close it"
    r"\b(?:you can|you could|feel free to|go ahead and)\s+(?:just\s+)?(?:close|resolve|reopen)\s+(?:it|that|this|(?:that|this|the|my|our) "
    r"(?:one|ticket|request))\b", _I)


def wants_own_tickets(message: str) -> bool:
    """Asks about their own tickets (answered only to a verified visitor); "can you open a ticket so someone checks
    …" asks for a new one."""
    if (re.search(ASKS_STAFF_TO_ACT, message, _I) or REQUIRED["create_ticket"].search(message)) \
            and not STATUS_QUESTION.search(message):
        return False
    return bool(re.search(r"\b(my|our)\b.{0,30}\btickets?\b", message, _I) and STATUS_QUESTION.search(message)
                or re.search(r"\bstatus (?:of|on) (my|our)\b", message, _I)
                or direct(message, candidates(message, {"my_tickets"})) == "my_tickets")
# Questions *about* the assistant, not requests for a person.
ABOUT_THE_BOT = re.compile(
    r"\bare you (a |an )?(?:actual |real |live )?(bot|robot|human|real|person|ai|chat ?gpt|gpt|machine|automated|real person)\b|"
    r"\b(?:am i|are we) (?:talking|speaking|chatting) (?:to|with) (?:a |an )?(?:actual |real |live )?(?:(?:some )?kind of )?(?:bot|robot|human|real|person|ai|"
    r"chat ?gpt|gpt|machine|someone real)\b|\bis this (?:a |an )?(?:bot|robot|ai|chat ?gpt|real person|human)\b|"
    r"\bis (?:this|it|that|the chat) (?:\w+ )?(?:automated|a bot|an ai|a robot|a machine)\b|"
    # "my 9 year old asked what you are … fair description? 😂 no work q, just curious what you'd say"
    r"\b(?:asked|asks|wondered|wondering|wonders|told (?:him|her|them)) what you are\b|\bno work (?:q|qs|questions?)\b|"
    # "do you ever get a day off or is it CRM 24/7 for you? :)": a question about the assistant's own life
    r"\b(?:do|don'?t|did|can) you (?:ever |even |actually )?(?:get (?:a |any )?(?:day off|days off|break|holiday|vacation|weekend|"
    r"sleep|tired|bored)|take (?:a |any )?(?:break|day off|days off|holiday|vacation)|sleep|rest|eat|dream|"
    r"have (?:a |any )?(?:weekend|day off|days off|holiday|vacation|life|feelings)|like your job|enjoy (?:this|your job|it))\b", _I)


def candidates(message: str, tools: set[str]) -> set[str]:
    """The bound tools this message may route to: a side-effecting tool needs its cue."""
    if ABOUT_THE_BOT.search(message):
        tools = tools - {"handoff_to_human"}
    chosen = {t for t in tools if (t not in REQUIRED or REQUIRED[t].search(message))
              and not (t in EXCLUDED and EXCLUDED[t].search(message))}
    if {"create_ticket", "handoff_to_human"} <= tools and (re.search(ASKS_STAFF_TO_ACT, message, _I)
                                                           or EXTRA_TIME_FOR_US.search(message)):
        chosen.add("create_ticket")  # a customer's request for an action is a ticket, worded as it may be
    return chosen


def boosts(message: str) -> dict[str, float]:
    return {tool: BOOST for tool, cue in LIKELIER.items() if cue.search(message)}
