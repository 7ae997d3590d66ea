// Everything known about one actor: names, aliases, country, kind, the articles naming it and its events.
// param: actor :Person|Agency|Country|Organization|Location  id or any name of it, in any spelling or script
WITH toLower($actor) AS key
MATCH (n:Person|Agency|Country|Organization|Location)
WHERE n.id = $actor OR toLower(n.name) = key OR any(alias IN n.aliases WHERE toLower(alias) = key)
OPTIONAL MATCH (c:Country {id: n.country})
OPTIONAL MATCH (art:Article)-[:MENTIONS]->(n)
WITH n, c, collect(DISTINCT art.id) AS articles, min(art.published) AS first_seen, max(art.published) AS last_seen
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.aliases AS aliases, n.kind AS kind,
       n.country AS country_id, c.name AS country,
       articles, first_seen, last_seen,
       COUNT { MATCH (n)-[:WARNED]->() } AS warned,
       COUNT { MATCH (n)<-[:WARNED]-() } AS warned_by,
       COUNT { MATCH (n)-[:SHARED]->() } AS shared_with,
       COUNT { MATCH (n)<-[:SHARED]-() } AS shared_by,
       COUNT { MATCH (:Agency)-[:PART_OF]->(n) } AS agencies
ORDER BY id
