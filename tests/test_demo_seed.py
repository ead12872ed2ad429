"""`crm demo seed`: a coherent, deterministic business whose printed keys work against the API."""

from datetime import date

from sqlalchemy import func, select

from crm_core.companies.models import Company
from crm_core.contacts.models import Contact
from crm_core.deals.models import Deal, DealStageChange
from crm_core.demo.seed import seed
from crm_core.tickets.models import Ticket
from crm_core.users.models import User

TODAY = date(2026, 11, 22)


def _snapshot(session):
    return (
        session.scalars(select(Company.name).order_by(Company.id)).all(),
        # Owners by e-mail: ids come from sequences, which PostgreSQL does not roll back.
        session.execute(select(Deal.name, Deal.stage, Deal.amount, User.email).join(User, User.id == Deal.owner_id).order_by(Deal.id)).all(),
        session.scalars(select(Ticket.subject).order_by(Ticket.id)).all(),
    )


def test_demo_business_is_coherent(sessions, client):
    with sessions() as session:
        summary = seed(session=session, seed=7, today=TODAY)
        session.commit()
        counts = summary.counts
        assert 40 <= counts["companies"] <= 60 and counts["contacts"] == 150 and counts["deals"] == 80
        assert counts["tickets"] == 120 and counts["activities"] > 200 and counts["tasks"] == 60
        stages = dict(session.execute(select(Deal.stage, func.count()).group_by(Deal.stage)).all())
        assert set(stages) == {"prospecting", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"}
        # Open deals close around today, closed deals carry a close time and reason, all have stage history.
        open_dates = session.scalars(select(Deal.expected_close_date).where(Deal.closed_at.is_(None))).all()
        assert min(open_dates) < TODAY < max(open_dates)
        assert session.scalar(select(func.count()).select_from(Deal).where(Deal.closed_at.is_not(None), Deal.closed_reason.is_(None))) == 0
        last_changes = session.scalar(select(func.count(func.distinct(DealStageChange.deal_id))))
        assert last_changes == counts["deals"]
        # Contacts belong to companies and their e-mails are at the company's domain.
        contact = session.scalar(select(Contact).where(Contact.company_id.is_not(None)).limit(1))
        assert contact.email.endswith("@" + session.get(Company, contact.company_id).domain)
        assert len({t for t in session.scalars(select(Ticket.subject))}) > 100  # varied text

    roles = {role: key for role, _, key in summary.keys}
    assert set(roles) == {"admin", "manager", "rep"}
    rep_deals = client.get("/api/v1/deals", headers={"Authorization": f"Bearer {roles['rep']}"}).json()
    all_deals = client.get("/api/v1/deals", headers={"Authorization": f"Bearer {roles['manager']}"}).json()
    assert 0 < rep_deals["total"] < all_deals["total"] == 80


def test_same_seed_same_business(engine, sessions):
    with sessions() as session:
        seed(session=session, seed=3, today=TODAY)
        first = _snapshot(session)
        session.rollback()
    with sessions() as session:
        seed(session=session, seed=3, today=TODAY)
        assert _snapshot(session) == first
        session.rollback()
    with sessions() as session:
        seed(session=session, seed=4, today=TODAY)
        assert _snapshot(session) != first
        session.rollback()


def test_scale_multiplies(sessions):
    with sessions() as session:
        summary = seed(session=session, seed=1, scale=3, today=TODAY)
        assert summary.counts["deals"] == 240 and summary.counts["contacts"] == 450
        names = session.scalars(select(Company.name)).all()
        assert len(names) == len(set(names))
        session.rollback()
