import pytest
from django.urls import NoReverseMatch, reverse

from partnerships.links import slug_path


@pytest.mark.parametrize("resource", ["nation", "partnership", "exercise", "article"])
@pytest.mark.parametrize("slug", ["us-japan-security-treaty", "rimpac_2024", "a"])
def test_a_slug_path_is_what_reverse_gives(resource, slug):
    viewname = f"partnerships:{resource}-detail"
    assert slug_path(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


@pytest.mark.parametrize("slug", ["a/b", "", "café", "two words"])
def test_a_slug_reverse_refuses_is_refused(slug):
    with pytest.raises(NoReverseMatch):
        slug_path("partnerships:nation-detail", slug)
