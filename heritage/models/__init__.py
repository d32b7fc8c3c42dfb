"""The relational model; importing this package registers every table on `Base.metadata`."""

from heritage.models.accounts import ApiToken, Setting, User
from heritage.models.actors import Actor, ActorAlias
from heritage.models.articles import Article
from heritage.models.candidates import ClaimCandidate
from heritage.models.claims import Claim
from heritage.models.drafts import FormDraft
from heritage.models.events import Event, EventActor, EventSite, PendingGrade
from heritage.models.reports import ReportDefinition, ReportIssue
from heritage.models.revisions import CommitCounter, Revision, SiteHistoryMark
from heritage.models.sites import Site, SiteDesignation, SiteIdentifier, SiteKind, SiteName
from heritage.models.sources import Source
from heritage.models.syndication import ArticleBucket, ArticleSignature

__all__ = [
    "ApiToken",
    "CommitCounter",
    "Revision",
    "Setting",
    "SiteHistoryMark",
    "User",
    "Actor",
    "ActorAlias",
    "Article",
    "ArticleBucket",
    "ArticleSignature",
    "Claim",
    "ClaimCandidate",
    "FormDraft",
    "Event",
    "EventActor",
    "EventSite",
    "PendingGrade",
    "ReportDefinition",
    "ReportIssue",
    "Site",
    "SiteDesignation",
    "SiteIdentifier",
    "SiteKind",
    "SiteName",
    "Source",
]
