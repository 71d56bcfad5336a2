"""The site for `make lighthouse`, with its media files served as nginx serves them in production
(DEBUG is off, so Django does not): WhiteNoise over MEDIA_ROOT, looking files up per request
because renditions are made while the pages are measured."""

from django.conf import settings
from whitenoise import WhiteNoise

from config.wsgi import application as site

application = WhiteNoise(site, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, autorefresh=True)
