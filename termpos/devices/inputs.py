"""Provides the lists behind `termpos devices list`: input devices and serial ports."""

from __future__ import annotations

import errno
import glob
import os
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class InputInfo:
    """One /dev/input/event* node: its name, stable by-id path and any open error."""

    path: str
    name: str = ""
    by_id: str = ""
    error: str = ""


@dataclass(frozen=True)
class PortInfo:
    """One serial port as pyserial sees it."""

    device: str
    description: str
    hwid: str


def _by_id_links(root: str) -> dict[str, str]:
    links: dict[str, str] = {}
    for link in sorted(glob.glob(os.path.join(root, "by-id", "*"))):
        links.setdefault(os.path.realpath(link), link)
    return links


def list_inputs(root: str = "/dev/input") -> list[InputInfo]:
    """Lists input event devices with their names; unreadable ones carry the error."""
    import evdev

    links = _by_id_links(root)
    out = []
    for path in sorted(glob.glob(os.path.join(root, "event*")),
                       key=lambda p: int(re.sub(r"\D", "", p) or 0)):
        by_id = links.get(os.path.realpath(path), "")
        try:
            device = evdev.InputDevice(path)
        except PermissionError:
            out.append(InputInfo(path, by_id=by_id, error="permission denied"))
            continue
        except OSError as exc:
            out.append(InputInfo(path, by_id=by_id, error=exc.strerror or str(exc)))
            continue
        try:
            out.append(InputInfo(path, str(device.name), by_id))
        finally:
            device.close()
    return out


def find_by_name(pattern: str, root: str = "/dev/input") -> list[str]:
    """Paths (by-id where there is one) of input devices whose name matches the pattern.

    Raises PermissionError when devices exist but none of them may be opened.
    """
    regex = re.compile(pattern)
    inputs = list_inputs(root)
    found = [i.by_id or i.path for i in inputs if i.name and regex.search(i.name)]
    if not found and inputs and all(i.error == "permission denied" for i in inputs):
        raise PermissionError(errno.EACCES, "no input device may be opened")
    return found


def list_serial_ports() -> list[PortInfo]:
    """Lists serial ports (USB adapters, onboard UARTs) through pyserial."""
    from serial.tools import list_ports

    return [PortInfo(p.device, p.description or "", p.hwid or "")
            for p in sorted(list_ports.comports(), key=lambda p: p.device)]
