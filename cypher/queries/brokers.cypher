// Which actors link sharing partners that have no sharing link of their own?
MATCH (a)-[:SHARED]-(middle)-[:SHARED]-(c)
WHERE a.id < c.id AND a.id <> middle.id AND c.id <> middle.id
  AND NOT EXISTS { MATCH (a)-[:SHARED]-(c) }
WITH middle, collect(DISTINCT [a.id, c.id]) AS pairs
RETURN middle.id AS broker_id, middle.name AS broker, labels(middle)[0] AS broker_label,
       size(pairs) AS bridged_pairs, pairs
ORDER BY bridged_pairs DESC, broker, broker_id
