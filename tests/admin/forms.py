"""Turn an admin change page into the POST data a browser would send, so a test can change a
few values and submit the whole form, management forms of every inline included."""

from django.forms import CheckboxInput


def _form_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field.widget, CheckboxInput):
            if value:
                data[key] = "on"
            continue
        if value is None:
            data[key] = ""
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = str(value)
    return data


def change_form_data(response) -> dict:
    """The POST data of the admin change (or add) page rendered in ``response``."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.initial_forms:
            data.update(_form_data(form))
        # Extra (blank) forms are left out; the TOTAL_FORMS count is set to match.
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
    return data


def add_inline_row(data: dict, prefix: str, values: dict) -> None:
    """Append a new row to the inline formset ``prefix`` (e.g. ``plan_items``)."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
