import pytest
from django.core.exceptions import ValidationError

from gongkai.agencies import services
from gongkai.agencies.models import Agency
from gongkai.agencies.scoping import readable_agencies, writable_agencies

from ..conftest import make_credit_code


@pytest.mark.django_db
def test_tree_paths_follow_moves(make_agency):
    city = make_agency("市政府")
    dept = make_agency("局", parent=city)
    unit = make_agency("科", parent=dept)
    assert unit.path == f"/{city.pk}/{dept.pk}/{unit.pk}/"
    other = make_agency("另一市")
    services.agency_update(actor=None, agency=dept, parent=other)
    unit.refresh_from_db()
    assert unit.path == f"/{other.pk}/{dept.pk}/{unit.pk}/"
    assert [a.pk for a in unit.ancestors()] == [other.pk, dept.pk]


@pytest.mark.django_db
def test_a_cycle_is_refused(make_agency):
    city = make_agency("市政府")
    dept = make_agency("局", parent=city)
    with pytest.raises(ValidationError):
        services.agency_update(actor=None, agency=city, parent=dept)


@pytest.mark.django_db
def test_bad_credit_code_is_refused_with_reason():
    with pytest.raises(ValidationError) as exc:
        services.agency_create(actor=None, name="错码局", credit_code="91110000600037341M")
    assert "校验位" in str(exc.value)
    assert not Agency.objects.filter(name="错码局").exists()


@pytest.mark.django_db
def test_scopes_by_role(make_user, city, agency_a, agency_b):
    clerk = make_user("c", agency_a, ["clerk"])
    sup = make_user("s", city, ["supervisor"])
    nobody = make_user("n", agency_a, [])
    assert list(readable_agencies(clerk)) == [agency_a]
    assert set(readable_agencies(sup)) == {city, agency_a}
    assert list(writable_agencies(sup)) == []
    assert list(readable_agencies(nobody)) == []
    assert make_credit_code("11410300000000001")[-1] in "0123456789ABCDEFGHJKLMNPQRTUWXY"
