"""Upload limits: a request body too large to be a spreadsheet is refused unread with a Korean
page (413); a file just over the spreadsheet limit is refused beside the field; a form with too
many fields gets the Korean 400 page."""

import io

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("logged_in", [True, False])
def test_a_body_over_the_request_limit_is_refused_unread(client, admin_user, logged_in):
    if logged_in:
        client.force_login(admin_user)
    response = client.post(
        reverse("admin:plans_taskcard_import"),
        {"import_file": io.BytesIO(b"x")},
        # What a browser would announce for a 30 MB file; the body is never read.
        CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1),
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "보낸 자료가 너무 큽니다" in page
    # The one wording of an upload over the limit, with the size the browser announced.
    assert "파일이 너무 큽니다(11.0MB). 10MB 이하로 나누어 올리십시오." in page
    assert "Content-Security-Policy" in response


def test_a_workbook_over_the_spreadsheet_limit_is_refused_beside_the_field(admin_client):
    upload = io.BytesIO(b"\0" * (settings.SPREADSHEET_MAX_BYTES + 1))
    upload.name = "plan.xlsx"
    assert settings.SPREADSHEET_MAX_BYTES < settings.REQUEST_MAX_BYTES - 64 * 1024
    response = admin_client.post(
        reverse("admin:plans_workplan_import_workbook"), {"workbook": upload}
    )
    assert response.status_code == 200
    assert "파일이 너무 큽니다(10.0MB). 10MB 이하로 나누어 올리십시오." in response.content.decode()


def test_too_many_fields_get_the_korean_bad_request_page(client):
    fields = {f"field{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("admin:login"), fields)
    assert response.status_code == 400
    assert "잘못된 요청입니다" in response.content.decode()
