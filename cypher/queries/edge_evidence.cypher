// Which articles and sentences report one WARNED or SHARED edge?
// param: edge  the edge id (edge_id in the other queries' results)
MATCH (a)-[r:WARNED|SHARED]->(b)
WHERE r.id = $edge
UNWIND range(0, size(r.sentence_refs) - 1) AS i
WITH a, r, b, i, r.sentence_refs[i] AS ref, r.evidence[i] AS sentence
UNWIND r.articles AS article_id
WITH a, r, b, i, ref, sentence, article_id
WHERE ref STARTS WITH (article_id + '#')
OPTIONAL MATCH (art:Article {id: article_id})
RETURN r.id AS edge_id, type(r) AS type, a.id AS source_id, a.name AS source,
       b.id AS target_id, b.name AS target, r.date_start AS date_start, r.date_end AS date_end,
       r.confidence AS confidence, article_id, art.title AS title, art.url AS url,
       art.published AS published, ref AS sentence_ref, sentence
ORDER BY published, article_id, i
