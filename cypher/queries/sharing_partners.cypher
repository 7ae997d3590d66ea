// With whom does an agency or country share intelligence: how often, in which direction, first and last dates?
// param: actor :Agency|Country  the agency or country: id or any name of it; a country includes its agencies and people
WITH toLower($actor) AS key
MATCH (me:Agency|Country)
WHERE me.id = $actor OR toLower(me.name) = key OR any(alias IN me.aliases WHERE toLower(alias) = key)
MATCH (x)-[r:SHARED]->(y)
WITH me, r, x, y,
     x.id = me.id OR coalesce(x.country, '') = me.id AS outgoing,
     y.id = me.id OR coalesce(y.country, '') = me.id AS incoming
// an edge inside the actor's own side (an agency and its country) is no partnership
WHERE outgoing <> incoming
WITH me, r, outgoing,
     CASE WHEN outgoing THEN y.id ELSE x.id END AS partner_id,
     CASE WHEN outgoing THEN y.name ELSE x.name END AS partner,
     CASE WHEN outgoing THEN labels(y)[0] ELSE labels(x)[0] END AS partner_label
RETURN me.id AS actor_id, partner_id, partner, partner_label,
       count(r) AS events,
       // count() skips the nulls of a CASE without ELSE; sum() would give the embedded store's decimals
       count(CASE WHEN outgoing THEN 1 END) AS gave,
       count(CASE WHEN outgoing THEN NULL ELSE 1 END) AS received,
       count(CASE WHEN r.mutual THEN 1 END) AS joint,
       min(r.date_start) AS first_date,
       max(coalesce(r.date_end, r.date_start)) AS last_date,
       collect(r.id) AS edge_ids
ORDER BY events DESC, partner, partner_id
