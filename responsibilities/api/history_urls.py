"""History and spreadsheet endpoints: history/, matrix/diff/, matrix/import/."""

urlpatterns = []
