// Which agencies belong to a country, and how many warnings and sharings involve each?
// param: country :Country  the country: id or any name of it, in any spelling or script
WITH toLower($country) AS key
MATCH (c:Country)
WHERE c.id = $country OR toLower(c.name) = key OR any(alias IN c.aliases WHERE toLower(alias) = key)
MATCH (a:Agency)-[:PART_OF]->(c)
RETURN c.id AS country_id, a.id AS agency_id, a.name AS agency, a.kind AS kind, a.aliases AS aliases,
       COUNT { MATCH (a)-[:WARNED]-() } AS warnings,
       COUNT { MATCH (a)-[:SHARED]-() } AS sharings
ORDER BY agency, agency_id
