"""Delivery: personalised, stamped copies of the built book, sent by email (issue 6).

One module per stage: ``subscribers`` (read the list), ``edition`` (which book),
``stamp`` (personalise a copy), ``copies`` (write them, both cores), ``manifest``,
``ledger`` (who got what), ``message`` (the email), ``mailer`` (SMTP), ``send`` (the
delivery loop) and ``run`` (the one function that knows the order).
"""
