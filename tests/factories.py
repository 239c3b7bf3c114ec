"""factory_boy factories for read-side tests. State changes go through services."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.analysis import text
from articles.models import Article, ArticleRevision, Outlet, Story
from factcheck import roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            roles.sync_roles()
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    title = factory.Sequence(lambda n: f"Story {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    event_date = datetime.date(2026, 1, 13)


class ArticleFactory(factory.django.DjangoModelFactory):
    """An article with its first revision, as an import would leave it."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    outlet = factory.SubFactory(OutletFactory)
    story = factory.SubFactory(StoryFactory)
    headline = factory.Sequence(lambda n: f"Headline number {n}")
    byline = "A. Reporter"
    published_on = datetime.date(2026, 1, 13)
    body = "The council approved the budget on Tuesday.\n\nIt passed by 7 votes to 2."
    raw_input = factory.LazyAttribute(lambda a: a.body)
    format = Article.Format.TEXT
    source = factory.Sequence(lambda n: f"article-{n}.txt")
    content_hash = factory.LazyAttribute(lambda a: text.content_hash(a.body))
    imported_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def first_revision(self, create, extracted, **kwargs):
        if create:
            ArticleRevision.objects.create(
                article=self,
                number=1,
                body=self.body,
                raw_input=self.raw_input,
                content_hash=self.content_hash,
                created_at=self.imported_at,
            )


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "factcheck.Source"

    title = factory.Sequence(lambda n: f"Official statement {n}")
    url = factory.Sequence(lambda n: f"https://example.org/statements/{n}")
    publisher = "Example Ministry"
    kind = "official"
