"""SQL views that give the summaries in plain SQL, for Datasette without the plugin or any
other SQLite tool: ``outlet_summary``, ``story_summary``, ``copied_without_credit`` and
``score_explained``."""

#: View name -> its SQL.
VIEWS = {
    "outlet_summary": """
select coalesce(outlet, '(unknown)') as outlet, count(*) as articles,
  round(avg(score), 1) as mean_score, round(min(score), 1) as lowest,
  round(max(score), 1) as highest,
  round(avg(attribution_density), 3) as mean_attribution_density,
  sum(opinion_sentences) as opinion_sentences, sum(anonymous_sources) as anonymous_sources,
  sum(uncredited_copy_share > 0) as articles_copying_without_credit
from articles a where a.score is not null
group by a.outlet order by mean_score desc""",
    # Per-story subqueries rather than one big join and group by, and no `order by`:
    # Datasette runs a view again for its row count and for each facet suggestion,
    # and in this form SQLite computes the subqueries only for the rows a page shows
    # (sort with `order by articles desc`; metadata.yml makes that the default).
    "story_summary": """
select s.id as story_id, s.label, s.article_count as articles, s.outlet_count as outlets,
  (select group_concat(distinct a.outlet) from articles a where a.story_id = s.id)
    as outlet_names,
  (select min(a.published) from articles a where a.story_id = s.id) as first_published,
  (select max(a.published) from articles a where a.story_id = s.id) as last_published,
  (select round(avg(a.score), 1) from articles a where a.story_id = s.id) as mean_score,
  (select count(*) from copies c join articles x on x.id = c.copy_id
     where x.story_id = s.id and c.credited = 0 and c.direction is not 'unknown')
    as passages_copied_without_credit
from stories s""",
    "copied_without_credit": """
select c.copy_id, copy.title as copy_title, copy.outlet as copy_outlet,
  c.source_id, source.title as source_title, source.outlet as source_outlet,
  c.words, c.text, c.evidence
from copies c join articles copy on copy.id = c.copy_id
join articles source on source.id = c.source_id
where c.credited = 0 and c.direction is not 'unknown'""",
    # Same reasons; `order by score desc` walks the score index.
    "score_explained": """
select a.id as article_id, a.title, a.outlet, a.score, a.score_band,
  (select group_concat(line, char(10)) from (
     select p.signal || ': ' || round(p.contribution, 1) || ' - ' || p.explanation as line
     from score_parts p where p.article_id = a.id order by p.contribution desc)) as why
from articles a""",
}
