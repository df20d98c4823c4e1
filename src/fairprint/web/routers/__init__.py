"""One router per page family (dashboard, calculator, models, audits) and the JSON API."""
