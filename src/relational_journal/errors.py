"""Errors a client can act on.

Every message is one line, names the file/line/field or value at fault, and
never contains entry text.
"""


class JournalError(Exception):
    """Base for every error the CLI reports as one line and a non-zero exit."""


class ConfigError(JournalError):
    """The config file cannot be read or holds a bad value."""


class PackError(JournalError):
    """A prompt pack is malformed: the message names file, line and field."""


class UnknownPromptError(JournalError):
    """No prompt or pack has the id asked for."""


class DateError(JournalError):
    """A date or period the parser cannot read."""


class StoreError(JournalError):
    """The journal database cannot be used as asked."""


class NotAJournalError(StoreError):
    """The file at the database path is not a journal (or is damaged)."""


class DatabaseTooNewError(StoreError):
    """The database was written by a newer version of the tool."""


class DatabaseLockedError(StoreError):
    """Another process holds the database for longer than the busy timeout."""


class DiskFullError(StoreError):
    """The disk or folder refused the write; nothing was changed."""


class EntryNotFoundError(JournalError):
    """No entry has the id asked for."""


class PersonNotFoundError(JournalError):
    """No person has the name or alias asked for."""


class TagNotFoundError(JournalError):
    """No entry has the tag asked for."""


class SearchQueryError(JournalError):
    """A full-text query that cannot be run even as a plain phrase."""


class FilterError(JournalError):
    """Filters given together that no entry could ever meet."""


class FeelingError(JournalError):
    """A feeling or intensity given on the command line cannot be read."""


class ImportFileError(JournalError):
    """An import file is malformed: the message names the entry and field."""


class ExportError(JournalError):
    """An export cannot be written as asked."""


class PassphraseError(JournalError):
    """The passphrase is wrong or missing."""


class EncryptionUnavailableError(JournalError):
    """The optional SQLCipher support is not installed."""
