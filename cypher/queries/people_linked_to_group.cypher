// Which people are linked to a group: in warnings or sharings about it, or named in the same articles?
// param: organization :Organization  the organization: id or any name of it, in any spelling or script
// link "event": the person warned, shared or was warned in an event whose `about` lists the group,
// or is listed in that `about` too; sources are edge ids (see edge_evidence).
// link "article": an article mentions both; sources are article ids.
WITH toLower($organization) AS key
MATCH (g:Organization)
WHERE g.id = $organization OR toLower(g.name) = key OR any(alias IN g.aliases WHERE toLower(alias) = key)
MATCH (x)-[r:WARNED|SHARED]->(y)
WHERE g.id IN r.about
MATCH (p:Person)
WHERE p.id = x.id OR p.id = y.id OR p.id IN r.about
RETURN g.id AS group_id, p.id AS person_id, p.name AS person, 'event' AS link,
       collect(DISTINCT r.id) AS sources
UNION ALL
WITH toLower($organization) AS key
MATCH (g:Organization)
WHERE g.id = $organization OR toLower(g.name) = key OR any(alias IN g.aliases WHERE toLower(alias) = key)
MATCH (g)<-[:MENTIONS]-(art:Article)-[:MENTIONS]->(p:Person)
RETURN g.id AS group_id, p.id AS person_id, p.name AS person, 'article' AS link,
       collect(DISTINCT art.id) AS sources
