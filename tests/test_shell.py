"""`manage.py shell` imports every model quietly, the history models left out."""

from django.core.management import call_command


def test_shell_imports_the_models_without_warnings(capsys):
    call_command("shell", command="print(Nation.__name__, Membership.__name__)", verbosity=1)
    printed = capsys.readouterr()
    assert "could not be automatically imported" not in printed.out + printed.err
    assert "Nation Membership" in printed.out
