"""Reader of MS Project binary files (.mpp), through MPXJ.

``read_mpp(path) -> ProjectData`` and ``read_mpp_with_results(path) ->
(ProjectData, DataFrame)`` read a plan saved by MS Project 98 to 2021 and
what it computed.  The ``.mpp`` format is not documented; MPXJ (the ``mpxj``
package, a Java library driven through JPype) reads it and writes it out as
MS Project XML, which :mod:`pmo_xl.io.mspdi` then reads as for any MSPDI
file: tasks, links, calendars, resources and assignments, with the same
rules and the same located errors.

This is an optional extra: ``pip install 'pmo-xl[mpp]'`` and a Java runtime
(17 or later; ``JAVA_HOME`` or ``java`` on the path).  Without them the
readers raise an :class:`pmo_xl.errors.InputError` that says what to install.

MS Project stores in an ``.mpp`` the early and late dates and the free slack
of every task, but not the total slack nor the critical flag: in the results
of :func:`read_mpp_with_results` those two are MPXJ's, worked out from the
stored dates.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import pandas as pd

from pmo_xl.errors import InputError, Location, MissingToolError
from pmo_xl.model.domain import ProjectData

INSTALL_HINT = "install the optional extra (pip install 'pmo-xl[mpp]') and a Java runtime 17 or later"

# MPXJ logs through Log4j; without a logging back end Log4j prints an error at start-up.  Its simple
# logger, at the "error" level, keeps the console quiet.
_JVM_OPTIONS = (
    "-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory",
    "-Dorg.apache.logging.log4j.simplelog.StatusLogger.level=OFF",
    "-Dlog4j2.simplelogLevel=ERROR",
)


def read_mpp(path) -> ProjectData:
    """The project of an MS Project ``.mpp`` file (see the module docstring)."""
    return read_mpp_with_results(path)[0]


def read_mpp_with_results(path) -> tuple[ProjectData, pd.DataFrame]:
    """The project of an ``.mpp`` file and the results MS Project stored in it (columns of
    :func:`pmo_xl.io.mspdi.read_mspdi_with_results`)."""
    from pmo_xl.io.mspdi import read_mspdi_with_results

    path = Path(path)
    if not path.is_file():
        raise InputError("file not found", Location(file=str(path)))
    reader_class, writer_class = _mpxj()
    with tempfile.TemporaryDirectory(prefix="pmo-xl-mpp-") as folder:
        xml = Path(folder) / (path.stem + ".xml")  # the project code is the file's name, as for MSPDI
        try:
            project = reader_class().read(str(path))
        except Exception as exc:  # MPXJ's exceptions come from Java
            raise InputError(f"not a file MS Project or MPXJ can read ({_java_message(exc)})",
                             Location(file=str(path))) from None
        if project is None:
            raise InputError("not a file MS Project or MPXJ can read (format not recognised)",
                             Location(file=str(path)))
        try:
            writer_class().write(project, str(xml))
        except Exception as exc:
            raise InputError(f"the plan cannot be converted to MS Project XML ({_java_message(exc)})",
                             Location(file=str(path))) from None
        try:
            data, results = read_mspdi_with_results(xml)
        except InputError as exc:
            where = replace(exc.location, file=str(path))
            raise InputError(exc.message, where, problems=exc.problems) from None
    data.source = str(path)
    return data, results


def _java_message(exc: Exception) -> str:
    message = getattr(exc, "getMessage", None)
    text = str(message()) if callable(message) else str(exc)
    return text if text and text != "None" else type(exc).__name__


def _mpxj():
    """MPXJ's universal reader and MSPDI writer classes, the Java virtual machine started once."""
    try:
        import jpype
        import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
    except ImportError:
        raise MissingToolError("reading .mpp files needs MPXJ: " + INSTALL_HINT) from None
    if not jpype.isJVMStarted():
        try:
            jpype.startJVM(*_JVM_OPTIONS)
        except Exception as exc:  # no Java runtime, or one too old
            raise MissingToolError(f"reading .mpp files needs a Java runtime ({exc}): " + INSTALL_HINT) from None
    from org.mpxj.mspdi import MSPDIWriter
    from org.mpxj.reader import UniversalProjectReader

    return UniversalProjectReader, MSPDIWriter
