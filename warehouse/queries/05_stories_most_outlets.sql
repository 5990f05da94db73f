-- Question: Which stories were carried by the most outlets?
-- A story is an original article with its copies (reprints) and versions (edited
-- reprints adding a figure). Many outlets carrying one story is one originating report,
-- not many confirmations: that is why copies' figures are not counted again.
SELECT story_id,
       first_title,
       first_publisher,
       first_published_date,
       n_outlets,
       n_articles,
       n_copies,
       n_versions,
       publishers
FROM v_story_outlets
ORDER BY n_outlets DESC, n_articles DESC, first_published_date DESC
LIMIT 20;
