// Which warnings and sharings are reported by more than one article?
MATCH (a)-[r:WARNED|SHARED]->(b)
WHERE size(r.articles) > 1
RETURN r.id AS edge_id, type(r) AS type, a.id AS source_id, a.name AS source,
       b.id AS target_id, b.name AS target, r.date_start AS date_start,
       size(r.articles) AS reports, r.articles AS articles
ORDER BY reports DESC, date_start, edge_id
