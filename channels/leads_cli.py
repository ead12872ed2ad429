"""`crm leads ...`: learn a lead model from won/lost history, and score every contact."""

from __future__ import annotations

import typer

from crm_core.config import get_settings

leads_app = typer.Typer(help="Lead scoring: rule score, learned model, explanations (docs/leads.md).",
                        no_args_is_help=True)


@leads_app.command("train")
def train() -> None:
    """Learn from contacts whose deals closed (won vs lost only); print the validation AUC and where the model went.
    Exits 1 when there are too few closed deals (scoring then uses the rule score)."""
    from channels.cli import fail, transaction
    from crm_core.actor import Actor
    from crm_core.enums import Via
    from crm_core.leads import model as lead_model
    from crm_core.leads import service as lead_service

    data_dir = get_settings().data_dir
    try:
        with transaction() as session:
            trained = lead_service.train_model(session=session, actor=Actor.system(Via.cli), data_dir=data_dir)
    except lead_model.TooFewClosedDeals as exc:
        fail(str(exc))
    meta = trained.meta
    typer.echo(f"closed examples: {meta['n']} contacts from {meta['closed_deals']} closed deals")
    typer.echo(f"class balance: {meta['won']} won, {meta['lost']} lost only ({100 * meta['won'] / meta['n']:.0f}% won)")
    typer.echo(f"validation AUC: {meta['validation_auc']:.3f} ({meta['n_validation']} contacts held out, "
               f"stratified, seed {meta['seed']})")
    typer.echo(f"cross-validated AUC: {meta['cv_auc']:.3f} ± {meta['cv_auc_sd']:.3f} ({meta['cv_folds']} folds)")
    typer.echo(f"model saved to {lead_model.model_path(data_dir)}")
    if trained.usable:
        typer.echo("`crm leads score` blends it with the rule score")
    else:
        typer.echo(f"note: a cross-validated AUC below {lead_model.MIN_USEFUL_AUC} is no better than the rules; "
                   "`crm leads score` keeps using the rule score alone")


@leads_app.command("score")
def score() -> None:
    """Score every contact (rule score, blended with the learned model when a useful one is trained)."""
    from channels.cli import transaction
    from crm_core.actor import Actor
    from crm_core.enums import Via
    from crm_core.leads import service as lead_service

    with transaction() as session:
        result = lead_service.score_contacts(session=session, actor=Actor.system(Via.cli),
                                             data_dir=get_settings().data_dir)
    method = "rule score blended with the learned model" if result.method == "rules+model" else "rule score"
    typer.echo(f"scored {result.scored} contacts ({method})")
    typer.echo("  ".join(f"{band}: {count}" for band, count in result.bands.items()))
    if result.note:
        typer.echo(f"note: {result.note}")
