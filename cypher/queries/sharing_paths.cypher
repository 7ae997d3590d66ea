// How are two actors connected through intelligence sharing, in up to three hops either way?
// param: source :Person|Agency|Country|Organization|Location  one actor: id or any name of it
// param: target :Person|Agency|Country|Organization|Location  the other actor: id or any name of it
WITH toLower($source) AS source_key, toLower($target) AS target_key
MATCH (a:Person|Agency|Country|Organization|Location)
WHERE a.id = $source OR toLower(a.name) = source_key OR any(alias IN a.aliases WHERE toLower(alias) = source_key)
MATCH (b:Person|Agency|Country|Organization|Location)
WHERE (b.id = $target OR toLower(b.name) = target_key OR any(alias IN b.aliases WHERE toLower(alias) = target_key))
  AND b.id <> a.id
MATCH p = (a)-[:SHARED*1..3]-(b)
// simple paths only, no actor twice (the embedded store's paths may even reuse an edge)
UNWIND nodes(p) AS n
WITH p, collect(n.id) AS ids, collect(n.name) AS names, collect(DISTINCT n.id) AS distinct_ids
WHERE size(ids) = size(distinct_ids)
UNWIND relationships(p) AS r
WITH p, ids, names, collect(r.id) AS edge_ids
RETURN DISTINCT size(edge_ids) AS hops, names, ids, edge_ids
ORDER BY hops
