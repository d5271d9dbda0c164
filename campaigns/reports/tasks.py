"""django-q2 entry points of the reports (registered in campaigns/dispatch/periodic.py)."""

from campaigns.reports.scheduled import coverage_reports_prepare


def coverage_reports_prepare_task() -> int:
    return len(coverage_reports_prepare())


def roster_audio_task(render_id: int) -> str:
    """A week of a cluster's roster spoken by machine (campaigns/reports/rosters/audio.py)."""
    from campaigns.models import RosterAudio
    from campaigns.reports.rosters.audio import roster_audio_render

    render = RosterAudio.objects.filter(pk=render_id).first()
    if render is None:  # the cluster was deleted since
        return "gone"
    return roster_audio_render(render=render).status
