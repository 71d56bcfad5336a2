"""Background work of essay competitions: e-mails. Runs at once by default; on a worker in production."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(subject, body, recipients):
    send_mail(subject, body, None, recipients)
