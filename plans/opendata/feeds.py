"""The Atom feed of publications: every published version not withdrawn, newest first, each
linking to its own edition (which never changes), so a reader's feed client shows each
publication once. Django's syndication framework writes the feed."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from plans.models import PublishedVersion

FEED_SIZE = 50


class PublicationsFeed(Feed):
    feed_type = Atom1Feed
    title = "업무계획 포털: 새로 게시된 주요업무계획"
    subtitle = "의회에 보고되어 게시된 부서별 주요업무계획의 게시본입니다."
    link = reverse_lazy("plans:home")
    feed_url = reverse_lazy("opendata:atom")

    def items(self):
        return (
            PublishedVersion.objects.public()
            .light()
            .select_related("plan__department", "session")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: PublishedVersion) -> str:
        return f"{item.plan.year}년 {item.plan.department.name} 주요업무계획 ({item.label})"

    def item_description(self, item: PublishedVersion) -> str:
        return f"{item.plan.department.name}의 {item.plan.year}년 주요업무계획 제{item.number}판"

    def item_link(self, item: PublishedVersion) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: PublishedVersion) -> str:
        return f"urn:workplan:version:{item.pk}:{item.content_hash}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: PublishedVersion):
        return item.published_at

    def item_updateddate(self, item: PublishedVersion):
        return item.published_at

    def item_author_name(self, item: PublishedVersion) -> str:
        return item.plan.department.name
