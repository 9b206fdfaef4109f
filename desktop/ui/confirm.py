"""Confirmation questions answered by verbs ("Remove folder", "Cancel"), not Yes/No.

A person reading only the buttons should know what each one does (GNOME and KDE human
interface guidelines); a destructive verb is never the default, so a stray Enter cancels.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(
    parent: QWidget | None, title: str, text: str, verb: str, *, destructive: bool = False
) -> bool:
    """Ask ``text``; True if the person chose ``verb``."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    act = box.addButton(verb, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel if destructive else act)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is act
