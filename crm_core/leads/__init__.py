"""Lead scoring: a transparent rule score (``rules``), a model learned from won/lost deals (``model``), and the
service that scores contacts and stores the score with its explanation (``service``)."""
