from django.db import models
from simple_history.models import HistoricalRecords


class SitePage(models.Model):
    """A page of the public site that staff edit: methodology, corrections policy.

    Entirely public. The body is plain text; blank lines separate paragraphs.
    """

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title
