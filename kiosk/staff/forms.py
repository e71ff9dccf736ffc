from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp


class SignInForm(FlaskForm):
    # No account has a longer name or a control character in it (and the database refuses NUL):
    # such a name is answered like any wrong one, without a look-up.
    username = StringField(_l("Username"), validators=[
        DataRequired(_l("Enter your username.")),
        Length(max=64, message=_l("The username or password is not correct.")),
        Regexp(r"^[^\x00-\x1f\x7f]*\Z", message=_l("The username or password is not correct."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])


class ScanForm(FlaskForm):
    document_index = SelectField(_l("Which document"), coerce=int)
    scan = FileField(_l("Photo or scan (JPEG, PNG or WebP)"),
                     validators=[FileRequired(_l("Choose the photo or scan to attach."))])

    @classmethod
    def for_procedure(cls, procedure, locale, **kwargs):
        form = cls(**kwargs)
        form.document_index.choices = [SelectChoice(i, d.name.get(locale)) for i, d in enumerate(procedure.documents)]
        return form
