from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "gongjian.posts"
    label = "posts"
    verbose_name = _("Individual post-setting")

    def ready(self):
        from gongjian.core.extensions import board_sections, dashboard_cards, me_sections, register_nav
        from gongjian.reports.stats import register_stats

        from . import public, rules, sections, stats  # noqa: F401 (rules registers the permissions)

        register_stats(stats.FIGURES)
        register_nav(
            "posts",
            group="commit",
            label=_("Individual posts"),
            url_name="posts:home",
            perm="posts.view_post",
            order=20,
        )
        register_nav(
            "posts_mine", group="commit", label=_("My posts"), url_name="posts:mine", perm="posts.claim_post", order=21
        )
        register_nav(
            "posts_organisation",
            group="commit",
            label=_("Posts of our people"),
            url_name="posts:organisation",
            perm="posts.view_log",
            order=22,
        )
        register_nav(
            "post_kinds",
            group="admin",
            label=_("Post kinds"),
            url_name="posts:kinds",
            perm="posts.manage_kinds",
            order=40,
        )
        # A link to the roster, no query of its own (the board's count is pinned by its tests).
        board_sections.register("posts", order=40, template="posts/board_section.html")
        me_sections.register(
            "posts",
            order=30,
            template="posts/me_section.html",
            context=sections.me_context,
            queries=sections.ME_QUERIES,
            perm="posts.claim_post",
        )
        dashboard_cards.register(
            "posts",
            order=40,
            template="posts/dashboard_card.html",
            context=sections.dashboard_context,
            queries=sections.DASHBOARD_QUERIES,
            perm="posts.change_post",
        )
        self._register_demo_part()

    def _register_demo_part(self):
        from gongjian.registry.demo import register_demo_part

        from . import demo

        register_demo_part("posts", build=demo.build, delete=demo.delete)
