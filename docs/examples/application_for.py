"""Print an application to every lot of a DPS (its JSON on stdin, from GET /dps/{id}):
each question answered as the lot requires, each required document declared.

    curl -s $REGISTRY/dps/$DPS -H "Authorization: Bearer $COUNCIL" \\
      | python docs/examples/application_for.py > application.json

For trying the API locally; a real provider answers its own questionnaire.
"""

import hashlib
import json
import sys
from datetime import date

dps = json.load(sys.stdin)
lots = [lot for lot in dps["lots"] if lot.get("accepting_applications", True)]
document_types = dict.fromkeys(
    d["document_type"] for lot in lots for d in lot["required_documents"]
)
expires = date(date.today().year + 1, 12, 31).isoformat()
print(json.dumps({
    "dps_id": dps["id"],
    "lot_ids": [lot["id"] for lot in lots],
    "answers": [
        {"question_id": q["id"], "answer": q["pass_answer"]}
        for lot in lots for q in lot["questions"]
    ],
    "documents": [
        {
            "document_type": kind,
            "title": kind.replace("_", " ").capitalize(),
            "content_sha256": hashlib.sha256(kind.encode()).hexdigest(),
            "expires_on": expires,
        }
        for kind in document_types
    ],
}, indent=2))
