// Constraints and indexes of the graph in Neo4j.
// Generated from graph_builder/schema.py; regenerate with
//   python -m graph_builder.store.lint --write-schema

CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX person_aliases IF NOT EXISTS FOR (n:Person) ON (n.aliases);
CREATE CONSTRAINT agency_id IF NOT EXISTS FOR (n:Agency) REQUIRE n.id IS UNIQUE;
CREATE INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.name);
CREATE INDEX agency_aliases IF NOT EXISTS FOR (n:Agency) ON (n.aliases);
CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE INDEX country_name IF NOT EXISTS FOR (n:Country) ON (n.name);
CREATE INDEX country_aliases IF NOT EXISTS FOR (n:Country) ON (n.aliases);
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE INDEX organization_name IF NOT EXISTS FOR (n:Organization) ON (n.name);
CREATE INDEX organization_aliases IF NOT EXISTS FOR (n:Organization) ON (n.aliases);
CREATE CONSTRAINT location_id IF NOT EXISTS FOR (n:Location) REQUIRE n.id IS UNIQUE;
CREATE INDEX location_name IF NOT EXISTS FOR (n:Location) ON (n.name);
CREATE INDEX location_aliases IF NOT EXISTS FOR (n:Location) ON (n.aliases);
CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE;
CREATE INDEX article_published IF NOT EXISTS FOR (n:Article) ON (n.published);
CREATE INDEX mentions_id IF NOT EXISTS FOR ()-[r:MENTIONS]-() ON (r.id);
CREATE INDEX part_of_id IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.id);
CREATE INDEX warned_id IF NOT EXISTS FOR ()-[r:WARNED]-() ON (r.id);
CREATE INDEX warned_date_start IF NOT EXISTS FOR ()-[r:WARNED]-() ON (r.date_start);
CREATE INDEX warned_date_end IF NOT EXISTS FOR ()-[r:WARNED]-() ON (r.date_end);
CREATE INDEX shared_id IF NOT EXISTS FOR ()-[r:SHARED]-() ON (r.id);
CREATE INDEX shared_date_start IF NOT EXISTS FOR ()-[r:SHARED]-() ON (r.date_start);
CREATE INDEX shared_date_end IF NOT EXISTS FOR ()-[r:SHARED]-() ON (r.date_end);
