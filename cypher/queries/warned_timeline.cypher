// Who warned whom, and when, in date order (undated warnings last)?
MATCH (a)-[r:WARNED]->(b)
RETURN r.date_start AS date_start, r.date_end AS date_end, r.date_precision AS precision,
       a.id AS warner_id, a.name AS warner, b.id AS warned_id, b.name AS warned,
       r.about AS about, r.articles AS articles, r.id AS edge_id
ORDER BY date_start, date_end, warner, warned, edge_id
