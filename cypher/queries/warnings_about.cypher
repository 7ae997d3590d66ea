// Who warned whom about a given group or person, in date order?
// param: threat :Person|Organization  the group or person: id or any name of it, in any spelling or script
WITH toLower($threat) AS key
MATCH (t:Person|Organization)
WHERE t.id = $threat OR toLower(t.name) = key OR any(alias IN t.aliases WHERE toLower(alias) = key)
MATCH (a)-[r:WARNED]->(b)
WHERE t.id IN r.about
RETURN t.id AS threat_id, r.date_start AS date_start, r.date_end AS date_end,
       a.id AS warner_id, a.name AS warner, b.id AS warned_id, b.name AS warned,
       r.articles AS articles, r.id AS edge_id
ORDER BY date_start, warner, warned, edge_id
