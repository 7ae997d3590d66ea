// Which warnings did a country, its agencies or its people receive before a date?
// param: country :Country  the country: id (country:iraq) or any name of it, in any spelling or script
// param: before  an ISO date (2017-10-01); warnings that started earlier (undated ones are left out)
WITH toLower($country) AS key
MATCH (c:Country)
WHERE c.id = $country OR toLower(c.name) = key OR any(alias IN c.aliases WHERE toLower(alias) = key)
MATCH (a)-[r:WARNED]->(b)
WHERE (b.id = c.id OR b.country = c.id) AND r.date_start < date($before)
RETURN c.id AS country_id, r.date_start AS date_start, r.date_end AS date_end,
       b.id AS recipient_id, b.name AS recipient, a.id AS warner_id, a.name AS warner,
       r.about AS about, r.articles AS articles, r.id AS edge_id
ORDER BY date_start, warner, recipient, edge_id
