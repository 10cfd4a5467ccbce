from django.contrib import admin

from . import models

for model in (
    models.Nation,
    models.Organization,
    models.Membership,
    models.Partnership,
    models.PartnershipMember,
    models.ExerciseSeries,
    models.Exercise,
    models.Participation,
    models.Engagement,
    models.EngagementParty,
    models.Source,
    models.Article,
    models.Topic,
):
    admin.site.register(model)
