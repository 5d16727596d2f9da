"""Helpers for tests of the app."""

from __future__ import annotations

from textual.app import App


def record_notices(app: App[None]) -> list[str]:
    """The messages ``app`` shows with ``notify`` from now on (still shown as usual)."""
    notices: list[str] = []
    shown = app.notify

    def noted(message: str, **options: object) -> None:
        notices.append(message)
        shown(message, **options)  # type: ignore[arg-type]

    app.notify = noted  # type: ignore[method-assign]
    return notices
